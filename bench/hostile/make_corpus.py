"""Write the hostile corpus: inputs that break naive readers and coders.

    python bench/hostile/make_corpus.py OUT_DIR [--giant-mb 1]

Each file is one kind of trouble (named by the file); all text is invented here.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

NEWS = ("Police arrested 40 protesters in Minsk on Sunday, the interior ministry said. "
        "Russian forces shelled Kharkiv on Monday, killing three civilians. ")


def files(giant_mb: float) -> dict[str, bytes]:
    giant = int(giant_mb * 1_000_000)
    rng = random.Random(3)
    words = NEWS.replace(".", "").replace(",", "").split()
    out: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\n   \n",
        "binary.txt": bytes(rng.randrange(256) for _ in range(20_000)),
        "nul-bytes.txt": NEWS.encode() + b"\x00\x00" + NEWS.encode(),
        "utf16-bom.txt": NEWS.encode("utf-16"),
        "latin1.txt": ("Caf\xe9 owners in Li\xe8ge protested. " + NEWS).encode("latin-1"),
        "bad-utf8.txt": NEWS.encode() + b"\xff\xfe\xc3(" + NEWS.encode(),
        "one-giant-line.txt": (" ".join([NEWS] * (giant // len(NEWS) + 1))[:giant]).encode(),
        "no-sentence-end.txt": " ".join(rng.choice(words) for _ in range(giant // 6)).encode(),
        "one-giant-word.txt": (b"x" * giant),
        "too-large.txt": b"a " * (11 * 1024 * 1024),   # 22 MB: over the default --max-mb 20
        "markup.txt": ("<script>alert(1)</script><b>" + NEWS + "</b>{{7*7}} ${x} =cmd|' /C calc'!A0").encode(),
        "malformed.html": b"<html><body><div><p>" + NEWS.encode() + b"<p><div></span></td>",
        "empty-article.html": b"<html><head><title>x</title></head><body><nav>menu</nav></body></html>",
        "russian.txt": "\u041f\u043e\u043b\u0438\u0446\u0438\u044f \u0437\u0430\u0434\u0435\u0440\u0436\u0430\u043b\u0430 "
                       "\u043f\u0440\u043e\u0442\u0435\u0441\u0442\u0443\u044e\u0449\u0438\u0445 \u0432 "
                       "\u041c\u0438\u043d\u0441\u043a\u0435. ".encode() * 50,
        "chinese.txt": "\u8b66\u65b9\u5728\u660e\u65af\u514b\u902e\u6355\u4e86\u6297\u8bae\u8005\u3002".encode() * 100,
        "rtl-emoji.txt": ("\u202eevil\u202c \U0001f525\U0001f525 " + NEWS + " \u0645\u0631\u062d\u0628\u0627").encode(),
        "controls.txt": ("".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) + NEWS).encode(),
        "malformed.json": b'{"text": "' + NEWS.encode() + b'", ',
        "deep.json": b'{"text": "x", "d": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        "huge-number.json": b'{"text": "' + NEWS.encode() + b'", "n": ' + b"9" * 5000 + b"}",
        "list-of-junk.json": json.dumps([1, "two", None, {"no_text": 1}, {"text": NEWS}]).encode(),
        "mixed.jsonl": "\n".join([
            json.dumps({"id": "ok-1", "text": NEWS}),
            '{"id": "trunc", "text": "cut',
            '{"id": "big", "text": "x", "n": ' + "7" * 5000 + "}",
            '{"id": "deep", "text": "x", "d": ' + "[" * 100_000 + "]" * 100_000 + "}",
            json.dumps({"id": "nul", "text": "Police\u0000 arrested students in Minsk.",
                        "title": "t\u0000"}),
            json.dumps({"id": "no-text"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"id": "bad-date", "text": NEWS, "published": "yesterday-ish"}),
            json.dumps({"id": "ok-2", "text": NEWS.upper()}),
        ]).encode() + b"\n",
        "nul-field.jsonl": (json.dumps({"id": "n1", "text": "Riot police\u0000 detained 12 people in Minsk.",
                                        "url": "http://x/\u0000", "source": "\u0000"}) + "\n").encode(),
        "crlf.txt": NEWS.replace(". ", ".\r\n").encode(),
        "long-lines-many.txt": ("\n".join([NEWS * 40] * 30)).encode(),
    }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--giant-mb", type=float, default=1.0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, body in files(args.giant_mb).items():
        (args.out / name).write_bytes(body)
    (args.out / "empty-folder").mkdir(exist_ok=True)
    print(f"{len(files(args.giant_mb)) + 1} inputs in {args.out}")


if __name__ == "__main__":
    main()
