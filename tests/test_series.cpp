// Tests of include/descheck/time/series.hpp: sample dates, series and timelines against day-by-day
// checks on random inputs, earliest compliant dates, and output independent of the thread count.
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "descheck/report/report.hpp"
#include "descheck/time/series.hpp"
#include "fixtures.hpp"

namespace {

using namespace descheck;
using fixtures::day;

std::vector<std::string> iso(const std::vector<date>& dates) {
  std::vector<std::string> out;
  for (const date d : dates) out.push_back(to_string(d));
  return out;
}

TEST(Series, MonthlySamplesAreTheFirstOfEachMonthInTheRange) {
  EXPECT_EQ(iso(sample_dates(day("2020-01-15"), day("2020-05-01"), cadence::month)),
            (std::vector<std::string>{"2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01"}));
  EXPECT_EQ(iso(sample_dates(day("2020-01-01"), day("2020-01-01"), cadence::month)),
            (std::vector<std::string>{"2020-01-01"}));
  EXPECT_TRUE(sample_dates(day("2020-01-02"), day("2020-01-31"), cadence::month).empty());
  EXPECT_TRUE(sample_dates(day("2020-02-01"), day("2020-01-01"), cadence::month).empty());
  EXPECT_EQ(sample_dates(day("2020-04-01"), day("2024-03-31"), cadence::month).size(), 48u);
}

TEST(Series, QuarterlySamplesAreQuarterStarts) {
  EXPECT_EQ(iso(sample_dates(day("2020-02-10"), day("2021-01-01"), cadence::quarter)),
            (std::vector<std::string>{"2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"}));
  EXPECT_EQ(parse_cadence("quarter"), cadence::quarter);
  EXPECT_THROW((void)parse_cadence("weekly"), input_error);
}

// A random small rule set and panel whose schedules and posts change inside 2021.
struct random_case {
  fixtures::builder rules;
  fixtures::panel_fixture networks;
  date from = day("2021-01-01");
  date to = day("2021-12-31");

  date random_day(std::mt19937& rng) { return add_days(from, static_cast<std::int32_t>(rng() % 365)); }
  schedule random_schedule(std::mt19937& rng, double low, double high, bool from_start) {
    std::uniform_real_distribution<double> value(low, high);
    std::vector<date> keys;
    const int steps = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < steps; ++i) keys.push_back(random_day(rng));
    if (from_start) keys.push_back(date::min());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<step> out;
    for (const date k : keys) out.push_back({k, value(rng), no_origin});
    return schedule(out);
  }

  explicit random_case(unsigned seed) {
    std::mt19937 rng(seed);
    const int role_count = 2 + static_cast<int>(rng() % 3);
    std::vector<role_index> roles;
    for (int k = 0; k < role_count; ++k) roles.push_back(rules.role("r" + std::to_string(k)));
    // The first role's hours change during the year, and the second has a default where no rows.
    rules.rules.roles[0].hours_per_wte = random_schedule(rng, 20, 40, true);
    const driver_index patients = rules.driver("patients");
    rules.rules.roles[1].default_wte = derived_default{patients, random_schedule(rng, 0.0001, 0.001, true)};
    const int requirement_count = 1 + static_cast<int>(rng() % 5);
    for (int q = 0; q < requirement_count; ++q) {
      std::vector<delivery> by;
      for (const role_index k : roles)
        if (rng() % 2)
          by.push_back(rng() % 3 == 0 ? fixtures::by(k, 0.2 + 0.006 * static_cast<double>(rng() % 100))
                                      : fixtures::by(k));
      if (by.empty()) by.push_back(fixtures::by(roles[0]));
      const std::string service = rng() % 2 ? "a" : "b";
      if (rng() % 6 == 0) {
        requirement& r = rules.staffing(service, "q" + std::to_string(q), 0.5, by);
        r.phase = random_schedule(rng, 0.0, 1.0, false);
        continue;
      }
      requirement& r = rules.workload(service, "q" + std::to_string(q), 0.0, by, 1 + static_cast<int>(rng() % 2));
      r.phase = random_schedule(rng, 0.0, 1.0, false);
      r.terms[0].amount = random_schedule(rng, 5, 40, true);
      if (rng() % 2) {
        term per_patient;
        per_patient.driver = patients;
        per_patient.amount = random_schedule(rng, 0.0001, 0.001, true);
        r.terms.push_back(per_patient);
      }
    }
    rules.finish();
    for (int n = 0; n < 3; ++n) {
      const std::uint32_t net = networks.network("N" + std::to_string(n), rules.rules.drivers.size());
      networks.p.networks[net].drivers[patients] = random_schedule(rng, 10'000, 60'000, true);
      const int posts = static_cast<int>(rng() % 6);
      for (int p = 0; p < posts; ++p) {
        const role_index k = roles[rng() % roles.size()];
        const std::string start = to_string(random_day(rng));
        const std::string end = to_string(random_day(rng));
        networks.post(net, k, 0.2 * (1 + static_cast<double>(rng() % 8)), rng() % 3 ? start.c_str() : nullptr,
                      rng() % 3 && end >= start ? end.c_str() : nullptr);
      }
    }
    networks.finish();
  }
};

TEST(Series, TimelineEqualsDayByDayEvaluationOnRandomInputs) {
  for (unsigned seed = 1; seed <= 150; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    random_case c(seed);
    const rule_set& rules = c.rules.rules;
    const panel& networks = c.networks.p;
    series_engine engine(rules, networks);
    checker reference(rules, networks);
    series_options what;
    what.requirements = true;
    // The whole year, and a window that starts after some posts and schedule steps have ended.
    const date window_from = add_days(c.from, static_cast<std::int32_t>(seed % 200));
    const date window_to = add_days(c.to, -static_cast<std::int32_t>(seed % 60));
    for (const auto& [from, to] : {std::pair{c.from, c.to}, std::pair{window_from, window_to}}) {
      for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
        SCOPED_TRACE("network " + std::to_string(n) + " from " + to_string(from) + " to " + to_string(to));
        result_block block;
        engine.timeline(n, from, to, what, block);
        ASSERT_FALSE(block.networks.empty());
        EXPECT_EQ(block.networks.front().from, from);
        EXPECT_EQ(block.networks.back().to, to);
        for (const requirement_row& q : block.requirements) {
          EXPECT_LE(from, q.from);
          EXPECT_LE(q.to, to);
        }
        std::size_t interval = 0;
        for (date d = from; d <= to; d = add_days(d, 1)) {
          const check_result& r = reference.run(n, d);
          while (block.networks[interval].to < d) ++interval;
          const network_row& row = block.networks[interval];
          ASSERT_LE(row.from, d);
          ASSERT_EQ(row.state, r.state) << to_string(d);
          ASSERT_EQ(row.active, r.active) << to_string(d);
          ASSERT_EQ(row.unmet, r.unmet) << to_string(d);
          ASSERT_EQ(row.demand_hours, r.demand_hours) << to_string(d);
          ASSERT_EQ(row.delivered_hours, r.delivered_hours) << to_string(d);
          // The requirement rows covering d are exactly the active requirements, with equal results.
          std::vector<const requirement_row*> covering;
          for (const requirement_row& q : block.requirements)
            if (q.from <= d && d <= q.to) covering.push_back(&q);
          std::sort(covering.begin(), covering.end(), [](auto* x, auto* y) { return x->requirement < y->requirement; });
          ASSERT_EQ(covering.size(), r.requirements.size()) << to_string(d);
          for (std::size_t i = 0; i < covering.size(); ++i) {
            EXPECT_EQ(covering[i]->requirement, r.requirements[i].requirement);
            EXPECT_EQ(covering[i]->demand, r.requirements[i].demand);
            EXPECT_EQ(covering[i]->delivered, r.requirements[i].delivered);
            EXPECT_EQ(covering[i]->status, r.requirements[i].status);
          }
        }
        // Adjacent network intervals differ (otherwise they would have been merged).
        for (std::size_t i = 1; i < block.networks.size(); ++i) {
          EXPECT_FALSE(block.networks[i].same_outcome(block.networks[i - 1]));
          EXPECT_EQ(block.networks[i].from, add_days(block.networks[i - 1].to, 1));
        }
      }
    }
  }
}

TEST(Series, SeriesEqualsACheckAtEverySampleDate) {
  for (unsigned seed = 200; seed < 260; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    random_case c(seed);
    series_engine engine(c.rules.rules, c.networks.p);
    checker reference(c.rules.rules, c.networks.p);
    std::vector<date> dates;  // every 5 days, so several dates share one interval
    for (date d = c.from; d <= c.to; d = add_days(d, 5)) dates.push_back(d);
    for (std::uint32_t n = 0; n < c.networks.p.networks.size(); ++n) {
      result_block block;
      engine.sample(n, dates, {}, block);
      ASSERT_EQ(block.networks.size(), dates.size());
      std::size_t q = 0;
      for (std::size_t i = 0; i < dates.size(); ++i) {
        const check_result& r = reference.run(n, dates[i]);
        EXPECT_EQ(block.networks[i].from, dates[i]);
        EXPECT_EQ(block.networks[i].state, r.state);
        EXPECT_EQ(block.networks[i].delivered_hours, r.delivered_hours);
        for (const requirement_result& expected : r.requirements) {
          ASSERT_LT(q, block.requirements.size());
          EXPECT_EQ(block.requirements[q].from, dates[i]);
          EXPECT_EQ(block.requirements[q].requirement, expected.requirement);
          EXPECT_EQ(block.requirements[q].delivered, expected.delivered);
          ++q;
        }
      }
      EXPECT_EQ(q, block.requirements.size());
    }
  }
}

TEST(Series, EarliestCompliantDateIsTheStartOfTheLastCompliantStretch) {
  fixtures::builder b;
  const role_index pharmacist = b.role("pharmacist");
  b.workload("smr", "reviews", 37.5, {fixtures::by(pharmacist)}, 1, "2021-01-01");
  b.workload("late", "work", 10, {fixtures::by(pharmacist)}, 1, "2023-01-01");
  const rule_set& rules = b.finish();
  fixtures::panel_fixture p;
  const std::uint32_t short_then_met = p.network("A", 0);
  p.post(short_then_met, pharmacist, 0.5);
  p.post(short_then_met, pharmacist, 0.5, "2021-06-01", "2021-08-31");
  p.post(short_then_met, pharmacist, 0.5, "2021-10-01");
  const std::uint32_t always = p.network("B", 0);
  p.post(always, pharmacist, 1.0);
  (void)p.network("C", 0);  // no staff: never compliant
  const panel& networks = p.finish();

  series_engine engine(rules, networks);
  series_options what;
  what.requirements = false;
  what.earliest = true;
  result_block block;
  for (std::uint32_t n = 0; n < 3; ++n) engine.timeline(n, day("2020-06-01"), day("2022-12-31"), what, block);
  ASSERT_EQ(block.earliest.size(), 6u);  // 3 networks x 2 services, services in id order: late, smr
  EXPECT_EQ(block.earliest[0].status, earliest_status::not_in_force);  // `late` starts after the range
  EXPECT_EQ(block.earliest[1].status, earliest_status::compliant_from);
  EXPECT_EQ(to_string(block.earliest[1].in_force_from), "2021-01-01");
  EXPECT_EQ(to_string(block.earliest[1].earliest), "2021-10-01");  // not 2021-06-01: short again in September
  EXPECT_EQ(block.earliest[3].status, earliest_status::compliant);
  EXPECT_EQ(to_string(block.earliest[3].earliest), "2021-01-01");
  EXPECT_EQ(block.earliest[5].status, earliest_status::not_compliant);
}

std::string render(const random_case& c, unsigned threads, table_format format, row_kind kind) {
  std::ostringstream out;
  row_writer writer(out, c.rules.rules, c.networks.p, kind, format);
  series_options what;
  what.requirements = kind == row_kind::requirement_intervals;
  for_each_block(
      c.rules.rules, c.networks.p, threads,
      [&](series_engine& engine, result_block& block) {
        for (std::uint32_t n = block.first_network; n < block.last_network; ++n)
          engine.timeline(n, c.from, c.to, what, block);
        writer.format(block, block.text);
      },
      [&](const result_block& block) { writer.write(block.text); });
  writer.finish();
  return out.str();
}

TEST(Series, OutputIsByteIdenticalForAnyThreadCount) {
  random_case c(7);
  // More networks than blocks per thread, so blocks really are spread and reordered.
  for (int extra = 0; extra < 200; ++extra) {
    const std::uint32_t n = c.networks.network("X" + std::to_string(extra), c.rules.rules.drivers.size());
    c.networks.p.networks[n].drivers = c.networks.p.networks[extra % 3].drivers;
    c.networks.post(n, 0, 0.1 * (extra % 11));
  }
  c.networks.finish();
  for (const table_format format : {table_format::csv, table_format::json, table_format::table}) {
    const std::string one = render(c, 1, format, row_kind::requirement_intervals);
    EXPECT_GT(one.size(), 1000u);
    for (const unsigned threads : {2u, 3u, 8u})
      EXPECT_EQ(render(c, threads, format, row_kind::requirement_intervals), one) << threads << " threads";
  }
}

TEST(Series, AnExceptionOnAWorkerReachesTheCaller) {
  random_case c(3);
  EXPECT_THROW(for_each_block(
                   c.rules.rules, c.networks.p, 2,
                   [](series_engine&, result_block& block) {
                     if (block.first_network == 1) throw input_error({{"x", 1, 1, "DC001", "boom"}});
                   },
                   [](const result_block&) {}),
               input_error);
}

}  // namespace

TEST(Series, EarliestIsCompliantFromWhenShortBeforeAGapInForce) {
  // In force and short (January to March), out of force (April to June), in force and met from July:
  // not compliant on every in-force date of the range, so `compliant_from` July, not `compliant`.
  fixtures::builder b;
  const auto k = b.role("pharmacist");
  requirement& r = b.workload("s", "r", 37.5, {fixtures::by(k)}, 1, "2021-01-01");
  r.phase = schedule(std::vector<step>{{fixtures::day("2021-01-01"), 1.0, no_origin},
                                       {fixtures::day("2021-04-01"), 0.0, no_origin},
                                       {fixtures::day("2021-07-01"), 1.0, no_origin}});
  const rule_set& rules = b.finish();
  fixtures::panel_fixture pb;
  pb.post(pb.network("N1", 0), k, 1.0, "2021-07-01");
  const panel& networks = pb.finish();
  series_engine engine(rules, networks);
  result_block block;
  series_options what;
  what.earliest = true;
  engine.timeline(0, fixtures::day("2021-01-01"), fixtures::day("2021-12-31"), what, block);
  ASSERT_EQ(block.earliest.size(), 1u);
  EXPECT_EQ(block.earliest[0].status, earliest_status::compliant_from);
  EXPECT_EQ(block.earliest[0].earliest, fixtures::day("2021-07-01"));
  EXPECT_EQ(block.earliest[0].in_force_from, fixtures::day("2021-07-01"));
}
