"""Behaviour of the events stage: triggers, arguments and modality users rely on."""

from __future__ import annotations

import pytest

from tacitus.events import EventMention, find_mentions
from tacitus.nlp import load_model, prepare_text
from tacitus.records import EVENT_TYPES


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.fixture()
def mentions(nlp):
    def run(text: str) -> list[EventMention]:
        doc = nlp(prepare_text(text))
        return [m for sent in doc.sents for m in find_mentions(sent)]
    return run


def only(found: list[EventMention], event_type: str) -> EventMention:
    hits = [m for m in found if m.event_type == event_type]
    assert len(hits) == 1, [(m.event_type, m.trigger.text) for m in found]
    return hits[0]


def text(span) -> str | None:
    return None if span is None else span.text


def test_passive_arrest_has_victims_as_target(mentions):
    m = only(mentions("At least 140 people were arrested in Minsk on Sunday, including a journalist for TASS."),
             "COERCE")
    assert m.mode == "arrest"
    assert m.trigger.text == "arrested"
    assert text(m.target) == "At least 140 people"   # the "including" tail is not part of it
    assert m.source is None
    assert m.modality == "asserted"


def test_compound_actor_is_one_span(mentions):
    found = mentions("Russia and Belarus agreed on a $1 billion loan.")
    assert len(found) == 1
    assert found[0].event_type == "AGREE"
    assert text(found[0].source) == "Russia and Belarus"


def test_prepositional_target_of_assault(mentions):
    m = only(mentions("Police fired tear gas at protesters."), "ASSAULT")
    assert text(m.source) == "Police"
    assert text(m.target) == "protesters"


def test_light_verb_noun_decides_type(mentions):
    m = only(mentions("The EU imposed sanctions on Belarusian officials."), "SANCTION")
    assert text(m.source) == "The EU"
    assert text(m.target) == "Belarusian officials"
    talks = only(mentions("The president held talks with his Chinese counterpart."), "CONSULT")
    assert text(talks.source) == "The president"


def test_reported_negated_attack_is_not_asserted(mentions):
    m = only(mentions("Putin said Russia would not attack Ukraine."), "ASSAULT")
    assert m.modality == "negated"
    assert text(m.source) == "Russia"
    assert text(m.target) == "Ukraine"


def test_conditional_strike_is_hypothetical(mentions):
    m = only(mentions("If the currency collapses, workers will strike."), "PROTEST")
    assert m.mode == "strike"
    assert m.modality == "hypothetical"
    assert text(m.source) == "workers"


def test_denial_negates(mentions):
    m = only(mentions("The government denied attacking the village."), "ASSAULT")
    assert m.modality == "negated"


def test_future_sanction_is_planned(mentions):
    m = only(mentions("The US will impose sanctions on Belarus next week."), "SANCTION")
    assert m.modality == "planned"


def test_outer_verb_codes_the_threat(mentions):
    found = mentions("Russia threatened to impose sanctions on Lithuania.")
    assert [m.event_type for m in found] == ["THREATEN"]
    assert text(found[0].source) == "Russia"


def test_coordinated_verbs_give_two_events_sharing_subject(mentions):
    found = mentions("Lukashenko met Putin in Sochi and agreed to deepen military cooperation.")
    assert [m.event_type for m in found] == ["CONSULT", "AGREE"]
    assert all(text(m.source) == "Lukashenko" for m in found)
    assert text(found[0].target) == "Putin"


def test_multiword_triggers(mentions):
    assert only(mentions("Thousands took to the streets of Minsk."), "PROTEST").mode == "demo"
    cut = only(mentions("Belarus broke off diplomatic relations with Lithuania."), "SANCTION")
    assert cut.trigger.text == "broke off"
    assert text(cut.target) == "Lithuania"
    shut = only(mentions("Authorities shut down the internet."), "COERCE")
    assert shut.mode == "restrict"


def test_nominal_trigger_with_possessive_source(mentions):
    m = only(mentions("Russia's sanctions against Ukraine hurt trade."), "SANCTION")
    assert m.source is not None and m.source.root.text == "Russia"
    assert text(m.target) == "Ukraine"


def test_modifiers_stay_in_actor_but_relative_clause_does_not(mentions):
    m = only(mentions("Belarusian riot police detained dozens of protesters who had gathered in the square."),
             "COERCE")
    assert text(m.source) == "Belarusian riot police"
    assert text(m.target) == "dozens of protesters"


def test_object_noun_is_absorbed_by_its_verb(mentions):
    found = mentions("Berlin rejected calls by the opposition for economic aid.")
    assert [m.event_type for m in found] == ["REJECT"]


def test_non_event_senses_are_ignored(mentions):
    assert mentions("He had a lucky strike in the last game.") == []
    assert mentions("Is it time to impose sanctions?") == []


def test_air_strike_is_an_assault(mentions):
    m = only(mentions("An air strike hit a convoy near Aleppo."), "ASSAULT")
    assert m.mode == "aerial"


def test_every_type_is_a_plover_type(mentions):
    found = mentions("Protesters clashed with police. The minister visited Moscow. "
                     "Israel deployed troops to the border. The court convicted the editor.")
    assert found
    assert all(m.event_type in EVENT_TYPES for m in found)
    assert all(m.modality in ("asserted", "negated", "planned", "hypothetical") for m in found)
    assert all(0.0 <= m.confidence <= 1.0 for m in found)


def test_planning_verbs_and_never(mentions):
    assert only(mentions("The EU plans to impose new sanctions on Minsk."), "SANCTION").modality == "planned"
    assert only(mentions("The president is to visit Moscow next week."), "CONSULT").modality == "planned"
    assert only(mentions("Troops never fired on the crowd."), "ASSAULT").modality == "negated"
    assert only(mentions("The opposition could boycott the vote."), "PROTEST").modality == "hypothetical"


def test_announced_future_is_coded_as_the_statement(mentions):
    # PLOVER: a stated intention to cooperate is AGREE, to harm is THREATEN.
    agree = mentions("Hungary said it will support the resolution.")
    assert [m.event_type for m in agree] == ["AGREE"]
    threat = only(mentions("Poland said it would cut ties with Minsk."), "THREATEN")
    assert threat.mode == "relations"
    assert text(threat.source) == "it"
    assert text(threat.target) == "Minsk"


def test_reported_obligation_is_a_request(mentions):
    m = only(mentions("The minister said Libya must hand over the suspects."), "REQUEST")
    assert text(m.source) == "The minister"
    assert text(m.target) == "Libya"


def test_coordinated_same_type_verbs_merge_but_different_modes_do_not(mentions):
    assert len(mentions("A roadside bomb killed one soldier and wounded two others.")) == 1
    found = mentions("The government shut down the internet and arrested dozens of journalists.")
    assert [m.mode for m in found] == ["restrict", "arrest"]


def test_background_event_is_folded_into_the_event_it_explains(mentions):
    found = mentions("Armenia and Azerbaijan agreed to a truce after three days of heavy shelling.")
    assert [m.event_type for m in found] == ["AGREE"]


def test_background_event_with_no_other_event_is_reported(mentions):
    # the annotation guide codes every action an item reports: here only the withdrawal
    found = mentions("Refugees went home after the withdrawal of the occupying troops.")
    assert [m.event_type for m in found] == ["RETREAT"]
    found = mentions("Clean-up begins in the town after the army offensive")
    assert [m.event_type for m in found] == ["ASSAULT"]


def test_commentary_yields_no_asserted_event(mentions):
    found = mentions("Analysts say the move could trigger protests.")
    assert all(m.modality != "asserted" for m in found)
    assert mentions("It is time to impose sanctions on Belarus.") == []


def test_nominal_trigger_of_phrase_names_the_target(mentions):
    found = mentions("The arrest of the opposition leader sparked protests.")
    arrest = only(found, "COERCE")
    assert text(arrest.target) == "the opposition leader"
    assert only(found, "PROTEST").source is None      # an event is not an actor


def test_mislemmatized_verbs_still_match(mentions):
    m = only(mentions("Soldiers raped women in the village."), "ASSAULT")
    assert m.mode == "sexual"


# -- argument rules: bracketed asides, carried nouns, recipients, addressees ------------

def test_bracketed_aside_stays_inside_the_actor_phrase(mentions):
    found = mentions("Members of the Vatan (Homeland) opposition party agreed to end the boycott.")
    m = only(found, "AGREE")
    assert text(m.source) == "Members of the Vatan (Homeland) opposition party"


def test_light_verb_reaches_noun_through_a_measure(mentions):
    found = mentions("Greek and Turkish warships began three days of naval exercises in the Aegean.")
    # found as an exercise (MOBILIZE); grounding makes a joint one COOPERATE (see
    # test_diplomatic_phrasing)
    m = only(found, "MOBILIZE")
    assert text(m.source) == "Greek and Turkish warships"


def test_own_forces_object_points_to_the_place(mentions):
    m = only(mentions("Kenya withdrew its troops from Somalia last year."), "RETREAT")
    assert text(m.target) == "Somalia"


def test_transfer_verb_target_is_the_recipient(mentions):
    m = only(mentions("Chile granted political asylum to three Bolivian politicians."), "AID")
    assert text(m.target) == "three Bolivian politicians"


def test_demand_addressee_is_the_subject_of_the_that_clause(mentions):
    m = only(mentions("Beijing demanded that Washington cancel the arms sale."), "REQUEST")
    assert text(m.target) == "Washington"


def test_statement_noun_passes_the_demand_to_its_issuer(mentions):
    found = mentions("The rebel movement issued a statement demanding that the army release "
                     "its fighters.")
    m = only(found, "REQUEST")
    assert text(m.source) == "The rebel movement"


def test_ordered_action_is_coded_for_the_one_who_orders(mentions):
    found = mentions("The junta ordered the independent radio station to suspend broadcasts.")
    m = next(m for m in found if m.event_type in ("COERCE", "SANCTION"))
    assert text(m.source) == "The junta"
    assert text(m.target) == "the independent radio station"


def test_copula_describing_an_earlier_event_is_not_a_new_one(mentions):
    found = mentions("Thousands marched in Kyiv. It was the biggest protest in the city in a decade.")
    assert [m.trigger.text for m in found if m.event_type == "PROTEST"] == ["marched"]


def test_relative_clause_background_event_is_dropped(mentions):
    found = mentions("Kenya sent aid to Somalia, which is preparing an offensive.")
    assert "ASSAULT" not in [m.event_type for m in found]


def test_agent_named_on_the_violent_act(mentions):
    m = only(mentions("One man was killed in firing by the police on Tuesday."), "ASSAULT")
    assert text(m.source) == "the police"
    m = only(mentions("Two boys were killed in an Israeli air raid."), "ASSAULT")
    assert text(m.source) == "Israeli"


def test_firing_is_an_attack(mentions):
    m = only(mentions("Soldiers opened indiscriminate firing on the crowd."), "ASSAULT")
    assert text(m.source) == "Soldiers"


def test_object_that_is_an_act_passes_on_to_its_recipient(mentions):
    m = only(mentions("Norway halted development aid to Malawi last year."), "SANCTION")
    assert text(m.target) == "Malawi"


def test_threatened_act_names_who_is_threatened(mentions):
    m = only(mentions("Russia threatened to cut off gas to Moldova."), "THREATEN")
    assert text(m.target) == "Moldova"


def test_announced_resignation_stays_a_planned_retreat(mentions):
    m = only(mentions("The disgraced minister will resign next week."), "RETREAT")
    assert m.modality == "planned"


def test_naval_blockade_is_coercion_not_protest(mentions):
    m = only(mentions("The navy imposed a naval blockade on the port."), "COERCE")
    assert m.mode == "blockade"


# --- arguments of nominal triggers and headline forms (real news) -----------------------

def test_headline_without_was_has_the_victim_as_target(mentions):
    m = only(mentions("Kenyan reporter abducted\n\nMore text follows here."), "ASSAULT")
    assert m.source is None and text(m.target) == "Kenyan reporter"


def test_full_sentence_subject_stays_the_agent(mentions):
    m = only(mentions("Rebels attacked."), "ASSAULT")
    assert text(m.source) == "Rebels"


def test_subject_reaches_through_stopped_short_of(mentions):
    m = only(mentions("Japan stopped short of endorsing India's bid for a seat."), "SUPPORT")
    assert text(m.source) == "Japan"


def test_placed_under_arrest_targets_the_one_arrested(mentions):
    m = only(mentions("The former governor was placed under arrest on Friday."), "COERCE")
    assert text(m.target) == "The former governor"


def test_circumstance_noun_takes_no_actor_from_the_verb(mentions):
    found = mentions("A Chilean court acquitted four men in the 1998 bombing of a bank.")
    # The court acquits; it did not bomb. A bombing named inside the acquittal's target
    # phrase is background and, if kept at all, has no source.
    assert any(m.trigger.text == "acquitted" and m.event_type == "CONCEDE" for m in found)
    assert all(m.source is None for m in found if m.trigger.text == "bombing")


def test_accusation_targets_the_subject_of_its_that_clause(mentions):
    found = mentions("Ghana made accusations that Togo had armed the rebels.")
    m = next(m for m in found if m.event_type == "ACCUSE")
    assert text(m.source) == "Ghana" and text(m.target) == "Togo"


@pytest.mark.parametrize("sentence, event_type, source", [
    ("Israeli raids continued overnight in the camp.", "COERCE", "Israeli"),
    ("US sanctions on Cuba remain.", "SANCTION", "US"),
])
def test_naming_modifier_is_the_source_of_a_noun_trigger(mentions, sentence, event_type, source):
    m = only(mentions(sentence), event_type)
    assert text(m.source) == source


def test_place_before_an_attack_noun_is_no_source(mentions):
    found = mentions("The Kabul bombing killed four.")
    assert all(text(m.source) != "Kabul" for m in found)


def test_bomb_and_the_killing_it_caused_are_one_event(mentions):
    found = mentions("A truck bomb exploded near the market, killing nine people.")
    m = only(found, "ASSAULT")
    assert text(m.target) == "nine people"


def test_call_for_someone_to_act_targets_them(mentions):
    m = only(mentions("The board passed a resolution calling for Syria to end the blockade."),
             "REQUEST")
    assert text(m.target) == "Syria"


def test_troops_sent_into_a_country_target_it(mentions):
    m = only(mentions("Chad sent troops into Sudan on Friday."), "MOBILIZE")
    assert text(m.target) == "Sudan"


def test_dying_in_police_firing_is_an_attack_by_the_police(mentions):
    m = only(mentions("Officials say 14 people have died in police firing."), "ASSAULT")
    assert text(m.source) == "police" and text(m.target) == "14 people"
    assert not [m for m in mentions("The old farmer died in hospital.") if m.event_type == "ASSAULT"]


def test_reduced_relative_killed_in_police_firing_names_the_police(mentions):
    m = only(mentions("One man killed in police firing in the old city."), "ASSAULT")
    assert text(m.source) == "police"


@pytest.mark.parametrize("sentence", [
    "Police detained 30 students outside the university on Tuesday.",
    "Thirty students were taken into custody outside the university.",
    "The detention of thirty students angered their parents."])
def test_detention_is_plover_arrest_mode(mentions, sentence):
    # PLOVER's COERCE "arrest" mode is "arrest, detain, imprison": one mode for all three.
    assert only(mentions(sentence), "COERCE").mode == "arrest"


@pytest.mark.parametrize("sentence", [
    "During a raid on the market, forty men were held and their weapons were seized.",
    "Twelve traders were booked under the customs act on Monday.",
    "The guards apprehended two young men near the gate."])
def test_arrest_verbs_done_to_people(mentions, sentence):
    assert any(m.event_type == "COERCE" and m.mode == "arrest" for m in mentions(sentence))


@pytest.mark.parametrize("sentence", [
    "A meeting of the council was held in the town hall.",
    "Apprehending trouble, the shopkeepers closed their shops early."])
def test_same_verbs_done_to_things_are_no_arrest(mentions, sentence):
    assert not any(m.mode == "arrest" for m in mentions(sentence))


def test_coordinated_clause_takes_the_nearest_subject(mentions):
    found = mentions("The raiders fired at the bank, but guards posted inside killed two of them.")
    killing = next(m for m in found if m.trigger.text == "killed")
    assert text(killing.source) == "guards"


def test_participle_with_elided_were_is_passive(mentions):
    found = mentions("Six villagers were wounded and two killed by the raiders near the well.")
    killing = next(m for m in found if m.trigger.text == "killed")
    assert text(killing.source) is not None and "raiders" in text(killing.source)


def test_killed_in_firing_inside_an_in_which_clause(mentions):
    found = mentions("The march in which a student was killed in police firing was called off.")
    killing = next(m for m in found if m.trigger.text == "killed")
    assert text(killing.source) == "police"


def test_pardons_and_admissions_are_concessions(mentions):
    assert only(mentions("The president pardoned two jailed opposition activists."), "CONCEDE")
    m = only(mentions("The defence minister acknowledged that troops had fired on the crowd."), "CONCEDE")
    assert text(m.source) == "The defence minister"


def test_declining_to_act_negates_the_act(mentions):
    found = mentions("The government declined to condemn the raid.")
    accusations = [m.modality for m in found if m.event_type == "ACCUSE"]
    assert accusations == ["negated"]


def test_a_plotted_attack_is_planned_not_asserted(mentions):
    m = only(mentions("Militants plotted to kill the governor during his visit."), "ASSAULT")
    assert m.modality == "planned"


@pytest.mark.parametrize("sentence", [
    "Two traders were killed in army firng near the bridge.",      # a typo of the act
    "A young man died in police custody last week."])
def test_a_state_force_on_the_act_a_victim_fell_in_is_the_agent(mentions, sentence):
    m = only(mentions(sentence), "ASSAULT")
    assert text(m.source) in ("army", "police")


def test_a_place_of_the_police_names_no_agent(mentions):
    m = only(mentions("A guard was killed in the police station on Monday."), "ASSAULT")
    assert text(m.source) is None


def test_bulleted_summary_line_keeps_the_passive(mentions):
    m = only(mentions("• Three guards and two porters also killed."), "ASSAULT")
    assert text(m.source) is None and text(m.target) == "Three guards and two porters"
    m = only(mentions("Three guards killed the intruder."), "ASSAULT")
    assert text(m.source) == "Three guards"


def test_headline_passive_after_another_clause_has_the_victims_as_target(mentions):
    found = [m for m in mentions("Blast hits Kandahar bazaar; 3 soldiers and 2 civilians also killed")
             if m.trigger.root.lower_ == "killed"]
    assert found and text(found[0].target) == "3 soldiers and 2 civilians"
    assert text(found[0].source) != "3 soldiers and 2 civilians"


@pytest.mark.parametrize("sentence", [
    "Nobody was arrested during the march on Friday.",
    "No one was detained when the students gathered outside the hall.",
    "Not a single rioter has been arrested so far, the opposition said.",
    "The police arrested none of the organisers."])
def test_an_act_done_to_nobody_is_negated(mentions, sentence):
    assert only(mentions(sentence), "COERCE").modality == "negated"


def test_an_act_someone_should_be_made_to_do_is_not_asserted(mentions):
    found = mentions("The petition said the state should be directed to stop the marchers "
                     "and detain them until Friday.")
    assert [m.modality for m in found if m.event_type == "COERCE"] == ["hypothetical"]


@pytest.mark.parametrize("sentence", [
    "The chancellor stopped short of endorsing the rebel leader.",
    "The council fell short of condemning the raid on the camp."])
def test_stopping_short_of_an_act_negates_it(mentions, sentence):
    found = [m for m in mentions(sentence) if m.event_type in ("SUPPORT", "ACCUSE")]
    assert [m.modality for m in found] == ["negated"]


def test_a_relative_clause_on_the_attack_is_the_same_attack(mentions):
    found = mentions("The shelling of a border post that wounded nine guards drew protests "
                     "from the neighbours.")
    assert [m.trigger.text for m in found if m.event_type == "ASSAULT"] == ["shelling"]


def test_releasing_people_is_retreat_releasing_a_statement_is_not(mentions):
    assert only(mentions("The junta released 30 political prisoners on Friday."), "RETREAT").mode == "release"
    assert [m.event_type for m in mentions("The ministry released a statement on the talks.")] == []
    assert [m.event_type for m in mentions("The kidnappers released a video of the engineer.")] == []


def test_hostage_taking_is_an_abduction(mentions):
    assert only(mentions("Pirates took twelve sailors hostage off the coast."), "ASSAULT").mode == "abduct"


def test_a_participle_acting_on_someone_is_its_own_event(mentions):
    found = mentions("Paris rejected demands by gunmen holding three French engineers hostage.")
    assert sorted(m.event_type for m in found) == ["ASSAULT", "REJECT"]
    assert "ASSAULT" in [m.event_type for m in mentions("Talks began with rebels holding two hostages.")]


def test_stepping_up_security_is_mobilize_and_restoring_order_coerce(mentions):
    assert only(mentions("The army beefed up its presence along the border."), "MOBILIZE")
    assert only(mentions("Police tightened security around the parliament."), "MOBILIZE")
    assert only(mentions("Peacekeepers restored order in the capital on Sunday."), "COERCE")


def test_people_taken_into_custody_as_a_reduced_relative(mentions):
    m = only(mentions("The mayor was among the forty traders taken into custody on Monday."), "COERCE")
    assert m.mode == "arrest" and text(m.target) == "the forty traders"


def test_a_passive_raised_to_a_reporting_verb_keeps_its_victims(mentions):
    m = only(mentions("Four traders are reported to have been wounded in army firing."), "ASSAULT")
    assert text(m.source) == "army" and text(m.target) == "Four traders"


def test_one_made_to_act_is_who_acts(mentions):
    m = only(mentions("The guards were forced to open fire on the crowd."), "ASSAULT")
    assert text(m.source) == "The guards"


def test_walking_away_from_talks_is_a_rejection_walking_out_of_work_a_strike(mentions):
    assert only(mentions("The opposition walked out of the talks with the government."), "REJECT")
    assert only(mentions("Rebel envoys walked away from the peace talks on Friday."), "REJECT")
    assert only(mentions("Dock workers walked out on Monday over pay."), "PROTEST")


def test_a_condition_contrary_to_fact_is_hypothetical(mentions):
    m = only(mentions("Had the guards arrested the gang earlier, the looting would have stopped."), "COERCE")
    assert m.modality == "hypothetical"
    assert only(mentions("The guards had arrested the gang earlier."), "COERCE").modality == "asserted"


def test_headline_passive_with_a_place_still_has_the_victim_as_target(mentions):
    m = only(mentions("Abducted Korean engineer killed in Nigeria"), "ASSAULT")
    assert text(m.target) == "Abducted Korean engineer" and text(m.source) is None
