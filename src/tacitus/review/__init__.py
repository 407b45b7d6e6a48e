"""The review desk: people confirm, correct, reject or add events; the coder's output is
never overwritten. See docs/review.md.

    from tacitus.review import review_event, Correction
    review_event(store, event_id, "ana", "correct", Correction(event_type="ASSAULT"))
"""

from tacitus.review.desk import (
    ACTIONS,
    NotYourReview,
    ReviewError,
    add_event,
    delete_review,
    get_review,
    list_reviews,
    refresh_document,
    review_event,
    update_review,
)
from tacitus.review.fields import FIELDS, Correction, apply_values, values_of

__all__ = ["ACTIONS", "FIELDS", "Correction", "NotYourReview", "ReviewError", "add_event",
           "apply_values", "delete_review", "get_review", "list_reviews", "refresh_document",
           "review_event", "update_review", "values_of"]
