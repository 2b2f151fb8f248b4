// Data coverage (SPEC v2 sections 3, 4.6, 7): the coverage file, the no_data state, and what a
// census added later may move.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "realdata.hpp"
#include "descheck/descheck.hpp"
#include "descheck/import/import.hpp"
#include "descheck/report/national.hpp"
#include "fixtures.hpp"

using namespace descheck;
using fixtures::by;
using fixtures::day;

namespace {

namespace fs = std::filesystem;

// One role, one requirement of 37.5 h a week in force from 2020; N1 has exactly the staff for it.
struct small {
  fixtures::builder b;
  panel networks;
  small() {
    const auto k = b.role("pharmacist");
    b.workload("s", "r", 37.5, {by(k)}, 1, "2020-01-01");
    b.finish();
    networks = parse_panel(b.rules, "network_id\nN1\nN2\n", "network_id,role,wte\nN1,pharmacist,1\nN2,pharmacist,1\n");
  }
};

std::vector<diagnostic> coverage_errors(panel& p, std::string_view text) {
  try {
    parse_coverage(p, text, "cov.csv");
  } catch (const input_error& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

TEST(Coverage, NetworksOutsideTheirWindowsAreNoDataAndNotEvaluated) {
  small s;
  parse_coverage(s.networks, "network_id,from,to\nN1,2021-01-01,2021-06-30\nN1,2022-01-01,\n", "cov.csv");
  ASSERT_EQ(s.networks.coverage.size(), 2u);
  EXPECT_EQ(s.networks.coverage[0].size(), 2u);
  EXPECT_TRUE(s.networks.coverage[1].empty());  // not named: covered on no date
  checker check(s.b.rules, s.networks);
  EXPECT_EQ(check.run(0, day("2020-12-31")).state, network_state::no_data);
  EXPECT_TRUE(check.run(0, day("2020-12-31")).requirements.empty());
  EXPECT_EQ(check.run(0, day("2021-01-01")).state, network_state::compliant);
  EXPECT_EQ(check.run(0, day("2021-06-30")).state, network_state::compliant);
  EXPECT_EQ(check.run(0, day("2021-07-01")).state, network_state::no_data);
  EXPECT_EQ(check.run(0, day("2030-01-01")).state, network_state::compliant);  // open-ended window
  EXPECT_EQ(check.run(1, day("2021-03-01")).state, network_state::no_data);
  EXPECT_STREQ(to_string(network_state::no_data), "no_data");
}

TEST(Coverage, WithoutACoverageFileEveryNetworkIsCovered) {
  small s;
  checker check(s.b.rules, s.networks);
  EXPECT_EQ(check.run(1, day("2019-01-01")).state, network_state::not_in_force);
  EXPECT_EQ(check.run(1, day("2021-01-01")).state, network_state::compliant);
}

TEST(Coverage, BadFilesArePositionedWithStableCodes) {
  small s;
  const auto unknown = coverage_errors(s.networks, "network_id,from,to\nN3,2021-01-01,\n");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(format(unknown[0]),
            "cov.csv:2:1: error[DC047]: column 'network_id': no network 'N3' in networks "
            "(did you mean 'N1'?)");
  const auto order = coverage_errors(s.networks, "network_id,from,to\nN1,2021-01-01,2020-12-31\n");
  ASSERT_EQ(order.size(), 1u);
  EXPECT_EQ(format(order[0]), "cov.csv:2:3: error[DC130]: column 'to': 2020-12-31 is before 'from' 2021-01-01");
  const auto overlap =
      coverage_errors(s.networks, "network_id,from,to\nN1,2021-03-01,\nN2,2021-01-01,\nN1,2021-01-01,2021-03-01\n");
  ASSERT_EQ(overlap.size(), 1u);
  EXPECT_EQ(format(overlap[0]),
            "cov.csv:4:2: error[DC131]: column 'from': this window overlaps the one on line 2 for the same network");
  const auto dates = coverage_errors(s.networks, "network_id,from,to\nN1,2021-02-30,\nN2,,\n");
  ASSERT_EQ(dates.size(), 2u);
  EXPECT_EQ(dates[0].code, "DC020");
  EXPECT_EQ(dates[0].line, 2);
  EXPECT_EQ(dates[0].column, 2);
  EXPECT_EQ(dates[1].code, "DC046");
  EXPECT_EQ(dates[1].line, 3);
  const auto column = coverage_errors(s.networks, "network_id,from,until\nN1,2021-01-01,\n");
  ASSERT_FALSE(column.empty());
  EXPECT_EQ(column[0].code, "DC041");  // `to` missing
  // A rejected file leaves the panel as it was.
  EXPECT_TRUE(s.networks.coverage.empty());
}

TEST(Coverage, TimelinesBreakAtWindowEdgesAndAgreeWithDayByDayChecks) {
  small s;
  parse_coverage(s.networks, "network_id,from,to\nN1,2021-01-15,2021-03-10\nN2,2021-02-01,\n");
  series_engine engine(s.b.rules, s.networks);
  result_block rows;
  engine.timeline(0, day("2021-01-01"), day("2021-04-30"), {.requirements = false}, rows);
  ASSERT_EQ(rows.networks.size(), 3u);
  EXPECT_EQ(rows.networks[0].state, network_state::no_data);
  EXPECT_EQ(rows.networks[0].to, day("2021-01-14"));
  EXPECT_EQ(rows.networks[1].state, network_state::compliant);
  EXPECT_EQ(rows.networks[1].from, day("2021-01-15"));
  EXPECT_EQ(rows.networks[1].to, day("2021-03-10"));
  EXPECT_EQ(rows.networks[2].state, network_state::no_data);
  checker check(s.b.rules, s.networks);
  for (const network_row& row : rows.networks)
    for (date d = row.from; d <= row.to; d = add_days(d, 1)) ASSERT_EQ(check.run(0, d).state, row.state);

  // Earliest compliant date: a service is only known to be met from the day data starts.
  rows.clear();
  engine.timeline(1, day("2021-01-01"), day("2021-12-31"), {.requirements = false, .earliest = true}, rows);
  ASSERT_EQ(rows.earliest.size(), 1u);
  EXPECT_EQ(rows.earliest[0].status, earliest_status::compliant_from);
  EXPECT_EQ(rows.earliest[0].earliest, day("2021-02-01"));
}

TEST(Coverage, NationalFiguresCountNetworksWithoutDataApart) {
  small s;
  parse_coverage(s.networks, "network_id,from,to\nN1,2020-01-01,\nN2,2021-01-01,2021-12-31\n");
  national_options options;
  options.from = day("2021-04-01");
  options.to = day("2023-03-31");
  options.every = cadence::quarter;
  options.threads = 1;
  const national_report report = summarise_nation(s.b.rules, s.networks, options);
  ASSERT_EQ(report.years.size(), 2u);
  EXPECT_TRUE(report.coverage);
  // 2021/22: N2 has no data from 2022-01-01, so it is counted apart, not as short.
  EXPECT_EQ(report.years[0].in_force, 1u);
  EXPECT_EQ(report.years[0].compliant, 1u);
  EXPECT_EQ(report.years[0].no_data, 1u);
  const national_cell& first = report.cells[1];  // 2021-04-01, all services
  EXPECT_EQ(first.service, no_index);
  EXPECT_EQ(first.in_force, 2u);
  EXPECT_EQ(first.no_data, 0u);
  const national_cell& later = report.cells.back();  // 2023-01-01, all services
  EXPECT_EQ(later.in_force, 1u);
  EXPECT_EQ(later.compliant, 1u);
  EXPECT_EQ(later.no_data, 1u);
  std::ostringstream text;
  write_national_report(text, s.b.rules, report, table_format::markdown);
  EXPECT_NE(text.str().find("1 networks with data and 1 without (counted apart, not as short of staff)"),
            std::string::npos)
      << text.str();
  std::ostringstream csv;
  write_national_report(csv, s.b.rules, report, table_format::csv);
  EXPECT_EQ(csv.str().substr(0, csv.str().find('\n')),
            "scenario,service,date,networks_in_force,compliant,share_compliant,shortfall_hours,bottleneck_roles,"
            "networks_no_data");
}

// The real censuses: importing every census but one and then adding it back may move results only on
// the dates that census stands for (SPEC v2: default_wte per date, and coverage). Needs ../shared/data.
TEST(CoverageReal, ACensusAddedLaterMovesNothingOutsideItsOwnDates) {
  const fs::path shared = DESCHECK_SHARED_DATA;
  REQUIRE_SHARED_DATA(shared / "workforce");
  const rule_set rules = load_rule_set(fs::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  const networks_import imported =
      import_networks(shared / "pcns" / "epcn-2019-12-pcns.csv", shared / "pcns" / "epcn-2019-12-core-partners.csv",
                      shared / "practices" / "gp-reg-pat-prac-all-2021-01.csv");
  std::ostringstream networks_csv;
  write_networks_csv(networks_csv, imported);
  const fs::path networks_file = fs::temp_directory_path() / ("descheck-coverage-nets-" + std::to_string(::getpid()));
  { std::ofstream(networks_file) << networks_csv.str(); }
  workforce_options options;
  options.networks = networks_file;

  std::vector<fs::path> all, without;
  const fs::path held_back = shared / "workforce" / "pcn-workforce-2021-06.csv";
  for (const auto& entry : fs::directory_iterator(shared / "workforce")) {
    if (entry.path().extension() != ".csv") continue;
    all.push_back(entry.path());
    if (entry.path() != held_back) without.push_back(entry.path());
  }
  ASSERT_EQ(all.size(), without.size() + 1);
  const auto panel_of = [&](const std::vector<fs::path>& files) {
    const workforce_import w = import_workforce(rules, files, options);
    std::ostringstream staff, coverage;
    write_staff_csv(staff, rules, w.rows);
    write_coverage_csv(coverage, w.coverage);
    panel p = parse_panel(rules, networks_csv.str(), staff.str());
    parse_coverage(p, coverage.str());
    return p;
  };
  const panel with_it = panel_of(all);
  const panel without_it = panel_of(without);
  fs::remove(networks_file);

  // The 2021-06 census stands for June to August 2021; without it the March census stands until August.
  const date from = day("2021-06-01");
  const date to = day("2021-08-31");
  const std::vector<date> dates = sample_dates(day("2020-03-01"), day("2024-03-01"), cadence::month);
  series_engine a(rules, with_it);
  series_engine b(rules, without_it);
  std::size_t compared = 0, moved_inside = 0;
  for (std::uint32_t n = 0; n < with_it.networks.size(); ++n) {
    result_block ra, rb;
    a.sample(n, dates, {}, ra);
    b.sample(n, dates, {}, rb);
    ASSERT_EQ(ra.networks.size(), rb.networks.size());
    for (std::size_t i = 0; i < ra.networks.size(); ++i) {
      const network_row& x = ra.networks[i];
      const network_row& y = rb.networks[i];
      if (x.from >= from && x.from <= to) {
        moved_inside += x.same_outcome(y) ? 0 : 1;
        continue;
      }
      ++compared;
      ASSERT_TRUE(x.same_outcome(y)) << with_it.networks[n].id << " on " << to_string(x.from) << ": "
                                     << to_string(x.state) << " with the census, " << to_string(y.state)
                                     << " without it";
    }
  }
  EXPECT_GT(compared, 50'000u);
  EXPECT_GT(moved_inside, 100u);  // the census does matter on its own dates
}
