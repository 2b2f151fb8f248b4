// Tests of include/descheck/analysis/uncertainty.hpp: the counter-based draws, sampling within the
// range with the right mean, identical results for any thread count, and draw ranges that combine
// into exactly the full run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "descheck/analysis/uncertainty.hpp"
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

}  // namespace
