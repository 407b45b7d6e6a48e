"""`python -m tacitus.store.migrate [URL]`: create or upgrade the database schema."""

from __future__ import annotations

import sys

from tacitus.store.store import Store


def main(argv: list[str]) -> int:
    store = Store(argv[0] if argv else None)
    store.init()
    print(f"schema up to date: {store.display_url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
