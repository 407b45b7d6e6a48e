"""The events stage: find event triggers in a parsed sentence, with arguments and modality.

A trigger lexicon (knowledge data `events_triggers.tsv`) names verbs and nouns that
express PLOVER events; the dependency parse supplies source (who acts) and target (whom it
is done to); auxiliaries, negation, control verbs and if-clauses supply the modality.
"""

from tacitus.events.mentions import EventMention, find_mentions

__all__ = ["EventMention", "find_mentions"]
