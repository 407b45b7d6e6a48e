"""The review desk over HTTP (/api/reviews, /api/review/…) and downloads of a filtered
view (/api/export). Every write needs a token; the reviewer is the name that token
gives (TokenRules), never a name the request claims."""

from __future__ import annotations

import os
import tempfile
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.background import BackgroundTask

from tacitus.api.models import EventFilters, ReviewedView
from tacitus.api.security import TokenRules
from tacitus.records import strip_nul
from tacitus.review import (
    Correction,
    NotYourReview,
    add_event,
    delete_review,
    list_reviews,
    review_event,
    update_review,
)
from tacitus.review.desk import ReviewNotFound, UnknownTarget

DOWNLOADS = {"csv": ("text/csv", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
             "gdelt": ("text/tab-separated-values", "tsv"), "acled": ("text/csv", "csv")}
MAX_DOWNLOAD = 1_000_000
# a review number the database can hold (a larger one is a 422, not an overflow)
ReviewId = Annotated[int, Path(ge=1, le=2**31 - 1)]   # an INTEGER column on both backends


class _Body(BaseModel):
    """A review body: no unknown field; NUL becomes U+FFFD as in documents (tacitus.records),
    so an id with NUL is looked up (and not found) the same on both backends."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        return strip_nul(value) if isinstance(value, str) else value


class ReviewBody(_Body):
    event_id: str = Field(..., min_length=1, max_length=250)
    action: Literal["confirm", "correct", "reject"]
    changes: Correction | None = None
    note: str | None = Field(None, max_length=2000)


class ReviewUpdate(_Body):
    action: Literal["confirm", "correct", "reject"]
    changes: Correction | None = None
    note: str | None = Field(None, max_length=2000)


class AddedEvent(Correction):
    """The values of an added event: its type is required."""

    event_type: str = Field(..., description="PLOVER event type")


class AddBody(_Body):
    """An event the coder missed: the trigger words at [start, end) of the document."""

    doc_id: str = Field(..., min_length=1, max_length=200)
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=1)
    changes: AddedEvent
    note: str | None = Field(None, max_length=2000)


class ReviewsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: str | None = Field(None, max_length=250)
    doc_id: str | None = Field(None, max_length=200)
    reviewer: str | None = Field(None, max_length=100)
    action: Literal["confirm", "correct", "reject", "add"] | None = None
    conflicts: bool = Field(False, description="only reviews a re-coding disagrees with")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class QueueQuery(EventFilters):
    # the queue lists the coder's events: merged events are not reviewed one by one
    merged: bool = Field(False, description="always false: coder events",
                         json_schema_extra={"enum": [False]})

    @field_validator("merged")
    @classmethod
    def _coder_events(cls, value: bool) -> bool:
        if value:
            raise ValueError("the review queue lists coder events, not merged events")
        return value
    limit: int = Field(20, ge=1, le=500)
    sample: int | None = Field(None, ge=1, le=10_000, description="random sample size")
    seed: int | None = None
    reviewer: str | None = Field(None, max_length=100,
                                 description="events this reviewer has not reviewed")


class ExportQuery(ReviewedView):
    format: Literal["csv", "jsonl", "gdelt", "acled"] = "csv"
    limit: int = Field(MAX_DOWNLOAD, ge=1, le=MAX_DOWNLOAD)


def _store(request: Request):
    return request.app.state.store


def _answer(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except NotYourReview as exc:
        raise HTTPException(403, str(exc)) from None
    except (ReviewNotFound, UnknownTarget) as exc:
        raise HTTPException(404, str(exc)) from None


def build_review_router(rules: TokenRules) -> APIRouter:
    router = APIRouter(prefix="/api", dependencies=[Depends(rules.read)])
    # a default, not an Annotated alias: string annotations cannot see this local name
    reviewer_of = Depends(rules.reviewer)

    @router.get("/whoami", summary="The reviewer name of your token")
    def whoami(reviewer: str = reviewer_of):
        return {"reviewer": reviewer}

    @router.get("/reviews", summary="Reviews, newest first (with re-coding conflicts)")
    def reviews(request: Request, query: Annotated[ReviewsQuery, Query()]):
        found = list_reviews(_store(request), event_id=query.event_id, doc_id=query.doc_id,
                             reviewer=query.reviewer, action=query.action,
                             conflicts=query.conflicts, limit=query.limit, offset=query.offset)
        return JSONResponse({"limit": query.limit, "offset": query.offset, "reviews": found})

    @router.post("/reviews", summary="Confirm, correct or reject an event (needs a token)")
    def make_review(request: Request, body: ReviewBody, reviewer: str = reviewer_of):
        made = _answer(review_event, _store(request), body.event_id, reviewer, body.action,
                       body.changes, body.note)
        return JSONResponse(made, status_code=201)

    @router.post("/reviews/add", summary="Add an event the coder missed (needs a token)")
    def add_review(request: Request, body: AddBody, reviewer: str = reviewer_of):
        made = _answer(add_event, _store(request), body.doc_id, body.start, body.end,
                       reviewer, body.changes, body.note)
        return JSONResponse(made, status_code=201)

    @router.put("/reviews/{review_id:int}", summary="Change your own review (needs your token)")
    def change_review(request: Request, review_id: ReviewId, body: ReviewUpdate,
                      reviewer: str = reviewer_of):
        return JSONResponse(_answer(update_review, _store(request), review_id, reviewer,
                                    body.action, body.changes, body.note))

    @router.delete("/reviews/{review_id:int}", summary="Withdraw your own review")
    def withdraw_review(request: Request, review_id: ReviewId, reviewer: str = reviewer_of):
        _answer(delete_review, _store(request), review_id, reviewer)
        return Response(status_code=204)

    @router.get("/review/queue", summary="Unreviewed events: least confident first or a sample")
    def review_queue(request: Request, query: Annotated[QueueQuery, Query()]):
        from tacitus.review.queue import queue

        return JSONResponse(queue(_store(request), query.store_filters(), limit=query.limit,
                                  sample=query.sample, seed=query.seed,
                                  reviewer=query.reviewer))

    @router.get("/review/stats", summary="Coder-reviewer and reviewer-reviewer agreement")
    def review_stats(request: Request):
        from tacitus.review.stats import agreement

        return JSONResponse(agreement(_store(request)))

    @router.get("/review/gold", summary="Reviewed documents as a gold JSONL file")
    async def review_gold(request: Request, partial: bool = False):
        from tacitus.review.gold import write_gold

        path = _tempfile(".jsonl")
        await run_in_threadpool(write_gold, _store(request), path, partial)
        return FileResponse(path, media_type="application/x-ndjson", filename="gold.jsonl",
                            background=BackgroundTask(os.unlink, path))

    @router.get("/export", summary="Download the filtered events as CSV, JSONL, GDELT, ACLED")
    async def export(request: Request, query: Annotated[ExportQuery, Query()]):
        from tacitus.cli.query import _DocumentInfo, _paged
        from tacitus.export import write_events

        store = _store(request)
        media, suffix = DOWNLOADS[query.format]
        path = _tempfile(f".{suffix}")
        chosen = query.view_filters()
        merged = bool(chosen.pop("merged", False))
        selected = _paged(store, chosen, query.limit, 0, merged)
        # GDELT/ACLED hold asserted events unless a modality is asked for (tacitus.export)
        wanted = (chosen["modality"],) if chosen.get("modality") else None
        await run_in_threadpool(lambda: write_events(
            selected, query.format, path, documents=_DocumentInfo(store), modalities=wanted))
        return FileResponse(path, media_type=media, filename=f"events-{query.format}.{suffix}",
                            background=BackgroundTask(os.unlink, path))

    return router


def _tempfile(suffix: str) -> str:
    handle, path = tempfile.mkstemp(prefix="tacitus-", suffix=suffix)
    os.close(handle)
    return path
