"""Input readers: files, directories, JSON/JSONL and stdin in; Documents and problems out.

    for item in read_inputs(["news/", "feed.jsonl"], published=date(2020, 9, 1)):
        if isinstance(item, InputProblem): print(item.message, file=sys.stderr)
        else: code(item)
"""

from tacitus.ingest.decode import InputProblem
from tacitus.ingest.readers import parse_date, read_inputs

__all__ = ["InputProblem", "parse_date", "read_inputs"]
