"""`descheck report --format html` opened in a real browser (headless Chromium through Selenium).

The page is generated from the shipped real panel (data/england, with coverage and the December 2019
claim) and from the examples panel under two scenarios side by side. In Chromium: no console error
(a Content-Security-Policy violation is one), the figures of every service table equal the CSV
report's, the networks' states add up to the national figures, the filter box filters the network
table, and a click shows a network's explanation, the same text `descheck explain` prints.

Marked `browser`: CTest runs these alone as `python-browser`. Without Chromium, chromedriver or
Selenium they fail; they never skip.
"""

import csv
import io
import os
import shutil
import subprocess

import pytest

from conftest import BUILD_DIR, EXAMPLES_DIR, RULES_DIR, SCENARIOS_DIR, SOURCE_DIR

pytestmark = pytest.mark.browser

CLI = os.environ.get("DESCHECK_CLI", str(BUILD_DIR / "descheck"))
ENGLAND = SOURCE_DIR / "data" / "england"
RANGE = ["--from", "2020-04-01", "--to", "2024-03-31"]
REAL = ["--rules", str(RULES_DIR), "--networks", str(ENGLAND / "networks.csv"), "--staff", str(ENGLAND / "staff.csv"),
        "--coverage", str(ENGLAND / "coverage.csv"), *RANGE]
EXAMPLES = ["--rules", str(RULES_DIR), "--networks", str(EXAMPLES_DIR / "networks.csv"),
            "--staff", str(EXAMPLES_DIR / "staff.csv"), *RANGE]
COMPARE = ["--compare", str(SCENARIOS_DIR / "delay-a-year.yaml")]
CLAIM = ["--claim", str(SCENARIOS_DIR / "draft-dec-2019.yaml")]


def run(args):
    r = subprocess.run([CLI, *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def driver():
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: these tests need Debian's chromium and chromium-driver "
                    "(scripts/setup installs them)", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """name -> (arguments, the page's path, the CSV report)."""
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for name, args, extra in (("real", REAL, CLAIM), ("examples", EXAMPLES, COMPARE)):
        page = folder / f"{name}.html"
        run(["report", *args, *extra, "--output", str(page)])  # the extension names the format
        rows = run(["report", *args, *(COMPARE if name == "examples" else []), "--format", "csv"])
        out[name] = (args, page, list(csv.DictReader(io.StringIO(rows))))
    return out


def load(driver, page):
    driver.get(page.as_uri())
    driver.get_log("browser")  # start the next reading from here
    assert driver.execute_script("return document.readyState") == "complete"


def severe(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def number(text):
    return float(text.replace(",", "").rstrip("%"))


FIGURES = """
return Array.from(document.querySelectorAll("section.service tr[data-scenario]")).map(function (r) {
  var row = {scenario: r.dataset.scenario, service: r.dataset.service, date: r.dataset.date};
  r.querySelectorAll("td[data-col]").forEach(function (td) { row[td.dataset.col] = td.innerText; });
  return row;
});
"""


@pytest.mark.parametrize("name", ["real", "examples"])
def test_loads_without_console_errors(driver, pages, name):
    _, page, _ = pages[name]
    driver.get(page.as_uri())
    assert driver.title.startswith(("National picture: ", "Phasing scenarios compared: "))
    assert driver.find_element("css selector", "svg.chart").is_displayed()
    assert severe(driver) == []
    assert page.read_text(encoding="utf-8").count("Content-Security-Policy") == 1


@pytest.mark.parametrize("name", ["real", "examples"])
def test_service_figures_equal_the_csv_report(driver, pages, name):
    _, page, rows = pages[name]
    load(driver, page)
    shown = {(r["scenario"], r["service"], r["date"]): r for r in driver.execute_script(FIGURES)}
    expected = {(r["scenario"], r["service"], r["date"]): r for r in rows if int(r["networks_in_force"]) > 0}
    assert shown.keys() == expected.keys()  # a row per date on which the service is in force
    for key, html in shown.items():
        want = expected[key]
        assert number(html["networks_in_force"]) == int(want["networks_in_force"]), key
        assert number(html["compliant"]) == int(want["compliant"]), key
        assert abs(number(html["share_compliant"]) - 100 * float(want["share_compliant"])) <= 0.05 + 1e-6, key
        assert abs(number(html["shortfall_hours"]) - float(want["shortfall_hours"])) <= 0.5 + 1e-6, key
        counts = [int(part.split(":")[1]) for part in want["bottleneck_roles"].split(";") if part]
        assert [int(part.rsplit("(", 1)[1].rstrip(")").replace(",", ""))
                for part in html["bottleneck_roles"].split("), ") if part] == counts, key
        if "networks_no_data" in want:
            assert number(html["networks_no_data"]) == int(want["networks_no_data"]), key
    assert severe(driver) == []


STATES = """
var counts = {};
document.querySelectorAll("#network-table tr.network").forEach(function (r) {
  var s = r.querySelector("td[data-state]").dataset.state;
  counts[s] = (counts[s] || 0) + 1;
});
return counts;
"""


@pytest.mark.parametrize("name", ["real", "examples"])
def test_network_states_add_up_to_the_national_figures(driver, pages, name):
    _, page, rows = pages[name]
    load(driver, page)
    last = max(r["date"] for r in rows)
    national = next(r for r in rows if r["service"] == "all" and r["date"] == last and r["scenario"] == "baseline")
    counts = driver.execute_script(STATES)
    assert counts.get("compliant", 0) == int(national["compliant"])
    assert counts.get("compliant", 0) + counts.get("non_compliant", 0) == int(national["networks_in_force"])
    assert counts.get("no_data", 0) == int(national.get("networks_no_data") or 0)
    regions = driver.execute_script(
        "return Array.from(document.querySelectorAll('#regions td[data-col=networks]')).map(td => td.innerText)")
    assert sum(number(n) for n in regions) == sum(counts.values())


def visible_networks(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#network-table tr.network')).filter(r => !r.hidden)"
        ".map(r => r.querySelector('td[data-col=network_id]').textContent)")


def test_the_filter_box_filters_the_network_table(driver, pages):
    _, page, _ = pages["real"]
    load(driver, page)
    everyone = visible_networks(driver)
    assert len(everyone) == 1250
    box = driver.find_element("id", "filter")
    box.send_keys("U35980")
    assert visible_networks(driver) == ["U35980"]
    assert driver.find_element("id", "shown").text == "1 of 1,250 networks shown"
    box.clear()
    box.send_keys("liverpool")
    liverpool = visible_networks(driver)
    assert "U35980" in liverpool and 1 < len(liverpool) < 1250
    box.send_keys("\ue003" * len("liverpool"))  # backspace to an empty box: every network again
    assert len(visible_networks(driver)) == 1250
    # A region's name in the region table filters the networks to that region.
    button = driver.find_element("css selector", "#regions button.region[data-region='NHS LIVERPOOL CCG']")
    driver.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    count = int(driver.find_element("css selector", "#regions tr[data-region='NHS LIVERPOOL CCG'] td[data-col=networks]")
                .text.replace(",", ""))
    assert box.get_attribute("value") == "NHS LIVERPOOL CCG"
    assert len(visible_networks(driver)) == count
    assert severe(driver) == []


@pytest.mark.parametrize("name,network", [("real", "U35980"), ("examples", "EX004")])
def test_a_click_shows_the_networks_explanation(driver, pages, name, network):
    args, page, rows = pages[name]
    load(driver, page)
    row = driver.find_element("css selector", f"#network-table tr.network[data-search^='{network} ']")
    button = row.find_element("css selector", "button.explain")
    driver.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    shown = row.find_element("xpath", "following-sibling::tr[1]")
    assert shown.get_attribute("class") == "explanation" and shown.is_displayed()
    last = max(r["date"] for r in rows)
    expected = run(["explain", *[a for a in args if a not in RANGE], "--network", network, "--at", last])
    assert shown.find_element("tag name", "pre").get_attribute("textContent") == expected
    assert button.get_attribute("aria-expanded") == "true"
    button.click()
    assert not shown.is_displayed()
    assert severe(driver) == []


def test_names_are_text_never_markup(driver, tmp_path):
    networks = tmp_path / "networks.csv"
    text = (EXAMPLES_DIR / "networks.csv").read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1].split(",")
    first[1] = '"Smith & Jones <b id=""injected"">PCN</b> \'A\'"'
    networks.write_text("\n".join([header, ",".join(first), *text[2:]]) + "\n", encoding="utf-8")
    page = tmp_path / "names.html"
    run(["report", "--rules", str(RULES_DIR), "--networks", str(networks), "--staff", str(EXAMPLES_DIR / "staff.csv"),
         *RANGE, "--format", "html", "--output", str(page)])
    load(driver, page)
    assert driver.find_elements("id", "injected") == []
    name = driver.find_element("css selector", "#network-table tr.network[data-n='0'] td[data-col=name]")
    assert name.text == "Smith & Jones <b id=\"injected\">PCN</b> 'A'"
    assert severe(driver) == []
