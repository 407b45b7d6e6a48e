"""tacitus.ingest: every kind of input becomes Documents; every bad input one clear message."""

from __future__ import annotations

import io
import itertools
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from tacitus.ingest import InputProblem, read_inputs
from tacitus.records import Document

DATA = Path(__file__).parent / "data" / "ingest"
ENGLISH = ("Police in the city arrested three men on Friday after a protest outside the "
           "town hall, and the mayor said that the march had not been allowed by the council.")


def read_all(paths, **kw) -> tuple[list[Document], list[InputProblem]]:
    items = list(read_inputs([str(p) for p in paths], **kw))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, InputProblem)])


def codes(problems: list[InputProblem]) -> list[str]:
    return [p.message.split(":")[0] for p in problems]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# -- kinds of input -----------------------------------------------------------------

def test_directory_is_read_recursively_in_order_skipping_hidden_and_unknown_files():
    docs, problems = read_all([DATA / "corpus"])
    assert problems == []
    assert [Path(d.origin).name for d in docs] == ["a_note.txt", "b_article.html"]
    assert all("hidden" not in d.text.lower() for d in docs)


def test_text_file_keeps_text_exactly_and_takes_the_default_date(tmp_path):
    text = "  " + ENGLISH.replace(", and", ",\r\nand") + "\n\n"
    path = write(tmp_path, "story.txt", text)
    [doc], problems = read_all([path], published=date(2020, 9, 1))
    assert problems == []
    assert doc.text == text
    assert doc.doc_id == Document.content_id(text)
    assert doc.published == date(2020, 9, 1)
    assert doc.origin == str(path)


def test_html_gives_article_text_and_page_metadata():
    [doc], problems = read_all([DATA / "corpus" / "sub" / "b_article.html"],
                               published=date(1999, 1, 1))
    assert problems == []
    assert "Negotiators from the two countries met on Wednesday" in doc.text
    assert "Copyright" not in doc.text and "Sport" not in doc.text
    assert doc.title == "Talks resume in the capital"
    assert doc.url == "https://news.example.org/talks-resume"
    assert doc.published == date(2021, 3, 4)  # the page's own date wins


def test_jsonl_records_use_their_own_id_date_and_metadata():
    docs, _ = read_all([DATA / "feed.jsonl"], published=date(2021, 1, 1))
    by_id = {d.doc_id: d for d in docs}
    first = by_id["n1"]
    assert first.published == date(2020, 9, 1)  # "2020-09-01T10:00:00Z"
    assert (first.url, first.title, first.source) == ("https://example.org/n1", "Protest", "Example")
    assert first.origin.endswith("feed.jsonl:1")
    assert by_id["3"].published == date(2021, 1, 1)  # no date of its own: the default


def test_jsonl_bad_lines_are_reported_and_the_rest_still_read():
    docs, problems = read_all([DATA / "feed.jsonl"])
    assert len(docs) == 3  # lines 1, 4, 6
    assert [(p.origin.rsplit(":", 1)[1], c) for p, c in zip(problems, codes(problems), strict=True)] == [
        ("3", "E014"), ("5", "E015"), ("6", "E020")]
    assert "line 3" in problems[0].message and "feed.jsonl" in problems[0].message
    invalid_date = problems[2]
    assert not invalid_date.fatal and "last week" in invalid_date.message


def test_json_list_of_records():
    docs, problems = read_all([DATA / "items.json"])
    assert [d.doc_id for d in docs] == ["j1"]
    assert docs[0].published == date(2019, 5, 7)
    assert codes(problems) == ["E021"] and problems[0].fatal


def test_single_json_object(tmp_path):
    path = write(tmp_path, "one.json", json.dumps({"id": "x", "text": ENGLISH}))
    [doc], _ = read_all([path])
    assert doc.doc_id == "x" and doc.text == ENGLISH


def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_jsonl_saved_as_json_is_read_line_by_line(tmp_path):
    lines = [json.dumps({"id": f"k{i}", "text": ENGLISH}) for i in range(2)]
    path = write(tmp_path, "feed.json", "\n".join(lines))
    docs, problems = read_all([path])
    assert problems == [] and [d.doc_id for d in docs] == ["k0", "k1"]


def test_utf16_text_with_bom_is_decoded(tmp_path):
    path = write(tmp_path, "windows.txt", ENGLISH.encode("utf-16"))
    [doc], problems = read_all([path])
    assert problems == [] and doc.text == ENGLISH


def test_stdin_with_jsonl(monkeypatch):
    lines = [json.dumps({"id": f"s{i}", "text": ENGLISH}) for i in range(3)]
    fake_stdin(monkeypatch, ("\n  \n" + "\n".join(lines) + "\n").encode())
    docs, problems = read_all(["-"])
    assert problems == []
    assert [d.doc_id for d in docs] == ["s0", "s1", "s2"]
    assert docs[0].origin == "<stdin>:3"


def test_stdin_with_plain_text_is_one_document(monkeypatch):
    text = "\n" + ENGLISH + "\n{not json}\n"
    fake_stdin(monkeypatch, text.encode())
    [doc], problems = read_all(["-"])
    assert problems == [] and doc.text == text and doc.origin == "<stdin>"


class CountingStream(io.RawIOBase):
    """A JSONL byte stream that counts how much of it was read."""

    def __init__(self, n_lines: int):
        line = (json.dumps({"text": ENGLISH}) + "\n").encode()
        self.source = io.BytesIO(line * n_lines)
        self.total = len(line) * n_lines

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_jsonl_is_streamed_not_loaded_whole(monkeypatch):
    stream = CountingStream(20_000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(stream)))
    first_two = list(itertools.islice(read_inputs(["-"]), 2))
    assert all(isinstance(d, Document) for d in first_two)
    assert stream.source.tell() < stream.total / 10


# -- bad inputs ------------------------------------------------------------------------

def test_missing_empty_and_binary_files_are_skipped_with_messages(tmp_path):
    empty = write(tmp_path, "empty.txt", "")
    blank = write(tmp_path, "blank.txt", "  \n\n")
    binary = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    good = write(tmp_path, "good.txt", ENGLISH)
    docs, problems = read_all([tmp_path / "gone.txt", empty, blank, binary, good])
    assert [d.origin for d in docs] == [str(good)]
    assert codes(problems) == ["E018", "E010", "E010", "E011"]
    assert all(p.fatal for p in problems)
    assert "gone.txt" in problems[0].message and "image.txt" in problems[3].message


def test_invalid_utf8_is_a_warning_and_the_document_is_kept(tmp_path):
    # damaged UTF-8 (a valid "é" elsewhere): the bad byte is replaced, not the encoding guessed
    raw = ENGLISH.encode() + " Café owners agreed. Caf".encode() + b"\xe9 again."
    path = write(tmp_path, "damaged.txt", raw)
    [doc], [problem] = read_all([path])
    assert codes([problem]) == ["E012"] and not problem.fatal
    assert f"byte {len(raw) - 8}" in problem.message
    assert doc.text.endswith("Café owners agreed. Caf\ufffd again.")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_and_windows_1252_files_are_decoded(tmp_path, encoding):
    text = ENGLISH + " Café owners in São Paulo agreed."
    if encoding == "cp1252":
        text += " The minister\u2019s \u201cfinal offer\u201d \u2013 rejected."
    path = write(tmp_path, f"{encoding}.txt", text.encode(encoding))
    [doc], [note] = read_all([path])
    assert doc.text == text
    # (Latin-1 letters have the same bytes in Windows-1252: either name reads them right)
    assert codes([note]) == ["E022"] and not note.fatal and "read as" in note.message


def test_utf8_bom_is_stripped(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())
    [doc], problems = read_all([path])
    assert problems == [] and doc.text == ENGLISH


def test_too_large_file_is_skipped_naming_the_limit(tmp_path):
    path = write(tmp_path, "big.txt", ENGLISH * 200)
    docs, [problem] = read_all([path], max_mb=0.01)
    assert docs == [] and problem.fatal
    assert codes([problem]) == ["E013"] and "0.01 MB" in problem.message


def test_html_without_article_text(tmp_path):
    path = write(tmp_path, "empty.html", "<html><head><title>x</title></head><body></body></html>")
    docs, problems = read_all([path])
    assert docs == [] and codes(problems) == ["E016"]


def test_non_english_text_is_skipped(tmp_path):
    russian = write(tmp_path, "ru.txt",
                    "Полиция задержала более ста человек в центре Минска в воскресенье.")
    docs, problems = read_all([DATA / "german.txt", russian])
    assert docs == []
    assert codes(problems) == ["E017", "E017"]
    assert "non-Latin" in problems[1].message


def test_short_and_lower_case_english_is_kept(tmp_path):
    short = write(tmp_path, "headline.txt", "Minsk police detain 140 protesters")
    lower = write(tmp_path, "lower.txt", ENGLISH.lower())
    docs, problems = read_all([short, lower])
    assert problems == [] and len(docs) == 2


def test_a_reader_crash_on_one_input_does_not_end_the_batch(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    page = write(tmp_path, "page.html", "<html><body><p>" + ENGLISH + "</p></body></html>")
    good = write(tmp_path, "good.txt", ENGLISH)
    docs, problems = read_all([page, good])
    assert [d.origin for d in docs] == [str(good)]
    assert codes(problems) == ["E019"] and "parser exploded" in problems[0].message


def test_jsonl_accepts_rfc822_dates_as_rss_writes_them(tmp_path):
    lines = [{"id": "rss-1", "text": ENGLISH, "published": "Mon, 03 Jun 2024 22:15:00 -0400"},
             {"id": "rss-2", "text": ENGLISH + " Again.", "published": "3 Jun 2024 08:00 GMT"},
             {"id": "rss-3", "text": ENGLISH + " Once more.", "published": "Juneteenth"}]
    path = write(tmp_path, "feed.jsonl", "\n".join(json.dumps(x) for x in lines))
    docs, problems = read_all([path])
    assert [d.published for d in docs] == [date(2024, 6, 3), date(2024, 6, 3), None]
    assert codes(problems) == ["E020"] and "Juneteenth" in problems[0].message


@pytest.mark.parametrize("text, english", [
    # paragraphs in languages close to English that the function-word share let through
    (("Os trabalhadores do porto entraram em greve na segunda-feira para exigir salários "
      "mais altos. O governo disse que vai negociar com os sindicatos. A polícia deteve "
      "doze pessoas perto do porto, segundo as autoridades locais."), False),
    (("Tusentals arbetare gick ut i strejk i hamnen i fredags för att kräva högre löner. "
      "Regeringen sade att den vill förhandla med facket. Polisen grep tolv personer nära "
      "hamnen, uppgav myndigheterna."), False),
    # a foreign headline the identifier is sure of
    ("La policía detuvo a cuarenta manifestantes en la capital el domingo", False),
    # English headlines made mostly of names are kept
    ("Putin, Lukashenko meet in Sochi", True),
    ("Ouattara wins Ivorian vote", True),
    (ENGLISH, True),
])
def test_the_english_check_uses_a_language_identifier(text, english):
    from tacitus.ingest.language import why_not_english

    assert (why_not_english(text) is None) == english
