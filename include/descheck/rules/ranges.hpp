#pragma once
/// \file ranges.hpp
/// The ranged values of a rule set (SPEC sections 1 and 9): every schedule value written with a
/// `range`, named by a stable id, and a copy of the rule set with one of them set to another number.
///
/// Ids name where a value sits in the rule set, not in a file, so they survive reformatting:
///
///   roles.ROLE.available_share                  roles.ROLE.hours_per_wte
///   roles.ROLE.default_wte.ratio                roles.ROLE.cost_per_wte
///   roles.ROLE.arrs.max_reimbursement           roles.ROLE.arrs.reimbursed_share
///   roles.ROLE.arrs.cap.wte                     roles.ROLE.arrs.cap.above.wte
///   roles.ROLE.arrs.reported_wte                drivers.DRIVER.default.ratio
///   SERVICE.REQUIREMENT.phase                   SERVICE.REQUIREMENT.demand[I].hours
///   SERVICE.REQUIREMENT.minimum[I].wte          SERVICE.REQUIREMENT.delivered_by.ROLE.max_share
///   funding.arrs.per_weighted_patient           funding.arrs.national_pot
///   funding.arrs.recruitment_target             funding.arrs.reported_workforce
///
/// followed by `@YYYY-MM-DD` for a value of a dated schedule (the date it takes effect), e.g.
/// `smr.reviews.demand[0].hours` or `roles.clinical_pharmacist.arrs.max_reimbursement@2021-04-01`.

#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/error.hpp"
#include "descheck/rules/rules.hpp"
#include "descheck/rules/schedule.hpp"

namespace descheck {

/// One value of a rule set that carries a `range`.
struct ranged_value {
  std::string id;    ///< stable id, see the file comment
  std::string file;  ///< where the value is written, as the loader was given it
  int line = 0;      ///< 1-based
  int column = 0;    ///< 1-based
  double value = 0.0;
  plausible_range range;
  value_status status = value_status::unspecified;
  friend bool operator==(const ranged_value&, const ranged_value&) = default;
};

/// Every ranged value of `rules`, in a fixed order: roles, drivers (both in file order), services
/// (by id, requirements in file order), funding; within a schedule by date. Values a scenario
/// wrote with a range are included, under the id of the schedule they now sit in.
[[nodiscard]] std::vector<ranged_value> ranged_values(const rule_set& rules);

/// A copy of `rules` in which the ranged value `id` is `value` (its range and origin unchanged; the
/// value may lie outside the range). Throws input_error DC145 when `id` names no ranged value.
[[nodiscard]] rule_set with_ranged_value(const rule_set& rules, std::string_view id, double value);

/// Sets the ranged value `id` of `rules` in place; false when `id` names no ranged value. For runs
/// that vary many values of one copy.
bool set_ranged_value(rule_set& rules, std::string_view id, double value);

/// One DC144 diagnostic for each value of `rules` written as an `assumption` without a range, at
/// the value's position and naming its id, sorted by file and line (`descheck validate --strict`).
[[nodiscard]] std::vector<diagnostic> unranged_assumptions(const rule_set& rules);

/// `low–high` with a `uniform` note when the distribution is not the default, e.g. "0.03–0.1" or
/// "0.004–0.008, uniform"; numbers in their shortest form.
[[nodiscard]] std::string to_string(const plausible_range& range);

}  // namespace descheck
