"""The FastAPI application: REST API under /api, offline docs at /docs, dashboard at /."""

from __future__ import annotations

import html
import logging
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tacitus import __version__, service
from tacitus.api.models import MAX_DOCUMENT_BYTES
from tacitus.api.openapi_doc import describe
from tacitus.api.review import build_review_router
from tacitus.api.routes import build_router
from tacitus.api.security import LOCAL_HOSTS, Guard, TokenRules
from tacitus.errors import CodingFailed, TacitusError
from tacitus.filters import InvalidFilter
from tacitus.store import Store

log = logging.getLogger("tacitus.api")

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"
OPENAPI_URL = "/api/openapi.json"
# The name Starlette's TestClient sends; not a name DNS can point a web page at.
TEST_HOST = "testserver"
# A JSON body may escape every character of a 1 MB text: leave room, but not unbounded.
MAX_BODY = 8 * MAX_DOCUMENT_BYTES


def create_app(db: str, token: str | None, read_token_required: bool = False,
               *, pipeline_factory=None, allowed_hosts=(*LOCAL_HOSTS, TEST_HOST),
               reviewers: dict[str, str] | None = None,
               reviewer: str | None = None) -> FastAPI:
    """The API and dashboard over the store at `db`.

    `token`: bearer token for writes (and for reads with `read_token_required`); without
    one the server is read-only. `pipeline_factory` (tests) builds the coding pipeline;
    by default `tacitus.pipeline.Pipeline()` is loaded on the first text to code.
    `allowed_hosts`: the Host names the server answers to ("*" for any); `tacitus serve`
    passes its own list (without the test client's name).
    `reviewers` (token -> name) and `reviewer` (the name of `token`): who reviews.
    """
    rules = TokenRules(token, read_token_required, reviewers=reviewers, reviewer=reviewer)
    # the server only reads unless a document is posted; it never creates a database
    store = Store(db, create=False)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(title="tacitus", version=__version__, lifespan=lifespan,
                  description="Evidence-linked PLOVER/CAMEO political events. See docs/api.md.",
                  docs_url=None, redoc_url=None, openapi_url=OPENAPI_URL)
    app.state.store = store
    app.state.pipeline = service.LazyPipeline(pipeline_factory)
    _add_error_handlers(app)
    routers = [build_review_router(rules), build_router(rules)]
    for router in routers:   # the review router first: before build_router's catch-all
        app.include_router(router)
    _add_docs(app)
    _add_dashboard(app)
    app.add_middleware(Guard, max_body=MAX_BODY, allowed_hosts=allowed_hosts)
    describe(app, rules, routers)   # the OpenAPI schema says what the server does
    return app


# -- errors: always JSON {"detail": "..."} --------------------------------------------


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        problems = [_problem(e) for e in exc.errors()]
        return JSONResponse({"detail": "; ".join(problems), "errors": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(service.NotFound)
    async def not_found(_request: Request, exc: service.NotFound):
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(service.UnsupportedFilter)
    async def unsupported(_request: Request, exc: service.UnsupportedFilter):
        return JSONResponse({"detail": str(exc)}, status_code=501)

    @app.exception_handler(InvalidFilter)
    async def invalid_filter(_request: Request, exc: InvalidFilter):
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(ValueError)
    async def bad_value(_request: Request, exc: ValueError):
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(CodingFailed)
    async def coding_failed(_request: Request, exc: CodingFailed):
        # the coder's fault on this one text, not an outage: nothing was stored
        log.error("%s", exc)
        return JSONResponse({"detail": f"{exc}; nothing was stored"}, status_code=500)

    @app.exception_handler(TacitusError)
    async def database(_request: Request, exc: TacitusError):
        log.error("%s", exc)
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception):
        log.exception("unexpected error")
        return JSONResponse({"detail": f"internal error ({type(exc).__name__})"},
                            status_code=500)


def _problem(error: dict) -> str:
    """"query parameter 'since': Input should be a valid date ..." from a pydantic error."""
    loc = [str(part) for part in error.get("loc", ())]
    where = loc[0] if loc else ""
    name = ".".join(loc[1:])
    msg = error.get("msg", "invalid value").removeprefix("Value error, ")
    if where == "query" and name:
        return f"query parameter '{name}': {msg}"
    if where == "body":
        return f"body field '{name}': {msg}" if name else f"body: {msg}"
    return f"{'.'.join(loc)}: {msg}" if loc else msg


# -- docs that work offline -------------------------------------------------------------


def _swagger_assets() -> Path | None:
    """Swagger UI files shipped by the `fastapi-offline` package, if installed."""
    spec = find_spec("fastapi_offline")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").exists() else None


def _add_docs(app: FastAPI) -> None:
    assets = _swagger_assets()
    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")

        @app.get("/docs", include_in_schema=False)
        def docs() -> HTMLResponse:
            return get_swagger_ui_html(
                openapi_url=OPENAPI_URL, title="tacitus API",
                swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                swagger_css_url="/docs/assets/swagger-ui.css",
                swagger_favicon_url="/docs/assets/favicon.png")
        return

    @app.get("/docs", include_in_schema=False)
    def plain_docs() -> HTMLResponse:
        return HTMLResponse(_plain_docs(app.openapi()))


def _plain_docs(schema: dict) -> str:
    """A list of endpoints and their parameters, for when Swagger UI is not installed."""
    items = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = ", ".join(p["name"] for p in op.get("parameters", []))
            items.append(f"<li><code>{html.escape(method.upper())} {html.escape(path)}</code> "
                         f"— {html.escape(op.get('summary', ''))}"
                         f"{'<br><small>' + html.escape(params) + '</small>' if params else ''}</li>")
    return ("<!doctype html><meta charset='utf-8'><title>tacitus API</title>"
            "<h1>tacitus API</h1><p>Machine-readable schema: "
            f"<a href='{OPENAPI_URL}'>{OPENAPI_URL}</a></p><ul>{''.join(items)}</ul>")


# -- the dashboard ------------------------------------------------------------------------


def _add_dashboard(app: FastAPI) -> None:
    if (STATIC_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="dashboard")
        return

    @app.get("/", include_in_schema=False)
    def home() -> JSONResponse:
        return JSONResponse({"name": "tacitus", "api": "/api", "docs": "/docs"})
