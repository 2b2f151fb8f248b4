"""Rule sets and scenarios: load_rules, apply_scenarios, scenario_label, RuleError."""

import re
import textwrap

import pytest
from conftest import DRAFT, RULES_DIR, SCENARIOS_DIR

import descheck


def test_load_rules_reads_the_shipped_rule_set(rules):
    assert rules.id == "des-england"
    assert rules.scenario_id == "baseline"
    assert rules.label.startswith("Network Contract DES")
    assert rules.version
    assert "smr" in rules.services and "ehch" in rules.services
    assert len(rules.service_labels) == len(rules.services)
    assert ("smr", "reviews") in rules.requirements
    assert ("ehch", "home_round") in rules.requirements
    assert {"gp", "clinical_pharmacist", "advanced_practitioner"} <= set(rules.roles)
    assert len(rules.role_labels) == len(rules.roles)
    assert {"registered_patients", "care_home_beds"} <= set(rules.drivers)
    assert rules.directory == str(RULES_DIR)
    assert rules.scenarios == ()


def test_rule_set_labels_and_repr(rules):
    assert rules.service_label("smr") == rules.service_labels[rules.services.index("smr")]
    assert rules.service_label("smr").startswith("Structured Medication Reviews")
    assert rules.service_label("all") == "All services"
    assert rules.service_label("no_such_service") == "no_such_service"
    assert rules.role_label("gp") == "General practitioner"
    text = repr(rules)
    assert text.startswith("<RuleSet des-england")
    assert "scenario baseline" in text
    assert f"{len(rules.services)} services" in text


def test_doc_is_the_markdown_reference_page(rules):
    page = rules.doc()
    assert page.startswith("#")
    for label in rules.service_labels:
        assert label in page


@pytest.mark.parametrize("name", ["draft-dec-2019", "no-covid-delay", "flexible-roles", "delay-a-year"])
def test_every_shipped_scenario_loads(rules, name):
    path = SCENARIOS_DIR / f"{name}.yaml"
    assert path.exists()
    with_scenario = descheck.load_rules(RULES_DIR, [path])
    assert with_scenario.scenario_id == name
    assert with_scenario.scenarios == (str(path),)
    applied = descheck.apply_scenarios(rules, path)  # one path, not a list
    assert applied.scenario_id == name
    assert applied.doc() == with_scenario.doc()
    assert rules.with_scenarios([path]).scenario_id == name
    assert descheck.scenario_label(rules, path)
    assert rules.scenario_id == "baseline"  # unchanged


def test_scenarios_stack_in_order(rules):
    files = [SCENARIOS_DIR / "no-covid-delay.yaml", SCENARIOS_DIR / "flexible-roles.yaml"]
    stacked = descheck.load_rules(str(RULES_DIR), [str(f) for f in files])
    assert stacked.scenario_id == "no-covid-delay+flexible-roles"
    one_by_one = descheck.apply_scenarios(descheck.apply_scenarios(rules, files[0]), files[1])
    assert one_by_one.scenario_id == stacked.scenario_id


def test_scenario_label_is_the_files_label(rules):
    assert descheck.scenario_label(rules, DRAFT).startswith("The five services on the timeline")


def write_bad_scenario(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            schema: descheck/scenario/v1
            id: bad
            label: A scenario with a misspelt target and a misspelt key
            applies_to: des-england
            changes:
              - shift: {target: anticipatry_care, months: 12}
              - scale: {target: smr.reviews, factr: 1.2}
            """
        )
    )
    return path


def test_bad_scenario_raises_rule_error_with_positions(rules, tmp_path):
    path = write_bad_scenario(tmp_path)
    with pytest.raises(descheck.RuleError) as caught:
        descheck.load_rules(RULES_DIR, [path])
    e = caught.value
    assert isinstance(e, ValueError)
    assert (e.file, e.line, e.column, e.code) == (str(path), 6, 21, "DC080")
    assert len(e.diagnostics) >= 2
    for d in e.diagnostics:
        assert len(d) == 5
        assert d[0] == str(path)
    codes = [d[3] for d in e.diagnostics]
    assert codes[0] == "DC080" and "DC015" in codes
    lines = str(e).splitlines()
    assert len(lines) == len(e.diagnostics)
    expected = re.escape(str(path)) + r":6:21: error\[DC080\]: .*did you mean 'anticipatory_care'\?\)"
    assert re.fullmatch(expected, lines[0])
    assert any("did you mean 'factor'" in line for line in lines)


def test_bad_scenario_leaves_the_rule_set_untouched(rules, tmp_path):
    path = write_bad_scenario(tmp_path)
    with pytest.raises(descheck.RuleError) as caught:
        descheck.apply_scenarios(rules, [DRAFT, path])
    assert caught.value.code == "DC080"
    assert rules.scenario_id == "baseline"
    with pytest.raises(descheck.RuleError):
        descheck.scenario_label(rules, path)


def test_scenario_for_another_rule_set_is_refused(rules, tmp_path):
    path = tmp_path / "other.yaml"
    text = DRAFT.read_text().replace("applies_to: des-england", "applies_to: des-wales")
    path.write_text(text.replace("id: draft-dec-2019", "id: other"))
    with pytest.raises(descheck.RuleError) as caught:
        descheck.apply_scenarios(rules, path)
    assert caught.value.code == "DC081"


def test_missing_rule_set_directory(tmp_path):
    with pytest.raises(descheck.RuleError) as caught:
        descheck.load_rules(tmp_path / "nowhere")
    assert caught.value.code == "DC001"
    assert caught.value.file == str(tmp_path / "nowhere")
    assert (caught.value.line, caught.value.column) == (1, 1)  # the file as a whole, as the message says
    assert str(caught.value).startswith(f"{tmp_path / 'nowhere'}:1:1: error[DC001]")


def test_errors_are_the_engines_types():
    assert descheck.RuleError is descheck._core.RuleError
    assert descheck.InputError is descheck._core.InputError
    assert issubclass(descheck.RuleError, ValueError) and issubclass(descheck.InputError, ValueError)


def test_rules_argument_is_checked(examples):
    with pytest.raises(TypeError, match="RuleSet"):
        descheck.check("specs/des-england", examples, "2021-06-01")
