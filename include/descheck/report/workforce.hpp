#pragma once
/// \file report/workforce.hpp
/// The census against NHS England's published ARRS workforce and the recruitment target: how much of
/// the national workforce a staff file holds. A census that misses networks or posts makes every sum
/// computed from it (claims, unclaimed entitlement) a partial one; this says by how much.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// One published count: its value, the day it refers to and where the rule set says it came from
/// (the origin's reference is the source, its note the basis of the count).
struct published_count {
  date on;
  double value = 0.0;
  origin_id source = no_origin;
  friend bool operator==(const published_count&, const published_count&) = default;
};

/// How far from a census date a published count may be and still be set beside it: a year.
/// A count further away measures a different workforce (the scheme grew by thousands a year).
inline constexpr std::int32_t max_count_distance_days = 366;

/// The published count whose date is nearest to `d` (the earlier on a tie) and at most `max_days`
/// from it, or nullopt when there is none. Steps with a null value are not counts and are skipped.
[[nodiscard]] std::optional<published_count> nearest_count(const schedule& counts, date d,
                                                           std::int32_t max_days = max_count_distance_days) noexcept;

/// The census at one date beside the national figures.
struct workforce_point {
  date on;
  double census_wte = 0.0;                  ///< posts in force of roles ARRS-reimbursable on `on`, networks with data
  std::uint32_t networks_with_data = 0;     ///< networks covered on `on` (all of them without a coverage file)
  std::optional<published_count> reported;  ///< national ARRS count nearest in date, within a year
  std::optional<double> target;             ///< additional-staff target in force on `on`
  friend bool operator==(const workforce_point&, const workforce_point&) = default;
};

/// One role at the latest census date.
struct role_workforce {
  role_index role = 0;
  double census_wte = 0.0;
  std::optional<published_count> reported;  ///< the role's national count nearest in date
  friend bool operator==(const role_workforce&, const role_workforce&) = default;
};

/// The census against the published counts over a date range.
struct workforce_comparison {
  std::uint32_t networks = 0;           ///< networks in the panel
  std::vector<workforce_point> points;  ///< one per census date in the range, ascending
  /// Per role at the last census date: roles reimbursable then or with published counts, in rule-set
  /// order; empty when there is no census date.
  std::vector<role_workforce> roles;
  friend bool operator==(const workforce_comparison&, const workforce_comparison&) = default;
};

/// Whether the rule set carries any published workforce figure (`arrs.reported_workforce`,
/// `arrs.recruitment_target` or a role's `arrs.reported_wte`); without one there is nothing to compare.
[[nodiscard]] bool has_workforce_figures(const rule_set& rules) noexcept;

/// The dates in [from, to] at which a census's staff change: the panel's breakpoints that fall on the
/// first of a month (the census files each stand for a month), ascending.
[[nodiscard]] std::vector<date> census_dates(const panel& networks, date from, date to);

/// The census against the rule set's published figures at every census date in [from, to]. A post
/// counts on a date when it is in force, its role's `arrs.max_reimbursement` is defined then and its
/// network is covered then (`panel::covered`). Posts of every funding kind count: the census does not
/// say who pays.
[[nodiscard]] workforce_comparison compare_workforce(const rule_set& rules, const panel& networks, date from, date to);

/// The comparison as a Markdown section ("## ARRS workforce: ..."), with a sentence that says what
/// it means and a table of the sources cited.
void write_workforce_markdown(std::ostream& out, const rule_set& rules, const workforce_comparison& comparison);

}  // namespace descheck
