"""The /api endpoints. Each validates its input (tacitus.api.models), calls one function of
tacitus.service and returns its JSON. The event store is read with bound parameters only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from tacitus import service
from tacitus.api.models import (
    MAX_CODE_BYTES,
    MAX_DOCUMENT_BYTES,
    ActorsQuery,
    AlertsQuery,
    CodeBody,
    DocumentBody,
    EventsQuery,
    MapQuery,
    NetworkQuery,
    PageQuery,
    SeriesQuery,
    StatsQuery,
    TimelineQuery,
)
from tacitus.api.openapi_doc import methods_for
from tacitus.api.security import TokenRules


def _store(request: Request):
    return request.app.state.store


def _json(data) -> JSONResponse:
    # The service returns JSON-ready dicts: skip FastAPI's per-value encoder (slow on
    # 500 events) and hand them straight to json.dumps.
    return JSONResponse(data)


def _check_size(text: str, limit: int) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise HTTPException(413, f"text is {size} bytes; the limit is {limit} bytes")


def build_router(rules: TokenRules) -> APIRouter:
    router = APIRouter(prefix="/api", dependencies=[Depends(rules.read)])

    @router.get("/events", summary="Events matching filters, one page")
    def list_events(request: Request, query: Annotated[EventsQuery, Query()]):
        """Filtered, paged events (schema v1): `{total, limit, offset, events}`."""
        return _json(service.list_events(_store(request), query.view_filters(),
                                         query.limit, query.offset, query.order))

    @router.get("/events/{event_id:path}", summary="One event, its mentions, document, reviews")
    def get_event(request: Request, event_id: str, raw: bool = False):
        return _json(service.get_event(_store(request), event_id, raw=raw))

    @router.get("/documents", summary="Stored documents (without text), one page")
    def list_documents(request: Request, query: Annotated[PageQuery, Query()]):
        return _json(service.list_documents(_store(request), query.limit, query.offset))

    @router.get("/documents/{doc_id:path}", summary="One document with its text and events")
    def get_document(request: Request, doc_id: str):
        return _json(service.get_document(_store(request), doc_id))

    @router.get("/actors", summary="Known actors, optionally matching words")
    def list_actors(request: Request, query: Annotated[ActorsQuery, Query()]):
        return _json(service.list_actors(_store(request), query.q, query.limit, query.offset))

    @router.get("/stats", summary="Counts: documents, events, by type, country and month")
    def stats(request: Request, query: Annotated[StatsQuery, Query()]):
        """Event counts are of asserted events unless `all_modalities=true`."""
        return _json(service.stats(_store(request), query.all_modalities))

    @router.get("/series", summary="Dyad time series (source → target) per period")
    def series(request: Request, query: Annotated[SeriesQuery, Query()]):
        return _json(service.series(_store(request), query.source, query.target, query.by,
                                    query.since, query.until, query.both,
                                    query.all_modalities))

    @router.get("/timeline", summary="Events and mean Goldstein per period, filtered")
    def timeline(request: Request, query: Annotated[TimelineQuery, Query()]):
        return _json(service.timeline(_store(request), query.by, query.type, query.source,
                                      query.target, query.since, query.until,
                                      query.all_modalities))

    @router.get("/alerts", summary="Escalation alerts for the latest window")
    def alerts(request: Request, query: Annotated[AlertsQuery, Query()]):
        return _json(service.alerts(_store(request), query.window_days(),
                                    query.baseline_days(), query.min_events,
                                    query.all_modalities))

    @router.get("/network", summary="Actor network: nodes and source → target edges")
    def network(request: Request, query: Annotated[NetworkQuery, Query()]):
        return _json(service.network(_store(request), query.since, query.until,
                                     query.min_events, query.limit, query.all_modalities))

    @router.get("/map", summary="Geolocated events matching filters")
    def map_points(request: Request, query: Annotated[MapQuery, Query()]):
        return _json(service.map_points(_store(request), query.store_filters(), query.limit))

    @router.post("/code", summary="Code a text without storing it")
    async def code(request: Request, body: CodeBody):
        """Events coded from the text (at most 200 KB); nothing is stored."""
        _check_size(body.text, MAX_CODE_BYTES)
        result = await run_in_threadpool(service.code_text, request.app.state.pipeline,
                                         body.text, body.published, body.coder)
        return _json(result)

    @router.post("/documents", summary="Code and store a document (needs the token)",
                 dependencies=[Depends(rules.write)])
    async def add_document(request: Request, body: DocumentBody):
        """Codes the text (at most 1 MB) and stores it with its events. Posting the same
        document again stores nothing and answers `stored: false` with its events."""
        _check_size(body.text, MAX_DOCUMENT_BYTES)
        document = service.make_document(body.text, body.published, body.title, body.url,
                                         body.source, body.id)
        result = await run_in_threadpool(service.add_document, _store(request),
                                         request.app.state.pipeline, document, body.coder)
        return JSONResponse(result, status_code=201 if result["stored"] else 200)

    @router.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                             "OPTIONS"], include_in_schema=False)
    def unknown(request: Request, path: str):
        # without this, an unknown /api path (or OPTIONS on a known one) would fall through
        # to the dashboard's files, whose 405 says "Allow: GET, HEAD" for any path
        allowed = methods_for(request.app.openapi(), f"/api/{path}")
        if request.method in allowed:   # a path parameter its route's converter refused
            raise HTTPException(422, f"/api/{path}: a path parameter is not valid "
                                "(review ids are whole numbers)")
        if allowed:
            raise HTTPException(405, f"{request.method} is not allowed on /api/{path}",
                                headers={"Allow": ", ".join(allowed)})
        raise HTTPException(404, f"no API endpoint /api/{path}")

    return router
