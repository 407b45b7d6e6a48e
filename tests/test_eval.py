"""tacitus.eval: matching predicted events to gold, and the scores built on it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tacitus.errors import TacitusError
from tacitus.eval import (
    detect_format,
    format_report,
    load_gold,
    score_events,
    score_sentence_labels,
)
from tacitus.records import AcledType, Actor, Count, Event, Evidence, Location, Quantities

TEXT = ("Police arrested 140 protesters in Minsk on Sunday. "
        "Russia accused Ukraine of shelling the border. "
        "The minister said troops might be sent if talks fail.")
ARREST = "Police arrested 140 protesters in Minsk on Sunday."
ACCUSE = "Russia accused Ukraine of shelling the border."
MAYBE = "The minister said troops might be sent if talks fail."


def event(doc_id: str, text: str, sentence: str, event_type: str, n: int = 0, **fields) -> Event:
    start = text.index(sentence)
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence),
                        trigger=sentence.split()[1], trigger_start=start)
    return Event(event_id=f"{doc_id}#{n}", doc_id=doc_id, event_type=event_type,
                 evidence=evidence, **fields)


def actor(country: str | None, sector: str | None = None, **kw) -> Actor:
    return Actor(text="x", country=country, sector=sector, **kw)


@pytest.fixture
def gold() -> list[dict]:
    return [{
        "doc_id": "d1", "published": "2020-09-01", "text": TEXT,
        "events": [
            {"event_type": "COERCE", "mode": "arrest",
             "source": {"country": "BLR", "sector": "COP"},
             "target": {"country": "BLR", "sector": "CVL"},
             "date": "2020-08-30", "location": {"name": "Minsk", "country": "BLR"},
             "quantities": {"arrests": {"min": 140}}, "modality": "asserted",
             "evidence": "Police arrested 140 protesters"},
            {"event_type": "ACCUSE", "source": {"country": "RUS"},
             "target": {"country": ["UKR", "POL"]}, "evidence": ACCUSE},
        ],
        "negatives": [MAYBE],
    }]


def perfect_arrest(**override) -> Event:
    fields = {
        "mode": "arrest", "source": actor("BLR", "COP"), "target": actor("BLR", "CVL"),
        "date": date(2020, 8, 30), "location": Location(name="Minsk", country="BLR"),
        "quantities": Quantities(arrests=Count(min=140)), "modality": "asserted"}
    fields.update(override)
    return event("d1", TEXT, ARREST, "COERCE", **fields)


def test_perfect_match_scores_one_everywhere(gold):
    predicted = [perfect_arrest(),
                 event("d1", TEXT, ACCUSE, "ACCUSE", 1, source=actor("RUS"), target=actor("UKR"))]
    report = score_events(gold, predicted)
    assert report["events"] == {"tp": 2, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0,
                                "f1": 1.0}
    assert report["full"]["f1"] == 1.0
    fields = report["fields"]
    for name in ("source.sector", "target.sector", "date", "mode",
                 "location.name", "location.country", "quantities.arrests", "modality"):
        assert fields[name] == {"correct": 1, "n": 1, "accuracy": 1.0}, name
    for name in ("source.country", "target.country"):  # both gold events give these
        assert fields[name] == {"correct": 2, "n": 2, "accuracy": 1.0}, name
    assert "injuries" not in str(fields)  # absent in gold: not scored


def test_type_mismatch_is_a_miss_and_shows_in_the_confusion_table(gold):
    predicted = [perfect_arrest(),
                 event("d1", TEXT, ACCUSE, "ASSAULT", 1, source=actor("RUS"))]
    report = score_events(gold, predicted)
    assert (report["events"]["tp"], report["events"]["fp"], report["events"]["fn"]) == (1, 1, 1)
    assert report["confusion"]["ACCUSE"] == {"ASSAULT": 1}
    assert report["confusion"]["COERCE"] == {"COERCE": 1}
    assert report["by_type"]["ACCUSE"]["recall"] == 0.0
    assert report["by_type"]["ASSAULT"]["fp"] == 1


def test_prediction_elsewhere_is_a_false_positive_and_gold_a_miss(gold):
    predicted = [event("d1", TEXT, MAYBE, "ACCUSE", modality="hypothetical")]
    report = score_events(gold, predicted)
    assert report["events"]["tp"] == 0 and report["events"]["fp"] == 1
    assert report["confusion"]["none"] == {"ACCUSE": 1}
    assert report["confusion"]["ACCUSE"] == {"none": 1}
    assert report["negatives_violated"] == 0  # hypothetical: not a violation


def test_asserted_event_on_a_negative_sentence_is_counted(gold):
    predicted = [event("d1", TEXT, MAYBE, "MOBILIZE", modality="asserted")]
    report = score_events(gold, predicted)
    assert report["negatives"] == 1 and report["negatives_violated"] == 1


def test_one_to_one_matching_second_duplicate_is_a_false_positive(gold):
    report = score_events(gold, [perfect_arrest(), perfect_arrest()])
    assert report["by_type"]["COERCE"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5,
                                           "recall": 1.0, "f1": pytest.approx(2 / 3)}


def test_list_valued_gold_accepts_any_value_and_compound_actor_members(gold):
    compound = actor(None, members=[actor("POL"), actor("LTU")])
    report = score_events(gold, [event("d1", TEXT, ACCUSE, "ACCUSE", source=actor("RUS"),
                                       target=compound)])
    assert report["fields"]["target.country"] == {"correct": 1, "n": 1, "accuracy": 1.0}


def test_full_needs_countries_and_date_but_not_other_fields(gold):
    wrong_sector = perfect_arrest(source=actor("BLR", "MIL"), quantities=Quantities())
    wrong_date = event("d1", TEXT, ACCUSE, "ACCUSE", 1, source=actor("RUS"), target=actor("UKR"),
                       date=date(2020, 1, 1))  # gold gives no date for this one
    report = score_events(gold, [wrong_sector, wrong_date])
    assert report["full"]["tp"] == 2
    report = score_events(gold, [perfect_arrest(date=date(2020, 8, 31))])
    assert report["full"] == {"tp": 0, "fp": 1, "fn": 2, "precision": 0.0, "recall": 0.0,
                              "f1": 0.0}
    assert report["fields"]["date"]["accuracy"] == 0.0


def test_missing_offsets_fall_back_to_sentence_text(gold):
    pred = perfect_arrest()
    pred.evidence.start = pred.evidence.end = 0
    assert score_events(gold, [pred])["events"]["tp"] == 1


def test_predictions_for_other_documents_are_ignored(gold):
    other = event("elsewhere", TEXT, ARREST, "COERCE")
    report = score_events(gold, [perfect_arrest(), other])
    assert report["events"]["fp"] == 0 and report["ignored_predictions"] == 1


def test_report_text_has_the_main_numbers(gold):
    text = format_report(score_events(gold, [perfect_arrest()]))
    assert "events" in text and "0.500" in text  # recall 1 of 2
    assert "source.country" in text and "Confusion" in text


# -- gold files -----------------------------------------------------------------------

def test_load_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "text": "x", "events": []}) + "\n\n{oops\n")
    with pytest.raises(TacitusError) as err:
        load_gold(path)
    assert err.value.code == "E030" and "line 3" in str(err.value)


def test_load_gold_missing_file(tmp_path):
    with pytest.raises(TacitusError) as err:
        load_gold(tmp_path / "nope.jsonl")
    assert err.value.code == "E031" and "nope.jsonl" in str(err.value)


def test_detect_format():
    events = [{"doc_id": "a", "text": "t", "events": [{"event_type": "AGREE"}]}]
    police = [{"doc_id": "b", "text": "t", "sentences": [{"start": 0, "end": 1,
                                                          "labels": ["ARREST", "KILL"]}]}]
    case = [{"doc_id": "c", "text": "t", "sentences": [{"start": 0, "end": 1,
                                                        "labels": ["ARREST"]}]},
            {"doc_id": "d", "text": "t", "sentences": [{"start": 0, "end": 1,
                                                        "labels": ["GRENADE"]}]}]
    assert detect_format(events) == "events"
    assert detect_format(police) == "india-police-events"
    assert detect_format(case) == "case2021-subtypes"


# -- sentence labels ------------------------------------------------------------------

POLICE_TEXT = "police arrested ten men. police fired on the crowd, killing two. the mayor spoke."


def police_gold() -> list[dict]:
    return [{"doc_id": "p1", "text": POLICE_TEXT, "sentences": [
        {"start": 0, "end": 24, "labels": ["ARREST", "ANY_ACTION"]},
        {"start": 25, "end": 64, "labels": ["KILL", "FORCE", "ANY_ACTION", "FAIL"]},
        {"start": 65, "end": 81, "labels": []}]}]


def test_india_police_sentence_and_document_levels():
    cop = actor("IND", "COP")
    predicted = [
        event("p1", POLICE_TEXT, "police arrested ten men.", "COERCE", mode="arrest", source=cop),
        event("p1", POLICE_TEXT, "police fired on the crowd, killing two.", "ASSAULT", 1,
              source=cop),  # no fatalities coded: FORCE but not KILL
        event("p1", POLICE_TEXT, "the mayor spoke.", "COERCE", 2, mode="arrest", source=cop,
              modality="planned"),  # not asserted: ignored
    ]
    report = score_sentence_labels(police_gold(), predicted, "india-police-events")
    sentences = report["sentence_level"]["labels"]
    assert sentences["ARREST"]["f1"] == 1.0 and sentences["FORCE"]["f1"] == 1.0
    assert sentences["KILL"] == {"tp": 0, "fp": 0, "fn": 1, "precision": 0.0, "recall": 0.0,
                                 "f1": 0.0}
    assert sentences["ANY_ACTION"]["tp"] == 2 and sentences["ANY_ACTION"]["fp"] == 0
    assert "FAIL" not in sentences and report["not_scored"] == ["FAIL"]
    assert report["document_level"]["labels"]["ARREST"]["tp"] == 1
    assert "Sentence level" in format_report(report)


def test_india_police_kill_needs_fatalities_and_police_source():
    killing = event("p1", POLICE_TEXT, "police fired on the crowd, killing two.", "ASSAULT",
                    source=actor("IND", "COP"),
                    quantities=Quantities(fatalities=Count(min=2)))
    by_crowd = event("p1", POLICE_TEXT, "police arrested ten men.", "COERCE", 1, mode="arrest",
                     source=actor("IND", "CVL"))
    report = score_sentence_labels(police_gold(), [killing, by_crowd], "india-police-events")
    assert report["sentence_level"]["labels"]["KILL"]["f1"] == 1.0
    assert report["sentence_level"]["labels"]["ARREST"]["tp"] == 0


CASE_TEXT = "Troops shelled the town. Floods hit the valley."


def case_gold() -> list[dict]:
    return [
        {"doc_id": "c1", "text": CASE_TEXT[:24], "sentences": [{"start": 0, "end": 24,
                                                                "labels": ["ART_MISS_ATTACK"]}]},
        {"doc_id": "c2", "text": CASE_TEXT[25:], "sentences": [{"start": 0, "end": 23,
                                                                "labels": ["NATURAL_DISASTER"]}]},
    ]


def case_event(doc_id: str, text: str, sub: str, confidence: float, n: int = 0) -> Event:
    return event(doc_id, text, text, "ASSAULT", n, confidence=confidence,
                 acled=AcledType(event_type="Explosions/Remote violence", sub_event_type=sub))


def test_case2021_label_is_the_most_confident_events_subtype():
    shelling, flood_text = CASE_TEXT[:24], CASE_TEXT[25:]
    predicted = [case_event("c1", shelling, "Air/drone strike", 0.4),
                 case_event("c1", shelling, "Shelling/artillery/missile attack", 0.9, 1)]
    report = score_sentence_labels(case_gold(), predicted, "case2021-subtypes")
    assert report["accuracy"] == 1.0  # the flood: no event predicted, gold folded to NONE
    assert "no political event" in report["convention"]
    predicted.append(case_event("c2", flood_text, "Armed clash", 0.5, 2))
    report = score_sentence_labels(case_gold(), predicted, "case2021-subtypes")
    assert report["accuracy"] == 0.5
    assert report["labels"]["NONE"]["fn"] == 1 and report["labels"]["ARMED_CLASH"]["fp"] == 1


def test_case2021_can_leave_out_non_acled_labels():
    predicted = [case_event("c1", CASE_TEXT[:24], "Air/drone strike", 0.4)]
    report = score_sentence_labels(case_gold(), predicted, "case2021-subtypes",
                                   non_acled="exclude")
    assert report["sentences"] == 1 and report["excluded"] == 1
    assert report["accuracy"] == 0.0 and "left out" in report["convention"]
    assert "Convention" in format_report(report)


HEADLINE = "Belarus police detain 140 marchers"
LEAD = "Police in Minsk detained at least 140 people at a march on Sunday, a rights group said."
STORY = f"{HEADLINE}\n{LEAD} Separately, Russia accused Ukraine of shelling the border."


def story_gold() -> list[dict]:
    return [{"doc_id": "s1", "published": "2020-09-01", "text": STORY,
             "events": [{"event_type": ["COERCE", "PROTEST"], "mode": "arrest",
                         "evidence": [HEADLINE, LEAD]}]}]


def test_gold_evidence_list_matches_any_mention_and_other_mentions_are_duplicates():
    """A headline and its lead report one event: the first prediction matches it, a
    second one of its type on the other mention is neither right nor wrong (as the
    reference scorer counts it), and an unrelated event is still a false positive."""
    on_lead = event("s1", STORY, LEAD, "COERCE", n=1, mode="arrest")
    on_headline = event("s1", STORY, HEADLINE, "COERCE", n=0, mode="arrest")
    accuse = event("s1", STORY, "Russia accused Ukraine of shelling the border.", "ACCUSE", n=2)
    report = score_events(story_gold(), [on_headline, on_lead, accuse])
    assert report["events"]["tp"] == 1 and report["events"]["fn"] == 0
    assert report["duplicate_mentions"] == 1
    assert report["events"]["fp"] == 1 and report["by_type"]["ACCUSE"]["fp"] == 1
    only_lead = score_events(story_gold(), [on_lead])
    assert only_lead["events"]["tp"] == 1 and only_lead["duplicate_mentions"] == 0
