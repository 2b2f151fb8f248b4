// ARRS money (descheck/funding/funding.hpp): financial years, entitlements, claims prorated by day, the 50%
// role, the cap, national totals, the writers, the command, and the real census when it is there.
// Every expected number is worked out by hand in the comment beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/import/import.hpp"
#include "descheck/plan/plan.hpp"
#include "fixtures.hpp"
#include "realdata.hpp"

namespace {

namespace fs = std::filesystem;
using namespace descheck;
using fixtures::day;

const fs::path source = DESCHECK_SOURCE_DIR;
const fs::path shared = DESCHECK_SHARED_DATA;
const fs::path shipped_dir = source / "specs" / "des-england";

schedule steps(std::vector<std::pair<const char*, double>> at) {
  std::vector<step> out;
  for (const auto& [iso, value] : at) out.push_back({day(iso), value, no_origin});
  return schedule(std::move(out));
}

// A small rule set: registered and weighted patients (weighted defaults to 1 × registered), a
// pharmacist reimbursable at £55,670 from April 2020, an assistant reimbursable at £29,135 only from
// 1 October 2022, a mental health practitioner at £27,835 (the network's 50%, share 0.5) from April
// 2021, and a clinical director with no ARRS terms. £7 per weighted patient in 2020/21, £12 from 2021/22.
struct small_rules {
  fixtures::builder b;
  role_index pharmacist, assistant, mhp, director;
  driver_index registered, weighted;

  small_rules() {
    registered = b.driver("registered_patients");
    weighted = b.driver("weighted_patients");
    b.rules.drivers[weighted].default_value = derived_default{registered, schedule::constant(1.0)};
    pharmacist = b.role("pharmacist");
    assistant = b.role("assistant");
    mhp = b.role("mhp");
    director = b.role("director");
    b.rules.roles[pharmacist].arrs = arrs_terms{steps({{"2020-04-01", 55670}}), schedule::constant(1.0), schedule()};
    b.rules.roles[assistant].arrs = arrs_terms{steps({{"2022-10-01", 29135}}), schedule::constant(1.0), schedule()};
    b.rules.roles[mhp].arrs = arrs_terms{steps({{"2021-04-01", 27835}}), steps({{"2021-04-01", 0.5}}), schedule()};
    b.rules.funding = funding_terms{steps({{"2020-04-01", 7.0}, {"2021-04-01", 12.0}}),
                                    steps({{"2020-04-01", 430e6}, {"2021-04-01", 746e6}}),
                                    {},
                                    {}};
    b.rules.id = "small";
    b.finish();
  }
  const rule_set& rules() const { return b.rules; }
};

struct small_panel {
  fixtures::panel_fixture pb;
  std::uint32_t network(const small_rules& r, const std::string& id, double registered) {
    const std::uint32_t n = pb.network(id, r.rules().drivers.size());
    pb.p.networks[n].drivers[r.registered] = schedule::constant(registered);
    return n;
  }
  // A post marked `funding: arrs` (fixtures' posts are core).
  void arrs(std::uint32_t n, role_index k, double wte, const char* start = nullptr, const char* end = nullptr) {
    pb.post(n, k, wte, start, end);
    pb.p.posts.back().funding = funding_kind::arrs;
  }
  const panel& finish() { return pb.finish(); }
};

const role_claim* claim_of(const network_funding& f, role_index k) {
  for (const role_claim& c : f.roles)
    if (c.role == k) return &c;
  return nullptr;
}

constexpr double eps = 1e-6;

// ---- Financial years

TEST(FinancialYear, RunsFromFirstAprilToThirtyFirstMarch) {
  const financial_year y = financial_year_starting(2021);
  EXPECT_EQ(y.start, 2021);
  EXPECT_EQ(y.from, day("2021-04-01"));
  EXPECT_EQ(y.to, day("2022-03-31"));
  EXPECT_EQ(y.days(), 365);
  EXPECT_EQ(y.label(), "2021/22");
  EXPECT_EQ(financial_year_starting(2023).days(), 366);  // holds 29 February 2024
  EXPECT_EQ(financial_year_starting(1999).label(), "1999/00");
}

TEST(FinancialYear, OfADayTurnsOnFirstApril) {
  EXPECT_EQ(financial_year_of(day("2022-03-31")).start, 2021);
  EXPECT_EQ(financial_year_of(day("2022-04-01")).start, 2022);
  EXPECT_EQ(financial_year_of(day("2022-01-15")), financial_year_starting(2021));
  EXPECT_EQ(financial_year_of(day("2022-12-31")), financial_year_starting(2022));
}

TEST(FinancialYear, OutOfRangeYearIsDc022) {
  try {
    (void)financial_year_starting(0);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC022");
  }
}

// ---- Entitlement

TEST(Funding, EntitlementIsTheRateOnFirstAprilTimesWeightedPatients) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 8000);  // weighted from the default: 1 × 8,000
  const auto m = p.network(r, "B", 8000);
  p.pb.p.networks[m].drivers[r.weighted] = schedule::constant(10000);  // its own weighted population
  const panel& networks = p.finish();
  // 2021/22: £12 × 8,000 = £96,000; £12 × 10,000 = £120,000. 2020/21: £7 × 10,000 = £70,000.
  EXPECT_NEAR(arrs_funding(r.rules(), networks, n, 2021).entitlement, 96000.0, eps);
  const network_funding b = arrs_funding(r.rules(), networks, m, 2021);
  EXPECT_NEAR(b.weighted_patients, 10000.0, eps);
  EXPECT_NEAR(b.entitlement, 120000.0, eps);
  EXPECT_NEAR(arrs_funding(r.rules(), networks, m, 2020).entitlement, 70000.0, eps);
  EXPECT_EQ(b.claims, 0.0);
  EXPECT_TRUE(b.roles.empty());
  EXPECT_NEAR(b.headroom(), 120000.0, eps);
}

TEST(Funding, WeightedPopulationChangingMidYearIsAveragedByDay) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 9000);
  p.pb.p.networks[n].drivers[r.weighted] = steps({{"2021-04-01", 10000}, {"2021-10-01", 12000}});
  const panel& networks = p.finish();
  // 10,000 for 183 days (April to September), 12,000 for 182 (October to March):
  // (10,000 × 183 + 12,000 × 182) / 365 = 4,014,000 / 365 = 10,997.260274; × £12 = £131,967.123288.
  const network_funding f = arrs_funding(r.rules(), networks, n, 2021);
  EXPECT_NEAR(f.weighted_patients, 4014000.0 / 365.0, eps);
  EXPECT_NEAR(f.entitlement, 131967.123288, 1e-5);
}

// ---- Claims prorated by day

TEST(Funding, PostStartingMidYearClaimsItsDaysOnly) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.pharmacist, 1.0, "2021-07-01");  // open-ended
  const panel& networks = p.finish();
  // 2021-07-01 to 2022-03-31 is 274 days: £55,670 × 274 / 365 = £41,790.630137.
  const network_funding f = arrs_funding(r.rules(), networks, n, 2021);
  ASSERT_EQ(f.roles.size(), 1u);
  EXPECT_EQ(f.roles[0].role, r.pharmacist);
  EXPECT_NEAR(f.roles[0].wte_years, 274.0 / 365.0, eps);
  EXPECT_NEAR(f.roles[0].claim, 41790.630137, 1e-5);
  EXPECT_NEAR(f.claims, 41790.630137, 1e-5);
  // £120,000 − £41,790.630137 = £78,209.369863.
  EXPECT_NEAR(f.headroom(), 78209.369863, 1e-5);
  // The next year it is in post all year: the full maximum.
  EXPECT_NEAR(arrs_funding(r.rules(), networks, n, 2022).claims, 55670.0, eps);
}

TEST(Funding, PostAcrossThirtyFirstMarchIsSplitBetweenTheTwoYears) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.pharmacist, 0.5, "2021-01-01", "2021-06-30");
  const panel& networks = p.finish();
  // 2020/21 holds 2021-01-01 to 2021-03-31, 90 days: 0.5 × £55,670 × 90 / 365 = £6,863.424658.
  // 2021/22 holds 2021-04-01 to 2021-06-30, 91 days: 0.5 × £55,670 × 91 / 365 = £6,939.684932.
  const network_funding before = arrs_funding(r.rules(), networks, n, 2020);
  const network_funding after = arrs_funding(r.rules(), networks, n, 2021);
  EXPECT_NEAR(before.claims, 6863.424658, 1e-5);
  EXPECT_NEAR(after.claims, 6939.684932, 1e-5);
  EXPECT_NEAR(before.roles[0].wte_years, 0.5 * 90 / 365.0, eps);
  EXPECT_NEAR(after.roles[0].wte_years, 0.5 * 91 / 365.0, eps);
  // Together: 0.5 × £55,670 × 181 / 365, no day counted twice or lost.
  EXPECT_NEAR(before.claims + after.claims, 0.5 * 55670.0 * 181 / 365.0, eps);
  EXPECT_EQ(arrs_funding(r.rules(), networks, n, 2022).claims, 0.0);
}

TEST(Funding, RoleReimbursableFromMidYearClaimsFromThatDayOnly) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.assistant, 2.0, "2022-06-01");  // in post from June, reimbursable from 1 October 2022
  const panel& networks = p.finish();
  // 2022-10-01 to 2023-03-31 is 182 days: 2 × £29,135 × 182 / 365 = £29,055.178082; 2 × 182 / 365
  // WTE-years. June to September count for nothing.
  const network_funding f = arrs_funding(r.rules(), networks, n, 2022);
  const role_claim* c = claim_of(f, r.assistant);
  ASSERT_NE(c, nullptr);
  EXPECT_NEAR(c->claim, 29055.178082, 1e-5);
  EXPECT_NEAR(c->wte_years, 2.0 * 182 / 365.0, eps);
  EXPECT_TRUE(arrs_funding(r.rules(), networks, n, 2021).roles.empty());
}

TEST(Funding, MaximumChangingMidYearIsTakenIntervalByInterval) {
  small_rules r;
  r.b.rules.roles[r.pharmacist].arrs->max_reimbursement = steps({{"2020-04-01", 55670}, {"2024-10-01", 65838}});
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.pharmacist, 1.0);
  const panel& networks = p.finish();
  r.b.rules.funding->per_weighted_patient = steps({{"2024-04-01", 22.894}});
  // 2024/25 (365 days): 2024-04-01 to 2024-09-30 is 183 days at £55,670, 2024-10-01 to 2025-03-31
  // 182 days at £65,838: (55,670 × 183 + 65,838 × 182) / 365 = (10,187,610 + 11,982,516) / 365
  // = 22,170,126 / 365 = £60,740.071233.
  EXPECT_NEAR(arrs_funding(r.rules(), networks, n, 2024).claims, 60740.071233, 1e-5);
}

TEST(Funding, LeapYearFullYearPostClaimsExactlyTheMaximum) {
  small_rules r;
  r.b.rules.funding->per_weighted_patient = steps({{"2023-04-01", 23.0}});
  small_panel p;
  const auto n = p.network(r, "A", 1000);
  p.arrs(n, r.pharmacist, 1.0, "2023-04-01", "2024-03-31");
  p.arrs(n, r.pharmacist, 1.0, "2024-02-29", "2024-02-29");
  const panel& networks = p.finish();
  // 366 days in 2023/24: a whole year is £55,670; the one day 29 February is £55,670 / 366 = £152.103825.
  const network_funding f = arrs_funding(r.rules(), networks, n, 2023);
  EXPECT_NEAR(f.claims, 55670.0 + 55670.0 / 366.0, eps);
  EXPECT_NEAR(f.roles[0].wte_years, 1.0 + 1.0 / 366.0, eps);
}

// ---- The 50% role and the cap

TEST(Funding, MentalHealthPractitionerFiftyPercentIsAppliedOnce) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.mhp, 1.0);
  p.arrs(n, r.mhp, 0.5, "2021-10-01");
  const panel& networks = p.finish();
  // £27,835 is already the network's 50% of £55,670: a whole WTE-year claims £27,835, not £13,917.50.
  // The half WTE from 2021-10-01 (182 days): 0.5 × £27,835 × 182 / 365 = £6,939.684932.
  // Total £34,774.684932.
  const network_funding f = arrs_funding(r.rules(), networks, n, 2021);
  ASSERT_EQ(f.roles.size(), 1u);
  EXPECT_NEAR(f.roles[0].claim, 34774.684932, 1e-5);
  EXPECT_NEAR(f.roles[0].uncapped, 34774.684932, 1e-5);
  EXPECT_NEAR(f.roles[0].wte_years, 1.0 + 0.5 * 182 / 365.0, eps);
  // Not reimbursable before April 2021.
  EXPECT_TRUE(arrs_funding(r.rules(), networks, n, 2020).roles.empty());
}

TEST(Funding, MentalHealthPractitionerWithACostClaimsHalfOfItUpToTheMaximum) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.mhp, 1.0);
  const panel& networks = p.finish();
  funding_options o;
  o.cost_per_wte.resize(r.rules().roles.size());
  // Cost £50,000: the network's half is £25,000, under the £27,835 maximum: claims £25,000.
  o.cost_per_wte[r.mhp] = schedule::constant(50000);
  network_funding f = arrs_funding(r.rules(), networks, n, 2021, o);
  EXPECT_NEAR(f.claims, 25000.0, eps);
  EXPECT_NEAR(f.roles[0].uncapped, 25000.0, eps);
  // Cost £60,000: half is £30,000, capped at £27,835.
  o.cost_per_wte[r.mhp] = schedule::constant(60000);
  f = arrs_funding(r.rules(), networks, n, 2021, o);
  EXPECT_NEAR(f.claims, 27835.0, eps);
  EXPECT_NEAR(f.roles[0].uncapped, 30000.0, eps);
}

TEST(Funding, ClaimsAreCappedAtTheMaximumReimbursement) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.pharmacist, 1.5);
  p.arrs(n, r.assistant, 1.0);
  const panel& networks = p.finish();
  funding_options o;
  o.cost_per_wte.resize(r.rules().roles.size());
  o.cost_per_wte[r.pharmacist] = schedule::constant(70000);  // above its £55,670 maximum
  o.cost_per_wte[r.assistant] = schedule::constant(20000);   // below its £29,135 maximum
  // 2022/23, pharmacists: 1.5 × min(£70,000, £55,670) = £83,505, uncapped 1.5 × £70,000 = £105,000.
  // Assistants, reimbursable 182 days: £20,000 × 182 / 365 = £9,972.602740 (uncapped the same).
  const network_funding f = arrs_funding(r.rules(), networks, n, 2022, o);
  EXPECT_NEAR(claim_of(f, r.pharmacist)->claim, 83505.0, eps);
  EXPECT_NEAR(claim_of(f, r.pharmacist)->uncapped, 105000.0, eps);
  EXPECT_NEAR(claim_of(f, r.assistant)->claim, 9972.602740, 1e-5);
  EXPECT_NEAR(claim_of(f, r.assistant)->uncapped, 9972.602740, 1e-5);
  EXPECT_NEAR(f.claims, 83505.0 + 9972.602740, 1e-5);
  // Without a cost the claim is the maximum itself: 1.5 × £55,670 + £29,135 × 182 / 365.
  EXPECT_NEAR(arrs_funding(r.rules(), networks, n, 2022).claims, 83505.0 + 29135.0 * 182 / 365.0, eps);
}

TEST(Funding, WteAboveTheRolesCapClaimsNothing) {
  small_rules r;
  // Pharmacists capped at 1 WTE, 2 WTE for a network over 100,000 patients (as arrs.cap reads).
  r.b.rules.roles[r.pharmacist].arrs_cap =
      wte_cap{steps({{"2020-04-01", 1.0}}), r.registered, 100000.0, steps({{"2020-04-01", 2.0}})};
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  const auto big = p.network(r, "B", 120000);
  p.arrs(n, r.pharmacist, 2.0);
  p.arrs(n, r.pharmacist, 1.0);  // posts add up: 3 WTE against a cap of 1
  p.arrs(big, r.pharmacist, 3.0);
  const panel& networks = p.finish();
  // 2021/22: A claims 1 WTE's maximum, £55,670, not 3 × £55,670; its WTE-years stay 3 and the claim
  // without either cap is 3 × £55,670 = £167,010. B, over 100,000 patients, claims 2 × £55,670.
  const network_funding a = arrs_funding(r.rules(), networks, n, 2021);
  EXPECT_NEAR(a.claims, 55670.0, eps);
  EXPECT_NEAR(claim_of(a, r.pharmacist)->wte_years, 3.0, eps);
  EXPECT_NEAR(claim_of(a, r.pharmacist)->uncapped, 167010.0, eps);
  EXPECT_NEAR(arrs_funding(r.rules(), networks, big, 2021).claims, 111340.0, eps);
}

TEST(Funding, CapLiftedMidYearIsTakenIntervalByInterval) {
  small_rules r;
  // Cap of 1 WTE lifted (a null sunset) on 1 October 2021.
  r.b.rules.roles[r.pharmacist].arrs_cap = wte_cap{
      schedule({{day("2021-04-01"), 1.0, no_origin}, {day("2021-10-01"), std::nullopt, no_origin}}), no_index, 0.0, {}};
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.arrs(n, r.pharmacist, 3.0);
  const panel& networks = p.finish();
  // 1 April to 30 September 2021 (183 days) at 1 WTE, then 182 days at 3 WTE:
  // 55,670 × (183 + 3 × 182) / 365 = £111,187.369863.
  EXPECT_NEAR(arrs_funding(r.rules(), networks, n, 2021).claims, 55670.0 * (183 + 3 * 182) / 365.0, eps);
}

TEST(Funding, NegativeCostIsDc022) {
  small_rules r;
  small_panel p;
  p.network(r, "A", 10000);
  const panel& networks = p.finish();
  funding_options o;
  o.cost_per_wte.assign(r.rules().roles.size(), schedule{});
  o.cost_per_wte[r.pharmacist] = schedule::constant(-1);
  try {
    (void)arrs_funding(r.rules(), networks, 0, 2021, o);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC022");
  }
}

// ---- Which posts claim

TEST(Funding, PostsNotMarkedArrsClaimOnlyWithAssumeArrs) {
  small_rules r;
  small_panel p;
  const auto n = p.network(r, "A", 10000);
  p.pb.post(n, r.pharmacist, 1.0);  // core
  p.pb.post(n, r.mhp, 1.0);
  p.pb.p.posts.back().funding = funding_kind::other;
  p.arrs(n, r.director, 1.0);  // marked arrs, but the role has no ARRS terms: never claims
  const panel& networks = p.finish();
  const network_funding plain = arrs_funding(r.rules(), networks, n, 2021);
  EXPECT_EQ(plain.claims, 0.0);
  EXPECT_TRUE(plain.roles.empty());
  // With assume_arrs: £55,670 + £27,835 = £83,505; the director still nothing.
  const network_funding assumed = arrs_funding(r.rules(), networks, n, 2021, {true, {}});
  EXPECT_NEAR(assumed.claims, 83505.0, eps);
  ASSERT_EQ(assumed.roles.size(), 2u);
  EXPECT_EQ(assumed.roles[0].role, r.pharmacist);
  EXPECT_EQ(assumed.roles[1].role, r.mhp);
  EXPECT_EQ(claim_of(assumed, r.director), nullptr);
  // Over the £120,000 entitlement? No: £36,495 left.
  EXPECT_NEAR(assumed.headroom(), 36495.0, eps);
}

TEST(Funding, OnlyTheNetworksOwnPostsCount) {
  small_rules r;
  small_panel p;
  const auto a = p.network(r, "A", 1000);
  const auto b = p.network(r, "B", 1000);
  p.arrs(b, r.pharmacist, 1.0);
  p.arrs(a, r.pharmacist, 0.2);
  const panel& networks = p.finish();
  EXPECT_NEAR(arrs_funding(r.rules(), networks, a, 2021).claims, 0.2 * 55670, eps);
  EXPECT_NEAR(arrs_funding(r.rules(), networks, b, 2021).claims, 55670.0, eps);
}

// ---- Errors

TEST(Funding, NoFundingTermsOrNoRateForTheYearIsDc090) {
  small_rules r;
  small_panel p;
  p.network(r, "A", 1000);
  const panel& networks = p.finish();
  try {
    (void)arrs_funding(r.rules(), networks, 0, 2019);  // the rate starts in April 2020
    FAIL();
  } catch (const rule_error& e) {
    EXPECT_EQ(e.first().code, "DC090");
    EXPECT_NE(e.first().message.find("undefined on 2019-04-01"), std::string::npos) << e.first().message;
  }
  r.b.rules.funding.reset();
  try {
    (void)summarise_funding(r.rules(), networks, 2021);
    FAIL();
  } catch (const rule_error& e) {
    EXPECT_EQ(e.first().code, "DC090");
  }
}

TEST(Funding, NoWeightedPopulationIsDc050) {
  small_rules r;
  r.b.rules.drivers[r.weighted].default_value.reset();
  small_panel p;
  const auto n = p.network(r, "A", 1000);
  p.pb.p.networks[n].drivers[r.weighted] = steps({{"2021-06-01", 900}});  // nothing in April and May
  const panel& networks = p.finish();
  try {
    (void)arrs_funding(r.rules(), networks, n, 2021);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC050");
    EXPECT_NE(e.first().message.find("network 'A' has no value for driver 'weighted_patients' on 2021-04-01"),
              std::string::npos)
        << e.first().message;
  }
  EXPECT_NEAR(arrs_funding(r.rules(), networks, n, 2022).entitlement, 10800.0, eps);  // £12 × 900
}

// ---- National totals

TEST(Funding, NationalTotalsSeparateUnclaimedFromOverClaims) {
  small_rules r;
  small_panel p;
  const auto a = p.network(r, "A", 10000);  // £120,000 entitled
  const auto b = p.network(r, "B", 2000);   // £24,000 entitled
  p.network(r, "C", 500);                   // £6,000 entitled, no staff
  p.arrs(a, r.pharmacist, 1.0);             // claims £55,670: £64,330 headroom
  p.arrs(b, r.pharmacist, 1.0);             // claims £55,670: £31,670 over
  p.arrs(b, r.mhp, 1.0);                    // and £27,835: £59,505 over in all
  const panel& networks = p.finish();
  const funding_report report = summarise_funding(r.rules(), networks, 2021);
  const national_funding& t = report.national;
  ASSERT_EQ(report.networks.size(), 3u);
  EXPECT_EQ(t.year, financial_year_starting(2021));
  EXPECT_EQ(t.networks, 3u);
  EXPECT_NEAR(t.weighted_patients, 12500.0, eps);
  EXPECT_NEAR(t.entitlement, 150000.0, eps);
  EXPECT_NEAR(t.claims, 139175.0, eps);       // 55,670 × 2 + 27,835
  EXPECT_NEAR(t.headroom(), 10825.0, eps);    // 150,000 − 139,175
  EXPECT_NEAR(t.unclaimed, 70330.0, eps);     // A's 64,330 + C's 6,000
  EXPECT_NEAR(t.over_claimed, 59505.0, eps);  // B
  EXPECT_NEAR(t.paid(), 79670.0, eps);        // 55,670 (A) + 24,000 (B's entitlement)
  EXPECT_EQ(t.networks_with_headroom, 2u);
  EXPECT_EQ(t.networks_over, 1u);
  ASSERT_TRUE(t.national_pot);
  EXPECT_EQ(*t.national_pot, 746e6);
  ASSERT_EQ(t.roles.size(), 2u);
  EXPECT_EQ(t.roles[0].role, r.pharmacist);
  EXPECT_NEAR(t.roles[0].wte_years, 2.0, eps);
  EXPECT_NEAR(t.roles[0].claim, 111340.0, eps);
  EXPECT_EQ(t.roles[1].role, r.mhp);
  EXPECT_NEAR(t.roles[1].claim, 27835.0, eps);
  // Each network row is what arrs_funding() gives on its own.
  for (std::uint32_t n = 0; n < 3; ++n) {
    const network_funding one = arrs_funding(r.rules(), networks, n, 2021);
    EXPECT_EQ(report.networks[n].claims, one.claims);
    EXPECT_EQ(report.networks[n].entitlement, one.entitlement);
  }
}

// With a coverage file, a network without data on some day of the year has unknown claims: its posts
// are missing, not absent. It is counted apart and never inflates what goes unclaimed.
struct covered_panel {
  small_rules r;
  panel networks;
  covered_panel() {
    small_panel p;
    const auto a = p.network(r, "A", 10000);  // £120,000 entitled in 2021/22
    p.network(r, "B", 2000);                  // £24,000 entitled, no data before 1 October 2021
    p.network(r, "C", 500);                   // £6,000 entitled, no staff
    p.arrs(a, r.pharmacist, 1.0);             // claims £55,670: £64,330 headroom
    networks = p.finish();
    networks.coverage = {
        {{day("2020-04-01"), date::max()}}, {{day("2021-10-01"), date::max()}}, {{day("2020-04-01"), date::max()}}};
  }
};

TEST(Funding, NetworkWithoutDataOnSomeDayIsCountedApart) {
  const covered_panel c;
  const funding_report report = summarise_funding(c.r.rules(), c.networks, 2021);
  const national_funding& t = report.national;
  ASSERT_EQ(report.networks.size(), 3u);  // every network keeps its row
  EXPECT_EQ(report.networks[0].days_with_data, 365);
  EXPECT_EQ(report.networks[1].days_with_data, 182);  // 1 October 2021 to 31 March 2022
  EXPECT_EQ(report.networks[2].days_with_data, 365);
  EXPECT_NEAR(report.networks[1].entitlement, 24000.0, eps);
  EXPECT_EQ(t.networks, 2u);
  EXPECT_EQ(t.networks_without_data, 1u);
  EXPECT_NEAR(t.entitlement_without_data, 24000.0, eps);
  EXPECT_NEAR(t.weighted_patients, 10500.0, eps);
  EXPECT_NEAR(t.entitlement, 126000.0, eps);  // A and C only
  EXPECT_NEAR(t.claims, 55670.0, eps);
  EXPECT_NEAR(t.unclaimed, 70330.0, eps);  // A's 64,330 + C's 6,000; not B's 24,000
  EXPECT_NEAR(t.over_claimed, 0.0, eps);
  EXPECT_EQ(t.networks_with_headroom, 2u);
  EXPECT_EQ(t.networks_over, 0u);
  EXPECT_EQ(arrs_funding(c.r.rules(), c.networks, 1, 2021).days_with_data, 182);

  // Covered all of 2022/23, B is back in the totals.
  const funding_report next = summarise_funding(c.r.rules(), c.networks, 2022);
  EXPECT_EQ(next.national.networks, 3u);
  EXPECT_EQ(next.national.networks_without_data, 0u);
  EXPECT_NEAR(next.national.entitlement_without_data, 0.0, eps);

  // Without a coverage file every network has data on every day, and is in the totals.
  panel uncovered = c.networks;
  uncovered.coverage.clear();
  const funding_report all = summarise_funding(c.r.rules(), uncovered, 2021);
  EXPECT_EQ(all.networks[1].days_with_data, 365);
  EXPECT_EQ(all.national.networks, 3u);
  EXPECT_EQ(all.national.networks_without_data, 0u);
  EXPECT_NEAR(all.national.unclaimed, 94330.0, eps);
}

TEST(FundingWriters, CoverageAddsDaysWithDataAndSaysWhoIsLeftOut) {
  const covered_panel c;
  const std::vector<funding_report> reports{summarise_funding(c.r.rules(), c.networks, 2021)};
  std::ostringstream csv;
  write_funding(csv, c.r.rules(), c.networks, reports, table_format::csv);
  EXPECT_EQ(csv.str(),
            "scenario,year,network_id,name,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years,"
            "days_with_data\n"
            "baseline,2021/22,A,,10000.00,120000.00,55670.00,64330.00,64330.00,1.0000,365\n"
            "baseline,2021/22,B,,2000.00,24000.00,0.00,24000.00,24000.00,0.0000,182\n"
            "baseline,2021/22,C,,500.00,6000.00,0.00,6000.00,6000.00,0.0000,365\n");
  std::ostringstream totals;
  write_table(totals, funding_totals_table(reports), table_format::csv);
  EXPECT_EQ(totals.str(),
            "scenario,year,networks,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years\n"
            "baseline,2021/22,2,10500.00,126000.00,55670.00,70330.00,70330.00,1.0000\n");
  std::ostringstream table;
  write_funding(table, c.r.rules(), c.networks, reports, table_format::table);
  EXPECT_NE(table.str().find("arrs_wte_years  days_with_data\n"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("          182\n"), std::string::npos) << table.str();
  std::ostringstream markdown;
  write_funding(markdown, c.r.rules(), c.networks, reports, table_format::markdown);
  const std::string text = markdown.str();
  EXPECT_NE(text.find("3 networks."), std::string::npos) << text;
  EXPECT_NE(text.find("1 network without data on some day of the year (entitled to £24,000) left out of these "
                      "figures"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("| B |  | 2,000 | £24,000 | £0 | £24,000 | 182 of 365 |"), std::string::npos) << text;
}

// ---- Writers

TEST(FundingWriters, CsvHasOneRowPerNetworkThenTheTotal) {
  small_rules r;
  small_panel p;
  const auto a = p.network(r, "A", 10000);
  p.pb.p.networks[a].name = "North, the";
  p.network(r, "B", 2000);
  p.arrs(a, r.pharmacist, 1.0, "2021-07-01");
  const panel& networks = p.finish();
  const std::vector<funding_report> reports{summarise_funding(r.rules(), networks, 2021)};
  std::ostringstream out;
  write_funding(out, r.rules(), networks, reports, table_format::csv);
  // A: £120,000 − £41,790.63 = £78,209.37; B: £24,000; total unclaimed £102,209.37.
  EXPECT_EQ(out.str(),
            "scenario,year,network_id,name,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years\n"
            "baseline,2021/22,A,\"North, the\",10000.00,120000.00,41790.63,78209.37,78209.37,0.7507\n"
            "baseline,2021/22,B,,2000.00,24000.00,0.00,24000.00,24000.00,0.0000\n");
  std::ostringstream totals;
  write_table(totals, funding_totals_table(reports), table_format::csv);
  EXPECT_EQ(totals.str(),
            "scenario,year,networks,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years\n"
            "baseline,2021/22,2,12000.00,144000.00,41790.63,102209.37,102209.37,0.7507\n");
}

TEST(FundingWriters, TableAlignsTheSameRows) {
  small_rules r;
  small_panel p;
  p.network(r, "A", 10000);
  const panel& networks = p.finish();
  std::ostringstream out;
  write_funding(out, r.rules(), networks, {summarise_funding(r.rules(), networks, 2021)}, table_format::table);
  EXPECT_EQ(
      out.str(),
      "scenario  year     network_id  name  weighted_patients  entitlement  claims   headroom  unclaimed  "
      "arrs_wte_years\n"
      "baseline  2021/22  A                          10000.00    120000.00    0.00  120000.00  120000.00          "
      "0.0000\n");
}

TEST(FundingWriters, MarkdownSummarisesEachYearAndRole) {
  small_rules r;
  small_panel p;
  const auto a = p.network(r, "A", 10000);
  const auto b = p.network(r, "B", 2000);
  p.arrs(a, r.pharmacist, 1.0);
  p.arrs(b, r.pharmacist, 1.0);
  const panel& networks = p.finish();
  std::ostringstream out;
  write_funding(out, r.rules(), networks,
                {summarise_funding(r.rules(), networks, 2020), summarise_funding(r.rules(), networks, 2021)},
                table_format::markdown);
  const std::string md = out.str();
  // 2021/22: entitled £144,000; claims £111,340; A leaves £64,330, B is £31,670 over; paid
  // £55,670 (A) + £24,000 (B's entitlement) = £79,670.
  EXPECT_NE(md.find("- 2021/22: entitled to £0.1m between them (national pot £746.0m); ARRS posts would claim "
                    "£0.1m, leaving £0.1m (44.7% of the entitlement) unclaimed in 1 network; claims would "
                    "exceed the entitlement by £0.0m in 1 network.\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 2021/22 | 2 | 12,000 | £144,000 | £746,000,000 | £111,340 | £79,670 | £64,330 | 44.7% | 1 | "
                    "1 | £31,670 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("## Claims by role, 2020/21\n\n| role | WTE-years | claims |\n|---|---:|---:|\n"
                    "| pharmacist | 2.0 | £111,340 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| B |  | 2,000 | £24,000 | £55,670 | -£31,670 |\n"), std::string::npos) << md;
}

TEST(FundingWriters, FormatNames) {
  EXPECT_EQ(parse_table_format("csv"), table_format::csv);
  EXPECT_EQ(parse_table_format("table"), table_format::table);
  EXPECT_EQ(parse_table_format("markdown"), table_format::markdown);
  try {
    (void)parse_table_format("markdwn");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC060");
    EXPECT_NE(e.first().message.find("did you mean 'markdown'"), std::string::npos);
  }
}

// ---- The shipped rule set

TEST(FundingShipped, MentalHealthPractitionerClaimsTheEncodedHalfOnce) {
  const rule_set rules = load_rule_set(shipped_dir);
  const panel networks = parse_panel(rules, "network_id,registered_patients\nN1,10000\n",
                                     "network_id,role,wte,funding\nN1,mental_health_practitioner,1,arrs\n");
  // roles.yaml: £27,835 (half of £55,670) with reimbursed_share 0.5. Entitlement £12.372 × 10,000.
  const network_funding f = arrs_funding(rules, networks, 0, 2021);
  EXPECT_NEAR(f.claims, 27835.0, eps);
  EXPECT_NEAR(f.entitlement, 123720.0, eps);
}

// ---- The command

struct cli_files {
  fs::path dir = cli_runner::scratch("descheck-funding");
  std::string networks = (dir / "networks.csv").string();
  std::string staff = (dir / "staff.csv").string();
  cli_files() {
    std::ofstream(networks) << "network_id,name,registered_patients\nN1,North,10000\nN2,\"South, East\",2000\n";
    std::ofstream(staff) << "network_id,role,wte,start,end,funding\n"
                            "N1,clinical_pharmacist,1,2021-07-01,,arrs\n"
                            "N1,mental_health_practitioner,1,,,arrs\n"
                            "N2,clinical_pharmacist,1,,,core\n";
  }
  ~cli_files() { fs::remove_all(dir); }
  std::string args(const std::string& extra) const {
    return "funding --rules " + shipped_dir.string() + " --networks " + networks + " --staff " + staff + " " + extra;
  }
};

TEST(FundingCli, WritesNetworkRowsAndTheNationalTotal) {
  const cli_files f;
  // 2021/22 at £12.372 per weighted patient (= registered here): N1 £123,720, N2 £24,744.
  // N1 claims £55,670 × 274 / 365 = £41,790.63 and £27,835: £69,625.63, headroom £54,094.37.
  // N2's pharmacist is core: no claim.
  const cli_runner::outcome r = cli_runner::run(f.args("--year 2021 --format csv"), f.dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "scenario,year,network_id,name,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years\n"
            "baseline,2021/22,N1,North,10000.00,123720.00,69625.63,54094.37,54094.37,1.7507\n"
            "baseline,2021/22,N2,\"South, East\",2000.00,24744.00,0.00,24744.00,24744.00,0.0000\n");
  // The national totals are not rows among the networks': a summary on standard error.
  EXPECT_NE(r.err.find("funding 2021/22: 2 networks entitled to GBP 148464.00, claims GBP 69625.63, unclaimed GBP "
                       "78838.37"),
            std::string::npos)
      << r.err;
  // --assume-arrs counts N2's pharmacist: £55,670 against £24,744, £30,926 over; nationally
  // £148,464 − £125,295.63 = £23,168.37 net, but £54,094.37 unclaimed (N1's headroom).
  const fs::path totals = f.dir / "totals.csv";
  const cli_runner::outcome a =
      cli_runner::run(f.args("--year 2021 --assume-arrs --format csv --totals " + totals.string()), f.dir);
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NE(a.out.find("\nbaseline,2021/22,N2,\"South, East\",2000.00,24744.00,55670.00,-30926.00,0.00,1.0000\n"),
            std::string::npos)
      << a.out;
  EXPECT_EQ(a.out.find("TOTAL"), std::string::npos) << a.out;
  EXPECT_EQ(cli_runner::slurp(totals),
            "scenario,year,networks,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years\n"
            "baseline,2021/22,2,12000.00,148464.00,125295.63,23168.37,54094.37,2.7507\n");
}

TEST(FundingCli, SeveralYearsMarkdownToAFileAndCosts) {
  const cli_files f;
  const fs::path out = f.dir / "funding.md";
  const cli_runner::outcome r = cli_runner::run(
      f.args("--year 2020 --year 2021 --cost clinical_pharmacist=50000 --output " + out.string()), f.dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const std::string md = cli_runner::slurp(out);
  EXPECT_EQ(md.rfind("# ARRS funding: ", 0), 0u) << md;
  // At a £50,000 cost, under the £55,670 maximum, the pharmacist claims the cost: £50,000 × 274 / 365
  // = £37,534.25 in 2021/22, over 274 / 365 = 0.75 WTE-years.
  EXPECT_NE(md.find("| Clinical pharmacist | 0.8 | £37,534 |"), std::string::npos) << md;
  EXPECT_NE(md.find("## Networks, 2020/21"), std::string::npos) << md;
  EXPECT_NE(md.find("| N2 | South, East | 2,000 | £24,744 | £0 | £24,744 |"), std::string::npos) << md;
}

TEST(FundingCli, UsageErrors) {
  const cli_files f;
  const auto expect_usage = [&](const std::string& extra, const std::string& text) {
    const cli_runner::outcome r = cli_runner::run(f.args(extra), f.dir);
    EXPECT_EQ(r.status, 2) << extra;
    EXPECT_NE(r.err.find("error[DC060]"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  };
  expect_usage("", "'funding' needs --year");
  expect_usage("--year 21/22", "--year '21/22' is not a financial year");
  expect_usage("--year 2021 --year 2021", "--year 2021 given twice");
  expect_usage("--year 2021 --cost clinical_pharmacst=1", "did you mean 'clinical_pharmacist'?");
  expect_usage("--year 2021 --cost clinical_pharmacist", "is not ROLE=GBP");
  expect_usage("--year 2021 --format markdwn", "did you mean 'markdown'?");
  // A year the rule set has no rate for is a rule problem, pointing into funding.yaml.
  const cli_runner::outcome r = cli_runner::run(f.args("--year 2019"), f.dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("funding.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error[DC090]: arrs.per_weighted_patient is undefined on 2019-04-01"), std::string::npos)
      << r.err;
}

// ---- The real census (suite FundingReal, CTest label realdata: fails without ../shared/data)

TEST(FundingReal, UnclaimedNationalSumWithEveryArrsRolePostArrsFunded) {
  REQUIRE_SHARED_DATA(shared / "workforce");
  REQUIRE_SHARED_DATA(shared / "pcns");
  REQUIRE_SHARED_DATA(shared / "practices");
  const rule_set rules = load_rule_set(shipped_dir);
  const networks_import nets =
      import_networks(shared / "pcns" / "epcn-2019-12-pcns.csv", shared / "pcns" / "epcn-2019-12-core-partners.csv",
                      shared / "practices" / "gp-reg-pat-prac-all-2021-01.csv");
  std::ostringstream networks_csv;
  write_networks_csv(networks_csv, nets);
  const fs::path dir = cli_runner::scratch("descheck-funding-real");
  const fs::path networks_file = dir / "networks.csv";
  std::ofstream(networks_file) << networks_csv.str();
  std::vector<fs::path> censuses;
  for (const auto& entry : fs::directory_iterator(shared / "workforce"))
    if (entry.path().extension() == ".csv") censuses.push_back(entry.path());
  std::sort(censuses.begin(), censuses.end());
  workforce_options wo;
  wo.networks = networks_file;
  const workforce_import staff = import_workforce(rules, censuses, wo);
  std::ostringstream staff_csv;
  write_staff_csv(staff_csv, rules, staff.rows);
  const panel networks = parse_panel(rules, networks_csv.str(), staff_csv.str());

  // The figures docs/funding.md reports ("On the real census"), to the nearest £1,000.
  struct expected {
    int year;
    double entitlement, claims, unclaimed;
  };
  for (const expected& e :
       {expected{2020, 429'609'000, 90'386'000, 339'391'000}, expected{2021, 745'355'000, 318'142'000, 430'337'000},
        expected{2022, 1'005'856'000, 496'057'000, 516'581'000}}) {
    const funding_report report = summarise_funding(rules, networks, e.year, {true, {}});
    const national_funding& t = report.national;
    SCOPED_TRACE(t.year.label());
    EXPECT_EQ(t.networks, 1250u);
    EXPECT_NEAR(t.weighted_patients, 60245317.0, 0.5);  // the registered list of January 2021
    EXPECT_NEAR(t.entitlement, e.entitlement, 1000.0);
    EXPECT_NEAR(t.claims, e.claims, 1000.0);
    EXPECT_NEAR(t.unclaimed, e.unclaimed, 1000.0);
    EXPECT_NEAR(t.paid() + t.unclaimed, t.entitlement, 1.0);
  }

  // 2022/23 with the September 2022 census ending on 30 September: the claims of April to September.
  wo.until = day("2022-09-30");
  std::ostringstream half_csv;
  write_staff_csv(half_csv, rules, import_workforce(rules, censuses, wo).rows);
  const panel half = parse_panel(rules, networks_csv.str(), half_csv.str());
  EXPECT_NEAR(summarise_funding(rules, half, 2022, {true, {}}).national.claims, 228'622'000, 1000.0);
  fs::remove_all(dir);
}

}  // namespace

// London weighting: a network whose `london` driver is 1 claims the role's London maximum where one
// is defined; every other network, and every date before it, the national one.
TEST(Funding, LondonNetworksClaimTheLondonMaximum) {
  fixtures::builder b;
  const driver_index registered = b.driver("registered_patients");
  const driver_index weighted = b.driver("weighted_patients");
  const driver_index london = b.driver("london");
  b.rules.drivers[weighted].default_value = derived_default{registered, schedule::constant(1.0)};
  const role_index pharmacist = b.role("pharmacist");
  b.rules.roles[pharmacist].arrs =
      arrs_terms{schedule::constant(50'000), schedule::constant(1.0), steps({{"2021-10-01", 60'000}})};
  b.rules.funding = funding_terms{schedule::constant(10.0), {}, {}, {}};
  b.finish();
  fixtures::panel_fixture pb;
  for (const char* id : {"INNER", "SHIRE", "UNKNOWN"}) {
    const std::uint32_t n = pb.network(id, b.rules.drivers.size());
    pb.p.networks[n].drivers[registered] = schedule::constant(100'000);
    pb.post(n, pharmacist, 1.0);
    pb.p.posts.back().funding = funding_kind::arrs;
  }
  pb.p.networks[0].drivers[london] = schedule::constant(1);
  pb.p.networks[1].drivers[london] = schedule::constant(0);
  const panel& p = pb.finish();

  EXPECT_EQ(arrs_maximum(b.rules, p.networks[0], pharmacist, day("2021-09-30")), 50'000);
  EXPECT_EQ(arrs_maximum(b.rules, p.networks[0], pharmacist, day("2021-10-01")), 60'000);
  EXPECT_EQ(arrs_maximum(b.rules, p.networks[1], pharmacist, day("2021-10-01")), 50'000);
  EXPECT_EQ(arrs_maximum(b.rules, p.networks[2], pharmacist, day("2021-10-01")), 50'000);  // no value: national

  // 2021/22: half a year at £50,000 and half (from 1 October, 182 of 365 days) at £60,000.
  const network_funding inner = arrs_funding(b.rules, p, 0, 2021);
  EXPECT_NEAR(inner.claims, 50'000.0 * 183 / 365 + 60'000.0 * 182 / 365, 1e-6);
  EXPECT_NEAR(arrs_funding(b.rules, p, 1, 2021).claims, 50'000.0, 1e-6);

  // A plan hires at the network's own maximum.
  const planner plan(b.rules, p);
  EXPECT_EQ(plan.cost_per_wte(pharmacist, day("2021-10-01"), 0), 60'000);
  EXPECT_EQ(plan.cost_per_wte(pharmacist, day("2021-10-01"), 1), 50'000);
  EXPECT_EQ(plan.cost_per_wte(pharmacist, day("2021-10-01")), 50'000);
}
