#pragma once
/// \file analysis/sensitivity.hpp
/// One-at-a-time sensitivity (SPEC section 9): each ranged value of a rule set at its `low` and at
/// its `high`, everything else at its value, and how far one national measure moves (a tornado).
///
/// The ranged values are those of the rule set as given, scenarios already applied: a value a
/// scenario replaced or scaled is the scenario's and is not varied; a value a scenario wrote with a
/// range is varied over that range (docs/uncertainty.md).

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "descheck/analysis/measures.hpp"
#include "descheck/rules/ranges.hpp"

namespace descheck {

/// What to vary and what to measure.
struct sensitivity_options {
  measure_window window;                      ///< one date, or a financial year (compliant all year)
  measure_kind measure = measure_kind::compliant;
  std::uint32_t service = no_index;           ///< index into rule_set::services; no_index: all services
  unsigned threads = 0;                       ///< 0: all cores; the result is the same for any count
};

/// One ranged value's effect.
struct sensitivity_row {
  ranged_value value;  ///< id, source position, value and range
  double low = 0.0;    ///< the measure with the value at range.low
  double high = 0.0;   ///< the measure with the value at range.high
  /// |high - low|
  [[nodiscard]] double swing() const noexcept { return high > low ? high - low : low - high; }
  friend bool operator==(const sensitivity_row&, const sensitivity_row&) = default;
};

/// A tornado: rows by swing, largest first, ties by id.
struct sensitivity_result {
  sensitivity_options options;
  std::string scenario = "baseline";  ///< the rule set's scenario_id
  double base = 0.0;                  ///< the measure with every value at its value
  std::vector<sensitivity_row> rows;
  /// Values whose swing was not computed by a run because they cannot change the measure: the
  /// check never reads them (funding, costs) or they are not in force in the window.
  std::uint32_t skipped = 0;
};

/// Runs the sensitivity analysis. Only what a value can change is checked again: values the check
/// does not read, or whose step is not in force in the window, keep the base measure without a
/// run; otherwise only the intervals of constant input in which the step is in force are checked
/// again. Threads share out the values; the result is identical for any thread count. `progress`
/// counts values done, from the calling thread.
[[nodiscard]] sensitivity_result run_sensitivity(const rule_set& rules, const panel& networks,
                                                 const sensitivity_options& options,
                                                 const progress_callback& progress = {});

/// Writes the rows (all, or the first `top` when top > 0): rank, id, source (`file:line`),
/// status, value, low and high ends of the range, distribution, measure at low and at high, swing;
/// the base measure is in the JSON object and under the table and Markdown. CSV header:
/// `rank,id,source,status,value,range_low,range_high,distribution,base,measure_low,measure_high,swing`.
void write_tornado(std::ostream& out, const rule_set& rules, const sensitivity_result& result, analysis_format format,
                   std::size_t top = 0);

}  // namespace descheck
