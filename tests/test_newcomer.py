"""What a new user meets first: --version, a fast --help, readable tables at 80 columns,
README examples that run from a clean clone, progress, one-line setting errors, logs."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tacitus import __version__
from tacitus.cli.main import app
from tacitus.records import Actor, Document, Event, Evidence

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
SENTENCE = ("Riot police detained at least 140 demonstrators near the parliament building in "
            "the capital on Sunday evening, according to independent monitoring groups that "
            "counted arrests across several districts of the city.")


def _python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, timeout=120, check=False)


def _event(n: int) -> Event:
    doc = Document(doc_id=f"d{n}", text=SENTENCE, published=date(2024, 3, 4))
    return Event(event_id=f"d{n}#0", doc_id=doc.doc_id, published=doc.published,
                 event_type="COERCE", mode="arrest", cameo="173", goldstein=-5.0,
                 source=Actor(text="Riot police", country="BLR", sector="COP", code="BLRCOP"),
                 target=Actor(text="demonstrators", country="BLR", sector="CVL", code="BLRCVL"),
                 evidence=Evidence(sentence=SENTENCE, start=0, end=len(SENTENCE),
                                   trigger="detained"))


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"tacitus {__version__}"


def test_help_imports_neither_spacy_nor_the_heavy_libraries():
    probe = _python("import sys\nfrom tacitus.cli.main import app\n"
                    "heavy = ['spacy', 'torch', 'pandas', 'fastapi', 'sqlalchemy', 'trafilatura']\n"
                    "print(','.join(m for m in heavy if m in sys.modules))")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == ""


def test_events_read_well_at_80_columns():
    from tacitus.cli import output

    console = Console(file=io.StringIO(), width=80, record=True, color_system=None)
    console.print(output.events_blocks([_event(1), _event(2)], "Events"))
    text = console.export_text()
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    flat = " ".join(text.split())
    # the whole sentence is there, every word whole, and who did what to whom
    assert " ".join(SENTENCE.split()) in flat
    assert "COERCE/arrest" in flat and "BLRCOP (Riot police) → BLRCVL (demonstrators)" in flat
    # an undated event shows its publication day, said to be one
    assert "2024-03-04 (published)" in flat


def test_long_evidence_is_shortened_at_a_word_boundary():
    from tacitus.cli.output import evidence_text

    short = evidence_text(_event(1), limit=60).plain
    assert short.endswith(" …") and len(short) <= 60
    assert short.removesuffix(" …") == SENTENCE[:len(short) - 2].rstrip()
    assert short.removesuffix(" …").split()[-1] in SENTENCE.split()


def test_wide_terminals_keep_the_table(monkeypatch):
    from tacitus.cli import output

    wide = Console(file=io.StringIO(), width=160, record=True, color_system=None)
    monkeypatch.setattr(output, "out", wide)
    output.print_events([_event(1)], "Events")
    text = wide.export_text()
    assert "┃ date" in text and "evidence" in text


def _readme_commands() -> list[list[str]]:
    """Arguments of every `tacitus` command in the README's shell blocks."""
    commands, in_shell = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell = line.strip() in ("```sh", "```bash", "```console")
            continue
        if not in_shell:
            continue
        line = line.split("#", 1)[0].strip()
        for part in line.split("|"):
            words = shlex.split(part.split(">")[0])
            if words and words[0].endswith("tacitus"):
                commands.append(words[1:])
    return commands


def test_readme_examples_name_files_that_a_clean_clone_has():
    """Inputs of `code`, `ingest`, `eval` and `--dates` in the README exist in the repo."""
    checked = 0
    for words in _readme_commands():
        if not words or words[0] not in ("code", "ingest", "eval"):
            continue
        previous = ""
        for word in words[1:]:
            is_input = not word.startswith("-") and (not previous.startswith("-")
                                                    or previous == "--dates")
            if previous == "--dates" or (is_input and word != "-"):
                assert (ROOT / word).exists(), f"README names {word}, not in a clean clone"
                checked += 1
            previous = word
    assert checked >= 6


def test_demo_runs_outside_the_repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert "documents read" in result.output and (tmp_path / "demo.db").exists()


def test_progress_is_drawn_on_a_terminal_and_passes_everything_through():
    from tacitus.cli.progress import with_progress
    from tacitus.pipeline import Outcome

    pairs = [Outcome(Document(doc_id=f"d{i}", text="x"), [_event(i)]) for i in range(3)]
    screen = Console(file=io.StringIO(), force_terminal=True, width=100)
    assert list(with_progress(iter(pairs), "code", screen, total=3)) == pairs
    drawn = screen.file.getvalue()
    assert "3/3" in drawn and "docs/s" in drawn and "3 events" in drawn
    quiet = Console(file=io.StringIO(), force_terminal=False)
    assert list(with_progress(iter(pairs), "code", quiet)) == pairs
    assert quiet.file.getvalue() == ""


@pytest.mark.parametrize("name, value", [("TACITUS_BATCH_SIZE", "lots"),
                                         ("TACITUS_N_PROCESS", "0"),
                                         ("TACITUS_MAX_MB", "big")])
def test_a_bad_setting_is_one_line(name, value):
    cli = subprocess.run([sys.executable, "-m", "tacitus.cli.main", "code", "-"],
                         input="Police arrested ten people.", capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src"), name: value},
                         timeout=120, check=False)
    assert cli.returncode == 1
    lines = cli.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("E090") and name in lines[0]
    assert "Traceback" not in cli.stderr


def test_verbose_logs_on_stderr(tmp_path):
    from tacitus.store import Store

    url = f"sqlite:///{tmp_path / 'v.db'}"
    Store(url).init()
    loud = runner.invoke(app, ["-v", "stats", "--db", url])
    assert loud.exit_code == 0 and "ready" in loud.stderr and "ready" not in loud.stdout
    quiet = runner.invoke(app, ["stats", "--db", url])
    assert "ready" not in quiet.stderr
