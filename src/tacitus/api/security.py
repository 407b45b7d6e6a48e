"""Bearer-token rules and the request guard (body size, response headers)."""

from __future__ import annotations

import hmac
import json
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

# auto_error=False: we answer a missing token ourselves, with our own JSON message
bearer = HTTPBearer(auto_error=False, description="the token given to `tacitus serve --token`")

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

NO_WRITE_TOKEN = ("writes are disabled on this server: start it with --token TOKEN "
                  "(or TACITUS_TOKEN) to allow POST /api/documents")


class TokenRules:
    """Who may read and who may write.

    Writing always needs the server's token; a server without one refuses all writes.
    Reading needs it only when the server was started with --read-token.
    """

    def __init__(self, token: str | None, read_token_required: bool = False):
        if read_token_required and not token:
            raise ValueError("read_token_required needs a token")
        self.token = token
        self.read_token_required = read_token_required

    def read(self, credentials: Credentials) -> None:
        if self.read_token_required:
            self._check(credentials)

    def write(self, credentials: Credentials) -> None:
        if not self.token:
            raise HTTPException(403, NO_WRITE_TOKEN)
        self._check(credentials)

    def _check(self, credentials: HTTPAuthorizationCredentials | None) -> None:
        if credentials is None:
            raise HTTPException(401, "this request needs 'Authorization: Bearer TOKEN'",
                                headers={"WWW-Authenticate": "Bearer"})
        # constant-time comparison: the answer time must not leak the token
        given = credentials.credentials.encode("utf-8")
        if not hmac.compare_digest(given, self.token.encode("utf-8")):
            raise HTTPException(403, "wrong token")


# The dashboard's policy, also sent as a header: a <meta> tag cannot set
# frame-ancestors, and JSON answers opened in a browser get no meta tag at all.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# Swagger UI (/docs) starts itself with an inline script.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

# Names this machine answers to. A page elsewhere can point its own domain at
# 127.0.0.1 (DNS rebinding) and read the API from the browser; its requests still carry
# that domain as Host, so answering only to known names stops it.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _host_name(headers: dict) -> str:
    """The Host header without its port, lower-cased ("[::1]:8000" -> "::1")."""
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """ASGI middleware, the first thing a request meets:

    - refuses requests whose Host header names none of `allowed_hosts` (400);
    - refuses NUL characters in the path or query (422): no backend can look them up,
      and PostgreSQL would report them as a database error;
    - refuses request bodies over `max_body` (413), with or without Content-Length,
      before they are read into memory beyond that limit;
    - adds security headers (CSP included) to every response.
    """

    def __init__(self, app, max_body: int, allowed_hosts=LOCAL_HOSTS):
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = None if allowed_hosts is None else {
            h.strip("[]").lower() for h in allowed_hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        extra = list(SECURITY_HEADERS)
        csp = DOCS_CSP if scope.get("path", "").startswith("/docs") else CSP
        extra.append((b"content-security-policy", csp.encode()))
        if self.allowed_hosts is not None and "*" not in self.allowed_hosts:
            host = _host_name(headers)
            if host not in self.allowed_hosts:
                await _send_json(send, 400, f"unknown host '{host}': this server answers to "
                                 f"{', '.join(sorted(self.allowed_hosts))} "
                                 "(tacitus serve --allowed-host NAME adds one)", extra)
                return
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"").lower():
            detail = "the request holds a NUL character (%00), which no parameter may contain"
            await _send_json(send, 422, detail, extra, errors=[detail])
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _send_json(send, 413, f"request body larger than {self.max_body} bytes", extra)
            return
        if length is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # Chunked upload: read it here, up to the limit, then hand it on.
            body = await self._read_limited(receive)
            if body is None:
                await _send_json(send, 413, f"request body larger than {self.max_body} bytes",
                                 extra)
                return
            receive = _replay(body, receive)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _read_limited(self, receive) -> bytes | None:
        parts, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(parts)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # then wait for the disconnect, as a server would

    return replay


async def _send_json(send, status: int, detail: str, headers, errors=None) -> None:
    payload = {"detail": detail} if errors is None else {"detail": detail, "errors": errors}
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})
