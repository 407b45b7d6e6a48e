"""Recipients and sources on newswire that the plain subject/object reading misses
(sentences written for these tests)."""

from __future__ import annotations

from conftest import first_event


def test_conditional_threat_is_aimed_at_the_party_of_the_condition(code):
    threat = first_event(code("The captors threatened to kill the engineer within three days "
                         "unless the Italian government frees their leaders."), "THREATEN")
    assert threat.target is not None
    assert (threat.target.country, threat.target.sector) == ("ITA", "GOV")


def test_threat_without_condition_keeps_its_object(code):
    threat = first_event(code("Rebels threatened to attack the Nigerian army."), "THREATEN")
    assert threat.target is not None and threat.target.country == "NGA"


def test_agentless_headline_takes_the_leads_actor_on_the_same_recipient(code):
    events = code("Syria Is Condemned Over Border Raids\n\nThe Arab League's council passed a "
                  "resolution on Sunday urging Syria to stop the raids.")
    heads = [e for e in events if e.event_type == "ACCUSE" and e.evidence.start == 0]
    assert heads, [(e.event_type, e.evidence.trigger) for e in events]
    assert heads[0].target.country == "SYR"
    assert heads[0].source is not None and heads[0].source.country == "IGO"


def test_deal_signed_in_a_foreign_country_is_with_that_country(code):
    deal = first_event(code("The German government will sign contracts worth 500 million euros "
                       "in Brazil on Monday."), "AGREE")
    assert deal.target is not None and deal.target.country == "BRA"


def test_deal_signed_in_a_city_has_the_city_only_as_venue(code):
    deal = first_event(code("Iran agreed in Geneva to suspend enrichment."), "AGREE")
    assert deal.target is None or deal.target.country != "CHE"


def test_ordered_to_stand_trial_is_a_court_act_on_the_one_ordered(code):
    events = code("Fujimori is ordered to stand trial for corruption\n\nAlberto Fujimori, "
                  "the former Peruvian president, was questioned in Lima on Monday.")
    trial = [e for e in events if e.event_type == "ACCUSE" and e.evidence.start == 0]
    assert trial, [(e.event_type, e.evidence.trigger) for e in events]
    assert trial[0].source is not None and trial[0].source.sector == "JUD"
    assert trial[0].target is not None and trial[0].target.country == "PER"


def test_headline_surname_is_the_person_the_lead_names_in_full(code):
    events = code("Solana Criticises Iran Over Inspections\n\nEU foreign policy chief Javier "
                  "Solana criticised Iran on Monday for blocking inspectors.")
    heads = [e for e in events if e.event_type == "ACCUSE" and e.evidence.start == 0]
    assert heads and heads[0].source is not None and heads[0].source.country == "IGO"


def test_headline_takes_the_leads_recipient_when_the_lead_reports_it_as_possible(code):
    events = code("Japan Weighs More Sanctions Over Missile\n\nTOKYO - Japan may impose "
                  "sanctions against leaders of North Korea, officials said on Monday.")
    heads = [e for e in events if e.event_type == "SANCTION" and e.evidence.start == 0]
    assert heads, [(e.event_type, e.evidence.trigger) for e in events]
    assert heads[0].target is not None and heads[0].target.country == "PRK"


def test_counted_hostages_are_the_recipients_of_their_taking(code):
    taking = first_event(code("Islamist radicals holding three Japanese hostages in Iraq demanded "
                         "a withdrawal of troops."), "ASSAULT")
    assert taking.source is not None and taking.source.sector == "REB"
    assert taking.target is not None and taking.target.country == "JPN"


def test_walking_out_of_talks_rejects_the_body_named_on_them(code):
    walkout = first_event(code("Somali rebels walked out of African Union peace talks on Monday."),
                     "REJECT")
    assert walkout.target is not None and walkout.target.country == "IGO"


def test_headline_curfew_keeps_its_state_agent_over_the_leads_un_troops(code):
    events = code("Riots in Bangui, curfew imposed\n\nBANGUI - UN peacekeeping troops "
                  "imposed a curfew in Bangui on Friday after riots.")
    heads = [e for e in events if e.event_type == "COERCE" and e.evidence.start == 0]
    assert heads, [(e.event_type, e.evidence.trigger) for e in events]
    assert heads[0].source is not None and heads[0].source.country != "IGO"


def test_demand_that_a_measure_be_dropped_is_addressed_to_its_government(code):
    request = first_event(code("LAGOS - Protesters called for the curfew to be lifted on Monday."),
                     "REQUEST")
    assert request.target is not None
    assert (request.target.country, request.target.sector) == ("NGA", "GOV")


def test_demand_about_a_measure_of_a_named_owner_gets_no_implied_government(code):
    request = first_event(code("LAGOS - Protesters called for Shell's ban to be lifted on Monday."),
                      "REQUEST")
    assert request.target is None or request.target.sector != "GOV"
