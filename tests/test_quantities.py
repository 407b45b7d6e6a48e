"""tacitus.quantities: how many took part, were arrested, killed, injured; how much money."""

from __future__ import annotations

import pytest

from tacitus.quantities import extract_quantities
from tacitus.records import Quantities


@pytest.fixture(scope="module")
def quantities(nlp):
    def run(text: str, event_type: str | None = None, trigger: str | None = None) -> Quantities:
        doc = nlp(text)
        sent = next(iter(doc.sents))
        tok = next((t for t in sent if t.text == trigger), None) if trigger else None
        return extract_quantities(sent, event_type, tok)
    return run


def bounds(count) -> tuple:
    assert count is not None
    return count.min, count.max, count.approximate


# --- participants ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("100,000 protesters marched through the capital.", (100000, 100000, False)),
    ("About 5,000 demonstrators rallied outside parliament.", (5000, 5000, True)),
    ("Some 300 people gathered in the square on Sunday.", (300, 300, True)),
    ("More than 2,000 people took to the streets of Minsk.", (2000, None, False)),
    ("A crowd of 5,000 blocked the main road.", (5000, 5000, False)),
    ("Thousands of workers went on strike on Monday.", (2000, None, True)),
    ("The rally drew 200,000 people.", (200000, 200000, False)),
    ("Between 100,000 and 200,000 protesters marched in Minsk.", (100000, 200000, False)),
    ("Hundreds of thousands of people took to the streets.", (200000, None, True)),
    ("Tens of thousands of students staged a protest.", (20000, None, True)),
    ("Dozens of farmers held a rally in the capital.", (24, None, True)),
    ("Police fired tear gas at 500 protesters.", (500, 500, False)),
])
def test_participants(quantities, text, expected):
    assert bounds(quantities(text).participants) == expected


def test_bare_crowd_counts_as_participants_only_for_protest(quantities):
    text = "Thousands of people blocked the bridge on Friday."
    assert quantities(text).participants is None
    assert bounds(quantities(text, "PROTEST").participants) == (2000, None, True)


def test_participants_need_people(quantities):
    assert quantities("Three missiles struck the town.", "PROTEST").participants is None


# --- arrests --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("140 people were arrested in the capital.", (140, 140, False)),
    ("At least 140 people were detained after the march.", (140, None, False)),
    ("Police arrested 30 on Saturday.", (30, 30, False)),
    ("Rights groups condemned the detention of 200 activists.", (200, 200, False)),
    ("There were more than 100 arrests.", (100, None, False)),
    ("Up to 100 people were detained.", (None, 100, False)),
    ("Police rounded up nearly 2,500 people.", (2500, 2500, True)),
    ("Police arrested 12 protesters and 3 journalists.", (15, 15, False)),
])
def test_arrests(quantities, text, expected):
    q = quantities(text)
    assert bounds(q.arrests) == expected
    assert q.participants is None


def test_arrests_from_a_coerce_trigger(quantities):
    text = "Security forces took 40 students into a van."
    assert quantities(text).arrests is None
    q = quantities(text, "COERCE", trigger="took")
    assert bounds(q.arrests) == (40, 40, False)


# --- fatalities and injuries ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Gunmen opened fire, killing 12.", (12, 12, False)),
    ("12 people were killed in the attack.", (12, 12, False)),
    ("Twelve people died when the bomb went off.", (12, 12, False)),
    ("Officials said 12 were dead.", (12, 12, False)),
    ("The death toll rose to 40 on Tuesday.", (40, 40, False)),
    ("The blast left 3 dead.", (3, 3, False)),
    ("The bombing killed at least 156 people.", (156, None, False)),
    ("Rebels shelled the city, killing about 20 people.", (20, 20, True)),
    ("Twenty-five people were reported killed.", (25, 25, False)),
    ("A journalist was killed in a car bomb explosion.", (1, 1, False)),
    ("Militants killed a soldier and a policeman.", (2, 2, False)),
])
def test_fatalities(quantities, text, expected):
    assert bounds(quantities(text).fatalities) == expected


@pytest.mark.parametrize("text, expected", [
    ("The bomb exploded, injuring 20.", (20, 20, False)),
    ("20 were wounded in the clashes.", (20, 20, False)),
    ("Fewer than 10 people were hurt.", (None, 10, False)),
    ("Police said a dozen people were injured.", (12, 12, False)),
])
def test_injuries(quantities, text, expected):
    assert bounds(quantities(text).injuries) == expected


def test_killed_and_wounded_are_told_apart(quantities):
    q = quantities("A roadside bomb killed one soldier and wounded two others.")
    assert bounds(q.fatalities) == (1, 1, False)
    assert bounds(q.injuries) == (2, 2, False)


def test_killed_or_wounded_states_neither(quantities):
    q = quantities("The shelling killed or wounded 50 people.")
    assert q.fatalities is None and q.injuries is None


def test_no_one_was_killed(quantities):
    assert quantities("No one was killed in the blast.").fatalities is None


@pytest.mark.parametrize("text", [
    "Soldiers detained three men accused of killing nine farmers.",
    "Four women charged with kidnapping two children were released on bail.",
])
def test_victims_of_an_alleged_act_are_not_counted_for_the_arrest_or_release(quantities, text):
    q = quantities(text, "COERCE")
    assert q.fatalities is None


def test_headline_victims_listed_after_another_clause_are_summed(quantities):
    # "were" is dropped and a first clause hangs on the verb: the listed victims are counted
    q = quantities("Blast hits Kandahar bazaar; 3 soldiers and 2 civilians also killed",
                   "ASSAULT", "killed")
    assert bounds(q.fatalities) == (5, 5, False)


def test_a_killing_beside_a_suspicion_still_counts(quantities):
    q = quantities("Police shot dead two men suspected of robbing a bank.", "ASSAULT")
    assert bounds(q.fatalities) == (2, 2, False)


# --- money ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, amount, currency", [
    ("The United States pledged $1 billion in aid.", 1e9, "USD"),
    ("The fine was 11 million euros.", 11e6, "EUR"),
    ("He was ordered to pay 150,000 euros.", 150000, "EUR"),
    ("The fund received €5m last year.", 5e6, "EUR"),
    ("Britain froze £2bn of assets.", 2e9, "GBP"),
    ("Moscow allocated 1.5 billion roubles.", 1.5e9, "RUB"),
    ("Moscow allocated 2 billion rubles.", 2e9, "RUB"),
    ("Washington offered US$300 million.", 3e8, "USD"),
    ("The company lost 300 million dollars.", 3e8, "USD"),
    ("The state spent Rs 5 crore on relief.", 5e7, "INR"),
    ("Kyiv set aside 200 million hryvnias.", 2e8, "UAH"),
    ("Beijing offered 3 billion yuan.", 3e9, "CNY"),
    ("Minsk paid 10 million Belarusian rubles.", 1e7, "BYN"),
])
def test_money(quantities, text, amount, currency):
    money = quantities(text).money
    assert money is not None
    assert money.amount == pytest.approx(amount)
    assert money.currency == currency


def test_money_keeps_its_words_and_softener(quantities):
    money = quantities("Donors gave about $5 million.").money
    assert money.approximate is True
    assert money.text == "about $5 million"


def test_money_is_not_a_count(quantities):
    q = quantities("Police seized $2 million from 12 suspects.")
    assert q.money.amount == pytest.approx(2e6)
    assert q.arrests is None and q.participants is None


# --- numbers that count nothing we record ---------------------------------------------

@pytest.mark.parametrize("text", [
    "The law was passed in 2020.",
    "The man, aged 45, was a teacher.",
    "Prices rose 5 percent in March.",
    "Two countries agreed to hold talks.",
    "Article 5 of the treaty applies.",
    "The talks lasted 12 hours on 3 May.",
    "Three missiles hit the port.",
    "Officials met 40 times in two years.",
])
def test_numbers_that_are_not_quantities(quantities, text):
    assert quantities(text, "PROTEST").is_empty()


def test_sentence_without_numbers_is_empty(quantities):
    assert quantities("The minister criticised the decision.").is_empty()


# --- the words are kept ---------------------------------------------------------------

def test_count_text_is_the_phrase(quantities):
    assert quantities("At least 140 people were arrested.").arrests.text == "At least 140 people"


def test_word_numbers(quantities):
    assert bounds(quantities("Police detained two hundred and fifty people.").arrests) == \
        (250, 250, False)
    assert bounds(quantities("Several hundred people were arrested.").arrests) == \
        (300, None, True)


def test_strong_crowd(quantities):
    assert bounds(quantities("A 2,000-strong crowd chanted slogans.").participants) == \
        (2000, 2000, False)


def test_toll_is_the_total(quantities):
    q = quantities("Ten militants were killed and 3 soldiers died, taking the toll to 13.")
    assert bounds(q.fatalities) == (13, 13, False)


def test_nearest_to_trigger_wins(quantities):
    q = quantities("Police arrested 30 in Minsk, and in Grodno they arrested 12.",
                   "COERCE", trigger="arrested")
    assert q.arrests.min == 30


def test_counts_in_one_list_are_added(quantities):
    q = quantities("Four officers and eleven bystanders were hurt in the blast.")
    assert bounds(q.injuries) == (15, 15, False)
    assert q.injuries.text == "Four officers and eleven bystanders"


def test_subset_is_not_added(quantities):
    q = quantities("The attack killed 28 people, including 7 children.")
    assert bounds(q.fatalities) == (28, 28, False)


@pytest.mark.parametrize("text, field, expected", [
    ("Protesters numbered about 10,000.", "participants", (10000, 10000, True)),
    ("The demonstrators, numbering around 2,000, marched.", "participants", (2000, 2000, True)),
    ("A protest by 300 farmers blocked the highway.", "participants", (300, 300, False)),
    ("Over 200 people joined the march.", "participants", (200, None, False)),
    ("The number of arrests rose to 500.", "arrests", (500, 500, False)),
    ("Officials put the number of dead at 35.", "fatalities", (35, 35, False)),
    ("Police arrested over 50.", "arrests", (50, None, False)),
    ("Police said that one of the protesters died in hospital.", "fatalities", (1, 1, False)),
])
def test_size_phrasings(quantities, text, field, expected):
    assert bounds(getattr(quantities(text), field)) == expected


def test_rising_toll_is_not_an_upper_bound(quantities):
    q = quantities("The official death toll has gone up to 231.")
    assert bounds(q.fatalities) == (231, 231, False)


def test_relative_clause_about_something_else(quantities):
    q = quantities("The burning of four coaches, in which 58 people were killed, sparked riots.")
    assert bounds(q.fatalities) == (58, 58, False)


def test_one_person_pronoun(quantities):
    assert bounds(quantities("Police arrested her on Monday.").arrests) == (1, 1, False)
    assert quantities("They were arrested on Monday.").arrests is None


@pytest.mark.parametrize("text", [
    "Police arrested him 20 minutes later.",
    "Police detained him for 15 days.",
    "The 3 officers who arrested him were suspended.",
])
def test_time_and_agents_are_not_arrests(quantities, text):
    assert quantities(text).arrests.min == 1


@pytest.mark.parametrize("text, value", [
    ("Police arrested 1.5 million people.", 1_500_000),
    ("Police arrested half a million people.", 500_000),
    ("Police arrested 5k people.", 5000),
    ("Police arrested twelve people.", 12),
    ("Police arrested two thousand five hundred people.", 2500),
])
def test_number_forms(quantities, text, value):
    assert quantities(text).arrests.min == value


def test_any_written_count_is_read_back(quantities):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.integers(min_value=2, max_value=10_000_000))
    def check(n):
        q = quantities(f"Police arrested {n:,} people on Monday.")
        assert (q.arrests.min, q.arrests.max) == (n, n)

    check()


# --- counts attach to the right event ----------------------------------------------------

def test_counts_only_go_to_events_that_can_have_them(quantities):
    text = "The blast that injured nine guards drew calls for a withdrawal of staff."
    assert quantities(text, "REQUEST", "calls").injuries is None
    assert quantities(text, "ASSAULT", "injured").injuries.min == 9
    assert quantities("Police arrested 20 people and seized $3 million.", "COERCE",
                      "arrested").money is None
    assert quantities("The bank lent Chad $3 million.", "AID", "lent").money.amount == 3e6


@pytest.mark.parametrize("text", [
    "Rebels plotted to kill the governor.",
    "Gunmen threatened to kill 12 hostages.",
    "The army could kill hundreds of civilians.",
    "Police did not arrest anyone, and no protester was arrested.",
])
def test_acts_that_did_not_happen_count_nobody(quantities, text):
    q = quantities(text, "ASSAULT")
    assert q.fatalities is None and q.arrests is None


def test_headline_passive_counts(quantities):
    q = quantities("At Least 14 Killed, 23 Hurt in Market Blast", "ASSAULT", "Killed")
    assert (q.fatalities.min, q.injuries.min) == (14, 23)


def test_found_dead_counts_one(quantities):
    q = quantities("A kidnapped engineer was found dead near the border.", "ASSAULT")
    assert (q.fatalities.min, q.fatalities.max) == (1, 1)


@pytest.mark.parametrize("text, field, value", [
    ("A car bomb exploded in the market, killing 11 civilians and wounding 40 others.",
     "fatalities", 11),
    ("A car bomb exploded in the market, killing 11 civilians and wounding 40 others.",
     "injuries", 40),
    ("Officials say at least 431 people have been killed by the militia.", "fatalities", 431),
    ("Riot police detained 35 in the capital.", "arrests", 35),
])
def test_real_news_counts(quantities, text, field, value):
    assert getattr(quantities(text, "ASSAULT" if field != "arrests" else "COERCE"), field).min == value


@pytest.mark.parametrize("text", [
    "The 45-year-old leader was arrested in 1999.",
    "The party won 120 seats and 3 million votes.",
    "The sergeant, 31, was detained at the 4th Battalion base.",
])
def test_unrelated_numbers_are_no_counts(quantities, text):
    q = quantities(text, "COERCE")
    assert q.arrests is None or q.arrests.min == 1
    assert q.participants is None and q.fatalities is None


def test_deaths_without_a_number_are_at_least_one(quantities):
    # Deaths are stated but not counted: a lower bound of one, no maximum.
    q = quantities("Villagers died when the police opened fire on the market.", "ASSAULT", "died")
    assert q.fatalities is not None and (q.fatalities.min, q.fatalities.max) == (1, None)
    assert quantities("No villagers died in the firing.", "ASSAULT", "died").fatalities is None
    assert quantities("The villagers were injured in the firing.", "ASSAULT",
                      "injured").fatalities is None


def test_a_killing_that_happened_kills_at_least_one(quantities):
    # "with two persons being killed": the victims hang where no count rule reaches them,
    # but a killing reported as done killed someone.
    q = quantities("The town was tense, with two traders being killed in the firing.",
                   "ASSAULT", "killed")
    assert q.fatalities is not None and q.fatalities.min >= 1
    for text, trigger in [("Nobody was killed in the firing.", "killed"),
                          ("The gunmen tried to kill the judge.", "kill"),
                          ("The guards did not kill anyone.", "kill")]:
        assert quantities(text, "ASSAULT", trigger).fatalities is None, text
    assert quantities("The guards were attacked at dawn.", "ASSAULT", "attacked").fatalities is None
