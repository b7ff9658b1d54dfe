"""The web app: every view in-process (the WSGI app called directly), JSON from the same dict,
the one error path, the bounds, the escaping; a real server; and a real headless browser.

The home holds the knowledge base plus one ingested Act whose text carries ``<script>`` and
Markdown link tricks, so escaping is tested on what a document really brings in.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from qanoon.search import Library
from qanoon.web import App, make_server
from qanoon.web.markup import Markup, escape, html, marked
from qanoon.web.views import MAX_QUERY

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
ACT = "pk-punjab/act/2024/script-test-act"
EVIL_ACT = """THE SCRIPT TEST ACT, 2024

1. Short title.— This Act may be called the Script Test Act, 2024.

2. Definitions.— In this Act, "trafficker" means a person who writes <script>alert(1)</script> into a law & more.

3. Punishment for trafficking in persons.— Whoever commits trafficking in persons of a child shall be punished with
imprisonment for seven years; see [the guide](javascript:alert(3)) and <img src=x onerror=alert(4)>.
"""


@pytest.fixture(scope="module")
def lib(kb_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Library:
    home = tmp_path_factory.mktemp("web") / "home"
    shutil.copytree(kb_home, home)
    doc = home.parent / "script-test-act-2024.txt"
    doc.write_text(EVIL_ACT, encoding="utf-8")
    library = Library(home)
    report = library.ingest([doc], overrides={"jurisdiction": "punjab"}, workers=1)
    assert report.to_dict()["indexed"] == 1, report.to_dict()
    return library


@pytest.fixture(scope="module")
def app(lib: Library) -> App:
    return App(lib, allowed_hosts={"127.0.0.1", "localhost"})


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.headers, self.body = status, dict(headers), body
        self.text = body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.text)


def call(
    app: App, path: str, query: str = "", accept: str = "text/html", method: str = "GET", host: str = "127.0.0.1:8000"
) -> Response:
    """Call the WSGI app the way a server would."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "HTTP_ACCEPT": accept, "HTTP_HOST": host}
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = int(status.split()[0]), headers

    body = b"".join(app(environ, start_response))
    return Response(got["status"], got["headers"], body)


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collect().feed(page)
    return found


def assert_safe_page(r: Response) -> None:
    """A page of the app: no script, nothing loaded from anywhere, a phone viewport, a CSP."""
    assert r.headers["Content-Type"].startswith("text/html")
    found = tags(r.text)
    assert not [t for t, _ in found if t in {"script", "img", "iframe", "object", "embed", "link"}]
    assert not [a for _, a in found if any(k.startswith("on") for k in a)]  # no event handlers
    assert not [a["href"] for t, a in found if t == "a" and (a.get("href") or "").lower().startswith("javascript")]
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in found
    assert (
        "script-src" not in r.headers["Content-Security-Policy"] and "default-src 'none'" in r.headers["Content-Security-Policy"]
    )


# ---------------------------------------------------------------------------------------------
# the escaping helpers


def test_markup_escapes_values_but_not_templates() -> None:
    out = html("<p title='{}'>{}</p>", "a'b", "<b>x</b>")
    assert out == "<p title='a&#x27;b'>&lt;b&gt;x&lt;/b&gt;</p>" and isinstance(out, Markup)
    assert escape(out) is out  # escaped once, never twice
    assert marked("a **<b>** & **c**") == "a <mark>&lt;b&gt;</mark> &amp; <mark>c</mark>"


# ---------------------------------------------------------------------------------------------
# every view


def test_index(app: App) -> None:
    r = call(app, "/")
    assert r.status == 200 and "<form class=bar action='/search'" in r.text and "Minimum marriage age" in r.text
    assert_safe_page(r)


def test_search_with_facets_citations_and_highlights(app: App) -> None:
    r = call(app, "/search", "q=punishment+for+trafficking+a+child")
    assert r.status == 200
    assert (
        "<a class=cite href='/provision/pk/act/2018/ptpa/sec_3'>Prevention of Trafficking in Persons Act, 2018, s. 3</a>"
        in r.text
    )
    assert "<mark>" in r.text and "<h3>Jurisdiction</h3>" in r.text
    # a hit's flags name what falls short and link to their evidence, without each law's explanation
    assert "<li>⚑ below-standard: " in r.text and "<a href='/gaps?topic=child-victims#flags'>evidence</a>" in r.text
    assert "ZARRA" not in r.text
    assert "href='/search?q=punishment+for+trafficking+a+child&amp;jurisdiction=federal&amp;limit=20'" in r.text  # a facet link
    assert_safe_page(r)


def test_search_filters_and_limits(app: App) -> None:
    data = call(app, "/search", "q=minimum+age&jurisdiction=international&limit=500&format=json").json()
    assert data["params"]["limit"] == 50 and len(data["results"]["hits"]) <= 50
    assert {h["jurisdiction"] for h in data["results"]["hits"]} == {"international"}
    assert set(data["results"]["facets"]["jurisdiction"]) == {"international"}


def test_search_without_a_query_shows_the_form(app: App) -> None:
    r = call(app, "/search")
    assert (
        r.status == 200
        and "<input type=search name=q" in r.text
        and call(app, "/search", "format=json").json()["results"] is None
    )


def test_provision_page(app: App) -> None:
    r = call(app, "/provision/pk/act/2018/ptpa/sec_3")
    assert r.status == 200 and "<h1>Prevention of Trafficking in Persons Act, 2018, s. 3</h1>" in r.text
    assert "<h2>Our summary</h2>" in r.text and "<h2>Facts</h2>" in r.text
    assert "<a href='/instrument/pk/act/2018/ptpa'>Prevention of Trafficking in Persons Act, 2018</a>" in r.text  # its place
    assert (
        "href='/provision/pk/act/2018/ptpa/sec_2' rel=prev" in r.text
        and "href='/provision/pk/act/2018/ptpa/sec_4' rel=next" in r.text
    )
    assert_safe_page(r)
    flagged = call(app, "/provision/pk/act/1929/child-marriage-restraint/sec_2")  # girls' marriage age 16: flagged
    assert "Flags on this provision" in flagged.text and "below-standard" in flagged.text
    reported = call(app, "/provision/pk-punjab/ordinance/2026/child-marriage-restraint/sec_2")  # facts from press reports
    assert "<em>unconfirmed</em>" in reported.text and "<small>Press reports of the promulgation" in reported.text
    data = call(app, "/provision/pk/act/2018/ptpa/sec_3", accept="application/json").json()
    assert data["place"]["previous"]["number"] == "2" and data["place"]["position"] == 3
    assert data["provision"]["citation"] == "Prevention of Trafficking in Persons Act, 2018, s. 3"


def test_provision_of_an_ingested_text_with_full_text(app: App) -> None:
    r = call(app, f"/provision/{ACT}/sec_2")
    assert r.status == 200 and "<pre class=text>" in r.text and "<h2>Source</h2>" in r.text
    assert f"href='/provision/{ACT}/sec_3' rel=next" in r.text


def test_instrument_page_with_contents(app: App) -> None:
    r = call(app, "/instrument/pk/act/2018/ptpa")
    assert r.status == 200 and "<h1>Prevention of Trafficking in Persons Act, 2018</h1>" in r.text
    assert "<h2>Contents</h2>" in r.text and "<a href='/provision/pk/act/2018/ptpa/sec_6'>6</a>" in r.text
    assert "Act XXXIV of 2018" in r.text and "pakistancode.gov.pk" in r.text
    assert_safe_page(r)
    data = call(app, "/instrument/pk/act/2018/ptpa", "format=json").json()
    assert data["instrument"]["id"] == "pk/act/2018/ptpa" and len(data["contents"]) >= 10


def test_instruments_list(app: App) -> None:
    r = call(app, "/instruments")
    assert r.status == 200 and f"href='/instrument/{ACT}'" in r.text and "<h2>Punjab</h2>" in r.text


def test_compare_topic_pair_and_chooser(app: App) -> None:
    r = call(app, "/compare", "topic=minimum-marriage-age")
    assert r.status == 200 and "<h1>Minimum marriage age</h1>" in r.text
    assert "<a href='/provision/pk-sindh/act/2013/child-marriages-restraint/sec_2'>" in r.text
    assert "recorded absence" in r.text  # Balochistan, Gilgit-Baltistan, AJK
    assert_safe_page(r)
    r = call(app, "/compare", "a=PTPA&b=PSMA")
    assert r.status == 200 and "What the offence protects" in r.text
    r = call(app, "/compare")
    assert r.status == 200 and "<option value='minimum-marriage-age'>" in r.text


def test_gaps_matrix_links_each_cell_to_its_evidence(app: App) -> None:
    r = call(app, "/gaps")
    assert r.status == 200 and "<table class=matrix>" in r.text
    # Sindh's recorded absence of a domestic workers law (Gilgit-Baltistan's marriage-age cell is no
    # longer a high "no law" flag: whether the federal 1929 Act reaches it is not assessed)
    assert "<td class='k-coverage s-high'><a href='/gaps?topic=domestic-workers&amp;jurisdiction=sindh#flags'" in r.text
    assert_safe_page(r)
    data = call(app, "/gaps", "format=json").json()
    cell = next(
        c for row in data["rows"] if row["topic"] == "domestic-workers" for c in row["cells"] if c["jurisdiction"] == "sindh"
    )
    assert cell == {"jurisdiction": "sindh", "count": 1, "severity": "high", "kind": "coverage", "kinds": ["coverage"]}
    assert data["flags"] is None
    r = call(app, "/gaps", "topic=minimum-marriage-age&jurisdiction=gb")
    assert r.status == 200 and "<h2 id=flags>" in r.text
    assert "<a href='/provision/pk-ict/act/2025/child-marriage-restraint/sec_2'>ICT CMRA 2</a>" in r.text  # the evidence


def test_brief_form_and_downloads(app: App) -> None:
    r = call(app, "/brief")
    assert r.status == 200 and "<option value='trafficking-vs-smuggling'>" in r.text
    r = call(app, "/brief", "topic=trafficking-vs-smuggling&format=html")
    assert r.status == 200 and r.headers["Content-Disposition"] == 'attachment; filename="brief-trafficking-vs-smuggling.html"'
    assert r.text.startswith("<!doctype html>") and "Training brief: Trafficking in persons and smuggling of migrants" in r.text
    r = call(app, "/brief", "topic=domestic+workers&format=md&jurisdiction=sindh")
    assert r.headers["Content-Type"].startswith("text/markdown")
    assert r.headers["Content-Disposition"] == 'attachment; filename="brief-domestic-workers-sindh.md"'
    data = call(app, "/brief", "topic=domestic-workers&format=json").json()
    assert data["topic"] == "domestic-workers" and data["questions"]
    r = call(app, "/brief", "topic=trafficking-vs-smuggling&format=html&handout=1")
    assert r.headers["Content-Disposition"] == 'attachment; filename="brief-trafficking-vs-smuggling-handout.html"'
    assert "The gaps that matter most" in r.text and "Handout (at most 4 pages)" in call(app, "/brief").text


def test_a_direct_answer_on_the_search_page(app: App) -> None:
    r = call(app, "/search", "q=minimum+marriage+age+in+each+province")
    assert r.status == 200 and "<div class=answer>" in r.text and "Khyber Pakhtunkhwa: 16 years" in r.text
    assert call(app, "/search", "q=minimum+marriage+age+in+each+province&format=json").json()["results"]["answer"]["kind"] == "across"


def test_plan_page_and_downloads(app: App) -> None:
    r = call(app, "/plan")
    assert r.status == 200 and "<option value='punjab'>" in r.text and "Make the plan" in r.text
    r = call(app, "/plan", "jurisdiction=Punjab")
    assert r.status == 200 and "Bill to amend the Bonded Labour System" in r.text
    assert "Punjab Assembly Rules" in r.text and "/provision/pk-punjab/rules/1997/assembly-procedure/rule_" in r.text
    r = call(app, "/plan", "jurisdiction=punjab&topic=forced-labour&format=md")
    assert r.headers["Content-Disposition"] == 'attachment; filename="plan-punjab-forced-labour.md"'
    assert r.text.startswith("# Legislative action plan: Punjab (forced-labour)")
    r = call(app, "/plan", "jurisdiction=ict&format=html")
    assert r.text.startswith("<!doctype html>") and "National Assembly" in r.text
    assert call(app, "/plan", "jurisdiction=punjab&topic=<script>").status == 400
    assert call(app, "/plan", "jurisdiction=Punjab&topic=Forced-Labour").status == 200   # any case
    assert call(app, "/plan", "jurisdiction=narnia").status == 400
    data = call(app, "/plan", "jurisdiction=sindh&format=json").json()
    assert data["plan"]["counts"]["flags_with_action"] == 0 and data["plan"]["not_actionable"]


def test_every_page_is_also_json_from_the_same_dict(app: App) -> None:
    for path, query in [
        ("/", ""),
        ("/search", "q=bonded+labour"),
        ("/provision/pk/act/2018/psma/sec_3", ""),
        ("/instrument/pk/act/2018/psma", ""),
        ("/instruments", ""),
        ("/compare", "topic=domestic-workers"),
        ("/gaps", "kind=ratification"),
        ("/plan", "jurisdiction=punjab&topic=forced-labour"),
    ]:
        by_param = call(app, path, query + "&format=json" if query else "format=json")
        by_header = call(app, path, query, accept="application/json")
        assert by_param.status == by_header.status == 200, path
        assert by_param.headers["Content-Type"] == "application/json; charset=utf-8"
        assert by_param.json() == by_header.json(), path
        page = call(app, path, query)
        assert "This page as JSON" in page.text


# ---------------------------------------------------------------------------------------------
# the one error path, bounds, read-only

ERRORS = [
    ("/no-such-page", "", 404),
    ("/provision/pk/act/2018/ptpa/sec_999", "", 404),
    ("/provision/pk/act/2018/ptpa", "", 404),  # an instrument is not a provision
    ("/instrument/pk/act/2018/nothing", "", 404),
    ("/instrument/PTPA", "", 404),  # ids only; names are for search
    ("/provision/../../../etc/passwd", "", 404),
    ("/instrument//etc/passwd", "", 404),
    ("/instrument/%2e%2e/%2e%2e/etc/passwd", "", 404),
    ("/search", "q=" + "a" * (MAX_QUERY + 1), 400),
    ("/search", "q=x&jurisdiction=atlantis", 400),
    ("/search", "q=x&limit=many", 400),
    ("/search", "q=x&" + "&".join(f"p{i}=1" for i in range(60)), 400),
    ("/search", "q=" + "b" * 3000, 414),
    ("/compare", "topic=zzqx-nothing", 400),
    ("/gaps", "topic=not-a-topic", 400),
    ("/brief", "topic=zzqx-nothing", 400),
    ("/brief", "topic=domestic-workers&format=pdf", 400),
]


@pytest.mark.parametrize(("path", "query", "status"), ERRORS)
def test_errors_have_one_shape(app: App, path: str, query: str, status: int) -> None:
    r = call(app, path, query, accept="application/json")
    assert r.status == status
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "title", "message"} and body["error"]["status"] == status
    page = call(app, path, query)
    assert page.status == status and f"<h1>{status} " in page.text
    assert_safe_page(page)


def test_query_length_bound_is_inclusive(app: App) -> None:
    assert call(app, "/search", "q=" + "trafficking+" * 41 + "a" * 8).status == 200  # 500 characters


def test_read_only_and_head(app: App) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        r = call(app, "/search", "q=x", method=method, accept="application/json")
        assert r.status == 405 and r.headers["Allow"] == "GET, HEAD"
    r = call(app, "/gaps", method="HEAD")
    assert r.status == 200 and r.body == b"" and int(r.headers["Content-Length"]) > 1000


def test_foreign_host_header_is_refused(app: App) -> None:
    assert call(app, "/", host="attacker.example").status == 400
    assert call(app, "/", host="localhost:8000").status == 200


# ---------------------------------------------------------------------------------------------
# escaping of what documents and queries bring in


def test_a_document_with_script_shows_as_text(app: App) -> None:
    r = call(app, f"/provision/{ACT}/sec_2")
    assert "writes &lt;script&gt;alert(1)&lt;/script&gt; into a law &amp; more" in r.text
    assert "<script" not in r.text
    r = call(app, "/search", "q=script+alert+trafficker")
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt;" in r.text
    assert "<script" not in r.text
    assert_safe_page(r)
    r = call(app, f"/provision/{ACT}/sec_3")
    assert "[the guide](javascript:alert(3))" in r.text and "&lt;img src=x onerror=alert(4)&gt;" in r.text
    assert_safe_page(r)


def test_a_query_with_script_shows_as_text(app: App) -> None:
    r = call(app, "/search", "q=%3Cscript%3Ealert(2)%3C/script%3E+%27%22")
    assert r.status == 200 and "<script" not in r.text
    assert "value='&lt;script&gt;alert(2)&lt;/script&gt; &#x27;&quot;'" in r.text
    assert_safe_page(r)


def test_briefs_keep_document_text_inert(app: App) -> None:
    r = call(app, "/brief", "topic=trafficking-offence&format=html")
    assert "Script Test Act, 2024" in r.text and "[the guide](javascript:alert(3))" in r.text
    found = tags(r.text)
    assert not [t for t, _ in found if t in {"script", "img"}]
    assert all((a.get("href") or "").startswith("http") for t, a in found if t == "a")


# ---------------------------------------------------------------------------------------------
# a real server


@pytest.fixture()
def server(lib: Library):
    srv = make_server(lib, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def test_server_binds_loopback_on_a_free_port(server) -> None:
    host, port = server.server_address[:2]
    assert host == "127.0.0.1" and port > 0
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/gaps?format=json", timeout=10) as resp:
        assert json.load(resp)["total"] > 0
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/provision/x/y", timeout=10)
    assert err.value.code == 404


def _raw(port: int, request: bytes) -> tuple[str, dict[str, list[str]]]:
    """Send raw bytes, read the answer: its status line and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return head[0], headers


def test_every_answer_names_the_app_not_the_python_and_forbids_scripts(server) -> None:
    port = server.server_port
    status, headers = _raw(port, b"GET /gaps HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert status.endswith("200 OK") and headers["server"] == ["Qanoon"]
    # the standard library's own refusals: a request line over 64 KB (414), too many headers (431)
    for request, code in ((b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", "414"),
                          (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n", "431")):
        status, headers = _raw(port, request)
        assert status.split()[1] == code, status
        assert "default-src 'none'" in headers["content-security-policy"][0] and headers["x-content-type-options"] == ["nosniff"]
        assert headers["server"] == ["Qanoon"] and "Python" not in str(headers)


def test_a_client_that_times_out_is_one_log_line(lib: Library, capfd) -> None:
    srv = make_server(lib, "127.0.0.1", 0, quiet=True)
    srv.RequestHandlerClass.timeout = 0.3
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", srv.server_port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n")   # and never the rest
            time.sleep(1.0)
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "connection ended: TimeoutError" in err


def test_cli_serve_starts_on_loopback(kb_home: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qanoon.cli", "--home", str(kb_home), "serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("Qanoon is serving on http://127.0.0.1:"), line
        url = line.split()[4]
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert resp.status == 200 and b"Qanoon" in resp.read()
    finally:
        proc.terminate()
        proc.wait(10)


# ---------------------------------------------------------------------------------------------
# a real headless browser

@pytest.fixture()
def browser(tmp_path: Path):
    from qanoon.web import browser as system_browser

    if not system_browser.available():
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = system_browser.chrome(prefs={"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(30)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _no_alert(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - an alert would mean a script ran


def _navigate(driver, action) -> None:
    """Do ``action`` (a click, a form submit) and wait for the next page: WebDriver does not
    always wait for a navigation a click starts, and a loaded machine shows the old page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    action()
    wait = WebDriverWait(driver, 20)
    wait.until(ec.staleness_of(old))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_in_a_real_browser(browser, server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base = f"http://127.0.0.1:{server.server_port}"
    d = browser
    # search from the home page's form
    d.get(base + "/")
    box = d.find_element(By.NAME, "q")
    box.send_keys("script alert trafficker")
    _navigate(d, box.submit)
    assert "/search?q=script+alert+trafficker" in d.current_url
    assert d.find_elements(By.TAG_NAME, "mark")
    snippet = d.find_element(
        By.XPATH, "//ol[@class='hits']/li[a[contains(., 'Script Test Act, 2024, s. 2')]]/p[@class='snippet']"
    )
    assert "<script>alert(1)</script>" in snippet.text  # shown as text ...
    assert not d.find_elements(By.TAG_NAME, "script")  # ... never as a script
    _no_alert(d)
    # open the result, then its instrument
    _navigate(d, d.find_element(By.PARTIAL_LINK_TEXT, "Script Test Act, 2024, s. 2").click)
    assert d.find_element(By.TAG_NAME, "h1").text == "Script Test Act, 2024, s. 2"
    assert "<script>alert(1)</script>" in d.find_element(By.CSS_SELECTOR, "pre.text").text
    _navigate(d, d.find_element(By.CSS_SELECTOR, "p.meta a").click)
    assert d.find_element(By.TAG_NAME, "h1").text == "Script Test Act, 2024"
    assert d.current_url.endswith(f"/instrument/{ACT}")
    toc = d.find_element(By.CSS_SELECTOR, "ul.toc").text
    assert "Definitions" in toc and "Punishment for trafficking in persons" in toc
    # the gaps page, and one cell's evidence
    _navigate(d, d.find_element(By.LINK_TEXT, "Gaps").click)
    assert d.find_element(By.CSS_SELECTOR, "table.matrix")
    _navigate(d, d.find_element(By.CSS_SELECTOR, "td.k-coverage a").click)
    assert d.find_element(By.ID, "flags").is_displayed()
    assert d.find_elements(By.CSS_SELECTOR, ".flag li a")
    # a query with a script, typed into the form
    d.get(base + "/search")
    box = d.find_element(By.NAME, "q")
    box.send_keys("<script>alert(2)</script>")
    _navigate(d, box.submit)
    assert "<script>alert(2)</script>" in d.find_element(By.TAG_NAME, "h1").text
    assert not d.find_elements(By.TAG_NAME, "script")
    _no_alert(d)
    # download a brief through the form
    _navigate(d, d.find_element(By.LINK_TEXT, "Briefs").click)
    Select(d.find_element(By.NAME, "topic")).select_by_value("trafficking-vs-smuggling")
    Select(d.find_element(By.NAME, "format")).select_by_value("html")
    d.find_element(By.CSS_SELECTOR, "form.bar button").click()
    target = d.downloads / "brief-trafficking-vs-smuggling.html"
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.exists(), list(d.downloads.iterdir())
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "Training brief: Trafficking in persons and smuggling of migrants" in text
    # a question about the law as a whole: its answer above the provisions
    d.get(base + "/search")
    box = d.find_element(By.NAME, "q")
    box.send_keys("does Punjab have its own trafficking law")
    _navigate(d, box.submit)
    answer = d.find_element(By.CSS_SELECTOR, "div.answer")
    assert answer.is_displayed() and answer.text.startswith("No law of its own on trafficking offence: in Punjab the federal")
    assert answer.location["y"] < d.find_element(By.CSS_SELECTOR, "ol.hits").location["y"]
    # a legislative action plan through its form
    _navigate(d, d.find_element(By.LINK_TEXT, "Plans").click)
    Select(d.find_element(By.NAME, "jurisdiction")).select_by_value("punjab")
    Select(d.find_element(By.NAME, "topic")).select_by_value("forced-labour")
    _navigate(d, d.find_element(By.CSS_SELECTOR, "form.bar button").click)
    assert d.find_element(By.ID, "plan").text == "Provincial Assembly of the Punjab"
    actions = d.find_elements(By.CSS_SELECTOR, "section.action")
    assert actions and "Punjab Assembly Rules" in actions[0].text
    _navigate(d, actions[0].find_element(By.PARTIAL_LINK_TEXT, "Punjab Assembly Rules").click)
    assert "Rules of Procedure of the Provincial Assembly of the Punjab" in d.find_element(By.TAG_NAME, "h1").text
    _no_alert(d)


def test_compare_page_leads_with_grid_and_map(app: App) -> None:
    r = call(app, "/compare", "topic=minimum-marriage-age")
    assert r.status == 200 and "At a glance" in r.text and "<svg" in r.text and "table class=grid" in r.text
    assert r.text.index("At a glance") < r.text.index("<h2>Provisions</h2>")


# ---------------------------------------------------------------------------------------------
# printing, through Chromium's own print-to-PDF


def _print_pdf(url: str, out: Path) -> Path:
    from qanoon.web import browser as system_browser

    if not Path(system_browser.CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    subprocess.run([system_browser.CHROMIUM, *system_browser.CHROMIUM_FLAGS, "--no-pdf-header-footer", f"--print-to-pdf={out}", url],
                   capture_output=True, timeout=120, check=False)
    assert out.exists(), f"Chromium printed nothing for {url}"
    return out


def test_the_gaps_matrix_prints_on_a_landscape_page_with_every_column(server, tmp_path: Path) -> None:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    pdf = _print_pdf(f"http://127.0.0.1:{server.server_port}/gaps", tmp_path / "gaps.pdf")
    landscape = [p for p in extract_pages(str(pdf)) if p.width > p.height]
    assert landscape, "the matrix is not on a landscape page"
    page = landscape[0]
    last = [b for b in page if isinstance(b, LTTextContainer) and "Kashmir" in b.get_text()]
    assert last and all(b.x1 <= page.width for b in last)   # the AJK column is on the page, not cut off


@pytest.mark.parametrize("topic", ["trafficking-vs-smuggling", "minimum-marriage-age"])
def test_a_handout_prints_on_at_most_four_a4_pages(kb_home: Path, tmp_path: Path, topic: str) -> None:
    from click.testing import CliRunner
    from pdfminer.pdfpage import PDFPage
    from qanoon.cli import cli

    page = tmp_path / f"{topic}.html"
    res = CliRunner().invoke(cli, ["--home", str(kb_home), "brief", topic, "--handout", "--format", "html", "-o", str(page)])
    assert res.exit_code == 0, res.output
    pdf = _print_pdf(page.as_uri(), tmp_path / f"{topic}.pdf")
    with pdf.open("rb") as fh:
        assert 1 <= sum(1 for _ in PDFPage.get_pages(fh)) <= 4


def test_a_page_asked_again_is_served_from_memory_until_the_index_changes(kb_home: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # a workshop room asks what the trainer asks: the second asking is not searched again,
    # and a commit (here an ingest) empties what was kept, so no page outlives its index
    home = tmp_path / "home"
    shutil.copytree(kb_home, home)
    library = Library(home)
    web = App(library, allowed_hosts={"127.0.0.1"})
    searches = []
    real = library.search
    monkeypatch.setattr(library, "search", lambda *a, **k: searches.append(a) or real(*a, **k))
    first = call(web, "/search", "q=sample+workshop+exploitation")
    again = call(web, "/search", "q=sample+workshop+exploitation")
    assert first.status == again.status == 200 and first.body == again.body and len(searches) == 1
    assert call(web, "/search", "q=sample+workshop+exploitation", accept="application/json").status == 200
    assert len(searches) == 2            # JSON is another answer
    doc = tmp_path / "sample-act-2021.txt"
    shutil.copy(FIXTURES / "sample-act-2021.txt", doc)
    assert library.ingest([doc], workers=1).by_status("indexed")
    after = call(web, "/search", "q=sample+workshop+exploitation")
    assert len(searches) == 3 and "Sample Protection Act" in after.text and "Sample Protection Act" not in first.text
