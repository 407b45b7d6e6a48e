"""The learned and hybrid coders and `tacitus train`: train on gold, code with the model,
and the hybrid's veto / retype / ACLED decisions (on sentences written for these tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.coding.hybrid import HybridCoder, decide
from tacitus.errors import TacitusError
from tacitus.learn.examples import NO_ACLED, from_item
from tacitus.learn.model import EventClassifier
from tacitus.pipeline import Pipeline

runner = CliRunner()

PROTESTS = [
    "Hundreds of nurses marched to the health ministry in Lima demanding higher pay.",
    "Students rallied outside parliament in Tbilisi against the new media law.",
    "Farmers blocked the main highway near Nairobi to protest falling milk prices.",
    "Thousands demonstrated in Santiago on Sunday against pension cuts.",
    "Teachers staged a sit-in at the education office in Lagos over unpaid wages.",
    "Residents protested in front of the town hall in Oaxaca over water shortages.",
]
ARRESTS = [
    "Police arrested twelve opposition activists in Harare on Friday.",
    "Security forces detained a prominent blogger in Baku overnight.",
    "Officers in Dhaka arrested 40 garment workers after the march.",
    "Authorities in Minsk detained three journalists covering the trial.",
    "Police in Caracas arrested a union leader at his home on Tuesday.",
    "Soldiers detained five suspected smugglers near the border town of Gao.",
]
NEUTRAL = [
    "The football club signed a new goalkeeper for the coming season.",
    "Shares of the carmaker rose four percent after strong quarterly sales.",
    "Heavy rain is expected across the northern provinces this weekend.",
    "The bakery chain opened its hundredth store in the capital.",
    "The marathon was won by a 24-year-old runner in record time.",
    "A new smartphone with a larger battery went on sale on Monday.",
]


def _event(event_type, mode, sub, text):
    acled = {"event_type": "Protests" if event_type == "PROTEST" else "Strategic developments",
             "sub_event_type": sub}
    return {"event_type": event_type, "mode": mode, "acled": acled, "modality": "asserted",
            "evidence": text}


def write_gold(path: Path) -> Path:
    rows = [{"doc_id": f"p{i}", "text": t, "events": [_event("PROTEST", "demonstrate",
                                                           "Peaceful protest", t)]}
            for i, t in enumerate(PROTESTS)]
    rows += [{"doc_id": f"a{i}", "text": t, "events": [_event("COERCE", "arrest", "Arrests", t)]}
             for i, t in enumerate(ARRESTS)]
    rows += [{"doc_id": f"n{i}", "text": t, "events": []} for i, t in enumerate(NEUTRAL)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("train")
    gold = write_gold(folder / "gold.jsonl")
    result = runner.invoke(app, ["train", str(gold), "-o", str(folder / "mine"), "--cv", "3"])
    assert result.exit_code == 0, result.output
    assert "event" in result.stdout and "acled" in result.stdout and "cv acc" in result.stdout
    return folder / "mine"


def test_train_writes_a_model_directory_with_its_cross_validation(trained):
    meta = json.loads((trained / "model.json").read_text(encoding="utf-8"))
    assert meta["version"] == "mine" and meta["trained_on"] == ["gold.jsonl"]
    assert set(meta["heads"]) >= {"event", "type", "acled"}
    assert meta["heads"]["event"]["cv"]["folds"] == 3
    assert meta["acled_types_for"] == {"COERCE": ["Arrests"], "PROTEST": ["Peaceful protest"]}
    model = EventClassifier.load(trained)
    preds = model.predict(["Riot police detained dozens of dock workers in Durban.",
                           "The orchestra played two symphonies at the festival."])
    assert preds[0]["type"]["COERCE"] > preds[0]["type"]["PROTEST"]
    assert preds[0]["event"]["yes"] > preds[1]["event"]["yes"]
    assert abs(sum(preds[0]["acled"].values()) - 1) < 1e-5


def test_code_with_the_trained_model_names_it_in_every_event(trained, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Police detained 30 striking miners in Rustenburg on Monday.\n",
                      encoding="utf-8")
    for args in (["--coder", "hybrid", "--model", str(trained)], ["--model", str(trained)],
                 ["--coder", "learned", "--model", str(trained)]):
        result = runner.invoke(app, ["code", str(report), "-f", "jsonl", *args])
        assert result.exit_code == 0, result.output
        events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        arrest = next(e for e in events if e["event_type"] == "COERCE")
        assert arrest["coder"].endswith("+mine")
        assert arrest["acled"]["sub_event_type"] == "Arrests"
        assert 0 < arrest["confidence"] < 1


def test_a_folder_that_is_no_model_is_one_clear_error(tmp_path):
    with pytest.raises(TacitusError) as err:
        EventClassifier.load(tmp_path)
    assert err.value.code == "E054" and "model.json" in str(err.value)
    script = Path(sys.executable).with_name("tacitus")
    report = tmp_path / "r.txt"
    report.write_text("Police detained two men.\n", encoding="utf-8")
    done = subprocess.run([str(script), "code", str(report), "--model", str(tmp_path)],
                          check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stderr.strip().startswith("E054:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_sentence_label_gold_trains_the_acled_head():
    item = {"doc_id": "s1", "text": "Rebels seized the town. Rain fell.",
            "sentences": [{"start": 0, "end": 23, "labels": ["NON_STATE_ACTOR_OVERTAKES_TER"]},
                          {"start": 24, "end": 34, "labels": ["NATURAL_DISASTER"]}]}
    examples = list(from_item(item))
    assert [(e.text, e.event, e.acled) for e in examples] == [
        ("Rebels seized the town.", "yes", "Non-state actor overtakes territory"),
        ("Rain fell.", "no", NO_ACLED)]
    assert all(e.type is None for e in examples)


# -- the hybrid's decisions, with a classifier whose answers the test sets -------------------


class Answers:
    """A stand-in classifier: the same prediction for every sentence."""

    version = "fixed"

    def __init__(self, pred, acled_types_for=None):
        self.pred = pred
        self.acled_types_for = acled_types_for or {}

    def predict(self, texts):
        return [self.pred for _ in texts]


def _pred(p_event, types, acled=None, modes=None):
    pred = {"event": {"yes": p_event, "no": 1 - p_event}, "type": types}
    if acled:
        pred["acled"] = acled
    if modes:
        pred["mode"] = modes
    return pred


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _hybrid(pipeline, pred, text, allowed=None):
    coder = HybridCoder(classifier=Answers(pred, allowed))
    doc = pipeline.nlp(text)
    from tacitus.records import Document

    return coder.code(Document.from_text(text), doc)


ARREST_TEXT = "Police detained 25 students in Minsk on Monday."


def test_hybrid_vetoes_only_a_weak_rules_mention_the_classifier_calls_no_event(pipeline):
    from tacitus.events import EventMention

    kept = _hybrid(pipeline, _pred(0.6, {"COERCE": 0.9, "PROTEST": 0.1}), ARREST_TEXT)
    assert [e.event_type for e in kept] == ["COERCE"]
    # a trigger with its actors ("Police detained 25 students") stands whatever it says
    kept = _hybrid(pipeline, _pred(0.05, {"COERCE": 0.9, "PROTEST": 0.1}), ARREST_TEXT)
    assert [e.event_type for e in kept] == ["COERCE"]
    weak = EventMention(trigger=None, event_type="COERCE", mode="arrest", source=None,
                        target=None, modality="asserted", confidence=0.4)
    assert decide(weak, _pred(0.05, {"PROTEST": 0.6, "COERCE": 0.4}), set()) is None
    assert decide(weak, _pred(0.3, {"PROTEST": 0.6, "COERCE": 0.4}), set()) is not None
    # "no political event" but an arrest if one: a question of domain (the corpus calls
    # ordinary crime no event, police news codes it), so the rules' mention stands
    assert decide(weak, _pred(0.05, {"COERCE": 0.95, "PROTEST": 0.05}), set()) is not None
    assert decide(weak, _pred(0.05, {"COERCE": 0.6, "PROTEST": 0.4}), set()) is not None


NO_TRIGGER_TEXT = "The rebels hoisted their flag over the governor's office in Kidal."


def test_hybrid_proposes_a_confident_event_where_the_rules_find_none(pipeline):
    assert pipeline.code_text(NO_TRIGGER_TEXT) == []
    sure = _pred(0.95, {"ASSAULT": 0.9, "PROTEST": 0.1})
    events = _hybrid(pipeline, sure, NO_TRIGGER_TEXT)
    assert [(e.event_type, e.evidence.trigger) for e in events] == [("ASSAULT", "hoisted")]
    assert events[0].source.sector == "REB"          # the argument stage found the actor
    assert events[0].confidence == round(0.95 * 0.9, 2)
    assert _hybrid(pipeline, _pred(0.6, {"ASSAULT": 0.6, "PROTEST": 0.4}), NO_TRIGGER_TEXT) == []
    # where the rules found an event, the other sentences get no proposal
    both = _hybrid(pipeline, _pred(0.95, {"COERCE": 0.9, "ASSAULT": 0.1}),
                   f"{ARREST_TEXT} {NO_TRIGGER_TEXT}")
    assert [e.event_type for e in both] == ["COERCE"]


def test_hybrid_never_retypes_a_type_the_rules_took_from_the_structure(pipeline):
    from tacitus.coding.hybrid import type_from_structure
    from tacitus.events import EventMention

    doc = pipeline.nlp("The army threatened to withdraw from the town.")
    withdraw = doc[4:5]
    threat = EventMention(trigger=withdraw, event_type="THREATEN", mode=None, source=None,
                          target=None, modality="asserted", confidence=0.6)
    assert type_from_structure(threat)
    assert not type_from_structure(replace(threat, event_type="RETREAT"))
    pred = _pred(0.9, {"THREATEN": 0.0, "RETREAT": 1.0})
    assert decide(threat, pred, set(), fixed=True)[0].event_type == "THREATEN"
    assert decide(threat, pred, set())[0].event_type == "RETREAT"


WEAK_TEXT = "25 students were detained in Minsk on Monday."


def test_hybrid_keeps_a_plausible_rules_type_and_retypes_an_implausible_one(pipeline):
    rules = pipeline.code_text(WEAK_TEXT)
    assert rules[0].confidence < 0.7                    # no actor: weak rules evidence
    kept = _hybrid(pipeline, _pred(0.9, {"COERCE": 0.3, "PROTEST": 0.7}), WEAK_TEXT)
    assert [(e.event_type, e.mode) for e in kept] == [(e.event_type, e.mode) for e in rules]
    assert kept[0].event_type == "COERCE"
    implausible = _pred(0.9, {"COERCE": 0.01, "PROTEST": 0.99},
                        modes={"PROTEST:demonstrate": 0.9, "PROTEST:": 0.1})
    retyped = _hybrid(pipeline, implausible, WEAK_TEXT)
    assert retyped[0].event_type == "PROTEST" and retyped[0].mode == "demonstrate"
    assert retyped[0].cameo.startswith("14")            # the code follows the new type
    assert retyped[0].location == rules[0].location     # the arguments stay the rules'
    unsure = _hybrid(pipeline, _pred(0.9, {"COERCE": 0.1, "PROTEST": 0.5, "ASSAULT": 0.4}),
                     WEAK_TEXT)
    assert unsure[0].event_type == "COERCE"              # not sure enough to overrule
    # a trigger with its actors keeps its type whatever the classifier says
    firm = _hybrid(pipeline, implausible, ARREST_TEXT)
    assert firm[0].event_type == "COERCE" and firm[0].source.sector == "COP"


def test_hybrid_never_overrules_a_type_it_learned_from_too_few_examples():
    from tacitus.events import EventMention

    mention = EventMention(trigger=None, event_type="COERCE", mode="arrest", source=None,
                           target=None, modality="asserted", confidence=0.6)
    pred = _pred(0.9, {"COERCE": 0.0, "PROTEST": 1.0})
    assert decide(mention, pred, set(), known={"PROTEST"})[0].event_type == "COERCE"
    assert decide(mention, pred, set(), known={"COERCE", "PROTEST"})[0].event_type == "PROTEST"
    assert decide(mention, pred, {"PROTEST"})[0].event_type == "COERCE"   # already in the sentence


def test_hybrid_confidence_is_the_calibrated_probability_when_it_is_surer():
    from tacitus.events import EventMention

    mention = EventMention(trigger=None, event_type="COERCE", mode="arrest", source=None,
                           target=None, modality="asserted", confidence=0.4)
    _, conf = decide(mention, _pred(0.9, {"COERCE": 1.0}), set())
    assert conf == 0.9
    _, low = decide(mention, _pred(0.5, {"COERCE": 0.4}), set())
    assert low == round((0.2 + 0.4) / 2, 2)


def test_hybrid_picks_the_acled_subtype_the_type_allows(pipeline):
    allowed = {"COERCE": {"Arrests", "Abduction/forced disappearance"}}
    acled = {"Arrests": 0.1, "Abduction/forced disappearance": 0.6, "Peaceful protest": 0.3,
             "none": 0.0}
    kept = _hybrid(pipeline, _pred(0.9, {"COERCE": 1.0}, acled), ARREST_TEXT, allowed)
    assert kept[0].acled.sub_event_type == "Abduction/forced disappearance"
    assert kept[0].acled.event_type == "Violence against civilians"
    unsure = {"Arrests": 0.05, "Abduction/forced disappearance": 0.05, "none": 0.9}
    kept = _hybrid(pipeline, _pred(0.9, {"COERCE": 1.0}, unsure), ARREST_TEXT, allowed)
    assert kept[0].acled.sub_event_type == "Arrests"      # the code map's choice stands


def test_hybrid_takes_a_sure_acled_subtype_the_type_is_not_paired_with(pipeline):
    # the classifier reads a protest met by police where the rules saw an arrest
    allowed = {"COERCE": {"Arrests"}, "PROTEST": {"Protest with intervention"}}
    sure = {"Arrests": 0.2, "Protest with intervention": 0.7, "none": 0.1}
    kept = _hybrid(pipeline, _pred(0.9, {"COERCE": 1.0}, sure), ARREST_TEXT, allowed)
    assert kept[0].event_type == "COERCE"                 # the PLOVER type stays the rules'
    assert kept[0].acled.sub_event_type == "Protest with intervention"
    assert kept[0].acled.event_type == "Protests"
    split = {"Arrests": 0.35, "Protest with intervention": 0.45, "none": 0.2}
    kept = _hybrid(pipeline, _pred(0.9, {"COERCE": 1.0}, split), ARREST_TEXT, allowed)
    assert kept[0].acled.sub_event_type == "Arrests"      # under a majority: the pairs rule


class ByText(Answers):
    """A stand-in classifier that reads a whole text one way and its sentences another."""

    def __init__(self, pred, whole_text, whole_pred, acled_types_for=None):
        super().__init__(pred, acled_types_for)
        self.whole_text, self.whole_pred = whole_text, whole_pred

    def predict(self, texts):
        return [self.whole_pred if t == self.whole_text else self.pred for t in texts]


def test_hybrid_main_event_takes_the_sub_type_the_whole_text_is_sure_of(pipeline):
    from tacitus.records import Document

    # the arrest sentence alone reads as Arrests; the item as a whole (the students had
    # fought the police first) as a violent demonstration, which is how ACLED codes it
    text = ARREST_TEXT + " They had hurled bottles and stones from behind burning barricades."
    allowed = {"COERCE": {"Arrests"}}
    sentence = _pred(0.9, {"COERCE": 1.0}, {"Arrests": 0.8, "none": 0.2})
    doc = pipeline.nlp(text)

    def main_sub_type(p_whole):
        whole = _pred(0.9, {"COERCE": 1.0},
                      {"Violent demonstration": p_whole, "Arrests": 0.9 - p_whole, "none": 0.1})
        coder = HybridCoder(classifier=ByText(sentence, text, whole, allowed))
        events = [e for e in coder.code(Document.from_text(text), doc) if e.acled]
        return max(events, key=lambda e: e.confidence or 0).acled

    sure = main_sub_type(0.7)
    assert (sure.sub_event_type, sure.event_type) == ("Violent demonstration", "Riots")
    assert main_sub_type(0.4).sub_event_type == "Arrests"     # unsure: the sentence's stands


def test_hybrid_proposal_takes_the_type_paired_with_a_surer_acled_subtype(pipeline):
    allowed = {"COERCE": {"Non-state actor overtakes territory"}, "ASSAULT": {"Armed clash"}}
    pred = _pred(0.95, {"ASSAULT": 0.5, "COERCE": 0.4, "PROTEST": 0.1},
                 {"Non-state actor overtakes territory": 0.8, "Armed clash": 0.1, "none": 0.1})
    events = _hybrid(pipeline, pred, NO_TRIGGER_TEXT, allowed)
    assert [e.event_type for e in events] == ["COERCE"]
    assert events[0].acled.sub_event_type == "Non-state actor overtakes territory"
    assert events[0].confidence == round(0.95 * 0.8, 2)
    # unsure of both the type and the sub-type: nothing is proposed
    vague = _pred(0.95, {"ASSAULT": 0.5, "COERCE": 0.4, "PROTEST": 0.1},
                  {"Non-state actor overtakes territory": 0.55, "none": 0.45})
    assert _hybrid(pipeline, vague, NO_TRIGGER_TEXT, allowed) == []


def test_commands_that_do_not_code_never_import_torch(tmp_path):
    code = ("import sys; from typer.testing import CliRunner; from tacitus.cli.main import app; "
            "from tacitus.pipeline import Pipeline; p = Pipeline(); p.code_text('Police detained two men.'); "
            f"CliRunner().invoke(app, ['stats', '--db', r'{tmp_path / 'x.db'}']); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.stdout.strip().splitlines()[-1] == "False False", done.stderr[-2000:]


# -- hybrid 1.4: rescuing weak rules mentions, reading the reported clause ---------------

WEAK_NOUN_TEXT = "Mourners bury the dead after massacre in Jos"


def test_hybrid_rescues_a_bare_event_noun_only_when_the_classifier_is_all_but_sure(pipeline):
    # an actorless event noun: the rules drop it under their confidence floor
    assert pipeline.code_text(WEAK_NOUN_TEXT) == []
    sure = _hybrid(pipeline, _pred(0.97, {"ASSAULT": 0.97, "PROTEST": 0.03}), WEAK_NOUN_TEXT)
    assert [(e.event_type, e.evidence.trigger) for e in sure] == [("ASSAULT", "massacre")]
    assert sure[0].confidence == round(0.97 * 0.97, 2)
    # beside a rules event (so that nothing is proposed): likely but not all but sure, or
    # sure of another type, and the floor stands
    text = f"{ARREST_TEXT} {WEAK_NOUN_TEXT}."
    for unsure in ({"ASSAULT": 0.8, "COERCE": 0.2}, {"COERCE": 0.97, "ASSAULT": 0.03}):
        events = _hybrid(pipeline, _pred(0.95, unsure), text)
        assert [e.evidence.trigger for e in events] == ["detained"]
    events = _hybrid(pipeline, _pred(0.97, {"ASSAULT": 0.97, "COERCE": 0.03}), text)
    assert [e.evidence.trigger for e in events] == ["detained", "massacre"]


def test_hybrid_leaves_a_background_act_in_a_relative_clause_under_the_floor(pipeline):
    # "who was arrested last year": background to the reported act, which the rules drop
    # for its place in the sentence, not for want of evidence; sure or not, it stays out
    text = "The activist, who was arrested in Kano last year and later freed, opened a school on Monday."
    assert pipeline.code_text(text) == []
    events = _hybrid(pipeline, _pred(0.99, {"COERCE": 0.99, "PROTEST": 0.01}),
                     f"{ARREST_TEXT} {text}")
    assert [e.evidence.trigger for e in events] == ["detained"]


class ByClause(Answers):
    """A stand-in classifier with one answer for given texts and another for the rest."""

    def __init__(self, pred, answers):
        super().__init__(pred)
        self.answers = answers

    def predict(self, texts):
        return [self.answers.get(t, self.pred) for t in texts]


def _hybrid_reading(pipeline, sentence_pred, clause_pred, text):
    from tacitus.coding.hybrid import reported_clause
    from tacitus.records import Document

    doc = pipeline.nlp(text)
    clause = reported_clause(next(iter(doc.sents)))
    assert clause is not None
    coder = HybridCoder(classifier=ByClause(sentence_pred, {clause[1]: clause_pred}))
    return coder.code(Document.from_text(text), doc)


REPORTED_TEXT = "Officials said the rebels hoisted their flag over the governor's office in Kidal."
ATTEMPT_TEXT = "The mayor tried to head off a quarrel with the province over school funding."


def test_hybrid_proposal_on_a_reporting_verb_is_the_reported_act(pipeline):
    assert pipeline.code_text(REPORTED_TEXT) == []
    # the whole sentence reads as a statement; its reported clause as a seizure
    events = _hybrid_reading(pipeline, _pred(0.9, {"ACCUSE": 0.9, "ASSAULT": 0.1}),
                             _pred(0.95, {"ASSAULT": 0.9, "ACCUSE": 0.1}), REPORTED_TEXT)
    assert [(e.event_type, e.evidence.trigger) for e in events] == [("ASSAULT", "hoisted")]
    assert events[0].source.sector == "REB"       # the act's actor, not the reporters
    assert events[0].confidence == round(0.95 * 0.9, 2)


def test_hybrid_proposes_nothing_for_an_attempt_whose_clause_holds_no_sure_event(pipeline):
    assert pipeline.code_text(ATTEMPT_TEXT) == []
    sure_sentence = _pred(0.95, {"SANCTION": 0.9, "CONCEDE": 0.1})
    vague_clause = _pred(0.9, {"SANCTION": 0.4, "CONCEDE": 0.35, "REQUEST": 0.25})
    assert _hybrid_reading(pipeline, sure_sentence, vague_clause, ATTEMPT_TEXT) == []
    # a clause the classifier is sure of is proposed on the attempted act, its actor the
    # one who tries
    sure_clause = _pred(0.95, {"CONCEDE": 0.9, "SANCTION": 0.1})
    events = _hybrid_reading(pipeline, sure_sentence, sure_clause, ATTEMPT_TEXT)
    assert [(e.event_type, e.evidence.trigger) for e in events] == [("CONCEDE", "head")]
    assert events[0].source is not None and "mayor" in events[0].source.text


def test_hybrid_does_not_retype_a_trigger_to_the_type_of_another_word_of_its_sentence(pipeline):
    # weak rules evidence (no actor) and a classifier all but sure of ASSAULT: the
    # burning explains its reading, so the arrest stays an arrest
    text = "Nine men were picked up in Surat after two warehouses were burnt."
    rules = pipeline.code_text(text)
    assert [e.event_type for e in rules] == ["COERCE"] and rules[0].confidence < 0.7
    sure = _pred(0.9, {"ASSAULT": 0.99, "COERCE": 0.01})
    assert [e.event_type for e in _hybrid(pipeline, sure, text)] == ["COERCE"]
    # without another ASSAULT word the same reading retypes it (as for WEAK_TEXT)
    plain = "Nine men were picked up in Surat on Sunday."
    assert [e.event_type for e in _hybrid(pipeline, sure, plain)] == ["ASSAULT"]


def test_hybrid_mode_never_makes_up_who_acted():
    from tacitus.events import EventMention

    # a rules COERCE with no mode ("steps to restore order"): the classifier's "arrest"
    # would have the builder infer police where the text names no agent it can place
    open_mode = EventMention(trigger=None, event_type="COERCE", mode=None, source=None,
                             target=None, modality="asserted", confidence=0.75)
    pred = _pred(0.9, {"COERCE": 0.9, "ASSAULT": 0.1},
                 modes={"COERCE:arrest": 0.8, "COERCE:restrict": 0.2})
    assert decide(open_mode, pred, set())[0].mode is None
    # a mode that implies no other agent is still filled in
    pred = _pred(0.9, {"COERCE": 0.9, "ASSAULT": 0.1},
                 modes={"COERCE:restrict": 0.8, "COERCE:arrest": 0.2})
    assert decide(open_mode, pred, set())[0].mode == "restrict"
