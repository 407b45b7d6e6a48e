"""Convert the Phoenix (PETRARCH) actor and agent dictionaries into tacitus data files.

Usage:  python scripts/convert_phoenix.py [/work/shared/kb/phoenix] [src/tacitus/knowledge/data]

Writes
  actors_phoenix.tsv.gz  phrase, country, sector, start, end, name   (one row per name
                         variant and date range; dates ISO, empty = open)
  actors_agents.tsv      phrase, sector, code                        (one row per variant,
                         regular plurals expanded)

Phrases are stored as the spaCy English tokenizer splits them, lower-cased, tokens
joined by single spaces, so the resolver can look them up token by token without
re-tokenising at load time. Country codes are normalised to ISO 3166-1 alpha-3 (or
IGO/NGO/IMG); CAMEO's regional and pseudo-country codes become "no country".
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from pathlib import Path

import pycountry
import spacy

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)

# CAMEO agent (sector) codes kept as sectors; religion/ethnicity codes are skipped
# when picking the sector of a compound code such as BUDEDU or GOVMIL.
ROLES = {
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PTY", "ELI", "CVL", "LAB", "EDU",
    "MED", "BUS", "NGO", "IGO", "REF", "HLH", "SPY", "CRM", "REL", "UAF", "AGR", "DEV",
    "ENV", "HRI", "RAD", "SEP", "INS", "MOD", "IMG",
}
SECTOR_ALIASES = {"PPL": "CVL"}  # Phoenix's "people" code: civilians in the schema

TRANSNATIONAL = {"IGO", "NGO", "IMG"}
# CAMEO country codes that are not ISO 3166-1 alpha-3 (or historic ISO 3166-3 codes).
CAMEO_TO_ISO = {
    "ROM": "ROU", "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "KSV": "XKX", "USR": "SUN",
    "FRY": "YUG", "SRP": "SRB", "ANG": "AGO", "BAH": "BHS", "GMW": "DEU", "ZAR": "COD",
    "TMP": "TLS",
}
HISTORIC = {"DDR", "SUN", "YUG", "SCG", "CSK", "XKX"}
# Prefixes that are organisation types rather than places.
PREFIX_SECTOR = {"MNC": "BUS", "MED": "MED", "ELI": "ELI"}


def iso3(prefix: str) -> str | None:
    """ISO3 (or IGO/NGO/IMG) for a CAMEO country prefix; None for regions and unknowns."""
    prefix = CAMEO_TO_ISO.get(prefix, prefix)
    if prefix in TRANSNATIONAL or prefix in HISTORIC:
        return prefix
    return prefix if pycountry.countries.get(alpha_3=prefix) else None


def split_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code -> (country, sector). 'BLRGOV' -> ('BLR','GOV'); 'IGOUNO' -> ('IGO','IGO')."""
    code = code.strip().strip("~").upper()
    if not code or code.startswith("---"):
        return None, None
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    country = iso3(chunks[0])
    rest = chunks[1:]
    if country is None:
        if chunks[0] in PREFIX_SECTOR:
            return None, PREFIX_SECTOR[chunks[0]]
        if chunks[0] in ROLES or chunks[0] in SECTOR_ALIASES:
            rest = chunks  # a bare agent code such as [ELI]
    sector = next((SECTOR_ALIASES.get(c, c) for c in rest
                   if c in ROLES or c in SECTOR_ALIASES), None)
    if country in TRANSNATIONAL and sector is None:
        sector = country
    return country, sector


def parse_date(text: str) -> str:
    """YYMMDD or YYYYMMDD -> ISO date string; '' when malformed."""
    text = text.strip()
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy <= 30 else "19") + text
    if len(text) != 8 or not text.isdigit():
        return ""
    y, m, d = text[:4], text[4:6], text[6:8]
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return ""
    return f"{y}-{m}-{d}"


RESTRICTION = re.compile(r"\[([^\]\s]+)\s*([^\]]*)\]")


def parse_restrictions(text: str) -> list[tuple[str, str, str]]:
    """'[BLRGOV >940720] [BLRELI]' -> [(code, start, end)], ISO dates or ''."""
    out = []
    for code, cond in RESTRICTION.findall(text):
        cond = cond.strip()
        start = end = ""
        if cond.startswith(">"):
            start = parse_date(cond[1:])
            if not start:
                continue
        elif cond.startswith("<"):
            end = parse_date(cond[1:])
            if not end:
                continue
        elif "-" in cond:
            a, b = cond.split("-", 1)
            start, end = parse_date(a), parse_date(b)
            if not (start and end):
                continue
        out.append((code, start, end))
    return out


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class Keyer:
    """Phrase -> lower-cased tokens as spaCy's English tokenizer splits them."""

    def __init__(self) -> None:
        self.tok = spacy.blank("en").tokenizer

    def __call__(self, phrase: str) -> str:
        phrase = phrase.replace("_", " ").strip()
        phrase = re.sub(r"\s+", " ", phrase)
        return " ".join(t.text for t in self.tok(fold(phrase).lower()))


def display_name(phrase: str) -> str:
    words = phrase.replace("_", " ").split()
    return " ".join(w if len(w) <= 3 and "." in w else w.capitalize() for w in words)


def read_actor_records(path: Path):
    """Yield (phrases, restrictions) per record of a PETRARCH .actors file."""
    phrases: list[str] = []
    restrictions: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if raw.startswith(("\t", " ")) and line.strip().startswith("["):
                restrictions.extend(parse_restrictions(line))
                continue
            is_synonym = line.startswith("+")
            if not is_synonym and phrases:
                yield phrases, restrictions
                phrases, restrictions = [], []
            body = line.lstrip("+")
            head, _, tail = body.partition("[")
            if head.strip():
                phrases.append(head.strip())
            if tail:
                restrictions.extend(parse_restrictions("[" + tail))
    if phrases:
        yield phrases, restrictions


def convert_actors(src: Path, keyer: Keyer) -> list[tuple[str, ...]]:
    rows: set[tuple[str, ...]] = set()
    for name in ACTOR_FILES:
        for phrases, restrictions in read_actor_records(src / name):
            canonical = display_name(phrases[0])
            for code, start, end in restrictions or [("", "", "")]:
                country, sector = split_code(code)
                if country is None and sector is None:
                    continue
                for phrase in phrases:
                    key = keyer(phrase)
                    if key:
                        rows.add((key, country or "", sector or "", start, end, canonical))
    return sorted(rows)


def regular_plural(word: str) -> str:
    low = word.lower()
    if low.endswith(("ss", "sh", "ch", "x")):
        return word + "ES"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "IES"
    if low.endswith("s"):
        return word
    return word + "S"


AGENT_LINE = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]+)[\]}]")


def convert_agents(src: Path, keyer: Keyer) -> list[tuple[str, str, str]]:
    subs: dict[str, list[str]] = {}
    rows: dict[str, tuple[str, str]] = {}
    with (src / "Phoenix.agents.txt").open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("!") and "=" in line:
                label, _, values = line.partition("=")
                subs[label.strip()] = [v.strip() for v in values.split(",")]
                continue
            m = AGENT_LINE.match(line)
            if not m:
                continue
            _country, sector = split_code(m.group("code").replace("~", ""))
            if sector is None:
                continue
            code = m.group("code").replace("~", "")
            phrase = m.group("phrase").strip()
            plural = m.group("plural")
            variants = [phrase]
            if plural is None:
                variants.append(regular_plural(phrase.rstrip("_")))
            elif plural.strip():
                variants.append(plural.strip())
            for variant in variants:
                for expanded in expand_subs(variant, subs):
                    key = keyer(expanded)
                    if key and key not in rows:
                        rows[key] = (sector, code)
    return sorted((k, s, c) for k, (s, c) in rows.items())


def expand_subs(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    for label, values in subs.items():
        if label in phrase:
            return [p for v in values for p in expand_subs(phrase.replace(label, v), subs)]
    return [phrase]


def main(argv: list[str]) -> None:
    src = Path(argv[1]) if len(argv) > 1 else Path("/work/shared/kb/phoenix")
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parents[1] / "src/tacitus/knowledge/data"
    keyer = Keyer()
    actors = convert_actors(src, keyer)
    with gzip.open(out / "actors_phoenix.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("# Converted from Phoenix actor dictionaries (MIT), see actors_LICENSE.md\n")
        fh.write("phrase\tcountry\tsector\tstart\tend\tname\n")
        for row in actors:
            fh.write("\t".join(row) + "\n")
    agents = convert_agents(src, keyer)
    with (out / "actors_agents.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Converted from Phoenix.agents.txt (MIT), see actors_LICENSE.md\n")
        fh.write("phrase\tsector\tcode\n")
        for row in agents:
            fh.write("\t".join(row) + "\n")
    print(f"{len(actors)} actor rows, {len(agents)} agent rows -> {out}")


if __name__ == "__main__":
    main(sys.argv)
