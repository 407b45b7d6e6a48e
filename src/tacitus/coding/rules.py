"""The rules coder: event mentions from the trigger lexicon and dependency patterns
(`tacitus.events.find_mentions`), turned into events by the shared argument stage."""

from __future__ import annotations

from spacy.tokens import Doc

from tacitus.actors import ActorResolver
from tacitus.coding.arguments import EventBuilder
from tacitus.coding.codebook import CodeBook
from tacitus.config import Settings
from tacitus.events import find_mentions
from tacitus.geo import Geocoder
from tacitus.records import Document, Event

CODER_NAME = "rules-1.0"


class RulesCoder:
    """Rule-based coder backend, registered as "rules.v1"."""

    name = "rules"
    version = CODER_NAME

    def __init__(self, codebook: CodeBook | None = None, resolver: ActorResolver | None = None,
                 geocoder: Geocoder | None = None, settings: Settings | None = None,
                 builder: EventBuilder | None = None):
        self.settings = settings
        self.builder = builder or EventBuilder(codebook, resolver, geocoder)

    def code(self, document: Document, doc: Doc, offset: int = 0) -> list[Event]:
        """Events of one parsed document (or chunk starting at `offset` in document.text)."""
        found = ((sent, mention) for sent in doc.sents for mention in find_mentions(sent))
        return self.builder.events(document, doc, found, offset=offset, coder=self.version)
