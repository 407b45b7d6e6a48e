"""Synthetic news corpus for benchmarks and load tests.

    python bench/corpus.py 10000 -o corpus.jsonl --seed 7

writes N invented articles as JSONL (id, text, published, url, title, source), built
from the sentence templates below over slots for countries, capitals, leaders, agents,
numbers, money, dates and places. The output is the same for the same N and seed, and
the first k articles of a run with N > k equal a run with N = k (one random stream).

The text is meant to look like news to a parser and a coder (event sentences of many
PLOVER types, with crowd sizes, casualties, money and relative dates, mixed with
sentences that report no event); it is not meant to be true. All people are invented.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

# (name, adjective, capital, another city, leader title). Real countries and cities;
# the leaders in articles are invented names drawn from FIRST/LAST below.
COUNTRIES = [
    ("Belarus", "Belarusian", "Minsk", "Hrodna", "President"),
    ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv", "President"),
    ("Poland", "Polish", "Warsaw", "Gdansk", "Prime Minister"),
    ("Lithuania", "Lithuanian", "Vilnius", "Kaunas", "Prime Minister"),
    ("Russia", "Russian", "Moscow", "Novosibirsk", "President"),
    ("Turkey", "Turkish", "Ankara", "Izmir", "President"),
    ("Georgia", "Georgian", "Tbilisi", "Kutaisi", "Prime Minister"),
    ("Armenia", "Armenian", "Yerevan", "Gyumri", "Prime Minister"),
    ("Azerbaijan", "Azerbaijani", "Baku", "Ganja", "President"),
    ("Kazakhstan", "Kazakh", "Astana", "Almaty", "President"),
    ("Uzbekistan", "Uzbek", "Tashkent", "Samarkand", "President"),
    ("Pakistan", "Pakistani", "Islamabad", "Karachi", "Prime Minister"),
    ("India", "Indian", "New Delhi", "Mumbai", "Prime Minister"),
    ("Bangladesh", "Bangladeshi", "Dhaka", "Chittagong", "Prime Minister"),
    ("Sri Lanka", "Sri Lankan", "Colombo", "Kandy", "President"),
    ("Vietnam", "Vietnamese", "Hanoi", "Da Nang", "Prime Minister"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya", "President"),
    ("the Philippines", "Philippine", "Manila", "Cebu City", "President"),
    ("Japan", "Japanese", "Tokyo", "Osaka", "Prime Minister"),
    ("South Korea", "South Korean", "Seoul", "Busan", "President"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos", "President"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa", "President"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Gondar", "Prime Minister"),
    ("Sudan", "Sudanese", "Khartoum", "Port Sudan", "General"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria", "President"),
    ("Tunisia", "Tunisian", "Tunis", "Sfax", "President"),
    ("Senegal", "Senegalese", "Dakar", "Thies", "President"),
    ("Burkina Faso", "Burkinabe", "Ouagadougou", "Djibo", "Captain"),
    ("Mali", "Malian", "Bamako", "Gao", "Colonel"),
    ("Chile", "Chilean", "Santiago", "Valparaiso", "President"),
    ("Peru", "Peruvian", "Lima", "Arequipa", "President"),
    ("Colombia", "Colombian", "Bogota", "Medellin", "President"),
    ("Venezuela", "Venezuelan", "Caracas", "Maracaibo", "President"),
    ("Guatemala", "Guatemalan", "Guatemala City", "Quetzaltenango", "President"),
    ("Mexico", "Mexican", "Mexico City", "Guadalajara", "President"),
    ("France", "French", "Paris", "Marseille", "President"),
    ("Germany", "German", "Berlin", "Hamburg", "Chancellor"),
    ("the United Kingdom", "British", "London", "Manchester", "Prime Minister"),
    ("the United States", "U.S.", "Washington", "Chicago", "President"),
    ("China", "Chinese", "Beijing", "Shanghai", "Premier"),
]
FIRST = ["Amara", "Dmitri", "Lena", "Tomas", "Farid", "Ines", "Kofi", "Mei", "Ravi", "Olga",
         "Jorge", "Aisha", "Henrik", "Nadia", "Samuel", "Yusuf", "Camila", "Pavel", "Ana", "Kenji"]
LAST = ["Odhiambo", "Varga", "Castellan", "Morozan", "Haddad", "Lindqvist", "Mensah", "Tanaka",
        "Suleimenov", "Petrescu", "Quispe", "Barzani", "Novak", "Ferreira", "Okafor", "Dumitru",
        "Rahimov", "Alvarado", "Keller", "Nakamura"]
IGOS = ["the European Union", "the United Nations", "the African Union", "NATO",
        "the Organization of American States", "the World Bank", "the International Monetary Fund"]
LENDERS = ["The World Bank", "The International Monetary Fund", "The African Development Bank",
           "The Asian Development Bank", "The European Union"]
SANCTIONERS = ["The European Union", "The United States", "The United Kingdom", "Canada"]
OUTLETS = ["Synthetic Wire", "Example Daily", "The Placeholder Post", "Lorem News Agency",
           "Demo Gazette"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
GROUPS = ["opposition supporters", "students", "farmers", "teachers", "pensioners",
          "residents", "activists", "doctors"]
WORKERS = ["dock workers", "miners", "railway workers", "nurses", "bus drivers", "teachers"]
TOPICS = ["trade", "energy security", "border demarcation", "climate change", "migration",
          "grain exports", "a new pipeline", "prisoner exchanges", "visa rules"]
GRIEVANCES = ["rising fuel prices", "a disputed election", "corruption", "a new tax law",
              "the arrest of an opposition leader", "power cuts", "unpaid wages"]
CURRENCIES = [("$", "", "million"), ("$", "", "billion"), ("", " million euros", None),
              ("€", "m", None), ("", " euros", None), ("£", " million", None)]

# Event sentences by kind. Slots: {A} {B} actor phrases of two countries, {Aadj},
# {Acap}, {Acity}, {leader}, {surname}, {police}, {crowd}, {n}, {dead}, {hurt},
# {money}, {when}, {igo}, {group}, {workers}, {topic}, {grievance}.
EVENTS: dict[str, list[str]] = {
    "protest": [
        "{crowd} marched through {Acity} {when} to protest against {grievance}, organisers said.",
        "{crowd} gathered outside parliament in {Acap} {when}, demanding the resignation of the government over {grievance}.",
        "Thousands of {group} blocked the main highway into {Acity} {when} in protest at {grievance}.",
        "{crowd} took part in rallies in {Acap} and {Aother} {when}, the largest protests since the start of the year.",
    ],
    "strike": [
        "Some {n} {workers} went on strike {when} over pay and working conditions, halting services across {Aname}.",
        "The national union of {workers} said its members had stopped work {when} and would not return until the government raised wages.",
        "{workers} in {Acity} walked off the job {when}, the second stoppage this month.",
    ],
    "arrest": [
        "{police} detained at least {n} people in {Acap} {when}, including a journalist for a foreign news agency.",
        "{police} arrested {n} {group} during a sweep of the capital {when}, the interior ministry said.",
        "An opposition leader was arrested at his home in {Acity} {when}, his lawyer told reporters.",
    ],
    "restrict": [
        "Mobile internet was cut across {Acap} {when} as crowds gathered in the city centre.",
        "The {Aadj} authorities banned public gatherings in {Acity} for a week {when}, citing security concerns.",
        "The {Aadj} interior ministry imposed a night-time curfew in {Acity} {when}.",
    ],
    "assault": [
        "Gunmen killed {dead} people and wounded {hurt} others in an attack on a market near {Acity} {when}, local officials said.",
        "A car bomb exploded outside a police station in {Acity} {when}, killing {dead} officers and injuring {hurt} civilians.",
        "{police} fired tear gas and rubber bullets at protesters in {Acap} {when}, injuring at least {hurt} people.",
        "At least {dead} soldiers were killed when their convoy was ambushed near {Acity} {when}, the army said.",
    ],
    "consult": [
        "{A} held talks with {B} in {Acap} {when} on {topic}.",
        "{Aadj} {title} {leader} spoke by phone with the leader of {Bname} {when}, his office said.",
        "The foreign minister of {Bname} arrived in {Acap} {when} for a two-day visit focused on {topic}.",
        "{surname} met envoys from {igo} {when} to discuss {topic}, according to a government statement.",
    ],
    "agree": [
        "{A} and {B} signed an agreement on {topic} {when}, the foreign ministry said.",
        "{A} agreed {when} to resume talks with {B} on {topic}.",
        "{A} offered to host a new round of negotiations between the warring parties, officials said {when}.",
    ],
    "aid": [
        "{lender} approved a {money} loan to {Aname} {when} to support the budget.",
        "{B} pledged {money} in humanitarian aid for {Aname} {when}.",
        "{Bo} has sent {money} in emergency assistance to {Aname}, its foreign ministry said {when}.",
    ],
    "sanction": [
        "{sanctioner} imposed sanctions on {n} {Aadj} officials {when} over the crackdown on protesters.",
        "{Bo} broke off diplomatic relations with {Aname} {when} and expelled its ambassador.",
        "{B} announced new restrictions on imports from {Aname} {when}.",
    ],
    "threaten": [
        "{Bo} threatened {when} to cut gas supplies to {Aname} unless it paid its debts.",
        "{Ao} warned {when} that it would respond with force to any incursion on its territory.",
    ],
    "accuse": [
        "{Ao} accused {B} of meddling in its internal affairs {when}.",
        "{igo} condemned the killings and called for an independent investigation.",
        "{Aadj} officials denied that their forces had shelled villages near the border.",
    ],
    "request": [
        "{igo} urged {Aname} {when} to release all political prisoners.",
        "{surname} called on {Bo} to withdraw its troops from the border.",
    ],
    "mobilize": [
        "{Ao} mobilised {n} troops along its border with {Bname} {when}, the defence ministry said.",
        "If the talks fail, {Aname} would call up its reservists, the defence minister said.",
    ],
    "retreat": [
        "{A} released {n} prisoners {when} as part of an amnesty.",
        "{Bo} withdrew its forces from the disputed area {when}, satellite images showed.",
    ],
}
HEADLINES: dict[str, str] = {
    "protest": "Thousands protest in {Acap} over {grievance}",
    "strike": "{Workers} strike in {Aname}",
    "arrest": "{Aadj} police detain protesters",
    "restrict": "{Aadj} authorities tighten restrictions in {Acity}",
    "assault": "Deadly attack near {Acity}",
    "consult": "{Aadj} and {Badj} officials hold talks on {topic}",
    "agree": "{Aname} and {Bname} reach deal on {topic}",
    "aid": "{Aname} receives {money} in support",
    "sanction": "New sanctions target {Aname}",
    "threaten": "{Bname} issues warning to {Aname}",
    "accuse": "{Aname} trades accusations with {Bname}",
    "request": "Calls grow for {Aname} to change course",
    "mobilize": "{Aname} moves troops to the border",
    "retreat": "{Aname} eases tensions with prisoner release",
}
FILLER = [
    "Analysts said the move was unlikely to change the balance of power in the region, where rival powers have competed for influence for decades.",
    "Diplomats in {Acap} said privately that they did not expect a quick breakthrough, because both sides had staked their reputations on the outcome.",
    "The government has faced mounting criticism at home over {grievance}, and opinion polls suggest its support has fallen to the lowest level in years.",
    "The economy of {Aname} grew by {pct} percent last year, according to official figures.",
    "Officials at the ministry declined to comment on the report when contacted by telephone, saying a full statement would follow.",
    "Inflation has risen sharply since {year}, and many families struggle to pay for food and fuel.",
    "{Acity} is home to about {pop} million people and is the country's main commercial hub.",
    "The statement did not give further details, and it was not clear whether the decision had been discussed with regional partners beforehand.",
    "Forecasters expect heavy rain in {Acap} later this week, which could disrupt transport and the delivery of supplies to outlying districts.",
    "Elections are due to be held next year, and the main opposition parties have not yet agreed on a joint candidate.",
    "Independent media have been under growing pressure in {Aname} in recent years, and several foreign correspondents have been refused accreditation.",
    "The ministry said more information would be released in the coming days, once officials had spoken to the families of those involved.",
]
# Clauses appended to event sentences: news sentences are long, and parse cost grows
# with length, so a benchmark corpus should not be made of short sentences only.
TAILS = [
    ", in the latest sign of tension between the government and its critics",
    ", amid growing public anger over {grievance} and the cost of living",
    ", as pressure mounted on the authorities ahead of elections due next year",
    ", according to witnesses and footage shared widely on social media",
    ", a move that diplomats in {Acap} said had been expected for several weeks",
    ", in a statement that was read out on state television later in the evening",
    ", days after {igo} raised concerns about the situation in {Aname}",
]
PROTEST_KINDS = ("protest", "strike", "arrest", "restrict", "assault")
TOPIC_WEIGHTS = [(k, 3 if k in PROTEST_KINDS else 2) for k in EVENTS]


def _when(rng: random.Random, published: date) -> str:
    """A date phrase of the kinds news uses: weekday, relative, or day-month."""
    roll = rng.random()
    if roll < 0.45:
        return "on " + WEEKDAYS[(published - timedelta(days=rng.randint(1, 6))).weekday()]
    if roll < 0.65:
        day = published - timedelta(days=rng.randint(1, 20))
        return f"on {MONTHS[day.month - 1]} {day.day}"
    return rng.choice(["last week", "two weeks ago", "earlier this month", "on Sunday",
                       "yesterday", "last month"])


def _money(rng: random.Random) -> str:
    prefix, suffix, scale = rng.choice(CURRENCIES)
    if scale == "billion":
        return f"{prefix}{rng.choice(['1', '1.2', '2.5', '3'])} billion"
    if scale == "million":
        return f"{prefix}{rng.choice([40, 150, 250, 750])} million"
    if suffix == " euros":
        return f"{rng.choice([150, 200, 500]) * 1000:,} euros"
    return f"{prefix}{rng.choice([5, 11, 20, 60])}{suffix}"


def _crowd(rng: random.Random) -> str:
    lo = rng.choice([2, 5, 10, 20, 50, 100]) * 1000
    return rng.choice([f"Between {lo:,} and {2 * lo:,} people",
                       f"At least {lo:,} people", f"Some {lo:,} protesters",
                       "Tens of thousands of people", f"More than {lo:,} {rng.choice(GROUPS)}"])


def _actor(rng: random.Random, country: tuple, leader: str) -> str:
    name, adj, cap, _, title = country
    return rng.choice([name, name, f"the {adj} government", f"{adj} {title} {leader}",
                       f"the {adj} foreign ministry", cap])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _org(rng: random.Random, country: tuple) -> str:
    """An actor phrase that takes "its" (no person)."""
    name, adj, cap, _, _ = country
    return rng.choice([name, name, f"the {adj} government", cap])


def _slots(rng: random.Random, a: tuple, b: tuple, leaders: tuple[str, str], published: date) -> dict:
    workers = rng.choice(WORKERS)
    return {
        "A": _actor(rng, a, leaders[0]), "B": _actor(rng, b, leaders[1]),
        "Ao": _org(rng, a), "Bo": _org(rng, b), "Aother": a[3],
        "Aname": a[0], "Aadj": a[1], "Acap": a[2], "Acity": rng.choice(a[2:4]), "title": a[4],
        "Bname": b[0], "Badj": b[1], "leader": leaders[0], "surname": leaders[0].split()[-1],
        "police": rng.choice(["Riot police", "Security forces", f"{a[1]} police", "Police"]),
        "crowd": _crowd(rng), "n": rng.choice([9, 25, 40, 140, 200, 300, 1200, 5000]),
        "dead": rng.randint(2, 40), "hurt": rng.randint(3, 90), "money": _money(rng),
        "when": _when(rng, published), "igo": rng.choice(IGOS), "lender": rng.choice(LENDERS),
        "sanctioner": rng.choice(SANCTIONERS), "group": rng.choice(GROUPS),
        "workers": workers, "Workers": workers.capitalize(), "topic": rng.choice(TOPICS),
        "grievance": rng.choice(GRIEVANCES), "pct": rng.choice([1.5, 2, 3.2, 4, 6]),
        "year": rng.randint(2019, published.year), "pop": rng.choice([1, 2, 3, 5, 8]),
    }


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _article(rng: random.Random, index: int, seed: int) -> dict:
    published = date(2020, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    a, b = rng.sample(COUNTRIES, 2)
    leaders = (_person(rng), _person(rng))
    kinds, weights = zip(*TOPIC_WEIGHTS)
    target = rng.randint(7, 12)
    main = rng.choices(kinds, weights)[0]
    sentences: list[str] = []
    used: set[str] = set()
    while len(sentences) < target:
        i = len(sentences)
        slots = _slots(rng, a, b, leaders, published)
        is_filler = i > 0 and rng.random() < 0.3
        if is_filler:
            template = rng.choice(FILLER)
        else:
            kind = main if i == 0 or rng.random() < 0.4 else rng.choices(kinds, weights)[0]
            template = rng.choice(EVENTS[kind])
        if template in used:  # a real report does not repeat itself word for word
            continue
        used.add(template)
        if not is_filler and rng.random() < 0.9:
            template = template[:-1] + rng.choice(TAILS) + "."
        sentences.append(_capitalise(template.format(**slots)))
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i:i + step]))
        i += step
    doc_id = f"synth-{seed}-{index:07d}"
    return {
        "id": doc_id,
        "text": "\n\n".join(paragraphs),
        "published": published.isoformat(),
        "url": f"https://synthetic.example.org/{published:%Y/%m/%d}/{doc_id}",
        "title": _capitalise(HEADLINES[main].format(**_slots(rng, a, b, leaders, published))),
        "source": rng.choice(OUTLETS),
    }


def generate(n: int, seed: int = 0) -> Iterator[dict]:
    """Yield n synthetic articles; the same (n, seed) always gives the same articles."""
    rng = random.Random(seed)
    for index in range(n):
        yield _article(rng, index, seed)


def write_jsonl(articles: Iterable[dict], out: TextIO) -> int:
    """Write articles one JSON object a line; returns how many were written."""
    count = 0
    for article in articles:
        out.write(json.dumps(article, ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic news articles as JSONL.")
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    articles = generate(args.n, args.seed)
    if args.output == "-":
        try:
            write_jsonl(articles, sys.stdout)
        except BrokenPipeError:  # `corpus.py 100 | head` is fine: stop quietly
            sys.stderr.close()
        return 0
    with Path(args.output).open("w", encoding="utf-8") as out:
        write_jsonl(articles, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
