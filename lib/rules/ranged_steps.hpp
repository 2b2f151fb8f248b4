#pragma once
// Where each ranged value of a rule set lives, for runs that overwrite many values of one copy
// (sensitivity, uncertainty draws) without looking each id up again.
#include <vector>

#include "descheck/rules/rules.hpp"
#include "descheck/rules/schedule.hpp"

namespace descheck::detail {

/// One ranged value's step in a particular rule_set object.
struct ranged_step {
  step* at = nullptr;        ///< the step holding the value; valid while the rule set is not restructured
  date until = date::max();  ///< the day the next step takes over (date::max() for the last step)
  bool feeds_check = false;  ///< the schedule is one rule_set::breakpoints() reads: the check uses it
};

/// The steps of ranged_values(rules), in the same order.
[[nodiscard]] std::vector<ranged_step> ranged_steps(rule_set& rules);

}  // namespace descheck::detail
