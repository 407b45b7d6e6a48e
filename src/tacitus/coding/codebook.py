"""Code maps: PLOVER type/mode -> CAMEO, CAMEO -> Goldstein and QuadClass, ACLED types,
and PLOVER contexts.

All tables are data files in `tacitus/knowledge/data/` (see docs/codes.md):
  coding_cameo.tsv         every CAMEO event code: name, GDELT Goldstein score, QuadClass
  coding_plover.json       PLOVER types, modes, contexts; one CAMEO code per type/mode
  coding_cameo2plover.tsv  CAMEO code -> PLOVER type/mode (CAMEO2PLOVER, CC BY-SA 4.0)
  coding_acled.json        cue words and sector groups for the ACLED mapping
  coding_contexts.tsv      cue words for PLOVER contexts
They are read on first use, never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from tacitus.coding.contexts import ContextLexicon, find_contexts, words_of
from tacitus.knowledge import read_json, read_tsv
from tacitus.records import AcledType, Actor, Quantities

# ACLED event types and sub-event types, spelled as in the ACLED codebook.
BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int


class CodeBook:
    """Lookups between PLOVER, CAMEO, Goldstein/QuadClass, ACLED and PLOVER contexts."""

    # ---- tables, loaded lazily -------------------------------------------------------
    @cached_property
    def cameo_codes(self) -> dict[str, CameoCode]:
        return {row["code"]: CameoCode(row["code"], row["name"], float(row["goldstein"]),
                                       int(row["quad_class"]))
                for row in read_tsv("coding_cameo.tsv")}

    @cached_property
    def plover(self) -> dict:
        return read_json("coding_plover.json")

    @cached_property
    def cameo_to_plover(self) -> dict[str, tuple[str, str | None]]:
        return {row["cameo"]: (row["event_type"], row["mode"] or None)
                for row in read_tsv("coding_cameo2plover.tsv")}

    @cached_property
    def acled_cues(self) -> dict[str, frozenset[str]]:
        return {key: frozenset(value) for key, value in read_json("coding_acled.json").items()
                if isinstance(value, list)}

    @cached_property
    def context_lexicon(self) -> ContextLexicon:
        return ContextLexicon.load()

    # ---- PLOVER vocabulary ----------------------------------------------------------
    @property
    def event_types(self) -> list[str]:
        return list(self.plover["types"])

    @property
    def context_names(self) -> list[str]:
        return list(self.plover["contexts"])

    def modes(self, event_type: str) -> list[str]:
        """The PLOVER modes of a type (empty for types without modes)."""
        return list(self._type(event_type)["modes"])

    def _type(self, event_type: str) -> dict:
        try:
            return self.plover["types"][event_type]
        except KeyError:
            raise ValueError(f"unknown PLOVER event type {event_type!r}") from None

    def canonical_mode(self, event_type: str, mode: str | None) -> str | None:
        """A mode in the manual's spelling ("detain" -> "arrest", "suicide" -> "suicide-attack"),
        or the cleaned input when it is neither a mode nor an alias of one."""
        if not mode:
            return None
        modes = self._type(event_type)["modes"]
        aliases = self.plover["aliases"].get(event_type, {})
        for form in _spellings(mode):
            if form in modes:
                return form
            target = aliases.get(form)
            if target is not None and not target.isdigit():
                return target
        return mode.strip().lower()

    # ---- CAMEO ----------------------------------------------------------------------
    def cameo_for(self, event_type: str, mode: str | None) -> str:
        """One CAMEO code for a PLOVER type and mode; unknown modes fall back to the type's code."""
        spec = self._type(event_type)
        if mode:
            aliases = self.plover["aliases"].get(event_type, {})
            for form in _spellings(mode):
                if form in spec["modes"]:
                    return spec["modes"][form]
                target = aliases.get(form)
                if target is not None:
                    return target if target.isdigit() else spec["modes"][target]
        return spec["cameo"]

    def plover_for(self, cameo: str) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) of a CAMEO code, via the nearest listed parent code.
        None for codes PLOVER dropped (01 statements, 02 appeals)."""
        code = self._known_prefix(cameo, self.cameo_to_plover)
        return self.cameo_to_plover[code] if code else None

    def cameo(self, cameo: str) -> CameoCode:
        """The CAMEO table row of a code, or of its nearest parent when the code is not listed."""
        code = self._known_prefix(cameo, self.cameo_codes)
        if code is None:
            raise ValueError(f"not a CAMEO event code: {cameo!r}")
        return self.cameo_codes[code]

    def goldstein(self, cameo: str) -> float:
        return self.cameo(cameo).goldstein

    def quad_class(self, cameo: str) -> int:
        return self.cameo(cameo).quad_class

    @staticmethod
    def _known_prefix(cameo: str, table: dict) -> str | None:
        """Longest prefix of the code (at least its two-digit root) that the table lists."""
        code = str(cameo).strip()
        if not code.isdigit():
            return None
        while len(code) >= 2:
            if code in table:
                return code
            code = code[:-1]
        return None

    # ---- contexts -------------------------------------------------------------------
    def contexts(self, sent_text: str, doc_text: str, event_type: str, mode: str | None) -> list[str]:
        """PLOVER contexts of an event: cued in its sentence, cued twice in its document,
        or implied by its mode (COERCE/cyber -> cyber)."""
        implied = ()
        if mode and event_type in self.plover["types"]:
            key = f"{event_type}/{self.canonical_mode(event_type, mode)}"
            implied = self.plover["mode_contexts"].get(key, ())
        return find_contexts(self.context_lexicon, self.context_names, sent_text or "",
                             doc_text or "", implied)

    # ---- ACLED ----------------------------------------------------------------------
    def acled_for(self, event_type: str, mode: str | None, source: Actor | None,
                  target: Actor | None, quantities: Quantities | None = None, *,
                  intervention: bool = False, text: str | None = None) -> AcledType | None:
        """ACLED event type and sub-event type of an event, or None when ACLED has no match.

        `intervention`: the coder saw police or others step in at a protest.
        `text`: the evidence sentence, used only for weapon and territory cue words
        (grenade vs IED, town captured); without it the mapping uses type, mode and actors.
        """
        raw_mode = (mode or "").strip().lower() or None
        mode = self.canonical_mode(event_type, mode) if event_type in self.plover["types"] else raw_mode
        words = _cue_words(text)
        if event_type == "PROTEST":
            return self._protest(mode, intervention, words)
        if event_type == "ASSAULT":
            return self._assault(mode, raw_mode, source, target, quantities, words)
        if event_type == "COERCE":
            return self._coerce(mode, source, target, words)
        if event_type == "AGREE":
            return AcledType(event_type=STRATEGIC, sub_event_type="Agreement")
        if event_type == "RETREAT":
            return self._retreat(mode)
        if event_type == "MOBILIZE":
            sub = ("Headquarters or base established" if words & self.acled_cues["base_words"]
                   else "Change to group/activity")
            return AcledType(event_type=STRATEGIC, sub_event_type=sub)
        return None

    def _protest(self, mode: str | None, intervention: bool, words: set[str]) -> AcledType:
        cues = self.acled_cues
        if mode in ("riot", "vandalize"):
            # A mob attack with no protest behind it is "Mob violence" in ACLED.
            mob = words & {"mob", "mobs", "lynch", "lynched", "lynching", "vigilante", "vigilantes"}
            if mob and not words & cues["protester_words"]:
                return AcledType(event_type=RIOTS, sub_event_type="Mob violence")
            return AcledType(event_type=RIOTS, sub_event_type="Violent demonstration")
        sub = "Protest with intervention" if intervention else "Peaceful protest"
        return AcledType(event_type=PROTESTS, sub_event_type=sub)

    def _assault(self, mode: str | None, raw_mode: str | None, source: Actor | None,
                 target: Actor | None, quantities: Quantities | None, words: set[str]) -> AcledType:
        cues = self.acled_cues
        if target is not None and self._is_protesters(target) and not self._is_armed(target):
            if mode == "crowd-control" and not _has_count(quantities, "fatalities"):
                return AcledType(event_type=PROTESTS, sub_event_type="Protest with intervention")
            if source is None or self._is_state_force(source):
                return AcledType(event_type=PROTESTS, sub_event_type="Excessive force against protesters")
        territory = self._territory(source, words)
        if territory:
            return AcledType(event_type=BATTLES, sub_event_type=territory)
        remote = self._remote_violence(mode, words)
        if remote:
            return AcledType(event_type=EXPLOSIONS, sub_event_type=remote)
        if mode == "abduct":
            return AcledType(event_type=VAC, sub_event_type="Abduction/forced disappearance")
        if mode == "sexual":
            return AcledType(event_type=VAC, sub_event_type="Sexual violence")
        if mode == "destroy" or raw_mode in ("destroy", "seize"):
            return AcledType(event_type=STRATEGIC, sub_event_type="Looting/property destruction")
        if mode == "crowd-control":
            return AcledType(event_type=PROTESTS, sub_event_type="Protest with intervention")
        if self._is_armed(source) and self._is_armed(target):
            return AcledType(event_type=BATTLES, sub_event_type="Armed clash")
        if target is None and source is not None and self._armed_members(source) >= 2:
            # Two-sided fighting: PLOVER puts both sides in the actor and no recipient.
            return AcledType(event_type=BATTLES, sub_event_type="Armed clash")
        if self._is_mob(source) or (not self._is_armed(source) and words & cues["riot_words"]):
            return AcledType(event_type=RIOTS, sub_event_type="Mob violence")
        if target is not None and not self._is_armed(target):
            return AcledType(event_type=VAC, sub_event_type="Attack")
        if target is None and self._is_armed(source):
            if words & {"clash", "clashes", "clashed", "fighting", "battle", "gunbattle", "firefight"}:
                return AcledType(event_type=BATTLES, sub_event_type="Armed clash")
            return AcledType(event_type=VAC, sub_event_type="Attack")
        return None

    def _territory(self, source: Actor | None, words: set[str]) -> str | None:
        """An armed actor taking a town or area is a territorial change in ACLED, not an attack."""
        cues = self.acled_cues
        if not (words & cues["capture_words"] and words & cues["territory_words"]):
            return None
        if source is None or not self._is_armed(source):
            return None
        return ("Government regains territory" if self._is_state_force(source)
                else "Non-state actor overtakes territory")

    def _remote_violence(self, mode: str | None, words: set[str]) -> str | None:
        """ACLED sub-event type for weapons used at a distance, from the mode and cue words."""
        cues = self.acled_cues
        if mode == "unconventional":
            return "Chemical weapon"
        if mode in ("aerial", "drone"):
            return "Air/drone strike"
        if mode == "suicide-attack":
            return "Suicide bomb"
        if mode == "heavy-weapons":
            return "Air/drone strike" if words & cues["air_words"] else "Shelling/artillery/missile attack"
        if mode == "explosives":
            if words & cues["grenade_words"]:
                return "Grenade"
            if words & cues["shelling_words"]:
                return "Shelling/artillery/missile attack"
            return "Remote explosive/landmine/IED"
        return None

    def _coerce(self, mode: str | None, source: Actor | None, target: Actor | None,
                words: set[str]) -> AcledType | None:
        cues = self.acled_cues
        protesters = target is not None and self._is_protesters(target)
        if mode == "arrest":
            if protesters:
                return AcledType(event_type=PROTESTS, sub_event_type="Protest with intervention")
            return AcledType(event_type=STRATEGIC, sub_event_type="Arrests")
        if mode == "restrict" and protesters:
            return AcledType(event_type=PROTESTS, sub_event_type="Protest with intervention")
        if mode in ("seize", "destroy"):
            if words & cues["defuse_words"]:
                return AcledType(event_type=STRATEGIC, sub_event_type="Disrupted weapons use")
            if mode == "seize" and words & cues["territory_words"] and self._is_armed(source):
                sub = ("Government regains territory" if self._is_state_force(source)
                       else "Non-state actor overtakes territory")
                return AcledType(event_type=BATTLES, sub_event_type=sub)
            return AcledType(event_type=STRATEGIC, sub_event_type="Looting/property destruction")
        return None

    @staticmethod
    def _retreat(mode: str | None) -> AcledType | None:
        if mode in ("ceasefire", "release"):
            # ACLED files ceasefires and prisoner releases/exchanges under Agreement.
            return AcledType(event_type=STRATEGIC, sub_event_type="Agreement")
        if mode in ("withdraw", "territory"):
            return AcledType(event_type=STRATEGIC, sub_event_type="Non-violent transfer of territory")
        return None

    # ---- actor tests ----------------------------------------------------------------
    def _members(self, actor: Actor | None) -> list[Actor]:
        if actor is None:
            return []
        return [actor, *actor.members]

    def _is_armed(self, actor: Actor | None) -> bool:
        cues = self.acled_cues
        return any(a.sector in cues["armed_sectors"] or a.country in cues["armed_countries"]
                   for a in self._members(actor))

    def _armed_members(self, actor: Actor) -> int:
        cues = self.acled_cues
        return sum(1 for a in actor.members
                   if a.sector in cues["armed_sectors"] or a.country in cues["armed_countries"])

    def _is_state_force(self, actor: Actor | None) -> bool:
        return any(a.sector in self.acled_cues["state_force_sectors"] for a in self._members(actor))

    def _is_mob(self, actor: Actor | None) -> bool:
        return (actor is not None and not self._is_armed(actor)
                and any(a.sector in self.acled_cues["mob_sectors"] for a in self._members(actor)))

    def _is_protesters(self, actor: Actor) -> bool:
        words = set(words_of(f"{actor.text} {actor.name or ''}"))
        return bool(words & self.acled_cues["protester_words"])


def _spellings(mode: str) -> list[str]:
    """Forms to try for a mode string: as given, and with '_' or ' ' read as '-'."""
    m = mode.strip().lower()
    return list(dict.fromkeys([m, m.replace("_", "-"), m.replace(" ", "-"), m.replace(" ", "_")]))


def _cue_words(text: str | None) -> set[str]:
    """Words and two-word phrases of a text, for ACLED cue lookups."""
    if not text:
        return set()
    words = words_of(text)
    return set(words) | {f"{a} {b}" for a, b in pairwise(words)}


def _has_count(quantities: Quantities | None, field: str) -> bool:
    count = getattr(quantities, field, None) if quantities is not None else None
    return bool(count is not None and ((count.min or 0) > 0 or (count.max or 0) > 0))
