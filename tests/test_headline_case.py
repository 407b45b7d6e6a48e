"""Title-case wire headlines are parsed in sentence case, names keep their capitals, and
events still point at the words the user wrote (sentences written for these tests)."""

from __future__ import annotations

import pytest

from tacitus.nlp.headline_case import is_title_case, sentence_case

WORDS = {"faults", "army", "delays", "border", "talks", "collapse", "minister", "court",
         "rice", "blast", "kills", "town", "over", "at"}


def _case(headline: str, body: str = "", names=()) -> str:
    return sentence_case(headline, body, lambda w: w in WORDS, lambda w: w.rstrip("'s") in names)


def test_title_case_is_told_from_sentence_case_and_capitals():
    assert is_title_case("Minister Faults Army for Border Delays")
    assert not is_title_case("Minister faults army for border delays")
    assert not is_title_case("MINISTER FAULTS ARMY")      # all caps is left alone
    assert not is_title_case("Talks Fail")                 # too short to tell


def test_common_words_are_lowered_and_the_first_word_keeps_its_capital():
    assert _case("Minister Faults Army for Border Delays") == "Minister faults army for border delays"


def test_recasing_keeps_every_offset():
    headline = "Court Faults Army’s Delays at Border Talks"
    assert len(_case(headline)) == len(headline)


def test_a_word_the_story_writes_with_a_capital_stays_a_name():
    body = "The talks ended. Foreign minister Ana Rice said the army had delayed them."
    assert _case("Rice Faults Army Over Collapse of Talks", body) == "Rice faults army over collapse of talks"
    assert _case("Minister Faults Rice Over Talks", body) == "Minister faults Rice over talks"


def test_a_word_the_story_writes_in_lower_case_is_a_common_word():
    # "Zorblat" is no English word, but the story uses it as one
    body = "A zorblat was seen near the border."
    assert _case("Army Faults Zorblat at Border", body) == "Army faults zorblat at border"


def test_unknown_words_and_names_from_the_lexicon_keep_capitals():
    assert _case("Blast Kills Minister in Qorvani Town") == "Blast kills minister in Qorvani town"
    assert _case("Court Faults Rice Over Delays", names={"Rice"}) == "Court faults Rice over delays"


@pytest.fixture(scope="module")
def pipeline():
    from tacitus.pipeline import Pipeline

    return Pipeline()


def test_a_title_case_headline_is_coded_and_its_evidence_is_as_written(pipeline):
    text = ("Opposition Leader Faults Government Over Flood Relief\n\n"
            "The opposition leader in Bangladesh on Monday said the cabinet had failed "
            "flood victims.")
    events = pipeline.code_text(text, published="2021-03-01")
    head = [e for e in events if e.evidence.start == 0]
    assert [e.event_type for e in head] == ["ACCUSE"]
    assert head[0].evidence.trigger == "Faults"
    assert text[head[0].evidence.trigger_start:head[0].evidence.trigger_end] == "Faults"
    assert head[0].target is not None and head[0].target.text == "Government"
