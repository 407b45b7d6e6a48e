"""The published OpenAPI schema says what the server really does.

FastAPI's generated schema is stricter or looser than the server in ways a client (and
schemathesis with `--checks all`) trips on. Corrected here, once, when the schema is
first built:
- 422 bodies are `{"detail": "...", "errors": [...]}` (see `app._add_error_handlers`);
  every other error is `{"detail": "..."}`.
- Security: reads are open unless `--read-token`, so their token is optional (`{}`);
  operations that need a token list 401 and 403.
- Status codes each operation can answer: 201 (created), 404 (a named thing missing),
  413 (body too large), 503 (database unavailable); downloads' real media types.
- Vocabulary parameters (event type, mode, country, sector, modality, coder) list their
  values, a dyad is two of the countries, and an empty date or filter is "not given", so
  a "valid" request is one the server accepts.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {"title": "Error", "type": "object", "required": ["detail"],
                "properties": {"detail": {"title": "Detail", "type": "string"}}}
VALIDATION_SCHEMA = {
    "title": "HTTPValidationError", "type": "object", "required": ["detail"],
    "properties": {"detail": {"title": "Detail", "type": "string"},
                   "errors": {"title": "Errors", "type": "array", "items": {"type": "string"}}}}
REASONS = {"400": "The body is not JSON", "401": "Missing or wrong token", "403": "No token allows this",
           "404": "Not found", "413": "Request body too large",
           "500": "The coder failed on this text; nothing was stored",
           "503": "Database unavailable"}
DOWNLOAD_TYPES = {"/api/export": ["text/csv", "application/x-ndjson",
                                  "text/tab-separated-values"],
                  "/api/review/gold": ["application/x-ndjson"]}


def describe(app: FastAPI, rules, routers: list[APIRouter]) -> None:
    """Make `app.openapi()` return the corrected schema (built once)."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["HTTPValidationError"] = VALIDATION_SCHEMA
            schemas.pop("ValidationError", None)
            schemas["Error"] = ERROR_SCHEMA
            tokened = _token_routes(routers, rules)
            for path, operations in schema.get("paths", {}).items():
                for method, operation in operations.items():
                    _operation(path, method, operation, (path, method) in tokened,
                               rules.read_token_required)
            _vocabularies(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def _token_routes(routers: list[APIRouter], rules) -> set[tuple[str, str]]:
    """(path, method) of the operations that need a write token."""
    needs = {rules.write, rules.reviewer}
    found = set()
    for route in (r for router in routers for r in router.routes):
        if isinstance(route, APIRoute) and _calls(route.dependant, needs):
            found |= {(route.path_format, m.lower()) for m in route.methods}
    return found


def _calls(dependant, needs) -> bool:
    return any(dep.call in needs or _calls(dep, needs) for dep in dependant.dependencies)


def _operation(path: str, method: str, operation: dict, tokened: bool, reads_tokened: bool):
    responses = operation.setdefault("responses", {})
    codes = ["503"]
    if tokened or reads_tokened:
        codes += ["401", "403"]
    else:
        operation["security"] = [{}, {"HTTPBearer": []}]   # the token is optional
    if "{" in path or tokened:
        codes.append("404")   # the event, document or review named does not exist
    if "requestBody" in operation:
        codes += ["400", "413"]
    if path in ("/api/code", "/api/documents") and method == "post":
        codes.append("500")
    for code in codes:
        responses.setdefault(code, {"description": REASONS[code],
                                    "content": {"application/json": {"schema": ERROR_REF}}})
    if tokened and method == "post" and "200" in responses:
        responses.setdefault("201", {**responses["200"], "description": "Created"})
    if method == "delete" and "200" in responses:
        responses["204"] = {"description": "Withdrawn"}
        del responses["200"]
    if path in DOWNLOAD_TYPES:
        responses["200"] = {"description": "The file",
                            "content": {t: {"schema": {"type": "string"}}
                                        for t in DOWNLOAD_TYPES[path]}}


def _vocabularies(schema: dict) -> None:
    from tacitus.filters import MODALITIES, SECTORS, _countries, plover_modes
    from tacitus.records import EVENT_TYPES
    from tacitus.registry import coder_names

    countries = sorted(_countries())
    values = {"type": list(EVENT_TYPES), "mode": sorted(plover_modes()),
              "country": countries, "source_country": countries,
              "target_country": countries, "source_sector": list(SECTORS),
              "target_sector": list(SECTORS), "modality": list(MODALITIES),
              "coder": coder_names() + sorted({n.rpartition(".")[0] for n in coder_names()})}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                name, param_schema = parameter["name"], parameter.get("schema", {})
                if name in values:   # an empty filter is no filter
                    _enum(param_schema, [*values[name], ""])
                elif name == "dyad":
                    either = "|".join(countries)
                    param_schema.pop("anyOf", None)
                    param_schema.update(type="string", pattern=f"^((?:{either}),(?:{either}))?$")
                elif any(b.get("format") == "date" for b in param_schema.get("anyOf", [])):
                    param_schema["anyOf"].append({"type": "string", "maxLength": 0})
    for model in schema["components"]["schemas"].values():
        for prop in model.get("properties", {}).values():
            if any(b.get("format") == "date" for b in prop.get("anyOf", [])):
                prop["anyOf"].append({"type": "string", "maxLength": 0})   # "": not given
        if model.get("title") in ("Correction", "AddedEvent"):   # a reviewer's values
            props = model["properties"]
            _enum(props["event_type"], list(EVENT_TYPES))
            for name in ("source_country", "source_sector", "target_country", "target_sector",
                         "place_country"):   # a three-letter code, any case; empty is none
                for branch in props[name].get("anyOf", [props[name]]):
                    if branch.get("type") == "string":
                        branch["pattern"] = r"^\s*([A-Za-z]{3})?\s*$"
        prop = model.get("properties", {}).get("coder")
        if prop is not None:
            _enum(prop, values["coder"])


def _enum(schema: dict[str, Any], allowed: list[str]) -> None:
    """Add the values to the string branch of `schema` (one value each; the server also
    takes comma-separated lists and any case, described in the parameter's text)."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            branch.pop("maxLength", None)
            branch["enum"] = allowed


def methods_for(schema: dict, path: str) -> list[str]:
    """The methods the schema declares for `path` (for a 405's Allow header)."""
    from starlette.routing import compile_path

    paths = schema.get("paths", {})
    if path in paths:   # /api/reviews/add before /api/reviews/{review_id}
        return sorted(m.upper() for m in paths[path])
    for template, operations in paths.items():
        if compile_path(template)[0].match(path):
            return sorted(m.upper() for m in operations)
    return []
