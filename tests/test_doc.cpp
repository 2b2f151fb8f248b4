// Tests of include/descheck/report/doc.hpp: the Markdown page of a rule set, and that the committed page
// of the shipped rule set is what the generator writes today.
#include "descheck/report/doc.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;
using descheck::rule_set_markdown;

const fs::path source_dir = DESCHECK_SOURCE_DIR;
const fs::path minimal = source_dir / "tests" / "data" / "rules" / "minimal";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Doc, committed_page_of_the_shipped_rule_set_is_current) {
  const fs::path page = source_dir / "docs" / "rule-sets" / "des-england.md";
  const std::string expected = rule_set_markdown(descheck::load_rule_set(source_dir / "specs" / "des-england"));
  ASSERT_TRUE(fs::exists(page)) << page << " is missing";
  EXPECT_TRUE(slurp(page) == expected)
      << "docs/rule-sets/des-england.md does not match the rule set: regenerate it from the source directory with\n"
         "  build/descheck doc specs/des-england --output docs/rule-sets/des-england.md";
}

TEST(Doc, a_ranged_value_shows_its_range_before_its_marker) {
  const std::string md = rule_set_markdown(descheck::load_rule_set(source_dir / "specs" / "des-england"));
  EXPECT_TRUE(contains(md, "0.05 (range 0.03–0.1) [A")) << "GP time available for network services";
  EXPECT_TRUE(contains(md, "0.006 (range 0.004–0.008, uniform) [A")) << "the draft's referral range";
}

TEST(Doc, title_counts_and_contents) {
  const std::string md = rule_set_markdown(descheck::load_rule_set(minimal));
  EXPECT_EQ(md.rfind("# Minimal rule set for the loader tests\n\n", 0), 0u) << md;
  EXPECT_TRUE(contains(md,
                       "Rule set `minimal`, version 1: 2 services, 3 requirements, 2 roles, 2 drivers. "
                       "Timelines cover 2020-04-01 to 2024-03-31"))
      << md;
  EXPECT_TRUE(contains(md,
                       "Contents: [services](#services) · [roles](#roles) · [drivers](#drivers) · "
                       "[funding](#funding)\n"));
}

TEST(Doc, services_sorted_by_id_with_reference_and_dependencies) {
  const std::string md = rule_set_markdown(descheck::load_rule_set(minimal));
  EXPECT_TRUE(contains(md,
                       "| [`ehch`](#service-ehch) | Enhanced Health in Care Homes | 2 | 2020-10-01 |\n"
                       "| [`smr`](#service-smr) | Structured medication reviews | 1 | 2020-10-01 |\n"))
      << md;
  const auto ehch = md.find("### Enhanced Health in Care Homes (`ehch`)");
  const auto smr = md.find("### Structured medication reviews (`smr`)");
  ASSERT_NE(ehch, std::string::npos);
  ASSERT_NE(smr, std::string::npos);
  EXPECT_LT(ehch, smr);
  EXPECT_TRUE(contains(md, "<a id=\"service-smr\"></a>"));
  EXPECT_TRUE(contains(md,
                       "Specification: not given. Builds on [`smr`](#service-smr). Defined in "
                       "`services/ehch.yaml`.\n"))
      << md;
  EXPECT_TRUE(contains(md,
                       "Specification: [Network Contract DES specification 2020/21]"
                       "(https://www.england.nhs.uk/gp/investment/gp-contract/). Defined in `services/smr.yaml`."))
      << md;
}

TEST(Doc, requirement_rows_show_phase_terms_roles_and_indicators) {
  const std::string md = rule_set_markdown(descheck::load_rule_set(minimal));
  // Requirements keep their file order; bare numbers share one "unannotated" marker.
  EXPECT_TRUE(contains(md,
                       "| `home_round`<br>Weekly home round for every aligned care home | workload | 2 | "
                       "from 2020-10-01: 0.5 [U1]<br>from 2021-04-01: 1 [U1] | "
                       "`care_home_beds` × 0.1 h per week [U1]<br>+ 2 h per month [U1] | "
                       "General practitioner (`gp`)<br>Clinical pharmacist (`pharmacist`), at most 0.5 of demand "
                       "[U1] | NCD012 |\n"))
      << md;
  EXPECT_TRUE(contains(md,
                       "| `clinical_lead`<br>A named clinical lead | staffing | 1 | from 2020-10-01: 1 [U1] | "
                       "0.1 WTE [U1] | General practitioner (`gp`) |  |\n"))
      << md;
  EXPECT_TRUE(contains(md, "- `clinical_lead`: The lead is a GP in most networks. (`services/ehch.yaml` line 18)\n"))
      << md;
  EXPECT_TRUE(contains(md, "- **U1** unannotated (`services/ehch.yaml` lines 10, 12, 13, 16, 21, 23)\n")) << md;
}

TEST(Doc, published_values_cite_their_reference_and_line) {
  const std::string md = rule_set_markdown(descheck::load_rule_set(minimal));
  EXPECT_TRUE(contains(md, "| `registered_patients` × (from 2020-10-01: 0.01 h per year [P1]) |")) << md;
  EXPECT_TRUE(contains(md, "- **P1** published: SMR specification, section 4 (`services/smr.yaml` line 12)\n")) << md;
}

TEST(Doc, roles_arrs_drivers_and_funding) {
  const std::string md = rule_set_markdown(descheck::load_rule_set(minimal));
  EXPECT_TRUE(contains(md, "| `gp` | General practitioner | 37.5 | 1 | `registered_patients` × 0.0005 [U1] |  |\n"))
      << md;
  EXPECT_TRUE(contains(md,
                       "| `pharmacist` | Clinical pharmacist | 37.5 [U1] | from 2020-04-01: 0.8 [U1]<br>"
                       "from 2022-04-01: 0.9 [A1] |  | Clinical Pharmacist |\n"))
      << md;
  EXPECT_TRUE(contains(md, "- **A1** assumption: less time on repeat prescribing (`roles.yaml` line 11)\n")) << md;
  EXPECT_TRUE(contains(md, "| `pharmacist` | from 2020-04-01 | from 2020-04-01: 55,670 [U1] | 1 [U1] | none |\n"))
      << md;
  EXPECT_TRUE(contains(md, "| `registered_patients` | Registered patients | patients | none: required |\n")) << md;
  EXPECT_TRUE(contains(md, "| `care_home_beds` | Care home beds | beds | 0.008 [U1] × `registered_patients` |\n"))
      << md;
  EXPECT_TRUE(contains(md,
                       "| ARRS sum per weighted patient | from 2020-04-01: 7.131 [U1]<br>from 2021-04-01: "
                       "12.98 [U1] |\n"))
      << md;
  EXPECT_TRUE(contains(md, "| national ARRS sum, England | from 2020-04-01: 430,000,000 [D1] |\n")) << md;
}

TEST(Doc, output_does_not_depend_on_where_the_rule_set_lives) {
  const fs::path copy = fs::temp_directory_path() / ("descheck_doc_" + std::to_string(::getpid()));
  fs::remove_all(copy);
  fs::copy(minimal, copy, fs::copy_options::recursive);
  const std::string here = rule_set_markdown(descheck::load_rule_set(minimal));
  const std::string there = rule_set_markdown(descheck::load_rule_set(copy / ""));
  fs::remove_all(copy);
  EXPECT_EQ(here, there);
  EXPECT_FALSE(contains(here, minimal.string())) << "absolute path in the page";
}

TEST(Doc, numbers_are_plain_decimals_and_text_is_escaped) {
  descheck::rule_set rules = descheck::load_rule_set(minimal);
  rules.label = "Rates | *draft* <b>";
  rules.services[1].requirements[0].terms[0].amount = descheck::schedule::constant(0.000005);
  rules.roles[1].arrs->max_reimbursement = descheck::schedule(
      std::vector<descheck::step>{{*descheck::parse_date("2020-04-01"), 1234567.5, descheck::no_origin},
                                  {*descheck::parse_date("2023-04-01"), std::nullopt, descheck::no_origin}});
  const std::string md = rule_set_markdown(rules);
  EXPECT_EQ(md.rfind("# Rates \\| \\*draft\\* \\<b\\>\n", 0), 0u) << md;
  EXPECT_TRUE(contains(md, "| `registered_patients` × 0.000005 h per year |")) << md;
  // A sunset ends the reimbursable period the day before.
  EXPECT_TRUE(contains(md,
                       "| `pharmacist` | 2020-04-01 to 2023-03-31 | from 2020-04-01: 1,234,567.5<br>"
                       "from 2023-04-01: undefined |"))
      << md;
}

TEST(Doc, command_writes_the_page_to_a_file) {
  const fs::path out = fs::temp_directory_path() / ("descheck_doc_" + std::to_string(::getpid()) + ".md");
  fs::remove(out);
  const std::string cmd = std::string(DESCHECK_CLI) + " doc " + minimal.string() + " --output " + out.string();
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  EXPECT_EQ(slurp(out), rule_set_markdown(descheck::load_rule_set(minimal)));
  fs::remove(out);
  const std::string usage = std::string(DESCHECK_CLI) + " doc >/dev/null 2>&1";
  const int bad = std::system(usage.c_str());
  EXPECT_TRUE(WIFEXITED(bad) && WEXITSTATUS(bad) == 2);
}

}  // namespace
