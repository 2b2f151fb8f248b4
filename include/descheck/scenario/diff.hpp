#pragma once
/// \file scenario/diff.hpp
/// Comparing a rule set with the same rule set under further scenarios: which rules differ and from
/// when, which networks change state on which dates, and which changes of the scenarios cause each
/// change of state.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "descheck/io/table.hpp"
#include "descheck/scenario/scenario.hpp"
#include "descheck/time/series.hpp"

namespace descheck {

/// How one rule differs between the left and the right rule set.
enum class difference_kind : std::uint8_t {
  differs,  ///< a value differs; for a schedule, `from` says from which date
  adds,     ///< the right has something the left has not (a delivering role, a requirement)
  removes,  ///< the left has something the right has not
};

/// One difference between two rule sets, e.g. `smr.reviews: phase differs from 2020-04-01`.
struct rule_difference {
  std::string target;  ///< `service.requirement`, a role id or a driver id
  std::string aspect;  ///< what differs: `phase`, `demand term 0`, `delivered_by`, `available_share`, ...
  difference_kind kind = difference_kind::differs;
  std::optional<date> from;  ///< first date on which the two schedules disagree (date::min(): on every date)
  std::string left;          ///< the left value at `from` (`undefined` where it is), or what is removed
  std::string right;         ///< the right value at `from`, or what is added
  friend bool operator==(const rule_difference&, const rule_difference&) = default;
};

/// Two values of a schedule are the same when they differ by at most this much relative to the
/// larger: a factor and its inverse applied in turn come back within a few units in the last place.
inline constexpr double diff_relative_tolerance = 1e-9;

/// The line a difference prints as (`smr.reviews: phase differs from 2020-04-01 (left undefined -> right 1)`).
[[nodiscard]] std::string to_string(const rule_difference& d);

/// Every difference between two rule sets with the same roles, drivers and requirements (as two
/// scenario variants of one rule set have): per requirement its phase, priority, demand or minimum
/// terms and delivering roles, per role its hours, available share and default WTE, per driver its
/// default; then anything present on one side only. Requirements come in `left.flat` order, then
/// roles and drivers in rule-set order. Schedules are compared by value (within
/// `diff_relative_tolerance`), not by source; values print with up to 10 significant digits, which
/// always tell apart two values farther apart than the tolerance.
[[nodiscard]] std::vector<rule_difference> diff_rules(const rule_set& left, const rule_set& right);

/// One change of the scenarios compared, numbered in order across all of them.
struct change_label {
  std::string scenario;     ///< the scenario's id
  std::uint32_t index = 0;  ///< 1-based position in its scenario's `changes`
  change_kind kind = change_kind::shift;
  std::string target;
  std::string note;
  std::string file;  ///< where the change is written
  int line = 0;
  /// Why the left rule set with this change alone is not a valid rule set; empty when it is.
  std::string alone_error;
  /// Why the right rule set without this change is not a valid rule set; empty when it is.
  std::string without_error;
};

/// `scenario#index:kind:target`, as output names a change.
[[nodiscard]] std::string to_string(const change_label& c);

/// A maximal interval of dates over which one network's state differs between left and right (and
/// both states are constant), with the changes that explain it, judged at `from`.
struct outcome_flip {
  std::uint32_t network = 0;  ///< index into the panel
  date from;
  date to;
  network_state left_state = network_state::not_in_force;
  network_state right_state = network_state::not_in_force;
  /// Changes each of which, applied alone to the left, gives the right's state at `from`.
  std::vector<std::uint32_t> sufficient;
  /// Changes without which (the right with that change left out) the state at `from` is the left's.
  std::vector<std::uint32_t> necessary;
  /// No single change suffices alone: only changes together give the right's state.
  bool needs_combination = false;
  /// Changes whose variants could not be judged at `from`: the variant is not a valid rule set, or a
  /// network lacks a driver value it needs (the message says which).
  std::vector<std::pair<std::uint32_t, std::string>> not_judged;
};

/// Everything a comparison finds.
struct diff_result {
  std::string left_scenario;   ///< scenario_id of the left rule set (`baseline` when none)
  std::string right_scenario;  ///< scenario_id of the right rule set
  date from;
  date to;
  std::vector<rule_difference> rules;  ///< diff_rules(left, right)
  std::vector<change_label> changes;   ///< every change of the scenarios compared, in order
  std::vector<outcome_flip> flips;     ///< in network order, then date
  std::uint32_t networks = 0;          ///< networks compared
  std::uint32_t networks_changed = 0;  ///< networks with at least one flip
};

/// Compares `left` with `left` under the scenarios `against` (applied in order; each read with
/// load_scenario against the rule set the ones before it left) for every network of `networks` over
/// [from, to]: the rule differences, the intervals where a network's state differs, and for each
/// such interval which changes suffice alone and which are necessary, judged at its start date by
/// checking the left with that one change and the right without it. `networks` must have been
/// loaded against `left`. Runs on `threads` threads (0: all cores); the result is the same for any
/// thread count. Throws rule_error when the scenarios together cannot be applied, input_error when
/// a network lacks a driver value the left or right needs.
[[nodiscard]] diff_result diff_outcomes(const rule_set& left, const std::vector<scenario>& against,
                                        const panel& networks, date from, date to, unsigned threads = 0,
                                        const progress_callback& progress = {});

/// The CSV header of diff_table().
[[nodiscard]] std::string_view diff_csv_header() noexcept;

/// One row per flip: `network_id,from,to,left_state,right_state,sufficient,necessary,note`
/// (`networks` names the networks the flips index).
[[nodiscard]] table diff_table(const diff_result& result, const panel& networks);

/// write_table() of diff_table().
void write_diff(std::ostream& out, const diff_result& result, const panel& networks, table_format format);

/// A comparison for people: three sections, rules, outcomes and attribution.
void write_diff_text(std::ostream& out, const diff_result& result, const panel& networks);

}  // namespace descheck
