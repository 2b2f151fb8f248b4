#pragma once
/// \file import/import.hpp
/// Importers of published NHS data: the PCN workforce census becomes a staff file and the ePCN
/// files with practice list sizes become a networks file (SPEC section 3). See docs/importing.md.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// One staff row as the staff CSV holds it: `wte` of `role` in `network_id` from `start` to `end`.
struct staff_row {
  std::string network_id;
  role_index role = no_index;
  double wte = 0.0;
  date start = date::min();
  date end = date::max();  ///< inclusive; date::max() when open-ended
  funding_kind funding = funding_kind::core;
  friend bool operator==(const staff_row&, const staff_row&) = default;
};

/// What one census file held.
struct census_summary {
  std::string file;
  date month;                     ///< first day of the census month (CENSUS_YEAR, CENSUS_MONTH)
  date end = date::max();         ///< last day the census is taken to hold (see docs/importing.md)
  std::size_t rows = 0;           ///< data rows
  double fte = 0.0;               ///< FTE of every row
  double mapped_fte = 0.0;        ///< FTE of the rows whose label maps to a role
  std::size_t networks = 0;       ///< distinct PCN codes
  std::size_t negative_rows = 0;  ///< rows with a negative FTE (kept in the sums)
  friend bool operator==(const census_summary&, const census_summary&) = default;
};

/// A census label that no role of the rule set claims: its rows are left out of the staff file.
struct unmapped_label {
  std::string staff_role;           ///< STAFF_ROLE
  std::string detailed_staff_role;  ///< DETAILED_STAFF_ROLE (empty when the file has no such column)
  std::size_t rows = 0;             ///< over every census read
  double fte = 0.0;
  friend bool operator==(const unmapped_label&, const unmapped_label&) = default;
};

/// A network's total for a role in one census that came out negative (the census holds a few
/// negative FTE corrections): a staff file cannot hold it, so it is left out and reported.
struct negative_total {
  std::string network_id;
  role_index role = no_index;
  date month;
  double fte = 0.0;
  friend bool operator==(const negative_total&, const negative_total&) = default;
};

/// Staff of a PCN that the networks file given in workforce_options does not know: left out.
struct unknown_network_staff {
  std::string network_id;
  std::string name;          ///< PCN_NAME as the census gives it
  std::size_t rows = 0;      ///< rows with a mapped label
  double fte = 0.0;          ///< their FTE
  std::size_t censuses = 0;  ///< censuses the PCN appears in
  friend bool operator==(const unknown_network_staff&, const unknown_network_staff&) = default;
};

/// Dates on which the censuses are a complete record of one network's staff: a row of the coverage
/// file of SPEC section 3 (`network_id,from,to`).
struct coverage_row {
  std::string network_id;
  date from;
  date to = date::max();  ///< inclusive; date::max() when open-ended
  friend bool operator==(const coverage_row&, const coverage_row&) = default;
};

/// Options of import_workforce().
struct workforce_options {
  /// Last day the latest census holds; open-ended when empty. Must not be before its month.
  std::optional<date> until;
  /// A networks CSV (column `network_id`): when given, staff of other PCNs are left out and reported.
  std::optional<std::filesystem::path> networks;
  csv_limits limits;
};

/// The result of reading census files: the staff rows, and everything left out, so nothing is
/// dropped silently.
struct workforce_import {
  std::vector<census_summary> censuses;  ///< by month
  std::vector<staff_row> rows;           ///< by network id, then start, then role (rule-set order)
  std::vector<unmapped_label> unmapped;  ///< by FTE, largest first
  std::vector<negative_total> negative_totals;
  std::vector<unknown_network_staff> unknown_networks;  ///< by network id
  /// Per network (of the networks file, when given), the dates its censuses stand for: each census
  /// in which the PCN appears covers it from the census month to the day before the next census
  /// (the latest to `until`, or open-ended), as the staff rows do; back-to-back censuses merge into
  /// one window. By network id, then date.
  std::vector<coverage_row> coverage;
};

/// Reads NHS Digital PCN workforce census files (Windows-1252 or UTF-8, RFC 4180) into staff rows
/// of `rules`' roles: one row per (PCN, role, census) with the summed FTE. Each row's label maps
/// through the roles' `workforce_labels`, DETAILED_STAFF_ROLE first, then STAFF_ROLE. A census holds
/// from the first day of its month to the day before the next census's month; the latest holds
/// until `options.until`, or open-ended. `funding` is `arrs` where the role's ARRS reimbursement is
/// defined on the census month's first day, else `core`. Throws input_error with every problem of
/// every file (missing columns, bad numbers, mixed census months, the same month twice), and
/// rule_error (DC072) when two roles claim the same label.
[[nodiscard]] workforce_import import_workforce(const rule_set& rules,
                                                const std::vector<std::filesystem::path>& census_files,
                                                const workforce_options& options = {});

/// Writes the staff CSV of SPEC section 3: `network_id,role,wte,start,end,funding`.
void write_staff_csv(std::ostream& out, const rule_set& rules, const std::vector<staff_row>& rows);

/// Writes the coverage CSV of SPEC section 3: `network_id,from,to` (`to` empty when open-ended).
void write_coverage_csv(std::ostream& out, const std::vector<coverage_row>& rows);

/// One network as the networks importer builds it.
struct imported_network {
  std::string id;                    ///< PCN code
  std::string name;                  ///< PCN name
  std::string region;                ///< the PCN's commissioner (CCG or sub-ICB location) name
  std::size_t practices = 0;         ///< current member practices
  std::size_t listed_practices = 0;  ///< of those, practices with a list size
  /// Sum of the member practices' lists; empty when no member practice has a list size.
  std::optional<std::int64_t> registered_patients;
  /// In NHS England's London commissioning region, from the latest census naming the PCN
  /// (networks_options::censuses); empty when no census names it or none was given.
  std::optional<bool> london;
  friend bool operator==(const imported_network&, const imported_network&) = default;
};

/// A member practice with no list-size row: its patients are missing from its network's total.
struct unlisted_practice {
  std::string practice;    ///< practice code
  std::string name;        ///< partner name from the ePCN file
  std::string network_id;  ///< the network it belongs to
  friend bool operator==(const unlisted_practice&, const unlisted_practice&) = default;
};

/// Options of import_networks().
struct networks_options {
  /// Membership date: a practice-to-PCN link counts when it has started by then (start date on or
  /// before it) and not ended (end date on or after it); a PCN closed before it is left out. Empty:
  /// the list-size file's EXTRACT_DATE, or, without one, every link or PCN with an end date counts
  /// as ended and start dates are not looked at.
  std::optional<date> at;
  /// PCN workforce census files: each PCN's COMM_REGION_NAME in the latest census that names it
  /// sets imported_network::london (ARRS London weighting); the file gets a `london` column.
  std::vector<std::filesystem::path> censuses;
  csv_limits limits;
};

/// The result of the networks import.
struct networks_import {
  std::optional<date> at;                   ///< membership date used
  std::vector<imported_network> networks;   ///< in the order of the PCN file
  std::vector<unlisted_practice> unlisted;  ///< by network id, then practice code
  std::size_t inactive_links = 0;           ///< partner rows left out: ended, not yet started, or of a closed PCN
  std::size_t closed_networks = 0;          ///< PCNs left out as closed
  std::size_t unlinked_practices = 0;       ///< list-size rows of practices in no current network
  std::int64_t unlinked_patients = 0;       ///< their patients
  bool regions_read = false;                ///< censuses were given: the `london` column is written
};

/// Builds networks from the ePCN "PCN Details" and "PCN Core Partner Details" sheets (as CSV) and
/// the "Patients Registered at a GP Practice" file: each PCN's registered patients are the sum of
/// its current member practices' totals (rows with SEX and AGE `ALL`). Throws input_error with
/// every problem found (missing columns, bad dates or counts, a partner naming an unknown PCN, a
/// practice listed twice or in two networks).
[[nodiscard]] networks_import import_networks(const std::filesystem::path& pcns_csv,
                                              const std::filesystem::path& partners_csv,
                                              const std::filesystem::path& practices_csv,
                                              const networks_options& options = {});

/// Writes the networks CSV of SPEC section 3: `network_id,name,region,registered_patients`, then
/// `london` (1, 0, or empty where no census names the PCN) when censuses were read.
/// Drivers the data lacks are not written, so the rule set's defaults apply to them.
void write_networks_csv(std::ostream& out, const networks_import& networks);

}  // namespace descheck
