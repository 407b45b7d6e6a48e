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

    Reviewers (tacitus.review) each have a token that names them: `reviewers` maps
    token -> reviewer name; the server's own token is the reviewer `reviewer` (default
    "editor"). Any of these tokens may write; a review is recorded under the name its
    token gives, so nobody can review, or change a review, in someone else's name.
    """

    def __init__(self, token: str | None, read_token_required: bool = False,
                 reviewers: dict[str, str] | None = None, reviewer: str | None = None):
        if read_token_required and not token:
            raise ValueError("read_token_required needs a token")
        self.token = token
        self.read_token_required = read_token_required
        self.names: dict[str, str] = dict(reviewers or {})
        if token:
            self.names[token] = reviewer or self.names.get(token) or "editor"

    def read(self, credentials: Credentials) -> None:
        if self.read_token_required:
            self._check(credentials)

    def write(self, credentials: Credentials) -> None:
        if not self.token and not self.names:
            raise HTTPException(403, NO_WRITE_TOKEN)
        self._check(credentials)

    def reviewer(self, credentials: Credentials) -> str:
        """The reviewer name of the request's token (a write token)."""
        self.write(credentials)
        return self._name(credentials)

    def _name(self, credentials: HTTPAuthorizationCredentials | None) -> str | None:
        if credentials is None:
            return None
        given = credentials.credentials.encode("utf-8")
        found = None
        # constant-time comparison against every token: the answer time must not leak one
        for token, name in self.names.items():
            if hmac.compare_digest(given, token.encode("utf-8")):
                found = name
        return found

    def _check(self, credentials: HTTPAuthorizationCredentials | None) -> None:
        if credentials is None:
            raise HTTPException(401, "this request needs 'Authorization: Bearer TOKEN'",
                                headers={"WWW-Authenticate": "Bearer"})
        if self._name(credentials) is None:
            raise HTTPException(403, "wrong token")


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """ASGI middleware: refuses oversized request bodies (413) before they are read into
    memory, and adds security headers to every response."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _send_json(send, 413, f"request body larger than {self.max_body} bytes")
            return

        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:  # a chunked body with no Content-Length
                raise BodyTooLarge(self.max_body)
            return message

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"request body larger than {limit} bytes")


async def _send_json(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
