// An outside program using the installed library through find_package(descheck): the version, the
// installed rule set (descheck_SPECS_DIR), a panel built in code with panel_builder, one check read
// back by name. Exits 1 when anything differs from what it expects.
#include <descheck/descheck.hpp>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (ok) return;
  std::cerr << "consumer: FAILED: " << what << '\n';
  ++failures;
}

descheck::date day(const char* iso) { return *descheck::parse_date(iso); }

// Two networks of the shipped rule set, as an integrator's own data would give them.
descheck::panel build_panel(const descheck::rule_set& rules) {
  descheck::panel_builder b(rules);
  b.add_network("C001", "Riverside PCN", "London")
      .set_driver("C001", "registered_patients", 40'000)
      .set_driver("C001", "care_home_beds", 120)
      .add_post("C001", "clinical_director", 0.5)
      .add_post("C001", "clinical_pharmacist", 3.0, day("2020-04-01"))
      .add_post("C001", "social_prescribing_link_worker", 2.0)
      .add_post("C001", "care_coordinator", 2.0);
  b.add_network("C002", "Hillside PCN", "North West").set_driver("C002", "registered_patients", 30'000);
  try {  // a misspelt role is refused where it is written
    b.add_post("C002", "paramedik", 1.0);
    expect(false, "a misspelt role was accepted");
  } catch (const descheck::input_error& e) {
    expect(e.first().code == std::string("DC030"), "misspelt role gives DC030, not " + e.first().code);
    expect(std::string(e.what()).find("did you mean 'paramedic'") != std::string::npos, e.what());
  }
  return b.build();
}

}  // namespace

int main(int argc, char** argv) {
  // The installed rule set unless another is given.
  const std::filesystem::path specs =
      argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(DESCHECK_SPECS_DIR) / "des-england";
  std::cout << "consumer: descheck " << descheck::version() << ", rule set " << specs.string() << '\n';
  expect(std::strcmp(descheck::version(), DESCHECK_VERSION) == 0, "library and header versions differ");
  try {
    const descheck::rule_set rules = descheck::load_rule_set(specs);
    const descheck::panel networks = build_panel(rules);
    descheck::checker check(rules, networks);
    const descheck::date at = day("2022-04-01");
    for (const char* id : {"C001", "C002"}) {
      const descheck::check_result& r = check.run(networks.require_network(id), at);
      std::cout << "consumer: " << id << " on " << descheck::to_string(at) << ": " << descheck::to_string(r.state)
                << ", " << r.active - r.unmet << " of " << r.active << " requirements met\n";
      for (const descheck::requirement_result& q : r.requirements)  // the short ones, by id
        if (q.status != descheck::requirement_status::met)
          std::cout << "  " << descheck::requirement_id(rules, q.requirement) << ' ' << descheck::to_string(q.status)
                    << ' ' << descheck::format_fixed(q.delivered, 2) << '/' << descheck::format_fixed(q.demand, 2)
                    << '\n';
    }
    const descheck::check_result& staffed = check.run(0, at);
    expect(staffed.state == descheck::network_state::compliant, "C001 state");
    expect(staffed.active == 14 && staffed.unmet == 0, "C001 active and unmet counts");
    const std::uint32_t reviews = descheck::require_requirement(rules, "smr.reviews");
    bool reviews_met = false;
    for (const descheck::requirement_result& q : staffed.requirements)
      reviews_met = reviews_met || (q.requirement == reviews && q.status == descheck::requirement_status::met);
    expect(reviews_met, "C001's structured medication reviews met by its 3 WTE pharmacists");
    // C002 has no posts: the rule set's default staff (by list size) cover 6 of its 14 requirements.
    const descheck::check_result& defaulted = check.run(1, at);
    expect(defaulted.state == descheck::network_state::non_compliant, "C002 state");
    expect(defaulted.active == 14 && defaulted.unmet == 8, "C002 active and unmet counts");
  } catch (const descheck::error& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
  if (failures > 0) return 1;
  std::cout << "consumer: all checks passed\n";
  return 0;
}
