"""The indexed attribute ruler: the parse is the one spaCy's own ruler gives, faster."""

import pickle

import pytest
from spacy.pipeline import AttributeRuler

from tacitus.nlp.attribute_ruler import IndexedAttributeRuler

# Our own sentences, chosen to reach every kind of pattern the English ruler has: tags
# alone, words with tags, words alone, two-word patterns ("gonna", "ain't", "y'all",
# "let's", "there are"), whitespace tokens and dependency patterns.
TEXTS = [
    "Riot police detained 40 people in Minsk on Sunday; his lawyer said they weren't charged.",
    "They're gonna march again, ain't they? Y'all know the square is closed, said one.",
    "Let's talk, the minister told reporters.  There are 3 more rallies planned in May.",
    "Nothin' was agreed at the talks in Geneva, and c'mon, nobody expected a deal.\n\nEnd.",
    "UN envoy: Troops fired on crowds -- 12 killed, 30 hurt (officials).",
    "the government's $1 billion loan, which Belarus got from Russia, was gotta be repaid.",
]


@pytest.fixture(scope="module")
def parsed(nlp):
    """Our texts parsed up to (not including) the attribute ruler."""
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        return list(nlp.pipe(TEXTS))


def _stock(ruler) -> AttributeRuler:
    stock = AttributeRuler(ruler.vocab)
    stock.add_patterns(ruler.patterns)
    return stock


def test_the_pipeline_runs_the_indexed_ruler(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


def test_matches_are_spacys_own(nlp, parsed):
    ruler = nlp.get_pipe("attribute_ruler")
    stock = _stock(ruler)
    for doc in parsed:
        assert ruler.match(doc) == stock.match(doc)
    # the texts reach the two-word patterns and the whitespace ones, not only tags
    spans = {end - start for doc in parsed for _, _, start, end in ruler.match(doc)}
    assert spans == {1, 2}


def test_every_token_gets_the_attributes_spacys_ruler_gives(nlp, parsed):
    ruler = nlp.get_pipe("attribute_ruler")
    stock = _stock(ruler)
    for doc in parsed:
        ours, theirs = ruler(doc.copy()), stock(doc.copy())
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in ours] == \
            [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in theirs]
    contraction = next(doc for doc in parsed if "ain't" in doc.text)
    assert [t.lemma_ for t in ruler(contraction.copy()) if t.lower_ == "ai"] == ["be"]


def test_patterns_added_later_and_operator_patterns_apply(nlp, parsed):
    ruler = IndexedAttributeRuler(nlp.vocab, "attribute_ruler")
    ruler.add([[{"LOWER": "minsk"}]], {"LEMMA": "first"})
    doc = parsed[0].copy()
    ruler(doc)                                     # the index is built here
    ruler.add([[{"LOWER": "riot"}, {"LOWER": "police", "OP": "+"}]], {"LEMMA": "force"})
    ruler.add([[{"LENGTH": 6, "IS_TITLE": True}]], {"LEMMA": "titled six"})
    stock = _stock(ruler)
    assert ruler.match(doc) == stock.match(doc)
    ruler(doc)
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["Minsk"], lemmas["Riot"], lemmas["Sunday"]) == ("first", "force", "titled six")


def test_the_ruler_survives_pickling_for_parser_processes(nlp, parsed):
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.match(parsed[1])                         # with its index built
    copy = pickle.loads(pickle.dumps(ruler))
    assert copy.match(parsed[1]) == ruler.match(parsed[1])
