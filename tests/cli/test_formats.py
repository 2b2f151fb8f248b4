"""End-to-end checks of the descheck command's one output layer: every row-writing command in every
format parses (JSON with Python's json, CSV with Python's csv), tables align by display width,
per-command help, the unknown-extension error, --totals and --strict. Run by CTest (`cli-formats`)
with DESCHECK_CLI and DESCHECK_SOURCE_DIR set."""
import csv
import io
import json
import os
import subprocess
import unicodedata

import pytest

CLI = os.environ["DESCHECK_CLI"]
SRC = os.environ["DESCHECK_SOURCE_DIR"]
RULES = os.path.join(SRC, "specs", "des-england")
INPUTS = ["--rules", RULES, "--networks", os.path.join(SRC, "examples", "networks.csv"),
          "--staff", os.path.join(SRC, "examples", "staff.csv")]
RANGE = ["--from", "2020-04-01", "--to", "2022-03-31"]
SCENARIO = os.path.join(RULES, "scenarios", "delay-a-year.yaml")

# Every row-writing command with arguments that give it rows.
ROW_COMMANDS = {
    "check": ["check", *INPUTS, "--at", "2021-06-01"],
    "check-summary": ["check", *INPUTS, "--at", "2021-06-01", "--summary"],
    "series": ["series", *INPUTS, *RANGE, "--summary"],
    "series-requirements": ["series", *INPUTS, *RANGE, "--every", "quarter"],
    "timeline": ["timeline", *INPUTS, *RANGE],
    "timeline-earliest": ["timeline", *INPUTS, *RANGE, "--earliest"],
    "diff": ["diff", *INPUTS, "--from", "2020-04-01", "--to", "2024-03-31", "--against-scenario", SCENARIO],
    "plan": ["plan", *INPUTS, "--at", "2021-06-01"],
    "plan-horizon": ["plan", *INPUTS, "--horizon", "2020-04-01..2021-06-01", "--network", "EX004"],
    "funding": ["funding", *INPUTS, "--year", "2021"],
    "pool-gain": ["pool-gain", *INPUTS, "--at", "2021-06-01", "--networks-in", "EX001,EX002", "--assume-arrs"],
    "report": ["report", *INPUTS, *RANGE],
}


def run(args, **kw):
    return subprocess.run([CLI, *args], capture_output=True, text=True, **kw)


def width(text):
    """Columns on a terminal: wide East Asian characters count two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("name", sorted(ROW_COMMANDS))
def test_csv_parses_with_a_header_and_equal_rows(name):
    r = run(ROW_COMMANDS[name] + ["--format", "csv"])
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert len(rows) >= 2, r.stdout
    assert all(len(row) == len(rows[0]) for row in rows), r.stdout


@pytest.mark.parametrize("name", sorted(ROW_COMMANDS))
def test_json_is_records_with_the_csv_columns_and_real_numbers(name):
    c = run(ROW_COMMANDS[name] + ["--format", "csv"])
    j = run(ROW_COMMANDS[name] + ["--format", "json"])
    assert j.returncode == 0, j.stderr
    records = json.loads(j.stdout, parse_constant=lambda x: pytest.fail("non-finite number " + x))
    header = next(csv.reader(io.StringIO(c.stdout)))
    assert isinstance(records, list) and len(records) == len(c.stdout.splitlines()) - 1
    for record in records:
        assert list(record) == header
        for value in record.values():
            assert value is None or isinstance(value, (str, int, float, bool)), record


@pytest.mark.parametrize("name", sorted(ROW_COMMANDS))
def test_table_and_markdown_have_a_line_per_row(name):
    c = run(ROW_COMMANDS[name] + ["--format", "csv"])
    rows = len(c.stdout.splitlines()) - 1
    t = run(ROW_COMMANDS[name] + ["--format", "table"])
    assert t.returncode == 0, t.stderr
    assert len(t.stdout.splitlines()) == rows + 1
    if name == "report":
        return  # report's Markdown is the page people read, not a table
    m = run(ROW_COMMANDS[name] + ["--format", "markdown"])
    assert m.returncode == 0, m.stderr
    lines = m.stdout.splitlines()
    if name in ("funding",):
        assert lines[0].startswith("# ARRS funding")  # funding's Markdown is its report page
        return
    assert len(lines) == rows + 2 and set(lines[1]) <= set("|-:"), m.stdout
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[:1] + lines[2:])


@pytest.mark.parametrize("extension,check", [(".json", json.loads), (".csv", lambda t: list(csv.reader(io.StringIO(t)))),
                                              (".md", lambda t: t.splitlines()[1].startswith("|-"))])
def test_output_extension_names_the_format(tmp_path, extension, check):
    out = tmp_path / ("rows" + extension)
    r = run(ROW_COMMANDS["check-summary"] + ["--output", str(out)])
    assert r.returncode == 0, r.stderr
    assert check(out.read_text())


def test_unknown_extension_is_an_error_not_csv(tmp_path):
    out = tmp_path / "rows.xlsx"
    r = run(ROW_COMMANDS["check-summary"] + ["--output", str(out)])
    assert r.returncode == 2
    assert "error[DC060]" in r.stderr and "'.xlsx'" in r.stderr
    assert not out.exists()
    assert run(ROW_COMMANDS["check-summary"] + ["--output", str(out), "--format", "csv"]).returncode == 0


def test_the_same_format_error_everywhere():
    for name in ("check", "series", "plan", "funding", "pool-gain", "timeline"):
        r = run(ROW_COMMANDS[name] + ["--format", "jsno"])
        assert r.returncode == 2
        assert "unknown format 'jsno' (did you mean 'json'?); use csv, json, table or markdown" in r.stderr, r.stderr


def test_table_aligns_non_ascii_labels_by_display_width(tmp_path):
    networks = tmp_path / "networks.csv"
    staff = tmp_path / "staff.csv"
    networks.write_text("network_id,name,registered_patients\n"
                        "N\u00e9-\u00e9t\u00e9,a,30000\n"        # accented letters: one column each
                        "\u6771\u4eac,b,30000\n"                 # Tokyo in kanji: two columns each
                        "Cafe\u0301,c,30000\n"                   # a combining accent: no column
                        "PLAIN,d,30000\n", encoding="utf-8")
    staff.write_text("network_id,role,wte\nPLAIN,clinical_pharmacist,1\n", encoding="utf-8")
    r = run(["check", "--rules", RULES, "--networks", str(networks), "--staff", str(staff), "--at", "2021-06-01",
             "--summary", "--format", "table"])
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    starts = set()
    for line in lines:
        date_at = line.find("2021-06-01") if line.find("2021-06-01") >= 0 else line.find("date")
        starts.add(width(line[:date_at]))
    assert len(starts) == 1, r.stdout


def test_totals_are_not_rows_and_go_to_the_totals_file(tmp_path):
    totals = tmp_path / "totals.json"
    r = run(ROW_COMMANDS["funding"] + ["--format", "csv", "--totals", str(totals)])
    assert r.returncode == 0, r.stderr
    assert "TOTAL" not in r.stdout
    assert "funding 2021/22:" in r.stderr
    national = json.loads(totals.read_text())
    assert national[0]["networks"] == 6 and national[0]["year"] == "2021/22"
    plan_totals = tmp_path / "plan-totals.csv"
    p = run(ROW_COMMANDS["plan"] + ["--format", "csv", "--totals", str(plan_totals)])
    assert p.returncode == 0, p.stderr
    assert not any(row[3] == "total" for row in csv.reader(io.StringIO(p.stdout)))
    rows = list(csv.DictReader(io.StringIO(plan_totals.read_text())))
    assert rows[0]["row"] == "total" and rows[0]["network_id"] == ""


@pytest.mark.parametrize("name", ["series", "timeline", "report"])
def test_strict_exits_one_when_a_network_is_not_compliant(name):
    args = ROW_COMMANDS[name] + ["--format", "csv"]
    assert run(args).returncode == 0
    assert run(args + ["--strict"]).returncode == 1


def commands():
    usage = run(["--help"]).stdout
    return sorted({line.split()[1] for line in usage.splitlines() if line.startswith("  descheck ")} - {"help"})


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_its_options_and_an_example(name):
    for flag in ("--help", "-h"):
        r = run([name, flag])
        assert r.returncode == 0, r.stderr
        assert "Options:" in r.stdout and "Example:" in r.stdout and f"descheck {name}" in r.stdout
    assert run(["help", name]).stdout == run([name, "--help"]).stdout


def test_usage_version_and_did_you_mean():
    alone = run([])
    assert alone.returncode == 2 and "Usage:" in alone.stderr and "error[DC060]: no command given" in alone.stderr
    assert run(["-V"]).stdout.startswith("descheck ")
    typo = run(ROW_COMMANDS["check"] + ["--sumary"])
    assert typo.returncode == 2
    assert "unknown option --sumary for 'check' (did you mean '--summary'?)" in typo.stderr, typo.stderr


def test_explain_and_validate_json():
    e = run(["explain", *INPUTS, "--network", "EX004", "--at", "2021-06-01", "--format", "json"])
    assert e.returncode == 0, e.stderr
    d = json.loads(e.stdout)
    assert d["network_id"] == "EX004" and d["requirements"] and d["explanation"]
    v = run(["validate", RULES, "--format", "json"])
    assert v.returncode == 0, v.stderr
    assert json.loads(v.stdout)["valid"] is True


def test_text_outputs_keep_their_extensions(tmp_path):
    diff = tmp_path / "diff.txt"
    assert run(ROW_COMMANDS["diff"] + ["--output", str(diff)]).returncode == 0
    assert "change state" in diff.read_text()  # the three sections for people, not a table
    explained = tmp_path / "explain.json"
    assert run(["explain", *INPUTS, "--network", "EX004", "--at", "2021-06-01", "--output", str(explained)]).returncode == 0
    assert json.loads(explained.read_text())["network_id"] == "EX004"


def test_html_is_a_format_of_the_report_alone(tmp_path):
    page = tmp_path / "national.html"
    r = run(ROW_COMMANDS["report"] + ["--output", str(page)])  # the extension names the format
    assert r.returncode == 0, r.stderr
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")
    to_stdout = run(ROW_COMMANDS["report"] + ["--format", "html"])
    assert to_stdout.returncode == 0 and to_stdout.stdout.rstrip().endswith("</html>")
    strict = run(ROW_COMMANDS["report"] + ["--format", "html", "--strict", "--output", str(tmp_path / "strict.htm")])
    assert strict.returncode == 1 and (tmp_path / "strict.htm").stat().st_size > 0
    typo = run(ROW_COMMANDS["report"] + ["--format", "htm"])
    assert typo.returncode == 2
    assert "unknown format 'htm' (did you mean 'html'?); use csv, json, table, markdown or html" in typo.stderr
    other = run(ROW_COMMANDS["report"] + ["--output", str(tmp_path / "national.xlsx")])
    assert other.returncode == 2 and "name it .csv, .json, .md, .txt or .html, or give --format" in other.stderr
    claim = run(ROW_COMMANDS["report"] + ["--claim", os.path.join(RULES, "scenarios", "draft-dec-2019.yaml"),
                                          "--format", "csv"])
    assert claim.returncode == 2 and "use --format markdown or html" in claim.stderr
    # Every other command refuses html in the words it uses for any unknown format or extension.
    for name in ("check", "series", "plan", "funding", "pool-gain", "timeline"):
        r = run(ROW_COMMANDS[name] + ["--format", "html"])
        assert r.returncode == 2
        assert "unknown format 'html'; use csv, json, table or markdown" in r.stderr, r.stderr
        out = tmp_path / f"{name}.html"
        r = run(ROW_COMMANDS[name] + ["--output", str(out)])
        assert r.returncode == 2 and "unknown extension '.html'" in r.stderr and not out.exists(), r.stderr
