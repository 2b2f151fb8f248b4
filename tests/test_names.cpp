// Tests of include/descheck/rules/names.hpp: every index a result carries turns into its id and back.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;

const rule_set& shipped() {
  static const rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  return rules;
}

template <class Call>
diagnostic error_of(Call call) {
  try {
    call();
  } catch (const input_error& e) {
    return e.first();
  }
  return {};
}

TEST(Names, EveryRequirementIdRoundTrips) {
  const rule_set& rules = shipped();
  ASSERT_FALSE(rules.flat.empty());
  for (std::uint32_t i = 0; i < rules.flat.size(); ++i) {
    const std::string id = requirement_id(rules, i);
    EXPECT_EQ(id, rules.services[rules.flat[i].service].id + "." + rules.at(rules.flat[i]).id);
    EXPECT_EQ(find_requirement(rules, id), i) << id;
    EXPECT_EQ(require_requirement(rules, id), i);
  }
  const std::uint32_t reviews = require_requirement(rules, "smr.reviews");
  EXPECT_EQ(requirement_id(rules, reviews), "smr.reviews");
}

TEST(Names, EveryRoleDriverAndServiceIdRoundTrips) {
  const rule_set& rules = shipped();
  for (role_index k = 0; k < rules.roles.size(); ++k) EXPECT_EQ(require_role(rules, role_id(rules, k)), k);
  for (driver_index d = 0; d < rules.drivers.size(); ++d) EXPECT_EQ(require_driver(rules, driver_id(rules, d)), d);
  for (std::uint32_t s = 0; s < rules.services.size(); ++s) EXPECT_EQ(require_service(rules, service_id(rules, s)), s);
  EXPECT_EQ(role_id(rules, require_role(rules, "clinical_pharmacist")), "clinical_pharmacist");
}

TEST(Names, AResultsIndicesAllResolve) {
  const rule_set& rules = shipped();
  panel_builder b(rules);
  b.add_network("N1").set_driver("N1", "registered_patients", 40'000).add_post("N1", "clinical_pharmacist", 1.0);
  const panel p = b.build();
  checker check(rules, p);
  const check_result& r = check.run(0, *parse_date("2022-04-01"), {true});
  ASSERT_FALSE(r.requirements.empty());
  for (const requirement_result& q : r.requirements) EXPECT_FALSE(requirement_id(rules, q.requirement).empty());
  for (const flow_entry& f : r.flows) EXPECT_FALSE(role_id(rules, f.role).empty());
  for (const role_capacity& c : r.capacities) EXPECT_FALSE(role_id(rules, c.role).empty());
  EXPECT_EQ(p.networks.at(r.network).id, "N1");
}

TEST(Names, UnknownIdsGetTheLoadersCodesAndHints) {
  const rule_set& rules = shipped();
  EXPECT_FALSE(find_requirement(rules, "smr.reveiws"));
  EXPECT_FALSE(find_requirement(rules, "smr"));
  EXPECT_FALSE(find_requirement(rules, ""));
  const diagnostic requirement = error_of([&] { (void)require_requirement(rules, "smr.reveiws"); });
  EXPECT_EQ(requirement.code, codes::unknown_requirement);
  EXPECT_NE(requirement.message.find("did you mean 'smr.reviews'"), std::string::npos) << requirement.message;
  const diagnostic role = error_of([&] { (void)require_role(rules, "paramedik"); });
  EXPECT_EQ(role.code, codes::unknown_role);
  EXPECT_NE(role.message.find("did you mean 'paramedic'"), std::string::npos) << role.message;
  const diagnostic driver = error_of([&] { (void)require_driver(rules, "care_home_bed"); });
  EXPECT_EQ(driver.code, codes::unknown_driver);
  EXPECT_NE(driver.message.find("did you mean 'care_home_beds'"), std::string::npos) << driver.message;
  const diagnostic service = error_of([&] { (void)require_service(rules, "smrr"); });
  EXPECT_EQ(service.code, codes::unknown_service);
  EXPECT_NE(service.message.find("did you mean 'smr'"), std::string::npos) << service.message;
}

TEST(Names, IndicesPastTheirTableAreRefused) {
  const rule_set& rules = shipped();
  const auto flat = static_cast<std::uint32_t>(rules.flat.size());
  EXPECT_EQ(error_of([&] { (void)requirement_id(rules, flat); }).code, codes::index_out_of_range);
  EXPECT_EQ(error_of([&] { (void)role_id(rules, no_index); }).code, codes::index_out_of_range);
  EXPECT_EQ(error_of([&] { (void)driver_id(rules, static_cast<driver_index>(rules.drivers.size())); }).code,
            codes::index_out_of_range);
  EXPECT_EQ(error_of([&] { (void)service_id(rules, static_cast<std::uint32_t>(rules.services.size())); }).code,
            codes::index_out_of_range);
}

}  // namespace
