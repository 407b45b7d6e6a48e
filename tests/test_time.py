"""tacitus.time: which time expression dates the event, and how it resolves."""

from datetime import date

import pytest

from tacitus.nlp import load_model
from tacitus.time import resolve_date, resolve_expression

PUBLISHED = date(2020, 9, 1)   # a Tuesday


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def first_sentence(nlp, text):
    return next(iter(nlp(text).sents))


def trigger_of(sent, word):
    return next(t for t in sent if t.text == word)


@pytest.mark.parametrize("text, expected, precision", [
    ("Police arrested 50 protesters on Thursday.", date(2020, 8, 27), "day"),
    ("Thousands marched through the capital on Sunday.", date(2020, 8, 30), "day"),
    ("Troops withdrew from the town two weeks ago.", date(2020, 8, 18), "week"),
    ("The election was held on August 9.", date(2020, 8, 9), "day"),
    ("The vote took place on Aug. 9, 2020.", date(2020, 8, 9), "day"),
    ("Workers went on strike in July.", date(2020, 7, 1), "month"),
    ("The rebels attacked the base last week.", date(2020, 8, 24), "week"),
    ("Opposition supporters rallied this weekend.", date(2020, 8, 29), "week"),
    ("The ministers met yesterday.", date(2020, 8, 31), "day"),
    ("The two leaders will meet on Friday.", date(2020, 9, 4), "day"),
    ("Protesters will rally this weekend.", date(2020, 9, 5), "week"),
    ("The group was banned in 2019.", date(2019, 1, 1), "year"),
    ("Talks collapsed on September 20.", date(2019, 9, 20), "day"),   # not in the future
])
def test_resolves_against_publication_date(nlp, text, expected, precision):
    result = resolve_date(first_sentence(nlp, text), PUBLISHED)
    assert result is not None
    assert (result.date, result.precision) == (expected, precision)


def test_offsets_point_at_the_expression(nlp):
    text = "Police arrested 50 protesters on Thursday."
    result = resolve_date(first_sentence(nlp, text), PUBLISHED)
    assert text[result.start:result.end] == result.text == "Thursday"


def test_no_date_gives_none(nlp):
    assert resolve_date(first_sentence(nlp, "Police arrested dozens of people."), PUBLISHED) is None


def test_durations_and_ages_are_not_dates(nlp):
    for text in ("The army began a 48-hour search.", "A 62-year-old man was detained.",
                 "The siege lasted three hours."):
        assert resolve_date(first_sentence(nlp, text), PUBLISHED) is None, text


def test_prefers_the_date_of_the_event_over_the_reporting_verb(nlp):
    sent = first_sentence(nlp, "Officials said on Tuesday that police arrested 140 people on Sunday.")
    result = resolve_date(sent, PUBLISHED, trigger=trigger_of(sent, "arrested"))
    assert result.text == "Sunday"
    assert result.date == date(2020, 8, 30)


def test_falls_back_to_the_reporting_date_when_it_is_the_only_one(nlp):
    sent = first_sentence(nlp, "Police arrested 140 people, officials said on Monday.")
    result = resolve_date(sent, PUBLISHED, trigger=trigger_of(sent, "arrested"))
    assert result.date == date(2020, 8, 31)


def test_without_publication_date_absolute_dates_still_resolve(nlp):
    result = resolve_date(first_sentence(nlp, "The vote took place on Aug. 9, 2020."), None)
    assert (result.date, result.precision) == (date(2020, 8, 9), "day")


def test_without_publication_date_relative_dates_keep_their_text(nlp):
    result = resolve_date(first_sentence(nlp, "Police arrested 50 protesters on Thursday."), None)
    assert result.date is None
    assert result.precision == "unknown"
    assert result.text == "Thursday"


def test_lowercase_text_is_handled(nlp):
    sent = first_sentence(nlp, "police arrested four men on march 3 in the old city.")
    result = resolve_date(sent, date(2002, 3, 10))
    assert result.date == date(2002, 3, 3)


def test_same_weekday_as_publication_is_that_day():
    assert resolve_expression("Tuesday", PUBLISHED).date == PUBLISHED


def test_expression_rules():
    assert resolve_expression("last Sunday", PUBLISHED).date == date(2020, 8, 30)
    assert resolve_expression("next week", PUBLISHED).date == date(2020, 9, 7)
    assert resolve_expression("last month", PUBLISHED) == resolve_expression("in August", PUBLISHED)
    assert resolve_expression("three days ago", PUBLISHED).date == date(2020, 8, 29)
    assert resolve_expression("the 9th of August", PUBLISHED).date == date(2020, 8, 9)
    assert resolve_expression("the past decade", PUBLISHED) is None


def test_a_scheduled_date_a_few_days_ahead_stays_in_this_year(nlp):
    sent = first_sentence(nlp, "The group announced the March 15 deadline for construction.")
    assert resolve_date(sent, date(2002, 3, 10)).date == date(2002, 3, 15)


def test_absolute_date_without_publication_date(nlp):
    from tacitus.time import resolve_date

    sent = next(nlp("Talks were held in Cairo on August 9, 1990.").sents)
    result = resolve_date(sent, None)
    assert result is not None and str(result.date) == "1990-08-09"


def test_duration_and_relative_clause_dates_are_not_the_event_date(nlp):
    from datetime import date as d

    from tacitus.time import resolve_date

    doc = nlp("Alexander Lukashenko, who has ruled Belarus since 1994, dismissed the protesters.")
    trigger = next(t for t in doc if t.lemma_ == "dismiss")
    assert resolve_date(next(doc.sents), d(2025, 3, 10), trigger=trigger) is None
