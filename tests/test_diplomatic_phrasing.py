"""Common diplomatic and supply phrasing on newswire (sentences written for these tests)."""

from __future__ import annotations

from conftest import first_event


def test_spoke_by_phone_with_is_a_phone_consultation(code):
    consult = first_event(code("Japan's prime minister spoke by telephone with the South Korean "
                               "president on Tuesday."), "CONSULT")
    assert consult.mode == "phone"
    assert consult.target is not None and consult.target.country == "KOR"


def test_speaking_with_reporters_is_no_consultation(code):
    assert not [e for e in code("The foreign minister spoke with reporters after the vote.")
                if e.event_type == "CONSULT"]


def test_calling_up_reservists_is_a_mobilisation(code):
    mobilize = first_event(code("Serbia has called up two thousand army reservists."), "MOBILIZE")
    assert mobilize.source is not None and mobilize.source.country == "SRB"


def test_cutting_supplies_to_a_country_targets_that_country(code):
    threat = first_event(code("Russia's state oil company threatened on Monday to cut oil "
                              "supplies to Belarus."), "THREATEN")
    assert threat.target is not None and threat.target.country == "BLR"


def test_walking_off_the_job_is_a_strike(code):
    strike = first_event(code("About 3,000 miners walked off the job in Katowice on Tuesday."),
                         "PROTEST")
    assert strike.mode == "strike"


def test_dismissing_people_as_something_is_a_criticism(code):
    events = code("The interior minister dismissed the strikers as paid agitators.")
    accuse = first_event(events, "ACCUSE")
    assert accuse.target is not None and accuse.target.text == "the strikers"
    assert not [e for e in events if e.event_type == "REJECT"]


def test_weapons_describing_the_victims_are_not_the_attackers(code):
    assault = first_event(code("Riot police fired tear gas at rock-throwing students in Jakarta."),
                          "ASSAULT")
    assert assault.mode != "primitive"


def test_people_named_by_their_weapon_are_victims_not_means(code):
    assault = first_event(code("Troops killed four armed gunmen near the Afghan border."), "ASSAULT")
    assert assault.target is not None and assault.target.text == "four armed gunmen"


def test_a_country_the_tagger_calls_a_person_is_still_the_place(code):
    # the small model tags "Mali" after "northern" as PERSON; the gazetteer decides
    assault = first_event(code("Gunmen abducted a French aid worker in northern Mali."), "ASSAULT")
    assert assault.location is not None and assault.location.country == "MLI"


def test_state_of_emergency_is_martial_coercion(code):
    coerce = first_event(code("Peru's government declared a state of emergency in two southern "
                              "regions on Friday."), "COERCE")
    assert coerce.mode == "martial"


def test_test_firing_missiles_is_a_weapons_mobilisation_not_an_attack(code):
    events = code("Pakistan test-fired a nuclear-capable cruise missile on Thursday.")
    first_event(events, "MOBILIZE")
    assert not [e for e in events if e.event_type == "ASSAULT"]


def test_brokering_a_deal_is_mediation_by_the_broker(code):
    consult = first_event(code("Norway brokered a truce between the two factions."), "CONSULT")
    assert consult.mode == "third" and consult.source.country == "NOR"


def test_a_vehicle_hitting_a_landmine_is_an_attack_not_an_accident(code):
    assault = first_event(code("Three soldiers died when their truck hit a landmine near Kidal."),
                          "ASSAULT")
    assert assault.mode == "explosives"


def test_releasing_a_former_president_is_a_release(code):
    retreat = first_event(code("The military council freed the ousted president on Monday."),
                          "RETREAT")
    assert retreat.mode == "release"


def test_a_regulator_fining_a_company_is_a_sanction(code):
    sanction = first_event(code("The Indian government fined the telecom operator $2 million."),
                           "SANCTION")
    assert sanction.source is not None and sanction.source.country == "IND"


def test_refusing_to_lay_down_arms_is_a_rejection(code):
    first_event(code("The militia said it would never lay down its weapons."), "REJECT")


def test_apologising_is_a_concession(code):
    first_event(code("The Japanese prime minister apologised to the families."), "CONCEDE")


def test_a_scheduled_visit_is_a_planned_consultation(code):
    consult = first_event(code("The Kenyan president will visit Addis Ababa next week."), "CONSULT")
    assert consult.modality == "planned"


def test_rockets_fired_at_towns_are_a_heavy_weapons_attack_on_them(code):
    assault = first_event(code("Militants fired scores of rockets at northern Israeli villages."),
                          "ASSAULT")
    assert assault.mode == "heavy-weapons"
    assert assault.target is not None and assault.target.country == "ISR"
    assert assault.acled.sub_event_type == "Shelling/artillery/missile attack"


def test_tear_gas_is_crowd_control(code):
    assault = first_event(code("Riot police fired tear gas at students in Santiago."), "ASSAULT")
    assert assault.mode == "crowd-control"


def test_leaving_people_injured_counts_the_injured(code):
    assault = first_event(code("Farmers clashed with police in Nashik, leaving 14 injured."),
                          "ASSAULT")
    assert assault.quantities.injuries is not None and assault.quantities.injuries.min == 14


def test_one_countrys_drills_are_mobilisation_joint_ones_cooperation(code):
    first_event(code("Taiwan's army held live-fire drills on Penghu island."), "MOBILIZE")
    first_event(code("Indian and French warships held joint naval exercises off Goa."),
                "COOPERATE")


def test_jets_bombing_is_an_air_strike(code):
    assault = first_event(code("Syrian jets bombed rebel positions near Idlib."), "ASSAULT")
    assert assault.mode == "aerial"
    assert assault.acled.sub_event_type == "Air/drone strike"


def test_the_nationality_of_people_acted_on_is_not_the_place(code):
    sanction = first_event(code("Beijing expelled three Australian journalists on Friday."),
                           "SANCTION")
    assert sanction.location is None or sanction.location.country != "AUS"


def test_approving_a_loan_is_aid_from_the_approver(code):
    aid = first_event(code("The Asian Development Bank approved a $250 million loan to Nepal."),
                      "AID")
    assert aid.target is not None and aid.target.country == "NPL"
    assert not [e for e in code("The Asian Development Bank approved a $250 million loan to "
                                "Nepal.") if e.event_type == "SUPPORT"]


def test_adopting_sanctions_is_a_sanction(code):
    sanction = first_event(code("EU governments adopted new sanctions against Syria."), "SANCTION")
    assert sanction.target is not None and sanction.target.country == "SYR"


def test_the_nationality_of_a_seized_ship_is_not_the_place(code):
    coerce = first_event(code("The Philippine coast guard seized a Vietnamese trawler on Sunday."),
                         "COERCE")
    assert coerce.location is None or coerce.location.country != "VNM"


def test_a_curfew_on_a_town_acts_on_its_civilians(code):
    coerce = first_event(code("KANO, Nigeria - A 24-hour curfew was imposed on Sunday after "
                              "overnight rioting."), "COERCE")
    assert coerce.target is not None and coerce.target.sector == "CVL"
    assert coerce.target.country == "NGA"
