"""One settings object: defaults < TACITUS_* environment < explicit arguments (CLI flags)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from tacitus.nlp import DEFAULT_MODEL


def _env(name: str, default):
    value = os.environ.get(f"TACITUS_{name.upper()}")
    if value is None:
        return default
    return type(default)(value) if default is not None else value


@dataclass
class Settings:
    model: str = DEFAULT_MODEL      # spaCy pipeline (package name or path)
    coder: str = "rules.v1"         # registered coder backend ("rules", "rules.v1", ...)
    coder_model: str | None = None  # directory of a trained coder model (tacitus train)
    n_process: int = 1              # spaCy processes
    batch_size: int = 32
    db: str = "sqlite:///tacitus.db"
    max_mb: float = 20.0            # inputs larger than this are skipped
    chunk_chars: int = 100_000      # longer texts are parsed in paragraph-aligned chunks
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, **overrides) -> Settings:
        values = {f.name: _env(f.name, f.default) for f in fields(cls) if f.name != "extra"}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
