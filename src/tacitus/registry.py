"""Registries for interchangeable parts, in one place (spaCy-style).

Built-ins register here exactly as a plugin would:

    from tacitus.registry import coders
    @coders.register("mycoder.v1")
    def make_my_coder(**settings): ...
"""

from __future__ import annotations

import catalogue

coders = catalogue.create("tacitus", "coders", entry_points=True)
readers = catalogue.create("tacitus", "readers", entry_points=True)


@coders.register("rules.v1")
def make_rules_coder(**settings):
    from tacitus.coding.rules import RulesCoder

    return RulesCoder(**settings)


def get_coder(name: str = "rules.v1", **settings):
    return coders.get(name)(**settings)
