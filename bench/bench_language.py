"""Is it English? tacitus.ingest.language (run it on an old checkout for the function-word
check it replaced) against language identifiers from PyPI, on texts written for this
benchmark (never evaluation data).

    PYTHONPATH=src:/path/to/extra/site .venv/bin/python bench/bench_language.py

Texts: news-like sentences from templates in 11 languages (English and ten others, five of
them in the Latin script and close to English in spelling), as short headlines (6-14
words) and as paragraphs (3 sentences). The decision measured is the one ingest makes:
keep (English) or skip. Reports accuracy, English kept (recall), others skipped, time per
text and import time; identifiers that are not installed are skipped.
"""

from __future__ import annotations

import importlib
import itertools
import random
import statistics
import time

PLACES = ["Minsk", "Lagos", "Lima", "Hanoi", "Tbilisi", "Dakar", "Quito", "Riga", "Accra"]
NUMBERS = ["12", "40", "150", "300", "2,000", "dozens of", "hundreds of"]
DAYS = {"en": ["on Monday", "on Friday", "last week", "on Sunday evening"],
        "de": ["am Montag", "am Freitag", "letzte Woche", "am Sonntagabend"],
        "fr": ["lundi", "vendredi", "la semaine dernière", "dimanche soir"],
        "es": ["el lunes", "el viernes", "la semana pasada", "el domingo por la noche"],
        "it": ["lunedì", "venerdì", "la settimana scorsa", "domenica sera"],
        "pt": ["na segunda-feira", "na sexta-feira", "na semana passada", "no domingo à noite"],
        "nl": ["op maandag", "op vrijdag", "vorige week", "zondagavond"],
        "sv": ["i måndags", "i fredags", "förra veckan", "på söndagskvällen"],
        "id": ["pada hari Senin", "pada hari Jumat", "pekan lalu", "pada Minggu malam"],
        "tr": ["pazartesi günü", "cuma günü", "geçen hafta", "pazar akşamı"],
        "pl": ["w poniedziałek", "w piątek", "w zeszłym tygodniu", "w niedzielę wieczorem"]}
TEMPLATES = {
    "en": ["Police detained {n} protesters in {p} {d}, officials said.",
           "The government of {p} announced new sanctions {d} after talks failed.",
           "Thousands of workers went on strike in {p} {d} to demand higher wages.",
           "Soldiers opened fire on a crowd near the port of {p} {d}, killing {n} people.",
           "The two ministers agreed {d} to resume negotiations over the disputed border."],
    "de": ["Die Polizei hat {d} in {p} {n} Demonstranten festgenommen, teilten Behörden mit.",
           "Die Regierung kündigte {d} neue Sanktionen an, nachdem die Gespräche gescheitert waren.",
           "Tausende Arbeiter sind {d} in {p} in den Streik getreten, um höhere Löhne zu fordern.",
           "Soldaten haben {d} bei {p} auf eine Menschenmenge geschossen und {n} Menschen getötet.",
           "Die beiden Minister vereinbarten {d}, die Verhandlungen über die Grenze fortzusetzen."],
    "fr": ["La police a arrêté {n} manifestants à {p} {d}, selon les autorités.",
           "Le gouvernement a annoncé {d} de nouvelles sanctions après l'échec des discussions.",
           "Des milliers d'ouvriers se sont mis en grève à {p} {d} pour réclamer des hausses de salaire.",
           "Des soldats ont ouvert le feu sur la foule près du port de {p} {d}, tuant {n} personnes.",
           "Les deux ministres ont convenu {d} de reprendre les négociations sur la frontière."],
    "es": ["La policía detuvo a {n} manifestantes en {p} {d}, según las autoridades.",
           "El gobierno anunció {d} nuevas sanciones después del fracaso de las conversaciones.",
           "Miles de trabajadores se declararon en huelga en {p} {d} para exigir mejores salarios.",
           "Los soldados abrieron fuego contra la multitud cerca del puerto de {p} {d} y mataron a {n} personas.",
           "Los dos ministros acordaron {d} reanudar las negociaciones sobre la frontera."],
    "it": ["La polizia ha arrestato {n} manifestanti a {p} {d}, secondo le autorità.",
           "Il governo ha annunciato {d} nuove sanzioni dopo il fallimento dei colloqui.",
           "Migliaia di lavoratori hanno scioperato a {p} {d} per chiedere salari più alti.",
           "I soldati hanno aperto il fuoco sulla folla vicino al porto di {p} {d}, uccidendo {n} persone.",
           "I due ministri hanno concordato {d} di riprendere i negoziati sul confine."],
    "pt": ["A polícia deteve {n} manifestantes em {p} {d}, segundo as autoridades.",
           "O governo anunciou {d} novas sanções depois do fracasso das conversações.",
           "Milhares de trabalhadores entraram em greve em {p} {d} para exigir salários mais altos.",
           "Soldados abriram fogo contra a multidão perto do porto de {p} {d}, matando {n} pessoas.",
           "Os dois ministros concordaram {d} em retomar as negociações sobre a fronteira."],
    "nl": ["De politie heeft {d} in {p} {n} demonstranten opgepakt, meldden de autoriteiten.",
           "De regering kondigde {d} nieuwe sancties aan nadat de gesprekken waren mislukt.",
           "Duizenden arbeiders legden {d} in {p} het werk neer om hogere lonen te eisen.",
           "Soldaten openden {d} het vuur op een menigte bij de haven van {p} en doodden {n} mensen.",
           "De twee ministers spraken {d} af de onderhandelingen over de grens te hervatten."],
    "sv": ["Polisen grep {n} demonstranter i {p} {d}, uppgav myndigheterna.",
           "Regeringen meddelade {d} nya sanktioner sedan samtalen hade misslyckats.",
           "Tusentals arbetare gick ut i strejk i {p} {d} för att kräva högre löner.",
           "Soldater öppnade eld mot en folkmassa nära hamnen i {p} {d} och dödade {n} personer.",
           "De två ministrarna kom överens {d} om att återuppta förhandlingarna om gränsen."],
    "id": ["Polisi menahan {n} pengunjuk rasa di {p} {d}, kata pejabat setempat.",
           "Pemerintah mengumumkan sanksi baru {d} setelah perundingan gagal.",
           "Ribuan pekerja mogok kerja di {p} {d} untuk menuntut kenaikan upah.",
           "Tentara melepaskan tembakan ke arah kerumunan di dekat pelabuhan {p} {d} dan menewaskan {n} orang.",
           "Kedua menteri sepakat {d} untuk melanjutkan perundingan tentang perbatasan."],
    "tr": ["Polis {d} {p} kentinde {n} göstericiyi gözaltına aldı, yetkililer açıkladı.",
           "Hükümet görüşmelerin başarısız olmasının ardından {d} yeni yaptırımlar açıkladı.",
           "Binlerce işçi daha yüksek ücret talebiyle {d} {p} kentinde greve gitti.",
           "Askerler {d} {p} limanı yakınında kalabalığa ateş açtı ve {n} kişiyi öldürdü.",
           "İki bakan {d} sınır konusundaki müzakerelere yeniden başlamak için anlaştı."],
    "pl": ["Policja zatrzymała {d} w mieście {p} {n} demonstrantów, podały władze.",
           "Rząd ogłosił {d} nowe sankcje po fiasku rozmów.",
           "Tysiące robotników rozpoczęło {d} strajk w mieście {p}, domagając się wyższych płac.",
           "Żołnierze otworzyli {d} ogień do tłumu w pobliżu portu w mieście {p}, zabijając {n} osób.",
           "Dwaj ministrowie uzgodnili {d} wznowienie negocjacji w sprawie granicy."],
}


def texts(seed: int = 7, per_language: int = 30) -> list[tuple[str, str, str]]:
    """(language, kind, text): `per_language` headlines and as many paragraphs each."""
    rng = random.Random(seed)
    out = []
    for lang, templates in TEMPLATES.items():
        def sentence(templates=templates, lang=lang) -> str:
            return rng.choice(templates).format(n=rng.choice(NUMBERS), p=rng.choice(PLACES),
                                                d=rng.choice(DAYS[lang]))
        for _ in range(per_language):
            out.append((lang, "headline", sentence().rstrip(".")))
            out.append((lang, "paragraph", " ".join(sentence() for _ in range(3))))
    return out


def shipped(text: str) -> bool:
    from tacitus.ingest.language import why_not_english

    return why_not_english(text) is None


def py3langid_raw(text: str) -> bool:
    import py3langid

    return py3langid.classify(text)[0] == "en"


def langdetect(text: str) -> bool:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0   # deterministic
    return detect(text) == "en"


def main() -> None:
    data = texts()
    methods = {"tacitus (as shipped)": ("tacitus.ingest.language", shipped),
               "py3langid 0.4 alone": ("py3langid", py3langid_raw),
               "langdetect 1.0.9": ("langdetect", langdetect)}
    print(f"{len(data)} texts, {len(TEMPLATES)} languages, "
          f"{sum(1 for x in data if x[0] == 'en')} English\n")
    print(f"{'method':22} {'import s':>8} {'ms/text':>8} {'accuracy':>9} {'en kept':>8} "
          f"{'others skipped':>15} {'headlines':>10} {'paragraphs':>11}")
    for name, (module, decide) in methods.items():
        started = time.perf_counter()
        try:
            importlib.import_module(module)
        except ImportError:
            print(f"{name:22} not installed")
            continue
        imported = time.perf_counter() - started
        decide(data[0][2])  # first call loads models
        started = time.perf_counter()
        kept = [decide(text) for _, _, text in data]
        per_text = (time.perf_counter() - started) / len(data) * 1000
        right = [k == (lang == "en") for (lang, _, _), k in zip(data, kept, strict=True)]
        en = [k for (lang, _, _), k in zip(data, kept, strict=True) if lang == "en"]
        other = [not k for (lang, _, _), k in zip(data, kept, strict=True) if lang != "en"]
        by_kind = {kind: statistics.mean(r for (_, k, _), r in zip(data, right, strict=True)
                                         if k == kind) for kind in ("headline", "paragraph")}
        print(f"{name:22} {imported:8.3f} {per_text:8.3f} {statistics.mean(right):9.1%} "
              f"{statistics.mean(en):8.1%} {statistics.mean(other):15.1%} "
              f"{by_kind['headline']:10.1%} {by_kind['paragraph']:11.1%}")
        wrong = [(lang, kind) for (lang, kind, _), r in zip(data, right, strict=True) if not r]
        counts = {key: len(list(group)) for key, group in itertools.groupby(sorted(wrong))}
        print(f"{'':22} errors: {counts or 'none'}")


if __name__ == "__main__":
    main()
