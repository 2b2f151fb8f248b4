#pragma once
/// \file funding/funding.hpp
/// The money side of the Additional Roles Reimbursement Scheme (ARRS): what each network is entitled
/// to in a financial year, what its ARRS-funded staff would claim, and the headroom between the two,
/// per network and for the whole panel. docs/funding.md gives the formulas with a worked example.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/io/table.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// A financial year: financial year N runs from 1 April N to 31 March N+1, both inclusive.
struct financial_year {
  int start = 0;  ///< the calendar year it starts in: 2021 for 2021/22
  date from;      ///< 1 April `start`
  date to;        ///< 31 March `start` + 1
  /// Days in the year: 366 when it holds a 29 February (2023/24), else 365.
  [[nodiscard]] std::int32_t days() const noexcept { return to.days - from.days + 1; }
  /// "2021/22"
  [[nodiscard]] std::string label() const;
  friend bool operator==(const financial_year&, const financial_year&) = default;
};

/// The financial year holding a day: 2022-03-31 is in 2021/22, 2022-04-01 in 2022/23.
[[nodiscard]] financial_year financial_year_of(date d);
/// Financial year `start`/`start+1`. Throws input_error (DC022) for a year outside 1 to 9998.
[[nodiscard]] financial_year financial_year_starting(int start);

/// What the ARRS posts of one role would claim in one year (for one network, or summed over many).
struct role_claim {
  role_index role = 0;
  /// WTE-years on reimbursable days: Σ wte × (days in post and reimbursable in the year) / days in the
  /// year, all WTE in post, including any above the role's WTE cap.
  double wte_years = 0.0;
  /// GBP claimed: Σ over intervals of min(wte, cap) × min(reimbursed_share × cost, max_reimbursement)
  /// × days / days in the year, where wte is the role's claiming posts in force, cap the role's
  /// `arrs.cap` in force for the network (none where undefined), and the cost is
  /// funding_options::cost_per_wte or, when none is given, taken to reach the maximum.
  double claim = 0.0;
  /// GBP the same posts would claim with neither cap: all their WTE at reimbursed_share × cost where a
  /// cost is given, else at the maximum itself. `uncapped - claim` is what the two caps withhold.
  double uncapped = 0.0;
  friend bool operator==(const role_claim&, const role_claim&) = default;
};

/// One network's ARRS money in one financial year.
struct network_funding {
  std::uint32_t network = 0;       ///< index into panel::networks
  int year = 0;                    ///< financial_year::start
  double weighted_patients = 0.0;  ///< day-weighted average over the year
  double entitlement = 0.0;        ///< GBP: per_weighted_patient(1 April) × weighted_patients
  double claims = 0.0;             ///< GBP: Σ roles[i].claim
  std::vector<role_claim> roles;   ///< roles with ARRS posts in the year, in rule-set order
  /// Days of the year on which the panel's coverage (SPEC section 3) holds the network's staff: the
  /// year's days when the panel has no coverage file. Below the year's days its claims are unknown,
  /// not zero: posts outside its coverage are missing from the staff file, not absent.
  std::int32_t days_with_data = 0;
  /// GBP left unclaimed: entitlement − claims (negative when the posts would claim more than the
  /// network is entitled to; the scheme pays no more than the entitlement).
  [[nodiscard]] double headroom() const noexcept { return entitlement - claims; }
};

/// Choices for arrs_funding().
struct funding_options {
  /// Count every post of a reimbursable role as ARRS-funded, whatever its `funding` column says
  /// (the census does not say who pays for a post). Without it only `funding: arrs` posts claim.
  bool assume_arrs = false;
  /// Optional employment cost (GBP per WTE a year, salary plus on-costs) by role_index; a missing
  /// entry or an undefined day means "at least the maximum", so the claim is the maximum itself.
  std::vector<schedule> cost_per_wte;
};

/// One network's entitlement, claims and headroom in financial year `year` (2021 for 2021/22).
///
/// Entitlement: `funding.yaml`'s per_weighted_patient on 1 April of the year × the network's weighted
/// population (driver `weighted_patients`, or its default) averaged over the days of the year.
/// Claims: for each role and each day of the year on which its max_reimbursement is defined, the WTE
/// of its ARRS posts in force (see funding_options::assume_arrs), at most the role's `arrs.cap` in
/// force for the network, × min(reimbursed_share × cost, max_reimbursement) / days in the year,
/// computed over intervals of constant terms, not day by day. WTE above the cap claims nothing.
/// max_reimbursement is the most a network can claim after the share (the 50% of a mental health
/// practitioner is already in its £27,835), so without a cost the share is not applied again.
///
/// Throws rule_error DC090 when the rule set has no funding.yaml or no per_weighted_patient on
/// 1 April of the year, DC031 when it has no `weighted_patients` driver; input_error DC050 when the
/// network has no weighted population (nor a default) on some day of the year, DC022 for a negative
/// cost or a year outside 1 to 9998.
[[nodiscard]] network_funding arrs_funding(const rule_set& rules, const panel& networks, std::uint32_t network,
                                           int year, const funding_options& options = {});

/// The whole panel in one financial year.
///
/// When the panel has a coverage file, a network without data on some day of the year has unknown
/// claims and would inflate what goes unclaimed: it is counted apart (networks_without_data,
/// entitlement_without_data) and every other figure sums only the networks with data all year.
struct national_funding {
  financial_year year;
  std::uint32_t networks = 0;  ///< networks in the totals (all of the panel without a coverage file)
  double weighted_patients = 0.0;
  double entitlement = 0.0;  ///< GBP, Σ over networks
  double claims = 0.0;       ///< GBP, Σ over networks (uncut by entitlements)
  /// GBP of entitlement no claim uses: Σ max(0, headroom). This is what would go unclaimed, since a
  /// network's claims beyond its own entitlement are not paid out of another network's.
  double unclaimed = 0.0;
  /// GBP claimed beyond entitlements: Σ max(0, −headroom).
  double over_claimed = 0.0;
  std::uint32_t networks_with_headroom = 0;  ///< networks whose headroom is at least £0.01
  std::uint32_t networks_over = 0;           ///< networks whose claims exceed entitlement by at least £0.01
  /// `funding.yaml`'s national_pot on 1 April, for comparison with the entitlement total.
  std::optional<double> national_pot;
  std::vector<role_claim> roles;  ///< national totals by role, in rule-set order
  /// Networks left out of the totals for want of data on some day of the year (always 0 without a
  /// coverage file), and the GBP they are entitled to between them.
  std::uint32_t networks_without_data = 0;
  double entitlement_without_data = 0.0;
  /// GBP: entitlement − claims, over- and under-claims netted.
  [[nodiscard]] double headroom() const noexcept { return entitlement - claims; }
  /// GBP the scheme would pay: claims up to each network's entitlement, Σ min(claims, entitlement).
  [[nodiscard]] double paid() const noexcept { return entitlement - unclaimed; }
};

/// Every network of a panel and their totals in one financial year.
struct funding_report {
  std::string scenario = "baseline";  ///< the rule set's scenario_id
  bool assume_arrs = false;
  std::vector<network_funding> networks;  ///< in panel order
  national_funding national;
};

/// arrs_funding() for every network of the panel, and the national totals. Throws as arrs_funding().
[[nodiscard]] funding_report summarise_funding(const rule_set& rules, const panel& networks, int year,
                                               const funding_options& options = {});

/// One row per network and year:
/// `scenario,year,network_id,name,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years`
/// (year as `2021/22`, money in GBP to 2 decimals, unclaimed = max(0, headroom)); when the panel
/// has a coverage file, a trailing `days_with_data` column. No totals: see funding_totals_table().
[[nodiscard]] table funding_table(const panel& networks, const std::vector<funding_report>& reports);

/// The national totals, one row per year:
/// `scenario,year,networks,weighted_patients,entitlement,claims,headroom,unclaimed,arrs_wte_years`
/// (unclaimed is national_funding::unclaimed, not max(0, headroom)).
[[nodiscard]] table funding_totals_table(const std::vector<funding_report>& reports);

/// Writes reports (one per financial year, same panel): funding_table() in csv, json or table; for
/// markdown a page people read: a national summary (totals by year, what would go unclaimed against
/// the national pot, claims by role) and a table of networks; with a coverage file, how many
/// networks were left out of the totals for want of data and their entitlement, and each
/// network's days with data.
void write_funding(std::ostream& out, const rule_set& rules, const panel& networks,
                   const std::vector<funding_report>& reports, table_format format);

}  // namespace descheck
