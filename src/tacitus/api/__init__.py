"""The REST API (FastAPI) and the dashboard server: `tacitus serve`. See docs/api.md."""

from tacitus.api.app import create_app

__all__ = ["create_app"]
