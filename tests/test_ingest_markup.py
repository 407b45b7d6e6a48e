"""HTML markup in text fields: masked for coding, offsets still index the user's text."""

from __future__ import annotations

import json

from tacitus.ingest import InputProblem, read_inputs
from tacitus.ingest.markup import has_markup, mask_markup, strip_markup
from tacitus.pipeline import Pipeline
from tacitus.records import Document

FEED_ITEM = ('<p>Riot police detained forty students outside the parliament in '
             '<A HREF="http://example.org/x?id=1">Tbilisi</A> on Friday.</p><BR>'
             '<FONT face="verdana,MS Sans Serif,arial" size="-2" color="#666666">'
             '<B>-Example Wire</B></FONT>')


def test_mask_keeps_length_and_text_positions():
    masked = mask_markup(FEED_ITEM)
    assert len(masked) == len(FEED_ITEM)
    for word in ("Riot police detained", "Tbilisi", "Example Wire"):
        assert masked.find(word) == FEED_ITEM.find(word)
    for noise in ("HREF", "verdana", "FONT", "<", "color"):
        assert noise not in masked


def test_block_tags_become_paragraph_breaks_and_entities_characters():
    # <br> ends a paragraph; a reference becomes its character at its right end
    assert mask_markup('First line.<br>Say &quot;no&quot; now.') == \
        'First line.\n\n  Say      "no     " now.'
    assert strip_markup("<p>A  tidy</p><p>text &amp; more</p>") == "A tidy\n\ntext & more"


def test_plain_text_with_angle_brackets_is_left_alone():
    for text in ("Turnout was < 40% and > 30% in the north.", "Sources <Reuters> said so."):
        assert not has_markup(text) or mask_markup(text) == text


def test_script_and_comments_are_masked_entirely():
    text = "Before.<script>var police = 'arrested';</script><!-- riot --> After."
    masked = mask_markup(text)
    assert "police" not in masked and "riot" not in masked
    assert masked.startswith("Before.") and masked.endswith(" After.")


def test_english_jsonl_item_with_markup_is_not_skipped(tmp_path):
    attrs = ' '.join(f'data-x{i}="verdana,MS Sans Serif,arial,helvetica"' for i in range(12))
    text = f"Students march in Tbilisi<BR> <FONT {attrs}><B>-Wire</B></FONT>"
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "m1", "text": text}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [Document]
    assert items[0].text == text          # the user's text is kept as given


def test_markup_only_item_is_empty(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "m2", "text": "<p></p><br/>"}) + "\n", encoding="utf-8")
    [problem] = list(read_inputs([str(path)]))
    assert isinstance(problem, InputProblem) and problem.message.startswith("E010")


def test_coded_events_index_the_given_text():
    pipeline = Pipeline()
    events = pipeline.code_text(FEED_ITEM, published="2021-05-07")
    [arrest] = [e for e in events if e.event_type == "COERCE"]
    ev = arrest.evidence
    assert FEED_ITEM[ev.trigger_start:ev.trigger_end] == ev.trigger
    assert ev.sentence == FEED_ITEM[ev.start:ev.end]     # quoted as given, markup and all
    assert not ev.sentence.startswith("<p>")
    assert arrest.location is not None and arrest.location.country == "GEO"
