"""The analyst's desk in the dashboard, driven in headless Debian chromium against a real
`tacitus serve` with two reviewer tokens: filters in the URL with back/forward, sorting,
downloads, the counts page, drill-down from timeline, network and map, map zoom and
clustering, network labels, and the review panel (keyboard confirm/correct/reject, adding
a missed event from a selection), with hostile text in notes, names and sentences.

The database is filled with hand-made events (known answers, no coding), including one
whose every text field carries markup.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

from tacitus.records import Actor, Count, Document, Event, Evidence, Location, Quantities
from tacitus.store import Store

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="Debian chromium/chromedriver not installed (run scripts/setup_browser.sh)")]

ANA, BOB = "ana-token-1234", "bob-token-5678"
HOSTILE = '<img src=x onerror="window.__pwned=1">'
HOSTILE_NOTE = f'<script>window.__pwned=2</script>{HOSTILE}'
PLACES = [("Minsk", "BLR", 53.9, 27.56), ("Gomel", "BLR", 52.43, 30.99),
          ("Warsaw", "POL", 52.23, 21.01), ("Kyiv", "UKR", 50.45, 30.52)]
TYPES = ["PROTEST", "COERCE", "ASSAULT", "CONSULT"]


def _doc_and_event(n: int, copy: bool = False) -> tuple[Document, Event]:
    place, country, lat, lon = PLACES[n % len(PLACES)]
    kind = TYPES[n % len(TYPES)]
    hostile = n == 0
    actor = f"Workers {HOSTILE}" if hostile else "Workers"
    text = (f"{actor} gathered in {place} on day {n} and the police answered, "
            f"officials said in report {n}. A union leader later met the mayor.")
    doc_id = f"w{n:02d}" + ("b" if copy else "")
    doc = Document(doc_id=doc_id, text=text + (" (second wire)" if copy else ""),
                   published=date(2025, 1, 1) + timedelta(days=3 * n),
                   title=f"Report {n}", url="javascript:window.__pwned=3" if hostile else None,
                   source="Wire B" if copy else "Wire A")
    trigger = text.index("gathered")
    end = text.index(". A union") + 1
    event = Event(
        event_id=f"{doc_id}#{trigger}:{kind}", doc_id=doc.doc_id, published=doc.published,
        date=doc.published, date_precision="day", event_type=kind,
        mode="demo" if kind == "PROTEST" else None, cameo="141" if kind == "PROTEST" else "173",
        goldstein=-6.5, quad_class=3 if kind in ("PROTEST", "CONSULT") else 4,
        source=Actor(text=actor, name=actor, country=country, sector="LAB", code=f"{country}LAB",
                     start=0, end=len(actor)),
        target=Actor(text="the police", name="police", country=country, sector="COP",
                     code=f"{country}COP"),
        location=Location(name=place, country=country, lat=lat + (n % 3) * 0.01, lon=lon,
                          precision="city"),
        quantities=Quantities(participants=Count(min=100 + n, max=100 + n)),
        evidence=Evidence(sentence=text[:end], start=0, end=end, trigger="gathered",
                          trigger_start=trigger, trigger_end=trigger + 8),
        confidence=round(0.3 + n / 100, 2))
    return doc, event


N_REPORTS = 24
N_EVENTS = N_REPORTS + 1   # report 1 comes twice, from two wires: one merged event


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    from tacitus.dedup import merge

    url = f"sqlite:///{tmp_path_factory.mktemp('desk') / 'desk.db'}"
    with Store(url) as store:
        for n in range(N_REPORTS):
            doc, event = _doc_and_event(n)
            store.add(doc, [event])
        doc, event = _doc_and_event(1, copy=True)
        store.add(doc, [event])
        merge(store)
    return url


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory, serving):
    reviewers = tmp_path_factory.mktemp("tokens") / "reviewers.tsv"
    reviewers.write_text(f"# name<TAB>token\nana\t{ANA}\nbob\t{BOB}\n", encoding="utf-8")
    with serving(db_url, "--reviewers", str(reviewers)) as base:
        yield base


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1500,1000"):
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-desk')}")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("TACITUS_UPDATE_SCREENSHOTS") == "1":
        return ROOT / "docs" / "img"
    return tmp_path_factory.mktemp("screenshots")


# -- helpers --------------------------------------------------------------------------------

def _wait(driver, css: str, timeout: float = 20, count: int = 1):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= count)
    return driver.find_elements(By.CSS_SELECTOR, css)


def _until(driver, check, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: check())


def _go(driver, base: str, fragment: str, token: str | None = None) -> None:
    driver.get("about:blank")
    driver.get(f"{base}/")
    driver.execute_script("sessionStorage.clear();" + (
        f"sessionStorage.setItem('tacitus-token', {json.dumps(token)});" if token else ""))
    driver.get("about:blank")
    driver.get(f"{base}/#{fragment}")
    _until(driver, lambda: driver.execute_script(
        "return document.body.dataset.rendered === window.location.hash"))


def _rendered(driver) -> None:
    _until(driver, lambda: driver.execute_script(
        "return document.body.dataset.rendered === window.location.hash"))


def _total(driver) -> int:
    from selenium.webdriver.common.by import By

    return int(re.search(r"of (\d+)", driver.find_element(By.ID, "range").text).group(1))


def _row_ids(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#events-table tbody tr[data-event-id]')]"
        ".map(r => r.dataset.eventId)")


def _assert_not_pwned(driver) -> None:
    assert driver.execute_script("return window.__pwned === undefined")
    for tag in ("script", "img"):
        assert not driver.find_elements("css selector", f"#detail {tag}, #counts {tag}")


def _hash_params(driver) -> dict:
    from urllib.parse import parse_qs

    fragment = driver.execute_script("return window.location.hash")
    query = fragment.partition("?")[2]
    return {k: v[0] for k, v in parse_qs(query).items()}


# -- tests ------------------------------------------------------------------------------------

def test_filters_live_in_the_url_and_back_forward_work(browser, server, db_url):
    from selenium.webdriver.common.by import By

    with Store(db_url) as store:
        protests = store.count_events(event_type="PROTEST")
        in_pol = store.count_events(country="POL")
    _go(browser, server, "events")
    assert _total(browser) == N_EVENTS
    form = browser.find_element(By.ID, "event-filters")
    form.find_element(By.NAME, "type").send_keys("PROTEST")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _until(browser, lambda: _total(browser) == protests)
    assert _hash_params(browser) == {"type": "PROTEST"}
    # a bookmark of the view opens the same view
    bookmarked = browser.current_url
    browser.get("about:blank")
    browser.get(bookmarked)
    _rendered(browser)
    assert _total(browser) == protests
    assert browser.find_element(By.NAME, "type").get_attribute("value") == "PROTEST"
    _go(browser, server, "events?country=POL")
    assert _total(browser) == in_pol
    browser.find_element(By.CSS_SELECTOR, "th .sort[data-sort='date']").click()
    _until(browser, lambda: _hash_params(browser).get("order") == "date_asc")
    _rendered(browser)
    ids = _row_ids(browser)
    assert ids == sorted(ids, key=lambda i: int(i[1:3]))       # oldest first
    browser.back()
    _until(browser, lambda: "order" not in _hash_params(browser))
    _rendered(browser)
    assert _row_ids(browser) == list(reversed(ids))
    browser.forward()
    _until(browser, lambda: _hash_params(browser).get("order") == "date_asc")
    _rendered(browser)
    assert _row_ids(browser) == ids


def test_filter_by_mode_modality_and_reviewed(browser, server, db_url):
    with Store(db_url) as store:
        demo = store.count_events(mode="demo")
        reviewed = store.count_events(reviewed=True)
    _go(browser, server, "events?mode=demo&modality=asserted")
    assert _total(browser) == demo > 0
    _go(browser, server, "events?reviewed=false")
    assert _total(browser) == N_EVENTS - reviewed
    # the "Review queue" link: unreviewed events, least confident first
    _go(browser, server, "events")
    browser.find_element("css selector", "#nav a[data-page='queue']").click()
    _until(browser, lambda: _hash_params(browser) == {"order": "confidence_asc",
                                                      "reviewed": "false"})
    _rendered(browser)
    confidences = browser.execute_script(
        "return [...document.querySelectorAll('#events-table tbody tr')]"
        ".map(r => Number(r.children[7].textContent))")
    assert confidences == sorted(confidences) and len(confidences) == min(50, _total(browser))


def test_download_the_filtered_view(browser, server, downloads):
    from selenium.webdriver.common.by import By

    _go(browser, server, "events?type=COERCE")
    expected = _total(browser)
    browser.find_element(By.CSS_SELECTOR, ".downloads button[data-format='csv']").click()
    target = downloads / "tacitus-events-csv.csv"
    _until(browser, target.exists)
    import csv

    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == expected and {r["event_type"] for r in rows} == {"COERCE"}
    browser.find_element(By.CSS_SELECTOR, ".downloads button[data-format='gdelt']").click()
    _until(browser, (downloads / "tacitus-events-gdelt.tsv").exists)


def test_counts_page_drills_into_events(browser, server, db_url, shots):
    from selenium.webdriver.common.by import By

    _go(browser, server, "counts")
    rows = _wait(browser, "#counts tr[data-key]", count=3)
    assert {"PROTEST", "BLR", "2025-01"} <= {r.get_attribute("data-key") for r in rows}
    browser.save_screenshot(str(shots / "counts.png"))
    browser.find_element(By.CSS_SELECTOR, "#counts tr[data-key='2025-01']").click()
    _until(browser, lambda: _hash_params(browser).get("since") == "2025-01-01")
    _rendered(browser)
    assert _hash_params(browser)["until"] == "2025-01-31"
    with Store(db_url) as store:
        assert _total(browser) == store.count_events(since="2025-01-01", until="2025-01-31")


def test_timeline_brush_opens_the_events_of_the_range(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _go(browser, server, "timeline?by=month")
    plot = _wait(browser, "#timeline-chart svg rect.plot")[0]
    width = plot.size["width"]
    ActionChains(browser).move_to_element_with_offset(plot, -width / 2 + 5, 0).click_and_hold() \
        .move_by_offset(width / 3, 0).release().perform()
    _until(browser, lambda: "since" in _hash_params(browser)
           and browser.execute_script("return document.body.dataset.page") == "events")
    params = _hash_params(browser)
    assert params["since"] == "2025-01-01" and params["until"] >= "2025-01-31"
    _rendered(browser)
    shown = [browser.find_element(By.CSS_SELECTOR, f"tr[data-event-id='{i}'] td").text
             for i in _row_ids(browser)]
    assert shown and all(params["since"] <= d <= params["until"] for d in shown)


def test_network_labels_do_not_overlap_and_clicks_drill_down(browser, server, shots):
    from selenium.webdriver.common.by import By

    _go(browser, server, "network")
    labels = _wait(browser, "#network-chart svg g.node text.label", count=2)
    texts = [t.text for t in labels]
    assert len(texts) == len(set(texts)), "one label per actor"
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('#network-chart text.label')].map(t => {"
        "const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    browser.save_screenshot(str(shots / "network-labels.png"))
    # a crowded network (80 actors, some with the same name, many at the same spot):
    # the labels drawn still do not overlap each other or a node, one per name
    placed = browser.execute_async_script("""
      const done = arguments[arguments.length - 1];
      import('./js/network.js').then((m) => {
        const nodes = [], pos = [], radius = new Map();
        for (let i = 0; i < 80; i++) {
          nodes.push({ id: `N${i}`, label: `Actor ${i % 50}`, events: 100 - i });
          pos.push({ x: 100 + (i * 37) % 700, y: 80 + (i * 53) % 400 });
          radius.set(`N${i}`, 4 + (i % 5));
        }
        const labels = m.placeLabels(nodes, pos, radius);
        done({ labels: [...labels.entries()], pos, radius: [...radius.entries()] });
      });""")
    labels = placed["labels"]
    assert 10 <= len(labels) <= 60
    names = [info["text"] for _, info in labels]
    assert len(names) == len(set(names))
    boxes = []
    for node_id, info in labels:
        i = int(node_id[1:])
        x, y = placed["pos"][i]["x"] + info["dx"], placed["pos"][i]["y"] + info["dy"]
        width = len(info["text"]) * 6.2
        x0 = {"start": x, "end": x - width, "middle": x - width / 2}[info["anchor"]]
        boxes.append((x0, y - 10, x0 + width, y + 3, i))
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        for j, p in enumerate(placed["pos"]):
            r = dict(placed["radius"])[f"N{j}"]
            if j != a[4]:
                assert (a[2] <= p["x"] - r or p["x"] + r <= a[0] or a[3] <= p["y"] - r
                        or p["y"] + r <= a[1]), (a, j)
    edge = browser.find_element(By.CSS_SELECTOR, "#network-chart path.edge[data-source='POLLAB']")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edge)
    _until(browser, lambda: _hash_params(browser).get("source_country") == "POL")
    _rendered(browser)
    assert _hash_params(browser)["target_sector"] == "COP" and _total(browser) == N_REPORTS // 4
    _go(browser, server, "network")
    node = _wait(browser, "#network-chart g.node[data-id='UKRLAB']")[0]
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node)
    _until(browser, lambda: _hash_params(browser).get("country") == "UKR")


def test_map_zooms_clusters_and_drills_down(browser, server, shots):
    from selenium.webdriver.common.by import By

    _go(browser, server, "map")
    clusters = _wait(browser, "#map-chart g.cluster-group")
    assert sum(int(c.get_attribute("data-count")) for c in clusters) + \
        len(browser.find_elements(By.CSS_SELECTOR, "#map-chart circle.point")) == N_EVENTS
    before = len(clusters)
    browser.find_element(By.CSS_SELECTOR, ".map-tools button[data-zoom='+']").click()
    assert browser.find_element(By.CSS_SELECTOR, "#map-chart svg.map").get_attribute("data-zoom") == "2"
    browser.find_element(By.CSS_SELECTOR, ".map-tools button[data-zoom='reset']").click()
    # clicking a cluster zooms in around it (x4); the clusters break up
    for _ in range(2):
        group = browser.find_elements(By.CSS_SELECTOR, "#map-chart g.cluster-group")[0]
        browser.execute_script(
            "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", group)
    assert browser.find_element(By.CSS_SELECTOR, "#map-chart svg.map").get_attribute("data-zoom") == "16"
    _until(browser, lambda: len(browser.find_elements(By.CSS_SELECTOR, "#map-chart circle.point"))
           + len(browser.find_elements(By.CSS_SELECTOR, "#map-chart g.cluster-group")) > before)
    browser.save_screenshot(str(shots / "map-clusters.png"))
    browser.find_element(By.CSS_SELECTOR, ".map-tools button[data-zoom='reset']").click()
    poland = browser.find_element(By.CSS_SELECTOR, "#map-chart path.country[data-iso3='POL']")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", poland)
    _until(browser, lambda: _hash_params(browser).get("country") == "POL")


def test_merged_view_shows_mentions(browser, server, db_url):
    from selenium.webdriver.common.by import By

    with Store(db_url) as store:
        merged = store.events(merged=True, min_mentions=2)
    assert len(merged) == 1
    _go(browser, server, "events?merged=true&order=mentions_desc")
    assert _total(browser) == N_REPORTS
    top = _row_ids(browser)[0]
    assert top == merged[0].event_id
    cells = browser.find_elements(By.CSS_SELECTOR, f"tr[data-event-id='{top}'] td")
    assert cells[8].text == "2"
    browser.find_element(By.CSS_SELECTOR, f"tr[data-event-id='{top}']").click()
    mentions = _wait(browser, "#detail ul.mentions li.mention", count=2)
    assert len(mentions) == 2 and "Wire B" in browser.find_element(By.ID, "detail").text


def test_review_by_keyboard_counts_keystrokes_and_escapes_hostile_text(browser, server, db_url,
                                                                        shots):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _go(browser, server, "events?order=date_asc", token=ANA)
    _until(browser, lambda: "ana" in browser.find_element(By.ID, "whoami").text)
    first, second = _row_ids(browser)[:2]
    body = browser.find_element(By.TAG_NAME, "body")
    keys = 0

    def press(*k):
        nonlocal keys
        ActionChains(browser).send_keys(*k).perform()
        keys += len(k)

    press("j")                                   # open the first event
    _until(browser, lambda: _hash_params(browser).get("event") == first)
    _wait(browser, "#detail .review-actions")
    open_keys = keys
    press("c")                                   # confirm: the next event opens by itself
    _until(browser, lambda: _hash_params(browser).get("event") == second)
    _wait(browser, f"#detail[data-event-id='{second}'] .review-actions")
    confirm_keys = keys - open_keys
    press("t", "a", "s", Keys.ENTER)             # type: ASSAULT, saved
    _until(browser, lambda: _hash_params(browser).get("event") not in (first, second))
    type_keys = keys - open_keys - confirm_keys
    with Store(db_url) as store:
        assert store.event(first).reviewed
        assert store.event(second).event_type == "ASSAULT"
        assert store.event(second, raw=True).event_type != "ASSAULT"
    print(f"\nkeystrokes: open {open_keys}, confirm {confirm_keys}, correct type {type_keys}")
    assert confirm_keys == 1 and type_keys == 4
    third = _hash_params(browser)["event"]
    _wait(browser, f"#detail[data-event-id='{third}'] .review-actions")
    body.send_keys("x")                          # reject the third: it leaves the list
    _until(browser, lambda: third not in _row_ids(browser))
    with Store(db_url) as store:
        assert store.event(third, raw=True) is not None and store.count_events(raw=True) == \
            store.count_events() + 1

    # a hostile note and place (and the hostile actor name of the report) are shown as text
    hostile_id = _doc_and_event(0)[1].event_id
    request = urllib.request.Request(f"{server}/api/reviews", method="POST", data=json.dumps({
        "event_id": hostile_id, "action": "correct",
        "changes": {"place": "Minsk <svg onload=alert(1)>"}, "note": HOSTILE_NOTE}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {BOB}"})
    with urllib.request.urlopen(request) as answer:
        assert json.loads(answer.read())["reviewer"] == "bob"
    _go(browser, server, f"events?q=onerror&event={hostile_id}", token=ANA)
    _wait(browser, "#detail ul.reviews li")
    detail = browser.find_element(By.ID, "detail").text
    assert HOSTILE_NOTE in detail and "<svg onload=alert(1)>" in detail
    assert HOSTILE in detail
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    _assert_not_pwned(browser)
    browser.save_screenshot(str(shots / "review.png"))


def test_add_a_missed_event_by_selecting_its_words(browser, server, db_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    doc, event = _doc_and_event(5)
    _go(browser, server, f"events?event={event.event_id}", token=ANA)
    paragraph = _wait(browser, "#detail p.sentence")[0]
    # select "answered" in the sentence, as a double-click would
    browser.execute_script("""
      const p = arguments[0], word = arguments[1];
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const at = node.data.indexOf(word);
        if (at >= 0) { const r = document.createRange(); r.setStart(node, at);
          r.setEnd(node, at + word.length); const s = getSelection(); s.removeAllRanges();
          s.addRange(r); return; }
      }""", paragraph, "answered")
    browser.find_element(By.TAG_NAME, "body").send_keys("a")
    form = _wait(browser, "#detail form.add-form")[0]
    form.find_element(By.NAME, "event_type").send_keys("COERCE")
    form.find_element(By.NAME, "target_country").send_keys("BLR" + Keys.ENTER)
    start = doc.text.index("answered")
    added_id = f"{doc.doc_id}#{start}:COERCE"
    with Store(db_url) as store:
        _until(browser, lambda: store.event(added_id) is not None)
        added = store.event(added_id)
    assert added.reviewed and added.evidence.trigger == "answered"
    assert added.target.country == "BLR"


def test_review_needs_a_token_in_the_browser(browser, server):
    from selenium.webdriver.common.by import By

    _go(browser, server, f"events?event={_doc_and_event(7)[1].event_id}")
    _wait(browser, "#detail .review-actions")
    browser.find_element(By.TAG_NAME, "body").send_keys("c")
    status = _until(browser, lambda: browser.find_element(By.CSS_SELECTOR, ".review-status").text)
    assert "token" in status
