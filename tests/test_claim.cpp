// The December 2019 claim (claim.hpp): staff in post, the ARRS entitlement, census recruitment.
#include <gtest/gtest.h>

#include <sstream>

#include "descheck/panel/panel.hpp"
#include "descheck/report/claim.hpp"
#include "fixtures.hpp"

using namespace descheck;
using fixtures::by;
using fixtures::day;

namespace {

// One ARRS role (pharmacist, at most £50,000 a WTE) that covers a 37.5 h/week requirement of
// service `s`; service `other` needs GP time nobody has. Entitlement: £1 per weighted patient.
struct claim_world {
  fixtures::builder b;
  claim_world() {
    const auto pharmacist = b.role("pharmacist");
    const auto gp = b.role("gp");
    b.driver("weighted_patients");
    b.rules.roles[pharmacist].arrs = arrs_terms{schedule::constant(50'000), schedule::constant(1.0), schedule()};
    b.rules.funding = funding_terms{};
    b.rules.funding->per_weighted_patient = schedule::constant(1.0);
    b.workload("s", "reviews", 37.5, {by(pharmacist)}, 1, "2020-01-01");
    b.workload("other", "gp_time", 10, {by(gp)}, 1, "2020-01-01");
    b.finish();
  }
  // N1 has a pharmacist from `start`; N2 and N3 have £100,000 of headroom, N4 £10,000 (a fifth of
  // a pharmacist).
  panel networks(const char* start, const char* wte) const {
    return parse_panel(b.rules, "network_id,weighted_patients\nN1,50000\nN2,100000\nN3,100000\nN4,10000\n",
                       std::string("network_id,role,wte,start\nN1,pharmacist,") + wte + "," + start + "\n");
  }
};

claim_options only_s() {
  claim_options o;
  o.services = {"s"};
  o.first_year = 2020;
  o.last_year = 2020;
  return o;
}

}  // namespace

TEST(Claim, CountsStaffInPostEntitlementAndCensusRecruitment) {
  const claim_world w;
  // N1's 3 WTE arrive within the census window: 3 WTE of recruitment to share out nationally.
  const panel p = w.networks("2021-01-01", "3");
  const claim_timeline t = test_claim(w.b.rules, p, only_s(), "as enacted");
  ASSERT_EQ(t.years.size(), 1u);
  const claim_year& y = t.years[0];
  EXPECT_EQ(y.at, day("2021-03-31"));
  EXPECT_EQ(y.with_data, 4u);
  EXPECT_EQ(y.in_force, 4u);
  EXPECT_EQ(y.compliant, 1u);                 // N1
  EXPECT_EQ(y.fundable, 3u);                  // N1, and N2 and N3 buy a pharmacist each; N4 cannot
  EXPECT_EQ(y.supplied, 3u);                  // 3 WTE of supply: N2 and N3 get theirs
  EXPECT_EQ(y.supply_to, day("2021-01-01"));  // the staff file's last change
  EXPECT_EQ(y.supply_from, day("2020-01-01"));
  ASSERT_EQ(y.supply.size(), 1u);
  EXPECT_DOUBLE_EQ(y.supply[0].wte, 3.0);
}

TEST(Claim, WithoutRecruitmentInTheWindowTheSupplyAddsNobody) {
  const claim_world w;
  // N1 has had its pharmacist since 2019; the staff file's last change (a new row for the same
  // post) opens the window, over which nothing was gained.
  const panel p = parse_panel(w.b.rules, "network_id,weighted_patients\nN1,50000\nN2,100000\nN3,100000\nN4,10000\n",
                              "network_id,role,wte,start,end\nN1,pharmacist,1,2019-01-01,2020-12-31\n"
                              "N1,pharmacist,1,2021-01-01,\n");
  const claim_year y = test_claim(w.b.rules, p, only_s(), "as enacted").years.at(0);
  EXPECT_EQ(y.compliant, 1u);
  EXPECT_EQ(y.fundable, 3u);
  EXPECT_DOUBLE_EQ(y.supply_wte(), 0.0);
  EXPECT_EQ(y.supplied, 1u);
}

TEST(Claim, NetworksWithoutDataAreLeftOutAndOtherServicesDoNotCount) {
  const claim_world w;
  panel p = w.networks("2021-01-01", "3");
  parse_coverage(p, "network_id,from,to\nN1,2020-01-01,\nN2,2020-01-01,\nN3,2020-01-01,2020-12-31\n");
  claim_options all = only_s();
  all.services = {"s", "other"};
  const claim_year with_gp = test_claim(w.b.rules, p, all, "as enacted").years.at(0);
  EXPECT_EQ(with_gp.with_data, 2u);  // N3's window has ended and N4 has none
  EXPECT_EQ(with_gp.compliant, 0u);  // nobody has GP time, which no entitlement buys
  EXPECT_EQ(with_gp.fundable, 0u);
  const claim_year five = test_claim(w.b.rules, p, only_s(), "as enacted").years.at(0);
  EXPECT_EQ(five.with_data, 2u);
  EXPECT_EQ(five.compliant, 1u);
  EXPECT_EQ(five.fundable, 2u);
}

TEST(Claim, UnknownServiceIsARuleError) {
  const claim_world w;
  try {
    (void)only_services(w.b.rules, {"s", "smr"});
    FAIL() << "expected rule_error";
  } catch (const rule_error& e) {
    EXPECT_EQ(e.first().code, "DC032");
  }
}

TEST(Claim, SectionSaysEachYearInOneSentence) {
  const claim_world w;
  const panel p = w.networks("2021-01-01", "3");
  claim_report report;
  report.services = {"s"};
  report.timelines.push_back(test_claim(w.b.rules, p, only_s(), "as enacted"));
  std::ostringstream out;
  write_claim_section(out, w.b.rules, report);
  EXPECT_NE(out.str().find("- **2020/21**: as enacted, 1 of 4 networks with data and the services in force had the "
                           "staff in post for all of them; spending their ARRS entitlement on free recruitment could "
                           "have made 3 compliant, and 3 with recruitment limited to the 3 WTE the censuses show was "
                           "recruited nationally from 2020-01-01 to 2021-01-01."),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("| 2020/21 | as enacted | 4 | 4 | 1 | 3 | 3 | 3 |"), std::string::npos);
}
