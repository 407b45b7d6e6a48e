"""The quantities stage: how many took part, were arrested, killed, injured; how much money.

    from tacitus.quantities import extract_quantities
    q = extract_quantities(sent, event_type="COERCE", trigger=trigger_token)

Conventions (they keep a stated figure intact rather than guessing):
- "at least / more than / over 140" -> min 140, max None ("more than 140" keeps 140);
- "up to / as many as / fewer than 100" -> min None, max 100;
- "about / around / nearly / some / roughly 500" -> min = max = 500, approximate;
- "between 100,000 and 200,000", "100 to 200" -> min 100000, max 200000;
- vague words: a lower bound, approximate, max None: "dozens" 24, "scores" 40,
  "hundreds" 200, "thousands" 2000, "tens of thousands" 20000, "hundreds of thousands"
  200000, "millions" 2000000, "several" 3 (so "several hundred" is 300);
- "a soldier was killed" -> fatalities 1 (also injuries and arrests): one is stated.
"""

from tacitus.quantities.extract import extract_quantities

__all__ = ["extract_quantities"]
