#pragma once
/// \file report/claim.hpp
/// The December 2019 claim put to the test (SPEC v2 section 10). NHS England's draft outline
/// specifications said that, "providing that networks use their additional roles reimbursement
/// entitlement", networks would have "more than sufficient capacity" to deliver the five services.
/// For each financial year this counts, on a timeline (the draft's or as enacted), the networks
/// with data that comply with the staff in post, those that their ARRS entitlement could make
/// compliant with free recruitment, and those it could make compliant when recruitment is limited
/// nationally to what the censuses show was recruited. See docs/claim.md.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// What to test.
struct claim_options {
  /// Services the claim is about: the five of the December 2019 draft outline specifications.
  std::vector<std::string> services = {"smr", "ehch", "early_cancer", "personalised_care", "anticipatory_care"};
  int first_year = 2020;  ///< first financial year (2020 for 2020/21)
  int last_year = 2023;   ///< last financial year
  /// Count every post of a reimbursable role as ARRS-funded when working out each network's headroom.
  bool assume_arrs = false;
};

/// One role's national recruitment limit in the supply-limited test.
struct claim_supply {
  role_index role = 0;
  double wte = 0.0;  ///< census WTE gained over the window, networks with data at both ends (>= 0)
};

/// One financial year on one timeline, counted at `at` (31 March: by then every requirement phased
/// in during the year is in force).
struct claim_year {
  int year = 0;  ///< financial year start: 2020 for 2020/21
  date at;
  std::uint32_t with_data = 0;  ///< networks with data at `at`
  std::uint32_t in_force = 0;   ///< of those, networks with a requirement of the services in force
  std::uint32_t compliant = 0;  ///< compliant with the staff in post
  std::uint32_t fundable = 0;   ///< compliant already, or compliant with hires within their ARRS headroom
  std::uint32_t supplied = 0;   ///< compliant after the national program under the supply limits
  date supply_from, supply_to;  ///< the census window the supply limits come from
  std::vector<claim_supply> supply;
  [[nodiscard]] double supply_wte() const noexcept {
    double sum = 0.0;
    for (const claim_supply& s : supply) sum += s.wte;
    return sum;
  }
};

/// One timeline of the test.
struct claim_timeline {
  std::string label;  ///< e.g. "on the December 2019 timeline"
  std::vector<claim_year> years;
};

/// The test on every timeline asked for.
struct claim_report {
  std::vector<std::string> services;  ///< service ids tested
  std::vector<claim_timeline> timelines;
};

/// A copy of `rules` in which only `services` are ever in force (the others' phases are emptied, as
/// a scenario's `remove` does). Throws rule_error (DC032, with a "did you mean") for an unknown id.
[[nodiscard]] rule_set only_services(const rule_set& rules, const std::vector<std::string>& services);

/// Runs the test on one timeline: `rules` is the rule set of that timeline (e.g. with the draft
/// scenario applied); only options.services count. Throws as planner and plan_nationally do.
[[nodiscard]] claim_timeline test_claim(const rule_set& rules, const panel& networks, const claim_options& options,
                                        std::string label);

/// Writes the Markdown section: one plain sentence per year naming what drives it, then a table.
void write_claim_section(std::ostream& out, const rule_set& rules, const claim_report& report);

}  // namespace descheck
