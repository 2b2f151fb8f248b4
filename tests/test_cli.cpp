// The `descheck` command end to end: exit codes, exact headers, errors with positions, no partial output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "descheck/rules/rules.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path source = DESCHECK_SOURCE_DIR;
const std::string rules = (source / "specs" / "des-england").string();
const std::string networks = (source / "examples" / "networks.csv").string();
const std::string staff = (source / "examples" / "staff.csv").string();

using cli_runner::outcome;
using cli_runner::slurp;
using cli_runner::split;

fs::path scratch() { return cli_runner::scratch("descheck-cli"); }

outcome run(const std::string& args) { return cli_runner::run(args, scratch()); }

// A non-negative decimal with exactly `places` digits after the point (or an integer when places is 0).
bool is_fixed(const std::string& s, std::size_t places) {
  const std::size_t dot = s.find('.');
  const std::size_t whole = places == 0 ? s.size() : dot;
  if (whole == 0 || whole == std::string::npos || (places > 0 && s.size() - dot - 1 != places)) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i != dot && (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

std::string check_args(const std::string& extra) {
  return "check --rules " + rules + " --networks " + networks + " --staff " + staff + " " + extra;
}

TEST(Cli, ValidatesTheShippedRuleSet) {
  const outcome r = run("validate " + rules);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("valid rule set des-england"), std::string::npos) << r.out;
}

TEST(Cli, ValidateStrictWantsARangeOnEveryAssumption) {
  const outcome shipped = run("validate " + rules + " --strict");
  EXPECT_EQ(shipped.status, 0) << shipped.err;
  EXPECT_TRUE(shipped.err.empty()) << shipped.err;
  const std::string minimal = (source / "tests" / "data" / "rules" / "minimal").string();
  EXPECT_EQ(run("validate " + minimal).status, 0);  // without --strict a bare assumption is fine
  const outcome bare = run("validate " + minimal + " --strict");
  EXPECT_EQ(bare.status, 1);
  EXPECT_NE(bare.out.find("valid rule set minimal"), std::string::npos) << bare.out;
  EXPECT_NE(bare.err.find("roles.yaml:11:27: error[DC144]: assumption roles.pharmacist.available_share@2022-04-01"),
            std::string::npos)
      << bare.err;
  EXPECT_NE(bare.err.find("1 assumption without a range"), std::string::npos) << bare.err;
}

TEST(Cli, CheckWritesTheSpecHeaderAndOneRowPerActiveRequirement) {
  const outcome r = run(check_args("--at 2021-06-01 --format csv"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header,
            "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status");
  int rows = 0;
  std::set<std::string> services;
  for (const auto& svc : descheck::load_rule_set(rules).services) services.insert(svc.id);
  const std::set<std::string> kinds{"workload", "staffing"}, statuses{"met", "partial", "unmet"};
  for (std::string line; std::getline(lines, line); ++rows) {
    const std::vector<std::string> f = split(line, ',');
    ASSERT_EQ(f.size(), 12u) << line;
    EXPECT_EQ(f[0], "baseline");
    EXPECT_EQ(f[1].rfind("EX00", 0), 0u) << line;
    EXPECT_EQ(f[2], "2021-06-01");
    EXPECT_TRUE(services.count(f[3])) << line;
    EXPECT_FALSE(f[4].empty()) << line;
    EXPECT_TRUE(kinds.count(f[5])) << line;
    EXPECT_TRUE(is_fixed(f[6], 0)) << line;
    for (int i = 7; i <= 10; ++i) EXPECT_TRUE(is_fixed(f[i], 4)) << line;
    EXPECT_TRUE(statuses.count(f[11])) << line;
  }
  EXPECT_GT(rows, 6);
  EXPECT_EQ(rows % 6, 0);  // every example network has the same requirements in force
}

TEST(Cli, StrictExitsOneWhenSomeNetworkIsShort) {
  const outcome plain = run(check_args("--at 2021-06-01 --summary --format csv"));
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_NE(plain.out.find(",non_compliant,"), std::string::npos) << plain.out;
  EXPECT_EQ(run(check_args("--at 2021-06-01 --summary --strict")).status, 1);
  // Before anything is in force every network is not_in_force, which --strict accepts.
  const outcome early = run(check_args("--at 2019-06-01 --summary --strict --format csv"));
  EXPECT_EQ(early.status, 0) << early.err;
  EXPECT_NE(early.out.find(",not_in_force,0,0,"), std::string::npos) << early.out;
}

TEST(Cli, OutputFileFormatFollowsItsExtension) {
  const fs::path file = scratch() / "result.json";
  const outcome r = run(check_args("--at 2021-06-01 --summary --output " + file.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const std::string json = slurp(file);
  EXPECT_EQ(json.rfind("[\n  {\"scenario\": \"baseline\"", 0), 0u) << json;
}

TEST(Cli, ExplainTellsWhyANetworkIsShort) {
  const outcome summary = run(check_args("--at 2021-06-01 --summary --format csv"));
  std::string short_network;
  std::istringstream rows(summary.out);
  for (std::string line; std::getline(rows, line) && short_network.empty();) {
    const std::vector<std::string> f = split(line, ',');
    if (f.size() > 3 && f[3] == "non_compliant") short_network = f[1];
  }
  ASSERT_FALSE(short_network.empty()) << summary.out;
  const outcome r = run("explain --rules " + rules + " --networks " + networks + " --staff " + staff + " --network " +
                        short_network + " --at 2021-06-01");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("NOT COMPLIANT"), std::string::npos);
  EXPECT_NE(r.out.find("Why requirements fall short"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("h/week between them"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[published: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[assumption: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; plausible 0.03–0.1; roles.yaml:"), std::string::npos) << r.out;  // GP time's range
}

TEST(Cli, UsageErrorsExitTwoWithACode) {
  EXPECT_EQ(run(check_args("--at 2020-02-30")).status, 2);
  const outcome bad_option = run(check_args("--at 2021-06-01 --frmat csv"));
  EXPECT_EQ(bad_option.status, 2);
  EXPECT_NE(bad_option.err.find("error[DC060]"), std::string::npos) << bad_option.err;
  EXPECT_EQ(run("chekc").status, 2);
  EXPECT_EQ(run("").status, 2);
  const outcome unknown = run("explain --rules " + rules + " --networks " + networks + " --staff " + staff +
                              " --network EX01 --at 2021-06-01");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("did you mean"), std::string::npos) << unknown.err;
}

TEST(Cli, BadStaffFileGivesPositionedErrorsAndNoPartialOutput) {
  const fs::path bad = scratch() / "bad-staff.csv";
  std::ofstream(bad) << "network_id,role,wte\nEX001,clinical_pharmacist,1\nEX001,clinical_pharmacist,-0.5\n"
                        "EX002,clinical_pharmasist,1\n";
  const outcome r = run("check --rules " + rules + " --networks " + networks + " --staff " + bad.string() +
                        " --at 2021-06-01 --format csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("bad-staff.csv:3:3: error[DC045]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad-staff.csv:4:2: error[DC030]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'clinical_pharmacist'"), std::string::npos) << r.err;
}

TEST(Cli, InvalidRuleSetListsEveryProblem) {
  const fs::path dir = scratch() / "bad-rules";
  fs::remove_all(dir);
  fs::copy(rules, dir, fs::copy_options::recursive);
  std::ofstream(dir / "services" / "smr.yaml", std::ios::app) << "\nextra_key: 1\n";
  std::ofstream(dir / "drivers.yaml", std::ios::app) << "\n\tbroken: [\n";
  const outcome r = run("validate " + dir.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("smr.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("drivers.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error[DC015]"), std::string::npos) << r.err;
  // FILE:LINE:COL: error[DCnnn]: message
  std::istringstream lines(r.err);
  std::string line;
  std::getline(lines, line);
  const std::vector<std::string> parts = split(line, ':');
  ASSERT_GE(parts.size(), 5u) << line;
  EXPECT_TRUE(is_fixed(parts[1], 0)) << line;
  EXPECT_TRUE(is_fixed(parts[2], 0)) << line;
  EXPECT_EQ(parts[3].rfind(" error[DC", 0), 0u) << line;
  EXPECT_EQ(parts[3].size(), std::string(" error[DCnnn]").size()) << line;
  EXPECT_FALSE(parts[4].empty()) << line;
}

}  // namespace

namespace {

std::string range_args(const std::string& command, const std::string& extra) {
  return command + " --rules " + rules + " --networks " + networks + " --staff " + staff +
         " --from 2020-04-01 --to 2024-03-31 " + extra;
}

TEST(Cli, SeriesIsByteIdenticalForAnyThreadCount) {
  const outcome one = run(range_args("series", "--threads 1 --format csv"));
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(
      one.out.rfind(std::string("scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,"
                                "shortfall,status\n"),
                    0),
      0u);
  EXPECT_GT(std::count(one.out.begin(), one.out.end(), '\n'), 6 * 48);  // every network, every month
  for (const char* threads : {"2", "5"})
    EXPECT_EQ(run(range_args("series", std::string("--threads ") + threads + " --format csv")).out, one.out);
  EXPECT_EQ(run(range_args("series", "--threads x")).status, 2);
}

// A coverage file for the sample networks: EX002 has no data before 2021-09-01, EX003 none from
// 2021-06-01 to 2021-08-31.
fs::path coverage_file(const std::string& text) {
  const fs::path file = scratch() / "coverage.csv";
  std::ofstream(file) << text;
  return file;
}
const char* sample_coverage =
    "network_id,from,to\n"
    "EX001,2020-04-01,\n"
    "EX002,2021-09-01,\n"
    "EX003,2020-04-01,2021-05-31\n"
    "EX003,2021-09-01,\n"
    "EX004,2020-04-01,\n"
    "EX005,2020-04-01,\n"
    "EX006,2020-04-01,\n";

TEST(Cli, CheckWithCoverageWritesNoDataRowsAndNoRequirementRows) {
  const std::string coverage = " --coverage " + coverage_file(sample_coverage).string();
  const outcome summary = run(check_args("--at 2021-06-01 --summary --format csv" + coverage));
  ASSERT_EQ(summary.status, 0) << summary.err;
  EXPECT_NE(summary.out.find("\nbaseline,EX002,2021-06-01,no_data,0,0,0.0000,0.0000,0.0000\n"), std::string::npos)
      << summary.out;
  EXPECT_NE(summary.out.find("\nbaseline,EX003,2021-06-01,no_data,"), std::string::npos) << summary.out;
  EXPECT_EQ(summary.out.find("\nbaseline,EX001,2021-06-01,no_data,"), std::string::npos) << summary.out;
  const outcome rows = run(check_args("--at 2021-06-01 --format csv" + coverage));
  ASSERT_EQ(rows.status, 0) << rows.err;
  EXPECT_EQ(rows.out.find(",EX002,"), std::string::npos) << rows.out;
  EXPECT_EQ(rows.out.find(",EX003,"), std::string::npos) << rows.out;
  EXPECT_NE(rows.out.find("\nbaseline,EX001,2021-06-01,"), std::string::npos) << rows.out;
  // Without the coverage file the same networks have requirement rows.
  const outcome all = run(check_args("--at 2021-06-01 --format csv"));
  EXPECT_NE(all.out.find("\nbaseline,EX002,2021-06-01,"), std::string::npos);
  // Covered again from September.
  const outcome later = run(check_args("--at 2021-10-01 --summary --format csv" + coverage));
  EXPECT_EQ(later.out.find("no_data"), std::string::npos) << later.out;
  const outcome explain = run("explain --rules " + rules + " --networks " + networks + " --staff " + staff +
                              " --network EX002 --at 2021-06-01" + coverage);
  ASSERT_EQ(explain.status, 0) << explain.err;
  EXPECT_NE(explain.out.find("NO DATA"), std::string::npos) << explain.out;
}

TEST(Cli, ReportWithCoveragePrintsTheNoDataCounts) {
  const std::string coverage = " --coverage " + coverage_file(sample_coverage).string();
  const outcome csv = run(range_args("report", "--format csv" + coverage));
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("scenario,service,date,networks_in_force,compliant,share_compliant,shortfall_hours,"
                          "bottleneck_roles,networks_no_data\n",
                          0),
            0u)
      << csv.out;
  EXPECT_NE(csv.out.find(",2021-07-01,"), std::string::npos) << csv.out;
  // On 2021-07-01 EX002 and EX003 are without data; on 2021-10-01 none is.
  const auto no_data_on = [&](const std::string& date) {
    std::set<std::string> counts;
    std::istringstream in(csv.out);
    for (std::string line; std::getline(in, line);)
      if (line.find("," + date + ",") != std::string::npos) counts.insert(split(line, ',').back());
    return counts;
  };
  EXPECT_EQ(no_data_on("2021-07-01"), std::set<std::string>{"2"});
  EXPECT_EQ(no_data_on("2021-10-01"), std::set<std::string>{"0"});
  const outcome markdown = run(range_args("report", "--format markdown" + coverage));
  ASSERT_EQ(markdown.status, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("without (counted apart, not as short of staff)"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("networks without data on some day of it, counted apart"), std::string::npos)
      << markdown.out;
  EXPECT_NE(markdown.out.find("- 2021/22: "), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("; 2 networks without data on some day of it"), std::string::npos) << markdown.out;
}

TEST(Cli, BadCoverageFileExitsTwoWithItsPosition) {
  const fs::path file = coverage_file("network_id,from,to\nEX001,2020-04-01,\nEX001,2021-01-01,2021-03-31\n");
  const outcome r = run(check_args("--at 2021-06-01 --coverage " + file.string()));
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find(file.string() + ":3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": error[DC131]: "), std::string::npos) << r.err;
  const fs::path order = coverage_file("network_id,from,to\nEX001,2021-04-01,2021-03-31\n");
  const outcome o = run(check_args("--at 2021-06-01 --coverage " + order.string()));
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find(order.string() + ":2:3: error[DC130]: "), std::string::npos) << o.err;
}

TEST(Cli, ImportWorkforceWritesTheCoverageFile) {
  const fs::path dir = scratch();
  const fs::path census = source / "tests" / "data" / "import";
  const std::string files =
      " " + (census / "census-2021-03.csv").string() + " " + (census / "census-2021-06.csv").string();
  const fs::path out = dir / "coverage-out.csv";
  fs::remove(out);
  const outcome r = run("import workforce --rules " + rules + " --output " + (dir / "staff-out.csv").string() +
                        " --coverage-output " + out.string() + files);
  ASSERT_EQ(r.status, 0) << r.err;
  // Both PCNs are in both censuses: one open-ended window each, the two census periods merged.
  EXPECT_EQ(slurp(out), "network_id,from,to\nUXX001,2021-03-01,\nUXX002,2021-03-01,\n");
  EXPECT_NE(r.err.find("coverage: 2 windows for 2 networks written to " + out.string()), std::string::npos) << r.err;
  const outcome until = run("import workforce --rules " + rules + " --until 2021-12-31 --output " +
                            (dir / "staff-out.csv").string() + " --coverage-output " + out.string() + files);
  ASSERT_EQ(until.status, 0) << until.err;
  EXPECT_EQ(slurp(out), "network_id,from,to\nUXX001,2021-03-01,2021-12-31\nUXX002,2021-03-01,2021-12-31\n");
  // The March census alone, up to the day before June: a closed window.
  const outcome march =
      run("import workforce --rules " + rules + " --until 2021-05-31 --output " + (dir / "staff-out.csv").string() +
          " --coverage-output " + out.string() + " " + (census / "census-2021-03.csv").string());
  ASSERT_EQ(march.status, 0) << march.err;
  EXPECT_EQ(slurp(out), "network_id,from,to\nUXX001,2021-03-01,2021-05-31\nUXX002,2021-03-01,2021-05-31\n");
}

TEST(Cli, TimelineEarliestAndReport) {
  const outcome timeline = run(range_args("timeline", "--earliest --format csv"));
  ASSERT_EQ(timeline.status, 0) << timeline.err;
  EXPECT_EQ(timeline.out.rfind("scenario,network_id,service,status,in_force_from,earliest\n", 0), 0u);
  EXPECT_NE(timeline.out.find("baseline,EX003,personalised_care,not_compliant,2022-10-01,\n"), std::string::npos)
      << timeline.out;
  const outcome report = run(range_args("report", "--format markdown"));
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_EQ(report.out.rfind("# National picture: ", 0), 0u) << report.out;
  EXPECT_NE(report.out.find("6 networks, 16 dates from 2020-04-01 to 2024-01-01."), std::string::npos) << report.out;
  // Its rows come in every format of the output layer; anything else is a usage error.
  EXPECT_EQ(run(range_args("report", "--format table")).status, 0);
  const outcome html = run(range_args("report", "--format htm"));
  EXPECT_EQ(html.status, 2);
  EXPECT_NE(html.err.find("error[DC060]: unknown format 'htm'"), std::string::npos) << html.err;
}

}  // namespace

namespace {

const std::string shipped_scenarios = (source / "specs" / "des-england" / "scenarios").string();

TEST(Cli, EveryShippedScenarioValidatesAndTheyStack) {
  std::string args = "validate " + rules;
  for (const char* id : {"draft-dec-2019", "no-covid-delay", "flexible-roles", "delay-a-year"}) {
    const outcome alone = run("validate " + rules + " --scenario " + shipped_scenarios + "/" + id + ".yaml");
    EXPECT_EQ(alone.status, 0) << id << ": " << alone.err;
    args += " --scenario " + shipped_scenarios + "/" + id + ".yaml";
  }
  EXPECT_EQ(run(args).status, 0);
}

TEST(Cli, ScenarioRowsCarryTheScenarioIdAndCompareRunsThemSideBySide) {
  const std::string draft = shipped_scenarios + "/draft-dec-2019.yaml";
  const outcome one = run(check_args("--at 2020-06-01 --summary --format csv --scenario " + draft));
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_NE(one.out.find("\ndraft-dec-2019,EX001,2020-06-01,"), std::string::npos) << one.out;
  const outcome side = run(range_args("series", "--every quarter --summary --format csv --compare " + draft));
  ASSERT_EQ(side.status, 0) << side.err;
  const std::size_t first_draft = side.out.find("\ndraft-dec-2019,");
  ASSERT_NE(first_draft, std::string::npos);
  EXPECT_EQ(side.out.find("\nbaseline,", first_draft), std::string::npos);  // scenario by scenario
  EXPECT_EQ(std::count(side.out.begin(), side.out.end(), '\n'), 1 + 2 * 6 * 16);
  const outcome report = run(range_args("report", "--compare " + draft));
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("In 2020/21, under Network Contract DES"), std::string::npos) << report.out;
  // A bad scenario stops everything, with its position.
  const fs::path bad = scratch() / "bad.yaml";
  std::ofstream(bad) << "schema: descheck/scenario/v1\nid: bad\nlabel: x\napplies_to: des-england\nchanges:\n"
                        "  - shift: {target: smr.review, months: 1}\n";
  const outcome refused = run(range_args("series", "--compare " + bad.string()));
  EXPECT_EQ(refused.status, 2);
  EXPECT_TRUE(refused.out.empty());
  EXPECT_NE(refused.err.find("bad.yaml:6:21: error[DC080]"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("did you mean 'smr.reviews'"), std::string::npos) << refused.err;
}

}  // namespace

TEST(Cli, ReportClaimAddsTheSectionAndChecksItsOptions) {
  const std::string draft =
      " --claim " + std::string(DESCHECK_SOURCE_DIR) + "/specs/des-england/scenarios/draft-dec-2019.yaml";
  const outcome markdown = run(range_args("report", "--format markdown" + draft));
  ASSERT_EQ(markdown.status, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("## The December 2019 claim"), std::string::npos) << markdown.out;
  for (const char* year : {"2020/21", "2021/22", "2022/23", "2023/24"})
    EXPECT_NE(markdown.out.find(std::string("- **") + year + "**: as enacted, "), std::string::npos) << year;
  EXPECT_NE(markdown.out.find("on the timeline of `draft-dec-2019`"), std::string::npos);

  const outcome csv = run(range_args("report", "--format csv" + draft));
  EXPECT_EQ(csv.status, 2);
  EXPECT_NE(csv.err.find("error[DC060]"), std::string::npos) << csv.err;
  const outcome services = run(range_args("report", "--claim-services smr"));
  EXPECT_EQ(services.status, 2);
  const outcome unknown = run(range_args("report", "--format markdown" + draft + " --claim-services smr,ehc"));
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("error[DC032]"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("did you mean 'ehch'"), std::string::npos) << unknown.err;
}

TEST(Cli, ValidateWithABadScenarioSaysNothingIsValid) {
  const fs::path bad = scratch() / "bad-scenario.yaml";
  std::ofstream(bad) << "schema: descheck/scenario/v1\nid: bad\nlabel: Bad\napplies_to: des-england\nchanges:\n"
                        "  - shift: {target: no_such_service, months: 12}\n";
  const outcome r =
      run("validate " + std::string(DESCHECK_SOURCE_DIR) + "/specs/des-england --scenario " + bad.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "") << "stdout said something was valid";
  EXPECT_NE(r.err.find("error[DC080]"), std::string::npos) << r.err;
}
