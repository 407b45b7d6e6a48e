"""The coder interface: every backend (rules, learned, hybrid, a plugin) turns one parsed
document into schema-v1 events the same way, so the pipeline, CLI and API never care which
one runs.

A backend is registered in `tacitus.registry.coders` under a versioned name ("rules.v1")
by a factory that receives the one `Settings` object; users may give the short name
("rules"). `version` is what events carry in `Event.coder` ("rules-1.0"), so a stored
event always says which coder, and which trained model, produced it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tacitus.records import Document, Event


@runtime_checkable
class Coder(Protocol):
    name: str      # user-facing name: "rules", "learned", "hybrid"
    version: str   # written to Event.coder: "rules-1.0", "hybrid-1.0+corpus-2026-12"

    def code(self, document: Document, doc: Doc, offset: int = 0) -> list[Event]:
        """Events of one parsed document, or of a chunk of it that starts at `offset` in
        `document.text` (evidence offsets are always document offsets)."""
        ...
