"""Code maps (CodeBook) and PLOVER contexts."""

from __future__ import annotations

import time

import pytest

from tacitus.coding.codebook import CodeBook
from tacitus.knowledge import read_tsv
from tacitus.records import EVENT_TYPES, Actor, Count, Quantities


@pytest.fixture(scope="module")
def cb() -> CodeBook:
    return CodeBook()


def actor(text: str, sector: str | None = None, country: str | None = None, **kw) -> Actor:
    return Actor(text=text, name=text, sector=sector, country=country, **kw)


POLICE = actor("police", "COP", "BLR")
PROTESTERS = actor("protesters", "CVL", "BLR")
ARMY = actor("the army", "MIL", "NGA")
REBELS = actor("Boko Haram fighters", "REB", "NGA")
VILLAGERS = actor("villagers", "CVL", "NGA")


# ---- CAMEO, Goldstein, QuadClass ----------------------------------------------------

def test_schema_example_arrest(cb):
    code = cb.cameo_for("COERCE", "arrest")
    assert code == "173"
    assert cb.goldstein(code) == -5.0
    assert cb.quad_class(code) == 4


@pytest.mark.parametrize("event_type,mode,code", [
    ("PROTEST", "demo", "141"), ("PROTEST", "hunger", "142"), ("PROTEST", "strike", "143"),
    ("PROTEST", "obstruct", "144"), ("PROTEST", "riot", "145"), ("COERCE", "deport", "174"),
    ("COERCE", "curfew", "1723"), ("ASSAULT", "abduct", "181"), ("ASSAULT", "aerial", "195"),
    ("RETREAT", "ceasefire", "0871"), ("CONSULT", "visit", "042"), ("SANCTION", "expel", "166"),
])
def test_type_and_mode_map_to_cameo(cb, event_type, mode, code):
    assert cb.cameo_for(event_type, mode) == code


def test_every_type_and_mode_has_a_known_cameo_code(cb):
    assert set(cb.event_types) == set(EVENT_TYPES)
    for event_type in EVENT_TYPES:
        codes = [cb.cameo_for(event_type, None)] + [cb.cameo_for(event_type, m) for m in cb.modes(event_type)]
        for code in codes:
            assert code in cb.cameo_codes, (event_type, code)


def test_unknown_mode_falls_back_to_type_code(cb):
    assert cb.cameo_for("COERCE", "no-such-mode") == cb.cameo_for("COERCE", None) == "170"
    assert cb.cameo_for("AGREE", None) == "030"


def test_mode_aliases_from_older_drafts(cb):
    assert cb.cameo_for("COERCE", "detain") == "173"
    assert cb.cameo_for("ASSAULT", "suicide") == "1831"
    assert cb.cameo_for("CONSULT", "host") == "043"
    assert cb.cameo_for("ASSAULT", "Heavy_Weapons") == "194"
    assert cb.canonical_mode("COERCE", "detain") == "arrest"


def test_unknown_event_type_is_an_error(cb):
    with pytest.raises(ValueError):
        cb.cameo_for("DANCE", None)


def test_cameo_table_is_complete_and_in_range(cb):
    codes = cb.cameo_codes
    roots = {f"{i:02d}" for i in range(1, 21)}
    assert roots <= set(codes)
    assert len(codes) > 300
    for code, row in codes.items():
        assert 2 <= len(code) <= 4 and code.isdigit()
        assert -10.0 <= row.goldstein <= 10.0
        root = int(code[:2])
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert row.quad_class == expected, code


def test_goldstein_values_as_gdelt_publishes_them(cb):
    assert cb.goldstein("057") == 8.0      # sign formal agreement
    assert cb.goldstein("0874") == 10.0    # retreat or surrender militarily
    assert cb.goldstein("141") == -6.5     # demonstrate
    assert cb.goldstein("145") == -7.5     # riot
    assert cb.goldstein("163") == -8.0     # embargo, sanctions
    assert cb.goldstein("1823") == -10.0   # kill by physical assault


def test_unlisted_code_uses_nearest_parent(cb):
    assert cb.goldstein("1739") == cb.goldstein("173")
    assert cb.quad_class("0999") == 3
    with pytest.raises(ValueError):
        cb.goldstein("99")
    with pytest.raises(ValueError):
        cb.goldstein("abc")


def test_reverse_map_cameo_to_plover(cb):
    assert cb.plover_for("173") == ("COERCE", "arrest")
    assert cb.plover_for("1411") == ("PROTEST", "demo")
    assert cb.plover_for("0841") == ("RETREAT", "release")
    assert cb.plover_for("1823")[0] == "ASSAULT"
    assert cb.plover_for("0211") is None  # appeals were dropped from PLOVER


def test_forward_codes_come_back_to_their_type_mostly(cb):
    """A mode's representative code should read back as the same PLOVER type, except for
    the few documented cross-overs (convict is CAMEO 116, under ACCUSE)."""
    crossovers = {("SANCTION", "convict"), ("RETREAT", "resign"), ("COERCE", "withhold"),
                  ("THREATEN", "arrest"), ("THREATEN", "restrict"), ("ASSAULT", "crowd-control")}
    for event_type in EVENT_TYPES:
        for mode in [None, *cb.modes(event_type)]:
            back = cb.plover_for(cb.cameo_for(event_type, mode))
            if (event_type, mode) in crossovers or (event_type, mode) == ("RETREAT", None):
                continue
            assert back is not None and back[0] == event_type, (event_type, mode, back)


def test_cameo2plover_file_keeps_attribution():
    rows = list(read_tsv("coding_cameo2plover.tsv"))
    assert len(rows) > 250
    from tacitus.knowledge import data_path
    head = data_path("coding_cameo2plover.tsv").read_text(encoding="utf-8")[:600]
    assert "CC BY-SA 4.0" in head


# ---- ACLED --------------------------------------------------------------------------

def acled(cb, *args, **kw):
    result = cb.acled_for(*args, **kw)
    return None if result is None else (result.event_type, result.sub_event_type)


def test_acled_protests(cb):
    assert acled(cb, "PROTEST", "demo", PROTESTERS, None, None) == ("Protests", "Peaceful protest")
    assert acled(cb, "PROTEST", "demo", PROTESTERS, None, None, intervention=True) == \
        ("Protests", "Protest with intervention")
    assert acled(cb, "PROTEST", "riot", PROTESTERS, None, None) == ("Riots", "Violent demonstration")
    assert acled(cb, "PROTEST", "riot", VILLAGERS, None, None, text="A mob lynched two men") == \
        ("Riots", "Mob violence")


def test_acled_force_against_protesters(cb):
    assert acled(cb, "ASSAULT", "firearms", POLICE, PROTESTERS, None) == \
        ("Protests", "Excessive force against protesters")
    assert acled(cb, "ASSAULT", "crowd-control", POLICE, PROTESTERS, None) == \
        ("Protests", "Protest with intervention")
    assert acled(cb, "COERCE", "arrest", POLICE, PROTESTERS, None) == \
        ("Protests", "Protest with intervention")


def test_acled_battles_and_remote_violence(cb):
    assert acled(cb, "ASSAULT", "firearms", ARMY, REBELS, None) == ("Battles", "Armed clash")
    both = actor("the army and rebels", members=[ARMY, REBELS])
    assert acled(cb, "ASSAULT", None, both, None, None) == ("Battles", "Armed clash")
    assert acled(cb, "ASSAULT", "aerial", ARMY, None, None) == ("Explosions/Remote violence", "Air/drone strike")
    assert acled(cb, "ASSAULT", "drone", ARMY, REBELS, None)[1] == "Air/drone strike"
    assert acled(cb, "ASSAULT", "heavy-weapons", ARMY, None, None)[1] == "Shelling/artillery/missile attack"
    assert acled(cb, "ASSAULT", "suicide-attack", REBELS, VILLAGERS, None)[1] == "Suicide bomb"
    assert acled(cb, "ASSAULT", "explosives", None, None, None)[1] == "Remote explosive/landmine/IED"
    assert acled(cb, "ASSAULT", "explosives", None, None, None, text="Attackers threw a grenade")[1] == "Grenade"
    assert acled(cb, "ASSAULT", "unconventional", ARMY, None, None)[1] == "Chemical weapon"


def test_acled_violence_against_civilians(cb):
    assert acled(cb, "ASSAULT", "firearms", REBELS, VILLAGERS, None) == ("Violence against civilians", "Attack")
    assert acled(cb, "ASSAULT", "abduct", REBELS, VILLAGERS, None) == \
        ("Violence against civilians", "Abduction/forced disappearance")
    assert acled(cb, "ASSAULT", "sexual", ARMY, VILLAGERS, None) == ("Violence against civilians", "Sexual violence")
    journalist = actor("a journalist", "MED", "IND")
    assert acled(cb, "ASSAULT", "beat", None, journalist, None) == ("Violence against civilians", "Attack")
    assert acled(cb, "ASSAULT", "beat", VILLAGERS, journalist, None) == ("Riots", "Mob violence")


def test_acled_strategic_developments(cb):
    sd = "Strategic developments"
    assert acled(cb, "COERCE", "arrest", POLICE, actor("a suspect", "CRM"), None) == (sd, "Arrests")
    assert acled(cb, "COERCE", "detain", POLICE, None, None) == (sd, "Arrests")
    assert acled(cb, "COERCE", "seize", REBELS, None, None) == (sd, "Looting/property destruction")
    assert acled(cb, "ASSAULT", "destroy", REBELS, None, None) == (sd, "Looting/property destruction")
    assert acled(cb, "AGREE", None, ARMY, REBELS, None) == (sd, "Agreement")
    assert acled(cb, "MOBILIZE", "troops", ARMY, None, None) == (sd, "Change to group/activity")
    assert acled(cb, "MOBILIZE", "troops", ARMY, None, None, text="The army set up a new base") == \
        (sd, "Headquarters or base established")
    assert acled(cb, "RETREAT", "withdraw", ARMY, None, None) == (sd, "Non-violent transfer of territory")
    assert acled(cb, "COERCE", "seize", POLICE, None, None, text="Police defused a bomb") == \
        (sd, "Disrupted weapons use")


def test_acled_territory_taken_by_force(cb):
    text = "Insurgents seized control of the town"
    assert acled(cb, "COERCE", "seize", REBELS, None, None, text=text) == \
        ("Battles", "Non-state actor overtakes territory")
    assert acled(cb, "COERCE", "seize", ARMY, None, None, text=text) == \
        ("Battles", "Government regains territory")


def test_acled_none_for_verbal_events(cb):
    for event_type in ("CONSULT", "ACCUSE", "REQUEST", "THREATEN", "SANCTION", "SUPPORT"):
        assert cb.acled_for(event_type, None, ARMY, REBELS, None) is None


def test_acled_fatalities_turn_crowd_control_into_excessive_force(cb):
    dead = Quantities(fatalities=Count(min=3))
    assert acled(cb, "ASSAULT", "crowd-control", POLICE, PROTESTERS, dead)[1] == \
        "Excessive force against protesters"


# ---- contexts -----------------------------------------------------------------------

def test_contexts_from_the_sentence(cb):
    sent = "Police arrested 140 protesters after the presidential election, the opposition said."
    got = cb.contexts(sent, sent, "COERCE", "arrest")
    assert "election" in got and "executive" in got
    assert set(got) <= set(cb.context_names)


def test_contexts_examples(cb):
    def ctx(sent: str, event_type: str = "PROTEST", mode: str | None = None) -> list[str]:
        return cb.contexts(sent, sent, event_type, mode)
    assert "economic" in ctx("Workers struck over unpaid wages and rising fuel prices.")
    assert "repression" in ctx("Riot police fired tear gas and water cannons at the crowd.")
    assert "diplomatic" in ctx("The foreign minister recalled the ambassador from the embassy.", "SANCTION")
    assert "human_rights" in ctx("Amnesty International condemned the abuses.", "ACCUSE")
    assert "cbrn" in ctx("Inspectors found traces of sarin.", "ACCUSE")
    assert "terrorism" in ctx("Al-Qaeda claimed the attack.", "ASSAULT")
    assert ctx("They met on Tuesday.", "CONSULT") == []


def test_document_contexts_need_two_mentions(cb):
    sent = "Thousands marched in the capital on Sunday."
    once = sent + " The vote is due in May."
    twice = sent + " The vote is due in May. Candidates began their campaign."
    assert "election" not in cb.contexts(sent, once, "PROTEST", "demo")
    assert "election" in cb.contexts(sent, twice, "PROTEST", "demo")


def test_mode_implies_context(cb):
    sent = "The ministry's website was taken down."
    assert "cyber" in cb.contexts(sent, sent, "COERCE", "cyber")
    assert "cyber" not in cb.contexts(sent, sent, "COERCE", "restrict")


def test_plurals_and_phrases_match(cb):
    assert "migration" in cb.contexts("Refugees crossed overnight.", "", "RETREAT", None)
    assert "human_rights" in cb.contexts("Human rights groups objected.", "", "ACCUSE", None)
    # a phrase's words alone are not enough
    assert "human_rights" not in cb.contexts("Humans have rights.", "", "ACCUSE", None)


def test_contexts_are_fast_on_long_documents(cb):
    sent = "Police detained dozens of opposition supporters after the election in the capital."
    doc = " ".join([sent, "Prices of bread rose sharply as the economy slowed."] * 400)
    cb.contexts(sent, doc, "COERCE", "arrest")
    start = time.perf_counter()
    for _ in range(500):
        cb.contexts(sent, doc, "COERCE", "arrest")
    per_call = (time.perf_counter() - start) / 500
    assert per_call < 0.0005  # the document is scanned once, not per event


def test_contexts_accept_unknown_type_and_empty_text(cb):
    assert cb.contexts("", "", "DANCE", "tango") == []


def test_armed_group_capturing_a_town_is_a_territorial_change():
    from tacitus.coding.codebook import CodeBook
    from tacitus.records import Actor

    book = CodeBook()
    rebels = Actor(text="rebels", sector="REB")
    army = Actor(text="the army", country="MLI", sector="MIL", code="MLIMIL")
    words = "rebels captured the town after heavy fighting"
    rebel_take = book.acled_for("ASSAULT", None, rebels, army, None, text=words)
    assert rebel_take.sub_event_type == "Non-state actor overtakes territory"
    army_back = book.acled_for("ASSAULT", None, army, rebels, None,
                               text="the army recaptured the town from rebels")
    assert army_back.sub_event_type == "Government regains territory"
    plain = book.acled_for("ASSAULT", None, army, rebels, None, text="the army attacked rebels")
    assert plain.sub_event_type == "Armed clash"
