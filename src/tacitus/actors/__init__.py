"""The actors stage: resolve noun phrases to country + CAMEO sector actors.

    resolver = ActorResolver()
    actors = resolver.for_document(doc, published)
    actors.resolve(span)   # -> tacitus.records.Actor
"""

from tacitus.actors.resolver import ActorResolver, DocumentActors

__all__ = ["ActorResolver", "DocumentActors"]
