"""Registries for interchangeable parts, in one place (spaCy-style).

Built-ins register here exactly as a plugin would. A coder factory receives the one
`Settings` object and returns a `tacitus.coding.base.Coder`:

    from tacitus.registry import coders
    @coders.register("mycoder.v1")
    def make_my_coder(settings=None): ...

Users name coders by their registered name ("rules.v1") or its short form ("rules": the
highest registered version). Factories import their modules lazily, so naming a coder
never loads a model it does not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import catalogue

from tacitus.errors import TacitusError

if TYPE_CHECKING:
    from tacitus.coding.base import Coder
    from tacitus.config import Settings

coders = catalogue.create("tacitus", "coders", entry_points=True)
readers = catalogue.create("tacitus", "readers", entry_points=True)


@coders.register("rules.v1")
def make_rules_coder(settings: Settings | None = None) -> Coder:
    from tacitus.coding.rules import RulesCoder

    return RulesCoder(settings=settings)


@coders.register("learned.v1")
def make_learned_coder(settings: Settings | None = None) -> Coder:
    from tacitus.coding.learned import LearnedCoder

    return LearnedCoder(settings=settings)


@coders.register("hybrid.v1")
def make_hybrid_coder(settings: Settings | None = None) -> Coder:
    from tacitus.coding.hybrid import HybridCoder

    return HybridCoder(settings=settings)


def coder_names() -> list[str]:
    """Registered coder names, sorted ("rules.v1", ...)."""
    return sorted(coders.get_all())


def _version(name: str) -> int:
    tail = name.rpartition(".v")[2]
    return int(tail) if tail.isdigit() else 0


def resolve_coder_name(name: str) -> str:
    """The registered name for a user's `--coder` value: "rules" -> "rules.v1".
    Raises E052 (one line listing the valid names) for an unknown one."""
    names = coder_names()
    wanted = name.strip().lower()
    if wanted in names:
        return wanted
    versions = [n for n in names if n.partition(".")[0] == wanted]
    if versions:
        return max(versions, key=_version)
    short = sorted({n.partition(".")[0] for n in names})
    raise TacitusError("E052", name=name, valid=", ".join(short + names))


def get_coder(name: str = "rules.v1", settings: Settings | None = None) -> Coder:
    return coders.get(resolve_coder_name(name))(settings)
