// Golden results of the shipped rule set on the sample networks, as documented in examples/README.md.
//
// Every expected number is derived by hand from the rule set's figures, not copied from a run:
//   demand   = phase x sum(amount x driver) / weeks_per_period, with a year of 365.25/7 = 52.178571 weeks;
//   capacity = WTE x 37.5 x available_share; GPs (no staff rows) 0.00045 WTE per patient with 5%
//              available, i.e. 0.00084375 h/week per patient;
//   care-home beds where not given: 0.0076 per registered patient.
// Per network (patients): SMR reviews 0.03 x n / 52.1786; early cancer review 2 + 0.0005 x n / 52.1786;
// home round 0.05 x beds each half; admissions 1.4 x beds / 52.1786; medication reviews 0.5 x beds / 52.1786.
#include <gtest/gtest.h>

#include <filesystem>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;
namespace fs = std::filesystem;
const fs::path source = DESCHECK_SOURCE_DIR;

struct expected {
  const char* network;
  network_state state;
  std::uint32_t unmet;
  double shortfall;
};

class Examples : public ::testing::Test {
 protected:
  rule_set rules = load_rule_set(source / "specs" / "des-england");
  panel networks = load_panel(rules, source / "examples" / "networks.csv", source / "examples" / "staff.csv");

  void expect(const char* iso, std::uint32_t active, std::initializer_list<expected> rows) {
    checker check(rules, networks);
    for (const expected& e : rows) {
      const auto& r = check.run(networks.require_network(e.network), *parse_date(iso));
      EXPECT_EQ(r.state, e.state) << e.network << " on " << iso;
      EXPECT_EQ(r.unmet, e.unmet) << e.network << " on " << iso;
      EXPECT_NEAR(r.shortfall_hours(), e.shortfall, 0.005) << e.network << " on " << iso;
      EXPECT_EQ(r.active, active) << e.network << " on " << iso;
    }
  }

  std::vector<std::string> ids(const std::vector<std::uint32_t>& flat) const {
    std::vector<std::string> out;
    for (const std::uint32_t f : flat)
      out.push_back(rules.services[rules.flat[f].service].id + "." + rules.at(rules.flat[f]).id);
    return out;
  }
};

// In force on 1 June 2021 (11): network_leadership.clinical_director and leadership_time (since
// 1 July 2019; no example network has clinical director rows, so each has the funded time, which
// meets both),
// ehch.clinical_lead (since 31 July 2020), the four EHCH clinical requirements, smr.clinical_lead,
// smr.reviews, early_cancer.clinical_lead and early_cancer.practice_review (since 1 October 2020).
TEST_F(Examples, June2021) {
  expect("2021-06-01", 11,
         {{"EX001", network_state::compliant, 0, 0.0},
          {"EX002", network_state::compliant, 0, 0.0},
          {"EX003", network_state::compliant, 0, 0.0},
          // EX004 (68,900 patients, 523.64 beds estimated): SMR 39.614 and care-home medication
          // reviews 5.018 can draw on 22.5 pharmacist hours (0.6 WTE), at most 20% x 39.614 = 7.923 GP
          // hours and at most 30% x 5.018 = 1.505 pharmacy technician hours: 31.928 for 44.632 demanded,
          // 12.70 short (SMR and medication reviews unmet). GPs (58.13 h) also cover the GP-only home
          // round 26.18 and the early cancer review 2 + 0.0005 x 68,900 / 52.1786 = 2.66 (36.77 h in
          // all); the paramedic and nursing associate cover the shared round and admissions.
          {"EX004", network_state::non_compliant, 2, 12.70},
          // EX005 (31,400 patients, 300 beds): only GPs (31,400 x 0.00084375 = 26.494 h) may do the
          // GP-only round 15, the shared round 15 (no advanced practitioner, paramedic or nursing
          // associate yet) and the early cancer review 2 + 0.0005 x 31,400 / 52.1786 = 2.301; the
          // care coordinator may also do at most 25% of admissions, 0.25 x 8.049 = 2.012.
          // Demand 15 + 15 + 8.049 + 2.301 = 40.350; time 26.494 + 2.012 = 28.506; 11.84 short,
          // spread over those four requirements at 28.506 / 40.350 = 70.6% each.
          {"EX005", network_state::non_compliant, 4, 11.84},
          {"EX006", network_state::compliant, 0, 0.0}});
}

TEST_F(Examples, Ex005GpTimeIsSharedWithEarlyCancerDiagnosis) {
  checker check(rules, networks);
  const auto& r = check.run(networks.require_network("EX005"), *parse_date("2021-06-01"), {.bottlenecks = true});
  ASSERT_EQ(r.bottlenecks.size(), 1u);
  const auto& g = r.bottlenecks[0];
  // The group's demand leaves out what the care coordinator (outside the group) gives: 40.350 - 2.012.
  EXPECT_NEAR(g.demand_hours, 38.338, 0.005);
  EXPECT_NEAR(g.capacity_hours, 31'400 * 0.00045 * 37.5 * 0.05, 1e-6);
  EXPECT_EQ(ids(g.requirements), (std::vector<std::string>{"early_cancer.practice_review", "ehch.admission_assessment",
                                                           "ehch.home_round", "ehch.home_round_gp"}));
  for (const auto& row : r.requirements) {
    if (row.status == requirement_status::met) continue;
    EXPECT_NEAR(row.coverage(), 28.506 / 40.350, 0.0005);
  }
}

TEST_F(Examples, StaffChangesLaterIn2021) {
  // From 1 October 2021 CVD (bp_follow_up) and health inequalities (lead, population_intervention)
  // join: 14 in force. EX003's pharmacist is away from 1 September to 31 October 2021: only GPs may do
  // SMR reviews (at most 20%) and only the pharmacy technician care-home medication reviews (at most
  // 30%): 0.8 x 30.242 + 0.7 x 3.929 = 26.94 short. Its nursing associate (37.5 h) takes the shared
  // round 20.5, admissions net of the care coordinator's quarter 8.25 and the blood-pressure
  // follow-ups 0.015 x 52,600 x 0.5 / 52.1786 = 7.56 (36.31 h in all).
  expect("2021-10-01", 14,
         {{"EX003", network_state::non_compliant, 2, 26.94},
          // EX005's nursing associate, from 6 September 2021, frees GP time: GPs need only the GP-only
          // round 15 and the early cancer review 2.30 of their 26.49 hours.
          {"EX005", network_state::compliant, 0, 0.0}});
  expect("2021-11-01", 14, {{"EX003", network_state::compliant, 0, 0.0}});
}

TEST_F(Examples, October2020NobodyIsCompliant) {
  // Before paramedics (April 2021) and nursing associates joined, GPs do the whole home round.
  // EX001 (15,240 patients, 90 beds): GPs 12.859 h and the care coordinator's quarter of admissions
  // 0.604 h for round 4.5 + 4.5, admissions 2.415 and the early cancer review 2 + 0.0005 x 15,240 /
  // 52.1786 = 2.146: 13.561 demanded, 13.462 available, 0.10 short (99.3% each, over 0.01 h short
  // on all four).
  // EX002 (44,180 patients, 335.77 beds): GPs 37.277 + 0.25 x 9.009 = 39.529 for 16.788 + 16.788 +
  // 9.009 + 2.423 = 45.008: 5.48 short.
  // EX003 (52,600, 410 beds; nursing associate from November 2020): 44.381 + 0.25 x 11.001 = 47.131
  // for 20.5 + 20.5 + 11.001 + 2.504 = 54.505: 7.37 short.
  // EX005 as in June 2021 (nothing changes between): 11.84.
  // EX006 (109,800, 834.48 beds; nursing associate from 5 October 2020): 92.644 + 0.25 x 22.390 =
  // 98.241 for 41.724 + 41.724 + 22.390 + 3.052 = 108.890: 10.65 short.
  // EX004: pharmacist group as in June 2021 (12.704 short) at 71.5%, which takes the GPs' full 20%
  // of SMR (7.923); the rest of GP time 58.134 - 7.923 = 50.211 and the care coordinators' quarter
  // of admissions 3.512 serve round 26.182 + 26.182, admissions 14.050 and early cancer 2.660:
  // 69.074 demanded, 53.723 available, 15.351 short; 28.05 in all.
  expect("2020-10-01", 11,
         {{"EX001", network_state::non_compliant, 4, 0.10},
          {"EX002", network_state::non_compliant, 4, 5.48},
          {"EX003", network_state::non_compliant, 4, 7.37},
          {"EX004", network_state::non_compliant, 6, 28.05},
          {"EX005", network_state::non_compliant, 4, 11.84},
          {"EX006", network_state::non_compliant, 4, 10.65}});
}

TEST_F(Examples, SocialPrescribingFromOctober2022) {
  // Social prescribing and enhanced access join on 1 October 2022: 16 in force (care and support
  // plans wait until 31 March 2024). Social prescribing
  // is 10 referrals per 1,000 weighted patients (taken equal to registered patients) a year x 7 hours
  // = 0.07 x n / 52.1786 h/week, and only link workers may do it; everything else is met.
  expect("2022-10-01", 16,
         {// 15,240 x 0.07 / 52.1786 = 20.45 for 37.5 link worker hours.
          {"EX001", network_state::compliant, 0, 0.0},
          // 44,180 -> 59.27 for 37.5: 21.77 short.
          {"EX002", network_state::non_compliant, 1, 21.77},
          // 52,600 -> 70.57 for 1.5 WTE = 56.25: 14.32 short.
          {"EX003", network_state::non_compliant, 1, 14.32},
          // 68,900 -> 92.43 for 75.0: 17.43 short, plus the pharmacist shortfall of June 2021 12.70.
          {"EX004", network_state::non_compliant, 3, 30.14},
          // 31,400 -> 42.12 for 37.5: 4.62 short.
          {"EX005", network_state::non_compliant, 1, 4.62},
          // 109,800 -> 147.30 for 3 WTE = 112.5: 34.80 short.
          {"EX006", network_state::non_compliant, 1, 34.80}});
}

TEST_F(Examples, Ex003ShortOnlyOfLinkWorkersFromApril2023) {
  // Anticipatory care is ICS-led from 1 April 2023 and asks nothing of networks: still 16 in force.
  // EX003's demand is then 231.77 h/week (SMR 30.242, early cancer 2.504, home round 20.5 + 20.5,
  // admissions 11.001, medication 3.929, blood pressure 7.561, inequalities 2.504, social
  // prescribing 70.566, enhanced access 0.001 x 52,600 = 52.6, clinical director time 0.0001875 x
  // 52,600 = 9.8625, met by the assumed funded 0.263 WTE). Only link workers may do social
  // prescribing: 70.566 for 1.5 WTE = 56.25, 14.32 short; every other requirement is met.
  expect("2023-04-01", 16, {{"EX003", network_state::non_compliant, 1, 14.32}});
}

TEST_F(Examples, InForceOverTime) {
  checker check(rules, networks);
  // The clinical director and their time (network leadership) are required from 1 July 2019, when
  // the DES began.
  EXPECT_EQ(check.run(0, *parse_date("2019-06-30")).state, network_state::not_in_force);
  EXPECT_EQ(check.run(0, *parse_date("2019-07-01")).active, 2u);
  EXPECT_EQ(check.run(0, *parse_date("2019-07-01")).state, network_state::compliant);
  // From 31 July 2020 the EHCH clinical lead; from 1 October 2020 SMR, EHCH and early cancer.
  EXPECT_EQ(check.run(0, *parse_date("2020-07-30")).active, 2u);
  EXPECT_EQ(check.run(0, *parse_date("2020-07-31")).active, 3u);
  EXPECT_EQ(check.run(0, *parse_date("2020-10-01")).active, 11u);
  EXPECT_EQ(check.run(0, *parse_date("2021-10-01")).active, 14u);
  // 1 October 2022: social prescribing and enhanced access; anticipatory care (1 April 2023) asks
  // nothing of networks; care and support plans for care home residents from 31 March 2024.
  EXPECT_EQ(check.run(0, *parse_date("2022-10-01")).active, 16u);
  EXPECT_EQ(check.run(0, *parse_date("2023-04-01")).active, 16u);
  EXPECT_EQ(check.run(0, *parse_date("2024-03-31")).active, 17u);
}

TEST_F(Examples, Ex004BottleneckIsPharmacistTime) {
  checker check(rules, networks);
  const auto& r = check.run(networks.require_network("EX004"), *parse_date("2021-06-01"), {.bottlenecks = true});
  ASSERT_EQ(r.bottlenecks.size(), 1u);
  const auto& g = r.bottlenecks[0];
  // SMR 39.614 + medication reviews 5.018, less the GPs' 7.923 and pharmacy technician's 1.505
  // (both outside the group, at their max_share): 35.2 from pharmacists and advanced practitioners.
  EXPECT_NEAR(g.demand_hours, 35.2, 0.05);
  EXPECT_NEAR(g.capacity_hours, 22.5, 1e-9);
  std::vector<std::string> roles;
  for (auto k : g.roles) roles.push_back(rules.roles[k].id);
  EXPECT_EQ(roles, (std::vector<std::string>{"clinical_pharmacist", "advanced_practitioner"}));
}

}  // namespace
