"""`tacitus serve`: the REST API and the web dashboard on one address."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from tacitus.cli.common import err, problem
from tacitus.errors import TacitusError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: list[str]) -> list[str]:
    """Host names the server answers to: this machine's, the listening address unless it
    is a wildcard, and the user's. Listening on all interfaces with no --allowed-host
    keeps accepting any name (the address is reached under names we cannot know)."""
    from tacitus.api.security import LOCAL_HOSTS

    wildcard = host in ("0.0.0.0", "::", "")
    if wildcard and not extra:
        return ["*"]
    return [*LOCAL_HOSTS, *([] if wildcard else [host]), *extra]


def serve(
    db: Annotated[str | None, typer.Option(
        help="Database URL or path (default: $TACITUS_DB or sqlite:///tacitus.db).")] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    host: Annotated[str, typer.Option(
        help="Address to listen on. The default serves this machine only.")] = "127.0.0.1",
    token: Annotated[str | None, typer.Option(
        envvar="TACITUS_TOKEN", show_envvar=True,
        help="Bearer token that allows POST /api/documents. Without one the server is "
             "read-only.")] = None,
    read_token: Annotated[bool, typer.Option(
        "--read-token", help="Require the token for reading too.")] = False,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="A host name clients may use to reach the server (repeat; "
        "'*' for any). Always allowed: localhost, 127.0.0.1, ::1 and --host.")] = None,
) -> None:
    """Serve the REST API (/api), its docs (/docs) and the dashboard (/)."""
    import uvicorn

    from tacitus.api import create_app
    from tacitus.store import Store

    if read_token and not token:
        problem("--read-token needs a token: give --token TOKEN or set TACITUS_TOKEN")
        raise typer.Exit(2)
    if not _is_loopback(host) and not read_token:
        problem(f"warning: serving on {host}: anyone who can reach it can read the events "
                "(add --token T --read-token to require a token)", fatal=False)
    store = Store(db, create=False)
    try:
        # fail now, with a message, rather than on the first request; a path with no
        # database is E041, never a new empty one behind an empty dashboard
        store.init()
    except TacitusError as exc:
        problem(str(exc))
        raise typer.Exit(1) from None
    finally:
        store.close()
    app = create_app(store.url, token, read_token_required=read_token,
                     allowed_hosts=allowed_hosts(host, allowed_host or []))
    shown = f"[{host}]" if ":" in host else host
    err.print(f"tacitus: dashboard http://{shown}:{port}/  API /api  docs /docs  "
              f"(database {store.display_url}; writes "
              f"{'need the token' if token else 'disabled'})", markup=False, highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
