// Tests of include/descheck/analysis/uncertainty.hpp: the counter-based draws, sampling within the
// range with the right mean, identical results for any thread count, and draw ranges that combine
// into exactly the full run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "descheck/analysis/sensitivity.hpp"
#include "descheck/analysis/uncertainty.hpp"
#include "descheck/check/check.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/synthetic/synthetic.hpp"

namespace {

namespace fs = std::filesystem;
using namespace descheck;

const fs::path source = DESCHECK_SOURCE_DIR;
const fs::path tiny = source / "tests" / "data" / "rules" / "two_ranged";

TEST(Uncertainty, DrawsDependOnlyOnSeedDrawAndId) {
  const std::uint64_t key = id_hash("roles.gp.available_share");
  EXPECT_EQ(key, id_hash("roles.gp.available_share"));
  EXPECT_NE(key, id_hash("roles.gp.available_shar"));
  EXPECT_EQ(draw_unit(7, 3, key), draw_unit(7, 3, key));
  EXPECT_NE(draw_unit(7, 3, key), draw_unit(7, 4, key));
  EXPECT_NE(draw_unit(7, 3, key), draw_unit(8, 3, key));
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    const double u = draw_unit(1, i, key);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

// Fixed seed: the statistics are of one fixed sequence, so the test cannot flake; the tolerances
// are about 5 standard errors of the mean for 20,000 draws.
TEST(Uncertainty, TriangularAndUniformStayInRangeWithTheRightMean) {
  const plausible_range tri{0.03, 0.10, value_distribution::triangular};
  const plausible_range uni{5.0, 20.0, value_distribution::uniform};
  const plausible_range point{2.0, 2.0, value_distribution::triangular};
  const std::uint64_t key = id_hash("x");
  constexpr int n = 20'000;
  double tri_sum = 0.0;
  double uni_sum = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = draw_unit(42, static_cast<std::uint64_t>(i), key);
    const double t = draw_value(tri, 0.05, u);
    const double v = draw_value(uni, 10.0, u);
    ASSERT_GE(t, tri.low);
    ASSERT_LE(t, tri.high);
    ASSERT_GE(v, uni.low);
    ASSERT_LE(v, uni.high);
    ASSERT_EQ(draw_value(point, 2.0, u), 2.0);
    tri_sum += t;
    uni_sum += v;
  }
  // Triangular mean (a + b + c) / 3, sd about 0.0144; uniform mean (a + b) / 2, sd about 4.33.
  EXPECT_NEAR(tri_sum / n, (0.03 + 0.10 + 0.05) / 3, 5 * 0.0144 / std::sqrt(n));
  EXPECT_NEAR(uni_sum / n, 12.5, 5 * 4.33 / std::sqrt(n));
  // The ends of the inverse distribution.
  EXPECT_EQ(draw_value(tri, 0.05, 0.0), 0.03);
  EXPECT_NEAR(draw_value(tri, 0.05, 1.0 - 0x1.0p-53), 0.10, 1e-6);
  EXPECT_NEAR(draw_value(tri, 0.05, 2.0 / 7.0), 0.05, 1e-12);  // F(mode) = (c - a) / (b - a)
}

struct tiny_set {
  rule_set rules = load_rule_set(tiny);
  panel networks = load_panel(rules, tiny / "networks.csv", tiny / "staff.csv");
};

uncertainty_options tiny_options(unsigned threads) {
  uncertainty_options o;
  o.from = *parse_date("2020-01-01");
  o.to = *parse_date("2021-12-31");
  o.every = cadence::quarter;
  o.draws = 200;
  o.seed = 11;
  o.threads = threads;
  return o;
}

TEST(Uncertainty, TinyRuleSetProbabilitiesAreThoseOfTheDraws) {
  const tiny_set t;
  const uncertainty_run run(t.rules, t.networks, tiny_options(1));
  ASSERT_EQ(run.values().size(), 2u);
  const uncertainty_result r = run.summarise(run.run(0, 200, 1));
  // Network N3 (37.5 h at full share) is short only when 37.5 × share < demand: recount by hand.
  const double wte[] = {0.25, 0.4, 1.0};
  for (std::uint32_t n = 0; n < 3; ++n) {
    std::uint32_t compliant = 0;
    for (std::uint32_t i = 0; i < 200; ++i) {
      const double share = run.value_of(i, 0);
      const double demand = run.value_of(i, 1);
      compliant += wte[n] * 37.5 * share + met_tolerance_hours >= demand ? 1 : 0;
    }
    const network_probability& p = r.networks[n * r.dates.size() + r.dates.size() - 1];
    EXPECT_EQ(p.network, n);
    EXPECT_EQ(p.compliant, compliant) << n;
    EXPECT_EQ(p.in_force, 200u);
  }
  // Before April 2020 nothing is in force in any draw.
  EXPECT_EQ(r.networks[0].in_force, 0u);
  // Measures: base 2 compliant, percentiles ordered and within [0, 3].
  const measure_summary& last = r.measures[(r.dates.size() - 1) * 4 + 1];
  EXPECT_EQ(last.measure, measure_kind::compliant);
  EXPECT_EQ(last.service, no_index);
  EXPECT_EQ(last.base, 2.0);
  EXPECT_LE(last.p5, last.p50);
  EXPECT_LE(last.p50, last.p95);
  EXPECT_LE(last.p95, 3.0);
}

std::string rendered(const rule_set& rules, const panel& networks, const uncertainty_result& r) {
  std::ostringstream out;
  write_network_probabilities(out, networks, r, false);
  write_measure_summary(out, rules, r, analysis_format::csv);
  write_measure_summary(out, rules, r, analysis_format::json);
  return out.str();
}

// The shipped rule set on a small synthetic panel: same seed, 1 or 2 threads, whole or in parts.
TEST(Uncertainty, SameSeedSameOutputForAnyThreadCountAndSplit) {
  const rule_set rules = load_rule_set(source / "specs" / "des-england");
  synthetic_options so;
  so.networks = 60;
  const synthetic_panel panel = make_synthetic_panel(rules, 5, so);
  uncertainty_options o;
  o.from = *parse_date("2020-04-01");
  o.to = *parse_date("2022-04-01");
  o.draws = 10;
  o.seed = 2024;
  o.threads = 1;
  const uncertainty_run run(rules, panel.networks, o);
  const uncertainty_partial whole1 = run.run(0, 10, 1);
  const uncertainty_partial whole2 = run.run(0, 10, 2);
  EXPECT_EQ(whole1, whole2);
  const uncertainty_partial a = run.run(0, 5, 2);
  const uncertainty_partial b = run.run(5, 10, 1);
  EXPECT_EQ(combine({b, a}), whole1);
  const std::string text = rendered(rules, panel.networks, run.summarise(whole1));
  EXPECT_EQ(text, rendered(rules, panel.networks, run.summarise(combine({a, b}))));
  o.threads = 2;
  EXPECT_EQ(text, rendered(rules, panel.networks, run_uncertainty(rules, panel.networks, o)));
  // A gap or an overlap is refused.
  EXPECT_THROW((void)combine({run.run(0, 4, 1), b}), input_error);
  EXPECT_THROW((void)combine({a, run.run(4, 10, 1)}), input_error);
  // Different seeds give different draws.
  o.seed = 2025;
  const uncertainty_run other(rules, panel.networks, o);
  EXPECT_NE(other.run(0, 10, 2).draw_shortfall_micro, whole1.draw_shortfall_micro);
}

TEST(Uncertainty, NearestRankPercentiles) {
  // One value, 20 draws: p5 is rank 1, p50 rank 10, p95 rank 19 of the sorted draws.
  const tiny_set t;
  uncertainty_options o = tiny_options(2);
  o.draws = 20;
  o.from = o.to = *parse_date("2021-01-01");
  const uncertainty_run run(t.rules, t.networks, o);
  const uncertainty_result r = run.summarise(run.run(0, 20, 2));
  std::vector<double> shortfalls;
  for (std::uint32_t i = 0; i < 20; ++i) {
    const double share = run.value_of(i, 0);
    const double demand = run.value_of(i, 1);
    double sum = 0.0;
    for (const double wte : {0.25, 0.4, 1.0}) sum += std::max(0.0, demand - wte * 37.5 * share);
    shortfalls.push_back(sum);
  }
  std::sort(shortfalls.begin(), shortfalls.end());
  const measure_summary& s = r.measures[2 + 1];  // shortfall, all services
  ASSERT_EQ(s.measure, measure_kind::shortfall);
  ASSERT_EQ(s.service, no_index);
  EXPECT_NEAR(s.p5, shortfalls[0], 1e-5);
  EXPECT_NEAR(s.p50, shortfalls[9], 1e-5);
  EXPECT_NEAR(s.p95, shortfalls[18], 1e-5);
}

// The tiny rule set with a fourth network whose pharmacist leaves for the second half of May 2020:
// compliant at every quarterly sample date, short on the days between two of them.
struct gap_set {
  fs::path dir = fs::temp_directory_path() / ("descheck-year-measures-" + std::to_string(::getpid()));
  rule_set rules = load_rule_set(tiny);
  panel networks;
  gap_set() {
    fs::create_directories(dir);
    std::ofstream(dir / "networks.csv") << "network_id,name,region,registered_patients\n"
                                           "N1,One,R,10000\nN2,Two,R,10000\nN3,Three,R,10000\nN4,Four,R,10000\n";
    std::ofstream(dir / "staff.csv") << "network_id,role,wte,start,end\n"
                                        "N1,pharmacist,0.25,2020-01-01,\nN2,pharmacist,0.4,2020-01-01,\n"
                                        "N3,pharmacist,1.0,2020-01-01,\nN4,pharmacist,1.0,2020-01-01,2020-05-14\n"
                                        "N4,pharmacist,1.0,2020-06-01,\n";
    networks = load_panel(rules, dir / "networks.csv", dir / "staff.csv");
  }
};

// Per draw, the financial-year figures against an independent count: the drawn rule set built value
// by value with with_ranged_value(), and every network checked on every day of the year.
TEST(Uncertainty, YearMeasuresAreThoseOfEveryDayOfTheDrawnRuleSet) {
  const gap_set g;
  uncertainty_options o = tiny_options(2);
  o.draws = 12;
  const uncertainty_run run(g.rules, g.networks, o);
  ASSERT_EQ(run.years().size(), 3u);  // 2019/20 (from 1 January), 2020/21, 2021/22 (to 31 December)
  EXPECT_EQ(run.years()[0].from, o.from);
  EXPECT_EQ(run.years()[2].to, o.to);
  const uncertainty_partial part = run.run(0, o.draws, 2);
  ASSERT_EQ(part.years, 3u);
  ASSERT_EQ(part.cells, 2u);
  bool gap_mattered = false;
  for (std::uint32_t i = 0; i < o.draws; ++i) {
    rule_set drawn = g.rules;
    for (std::size_t k = 0; k < run.values().size(); ++k)
      drawn = with_ranged_value(drawn, run.values()[k].id, run.value_of(i, k));
    checker check(drawn, g.networks);
    for (std::size_t y = 0; y < run.years().size(); ++y) {
      const measure_window w = run.years()[y];
      std::uint32_t compliant = 0;
      double shortfall_days = 0.0;
      for (std::uint32_t n = 0; n < 4; ++n) {
        bool in_force = false;
        bool short_some_day = false;
        for (date d = w.from; d <= w.to; d = add_days(d, 1)) {
          const check_result& r = check.run(n, d);
          in_force = in_force || r.state != network_state::not_in_force;
          short_some_day = short_some_day || r.state == network_state::non_compliant;
          for (const requirement_result& q : r.requirements) shortfall_days += q.shortfall();
        }
        compliant += in_force && !short_some_day ? 1 : 0;
      }
      const std::size_t at = (static_cast<std::size_t>(i) * 3 + y) * 2 + 1;  // all services
      EXPECT_EQ(part.draw_year_compliant[at], compliant) << "draw " << i << " year " << y;
      EXPECT_NEAR(static_cast<double>(part.draw_year_shortfall_micro_days[at]) / 1e6, shortfall_days, 1e-6 * 4 * 366)
          << "draw " << i << " year " << y;
    }
    // 2020/21 is sampled on 2020-04-01, -07-01, -10-01 and 2021-01-01: N4 is compliant on all four
    // whenever N3 (the same staff) is, yet never all year.
    std::uint32_t fewest_at_dates = 4;
    for (std::size_t d = 1; d <= 4; ++d)
      fewest_at_dates = std::min(fewest_at_dates, part.draw_compliant[(i * run.dates().size() + d) * 2 + 1]);
    gap_mattered = gap_mattered || part.draw_year_compliant[(i * 3 + 1) * 2 + 1] < fewest_at_dates;
  }
  EXPECT_TRUE(gap_mattered) << "no draw in which judging every day differed from judging the sample dates";
}

// The year measures are sensitivity --year's: the same base, and split, combine and threads give
// the same figures.
TEST(Uncertainty, YearMeasuresCombineExactlyAndMatchTheSensitivityWindow) {
  const rule_set rules = load_rule_set(source / "specs" / "des-england");
  synthetic_options so;
  so.networks = 40;
  const synthetic_panel panel = make_synthetic_panel(rules, 3, so);
  uncertainty_options o;
  o.from = *parse_date("2020-04-01");
  o.to = *parse_date("2022-03-31");
  o.draws = 9;
  o.seed = 99;
  o.threads = 1;
  const uncertainty_run run(rules, panel.networks, o);
  const uncertainty_partial whole = run.run(0, 9, 1);
  ASSERT_EQ(whole.years, 2u);
  EXPECT_EQ(whole, run.run(0, 9, 2));
  const uncertainty_partial joined = combine({run.run(4, 9, 2), run.run(0, 4, 1)});
  EXPECT_EQ(joined, whole);
  const uncertainty_result r = run.summarise(whole);
  const std::size_t cells = rules.services.size() + 1;
  ASSERT_EQ(r.year_measures.size(), 2 * 2 * cells);
  std::ostringstream a;
  std::ostringstream b;
  for (const table_format f : {table_format::csv, table_format::json, table_format::markdown}) {
    write_year_measures(a, rules, r, f);
    write_year_measures(b, rules, run.summarise(joined), f);
  }
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(a.str().rfind("measure,service,financial_year,from,to,base,mean,p5,p50,p95\n", 0), 0u) << a.str();
  for (const std::size_t y : {0u, 1u}) {
    const year_measure_summary& all = r.year_measures[y * 2 * cells + cells - 1];
    EXPECT_EQ(all.financial_year, y == 0 ? "2020/21" : "2021/22");
    EXPECT_EQ(all.service, no_index);
    EXPECT_EQ(all.measure, measure_kind::compliant);
    EXPECT_LE(all.p5, all.p50);
    EXPECT_LE(all.p50, all.p95);
    sensitivity_options so2;
    so2.window = parse_financial_year(all.financial_year);
    so2.threads = 1;
    EXPECT_EQ(all.window, so2.window);
    EXPECT_EQ(all.base, run_sensitivity(rules, panel.networks, so2).base);
    so2.measure = measure_kind::shortfall;
    EXPECT_NEAR(r.year_measures[y * 2 * cells + 2 * cells - 1].base, run_sensitivity(rules, panel.networks, so2).base,
                1e-9);
  }
  // A partial result without the years (as serialised before they existed) gives the same dates
  // and no years; one with years of another run is refused.
  uncertainty_partial bare = whole;
  bare.years = 0;
  bare.draw_year_compliant.clear();
  bare.draw_year_shortfall_micro_days.clear();
  const uncertainty_result without = run.summarise(bare);
  EXPECT_EQ(without.measures, r.measures);
  EXPECT_TRUE(without.year_measures.empty());
  uncertainty_partial odd = whole;
  odd.years = 1;
  EXPECT_THROW((void)run.summarise(odd), input_error);
  // The JSON summary carries the same rows.
  std::ostringstream json;
  write_measure_summary(json, rules, r, analysis_format::json);
  EXPECT_NE(json.str().find("\"year_measures\": ["), std::string::npos) << json.str().substr(0, 400);
}

}  // namespace
