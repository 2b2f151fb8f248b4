#pragma once
/// \file core/limits.hpp
/// The largest value each kind of quantity may take (docs/errors.md, "Bounds"). Every loader checks
/// them (DC022 in a rule set, scenario or CSV file; DC100 for plan options), so that no
/// product or sum of loaded values can overflow or print as `inf`. Each is far above any real value.

#include <cstddef>
#include <cstdint>

namespace descheck::limits {

/// WTE in one row of a staff file (a whole network has tens).
inline constexpr double max_wte = 10'000.0;
/// National WTE of one role in a supply file (the NHS in England employs about 1.3 million people,
/// ARRS roles some tens of thousands).
inline constexpr double max_supply_wte = 1'000'000.0;
/// One driver value of one network: patients, care-home beds, ... (England has ~60 million patients).
inline constexpr double max_driver = 100'000'000.0;
/// Patients of one practice in a list-size file.
inline constexpr std::int64_t max_practice_patients = 10'000'000;
/// Any number in a rule set (hours, money, ratios, WTE minima): its magnitude.
inline constexpr double max_rule_value = 10'000'000'000.0;
/// Requirements in one rule set (the shipped one has a few dozen).
inline constexpr std::size_t max_requirements = 1'000;
/// Hours a week one requirement asks of one network at one date (a network of 100,000 patients asks
/// some hundreds). With at most max_requirements requirements the checker's sums of demands in its
/// integer units (3.6 million a hour) stay below 2^63.
inline constexpr double max_requirement_hours = 1'000'000'000.0;
/// A scale factor, alone or the product of stacked scenario scales.
inline constexpr double max_scale_factor = 1'000.0;
/// A date shift in months, alone or the sum of stacked scenario shifts.
inline constexpr int max_shift_months = 1'200;
/// Cost of one WTE for a year, GBP (plan --cost).
inline constexpr double max_cost_per_wte = 10'000'000.0;
/// A budget, GBP (plan --budget).
inline constexpr double max_budget = 1'000'000'000'000.0;

}  // namespace descheck::limits
