"""The web dashboard, driven in headless Debian chromium against a real `tacitus serve`.

The server codes nothing here: the database is filled once with the bundled examples
(`tacitus demo`) plus one hand-made hostile report whose every text field carries markup,
so the tests can check that documents are shown as literal text and never run.

Screenshots of each page go to a temporary folder, or to docs/img/ when
TACITUS_UPDATE_SCREENSHOTS=1 (that is how the README's pictures are made).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tacitus.records import Actor, Count, Document, Event, Evidence, Location, Quantities
from tacitus.store import Store

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "tacitus" / "web" / "static"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

needs_browser = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="Debian chromium/chromedriver not installed (run scripts/setup_browser.sh)",
)

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = (
    f"Riot police detained 12 students {HOSTILE_SCRIPT} near the square {HOSTILE_IMG} "
    "and **bold** [click](javascript:alert(1)) <b>claims</b>."
)
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Breaking'


# --- fixtures ---------------------------------------------------------------------------

def _hostile_report() -> tuple[Document, Event]:
    doc = Document(doc_id="hostile-report", text=HOSTILE_SENTENCE, published=date(2025, 3, 10),
                   title=HOSTILE_TITLE, url="javascript:window.__pwned=2",
                   source="<script>window.__pwned=3</script>")
    police = HOSTILE_SENTENCE.index("Riot police")
    trigger = HOSTILE_SENTENCE.index("detained")
    students = HOSTILE_SENTENCE.index("12 students")
    event = Event(
        event_id="hostile-report#0:COERCE", doc_id=doc.doc_id, published=doc.published,
        date=date(2025, 3, 9), date_precision="day", event_type="COERCE", mode="arrest",
        cameo="173", goldstein=-5.0, quad_class=4,
        source=Actor(text="Riot police", name="<b>police</b>", country="BLR", sector="COP",
                     code="BLRCOP", start=police, end=police + len("Riot police")),
        target=Actor(text="12 students", name="students", country="BLR", sector="EDU",
                     code="BLREDU", start=students, end=students + len("12 students")),
        location=Location(name="Minsk <svg onload=alert(1)>", country="BLR", lat=53.9, lon=27.56,
                          precision="city"),
        quantities=Quantities(arrests=Count(min=12, max=12, text="12 students")),
        evidence=Evidence(sentence=HOSTILE_SENTENCE, start=0, end=len(HOSTILE_SENTENCE),
                          trigger="detained", trigger_start=trigger,
                          trigger_end=trigger + len("detained")),
        confidence=0.9,
    )
    return doc, event


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'events.db'}"
    subprocess.run([sys.executable, "-m", "tacitus.cli.main", "demo", str(ROOT / "examples"),
                    "--db", url], check=True, capture_output=True, cwd=ROOT, timeout=300)
    doc, event = _hostile_report()
    with Store(url) as store:
        store.add(doc, [event])
    return url


@pytest.fixture(scope="module")
def server(db_url, serving):
    with serving(db_url) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,900"):
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("TACITUS_UPDATE_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "img"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


# --- helpers ----------------------------------------------------------------------------

def _wait(driver, css: str, timeout: float = 20, count: int = 1):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= count)
    return driver.find_elements(By.CSS_SELECTOR, css)


def _open(driver, base: str, page: str) -> None:
    # Leave the page first: a change of #fragment alone would keep the old page's state.
    driver.get("about:blank")
    driver.get(f"{base}/#{page}")
    _wait(driver, f"body[data-page='{page}']")


def _filter_events(driver, **fields) -> None:
    from selenium.webdriver.common.by import By

    form = driver.find_element(By.ID, "event-filters")
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        # Setting the value directly avoids locale-specific typing into date inputs.
        driver.execute_script("arguments[0].value = arguments[1];", field, value)
    before = driver.find_element(By.ID, "range").text
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "range").text != before)


def _assert_not_pwned(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    assert driver.execute_script("return window.__pwned === undefined")


def _total(driver) -> int:
    from selenium.webdriver.common.by import By

    return int(re.search(r"of (\d+)", driver.find_element(By.ID, "range").text).group(1))


# --- static checks (no browser needed) --------------------------------------------------

def test_page_has_strict_csp_and_no_inline_script():
    html = (STATIC / "index.html").read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script in index.html"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler in index.html"
    assert not re.search(r"https?://", re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL)), \
        "the page must not load anything from another host"


def test_scripts_never_parse_data_as_html():
    for js in (STATIC / "js").glob("*.js"):
        code = js.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, f"{js.name} uses {sink}"


# --- browser tests ----------------------------------------------------------------------

@pytest.mark.browser
@needs_browser
def test_events_page_pages_and_filters_on_the_server(browser, server, db_url):
    from selenium.webdriver.common.by import By

    with Store(db_url) as store:
        total = store.count_events()
        protests = store.count_events(event_type="PROTEST")
        pair = next((e.source.country, e.target.country) for e in store.events()
                    if e.source and e.target and e.source.country and e.target.country)
        in_dyad = store.count_events(dyad=pair)
    _open(browser, server, "events")
    rows = _wait(browser, "#events-table tbody tr[data-event-id]", count=min(total, 50))
    assert len(rows) == min(total, 50)
    assert _total(browser) == total

    if total > 50:
        from selenium.webdriver.support.ui import WebDriverWait

        browser.find_element(By.ID, "next").click()
        # the range label is rewritten when the next page arrives: wait for it
        WebDriverWait(browser, 20).until(
            lambda b: b.find_element(By.ID, "range").text.startswith("51–"))
        assert browser.find_element(By.ID, "range").text.startswith("51–")

    _filter_events(browser, type="PROTEST")
    assert _total(browser) == protests
    badges = browser.find_elements(By.CSS_SELECTOR, "#events-table tbody .badge")
    assert badges and {b.text for b in badges} == {"PROTEST"}

    _filter_events(browser, type="", dyad_source=pair[0], dyad_target=pair[1])
    assert _total(browser) == in_dyad > 0


@pytest.mark.browser
@needs_browser
def test_event_detail_highlights_actor_trigger_place_and_numbers(browser, server, db_url, shots):
    from selenium.webdriver.common.by import By

    with Store(db_url) as store:
        event = next(e for e in store.events()
                     if e.source and e.source.start is not None and e.evidence.trigger_start is not None
                     and e.location and e.location.start is not None
                     # a place from the dateline or elsewhere in the story is not in the
                     # sentence, and a place that is also an actor is marked as the actor
                     and e.evidence.start <= e.location.start < e.evidence.end
                     and not any(a and a.start is not None and a.start <= e.location.start < a.end
                                 for a in (e.source, e.target))
                     and e.doc_id != "hostile-report")
    _open(browser, server, "events")
    _wait(browser, "#events-table tbody tr[data-event-id]")
    _filter_events(browser, q=event.evidence.sentence[:40])
    _wait(browser, f"tr[data-event-id='{event.event_id}']")[0].click()
    _wait(browser, "#detail .event-detail")

    detail = browser.find_element(By.ID, "detail")
    marks = {m.get_attribute("data-kind"): m.text
             for m in detail.find_elements(By.CSS_SELECTOR, "p.sentence mark")}
    assert marks["trigger"] == event.evidence.trigger
    assert marks["source"] == event.source.text
    assert marks["place"] == event.location.text
    sentence = detail.find_element(By.CSS_SELECTOR, "p.sentence").text
    assert sentence == event.evidence.sentence
    assert event.event_type in detail.text and event.event_id in detail.text
    assert "Mentions (" in detail.text
    browser.save_screenshot(str(shots / "events.png"))


@pytest.mark.browser
@needs_browser
def test_hostile_report_is_shown_as_literal_text(browser, server):
    from selenium.webdriver.common.by import By

    _open(browser, server, "events")
    _wait(browser, "#events-table tbody tr[data-event-id]")
    _filter_events(browser, q="onerror")
    _wait(browser, "tr[data-event-id='hostile-report#0:COERCE']")[0].click()
    _wait(browser, "#detail .event-detail")
    browser.find_element(By.CSS_SELECTOR, "#detail details.document summary").click()

    detail = browser.find_element(By.ID, "detail")
    shown = detail.text
    assert HOSTILE_SCRIPT in shown and HOSTILE_IMG in shown
    assert "**bold** [click](javascript:alert(1)) <b>claims</b>" in shown
    assert "<b>police</b>" in shown and "<svg onload=alert(1)>" in shown
    assert HOSTILE_TITLE in shown and "<script>window.__pwned=3</script>" in shown
    marks = {m.get_attribute("data-kind"): m.text
             for m in detail.find_elements(By.CSS_SELECTOR, "p.sentence mark")}
    assert marks["source"] == "Riot police" and marks["trigger"] == "detained"
    # Nothing from the report became an element; the javascript: URL is not a link.
    for tag in ("script", "img", "svg", "b", "iframe"):
        assert not detail.find_elements(By.TAG_NAME, tag), f"<{tag}> injected into the page"
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    _assert_not_pwned(browser)


@pytest.mark.browser
@needs_browser
def test_timeline_draws_bars_and_goldstein_line(browser, server, shots):
    _open(browser, server, "timeline")
    bars = _wait(browser, "#timeline-chart svg rect.bar")
    assert bars
    assert _wait(browser, "#timeline-chart svg polyline.goldstein")
    # the alerts list answers too: an alert or the "no alerts" line, never an error
    assert "unavailable" not in _wait(browser, "#alerts li")[0].text
    browser.save_screenshot(str(shots / "timeline.png"))


@pytest.mark.browser
@needs_browser
def test_network_draws_actors_and_quad_coloured_edges(browser, server, shots):
    _open(browser, server, "network")
    edges = _wait(browser, "#network-chart svg path.edge")
    nodes = _wait(browser, "#network-chart svg g.node circle", count=2)
    assert edges and len(nodes) >= 2
    colours = {e.get_attribute("stroke") for e in edges}
    assert colours <= {"#a6d96a", "#1a9641", "#f39c34", "#d7191c"}
    browser.save_screenshot(str(shots / "network.png"))


@pytest.mark.browser
@needs_browser
def test_map_draws_countries_and_event_points(browser, server, shots):
    _open(browser, server, "map")
    countries = _wait(browser, "#map-chart svg path.country", count=100)
    points = _wait(browser, "#map-chart svg circle.point")
    assert len(countries) > 100 and points
    browser.save_screenshot(str(shots / "map.png"))


@pytest.mark.browser
@needs_browser
def test_code_page_codes_an_uploaded_file_and_shows_markup_literally(browser, server, shots,
                                                                     tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server, "code")
    text = (f"Police arrested 40 protesters {HOSTILE_IMG} in Minsk on Monday. "
            "The European Union condemned the arrests.")
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    form = browser.find_element(By.ID, "code-form")
    form.find_element(By.NAME, "file").send_keys(str(report))
    area = form.find_element(By.NAME, "text")
    WebDriverWait(browser, 10).until(lambda _d: area.get_attribute("value") == text)
    browser.execute_script("arguments[0].value = '2025-03-10';", form.find_element(By.NAME, "published"))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    cards = _wait(browser, "#code-results .event-card", timeout=90)
    assert cards
    results = browser.find_element(By.ID, "code-results")
    assert HOSTILE_IMG in results.text
    assert results.find_elements(By.CSS_SELECTOR, "mark.hl-trigger")
    assert not results.find_elements(By.TAG_NAME, "img")
    assert re.search(r"\d+ events? found", browser.find_element(By.ID, "code-summary").text)
    _assert_not_pwned(browser)
    browser.save_screenshot(str(shots / "code.png"))


@pytest.mark.browser
@needs_browser
def test_dashboard_loads_nothing_from_other_hosts(browser, server):
    _open(browser, server, "map")
    _wait(browser, "#map-chart svg circle.point")
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server) for u in urls), urls


def test_vendored_libraries_keep_their_licences():
    for lib in ("world-atlas", "topojson-client"):
        assert (STATIC / "vendor" / lib / "LICENSE").is_file()
