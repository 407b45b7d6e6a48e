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
