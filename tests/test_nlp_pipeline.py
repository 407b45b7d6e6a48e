"""The nlp stage and pipeline plumbing: offsets survive line breaks and chunking."""

from tacitus.nlp import prepare_text
from tacitus.pipeline import split_chunks


def test_prepare_text_keeps_length_and_paragraphs():
    text = "Police detained\nforty people in\r\nMinsk.\n\nA second paragraph."
    prepared = prepare_text(text)
    assert len(prepared) == len(text)
    assert "detained forty people in" in prepared
    assert "\n\nA second" in prepared


def test_prepare_text_sentence_is_whole_after_stray_break(nlp):
    text = "Riot police detained\ndozens of protesters in Minsk on Sunday. Officials said nothing."
    doc = nlp(prepare_text(text))
    first = next(doc.sents)
    assert "protesters" in first.text and first.start_char == 0


def test_split_chunks_cover_text_in_order():
    text = ("Paragraph one is here.\n\n" * 50) + "Tail without break " * 30
    chunks = split_chunks(text, 200)
    assert "".join(piece for _, piece in chunks) == text
    assert all(len(piece) <= 200 for _, piece in chunks)
    for offset, piece in chunks:
        assert text[offset:offset + len(piece)] == piece


def test_split_chunks_short_text_is_one_chunk():
    assert split_chunks("short", 100) == [(0, "short")]


def test_paragraph_break_starts_a_sentence(nlp):
    text = "Thousands rally in Minsk as police detain scores\n\nBetween 100,000 and 200,000 people marched."
    sentences = [s.text.strip() for s in nlp(prepare_text(text)).sents]
    assert sentences[0] == "Thousands rally in Minsk as police detain scores"
    assert sentences[-1].startswith("Between 100,000")


def test_glued_full_stop_splits_lower_case_sentences(nlp):
    # Scraped text that lost the space after a full stop: two sentences, not one token.
    text = "the marchers reached the square.later that day the police detained ten of them."
    sentences = [s.text for s in nlp(prepare_text(text)).sents]
    assert sentences == ["the marchers reached the square.", "later that day the police detained ten of them."]


def test_glued_split_keeps_web_addresses_and_abbreviations(nlp):
    words = [t.text for t in nlp("details are on example.com and bbc.co.uk, e.g. in the u.s. pages.")]
    assert "example.com" in words and "bbc.co.uk" in words and "e.g." in words


def test_colon_dateline_is_not_part_of_the_first_sentence(nlp):
    for text in ("chennai: police detained twelve fishermen on friday.",
                 "Posted on June 2, 2019 NEW DELHI : Police detained twelve people on Friday."):
        sentences = [s.text for s in nlp(prepare_text(text)).sents]
        assert sentences[-1].lower() == "police detained twelve fishermen on friday." or \
            sentences[-1] == "Police detained twelve people on Friday."
        assert len(sentences) == 2


def test_colon_after_a_verb_or_adjective_is_no_dateline(nlp):
    for text in ("He said: we will detain them all.", "The order was clear: nobody leaves."):
        assert len(list(nlp(prepare_text(text)).sents)) == 1


def test_punctuation_garbled_by_a_wrong_encoding_is_repaired_in_place(nlp):
    text = "â€œthe unionâ€™s leaders were arrestedâ€\ufffd, he said.Â related storiesÂ curfew"
    fixed = prepare_text(text)
    assert len(fixed) == len(text)                      # offsets into the user's text hold
    assert "union" in fixed and "'s leaders" in fixed and "â" not in fixed
    doc = nlp(fixed)
    assert "union" in [t.text for t in doc]             # no longer glued to the quote
    assert sum(1 for _ in doc.sents) >= 3               # the headline list is cut apart
