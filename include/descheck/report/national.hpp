#pragma once
/// \file report/national.hpp
/// The national picture: for a panel of networks over a date range, per service and sample date,
/// how many networks comply, the hours they are short, and which roles hold them back.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "descheck/io/table.hpp"
#include "descheck/time/series.hpp"

namespace descheck {

/// What to summarise.
struct national_options {
  date from;
  date to;
  cadence every = cadence::quarter;
  unsigned threads = 0;  ///< 0: all cores
  std::size_t top_roles = 3;
};

/// One role and the number of networks in which it sits in a bottleneck group.
struct role_tally {
  role_index role = 0;
  std::uint32_t networks = 0;
};

/// One service (or every service together) at one sample date.
struct national_cell {
  std::uint32_t service = 0;  ///< index into rule_set::services, or no_index for all services
  date at;
  std::uint32_t in_force = 0;                ///< networks with some requirement of the service in force
  std::uint32_t compliant = 0;               ///< of those, networks meeting all of them
  std::uint32_t no_data = 0;                 ///< networks outside their coverage at the date (counted apart)
  double shortfall_hours = 0.0;              ///< summed over networks, workload requirements only
  std::vector<role_tally> bottleneck_roles;  ///< most frequent first (ties by role id), at most top_roles
  [[nodiscard]] double share_compliant() const noexcept {
    return in_force == 0 ? 0.0 : static_cast<double>(compliant) / in_force;
  }
};

/// Networks compliant throughout one financial year (1 April to 31 March), clipped to the range.
struct national_year {
  date from;
  date to;
  std::uint32_t in_force = 0;   ///< networks with some requirement in force on some day of the year
  std::uint32_t compliant = 0;  ///< of those, networks compliant on every day something is in force
  /// Networks outside their coverage on some day of the year: counted apart, in neither figure above,
  /// since whether they were compliant all year is not known.
  std::uint32_t no_data = 0;
  /// "2020/21"
  [[nodiscard]] std::string label() const;
};

/// The spread of one count of compliant networks over draws of every ranged value at once:
/// nearest-rank 5th, 50th and 95th percentiles (analysis/uncertainty.hpp).
struct compliance_band {
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  friend bool operator==(const compliance_band&, const compliance_band&) = default;
};

/// Networks compliant all of one financial year, for one service (or all services): the national
/// measure of that window (measure_nation()), with its band.
struct national_year_cell {
  std::uint32_t year = 0;            ///< index into national_report::years
  std::uint32_t service = no_index;  ///< index into rule_set::services, or no_index for all services
  std::uint32_t in_force = 0;        ///< networks with some requirement of the service in force some day
  std::uint32_t compliant = 0;       ///< of those, networks meeting all of them every day
  std::uint32_t no_data = 0;         ///< networks without data on some day of the year (counted apart)
  double shortfall_hours = 0.0;      ///< summed over networks, averaged over the days of the year
  compliance_band band;
};

/// The 90% bands of a report's compliant counts (`descheck report --draws`).
struct national_bands {
  std::uint64_t seed = 0;
  std::uint32_t draws = 0;
  std::uint32_t values = 0;               ///< ranged values drawn
  std::vector<compliance_band> cells;     ///< one per national_report::cells, in the same order
  std::vector<national_year_cell> years;  ///< by year, then service in id order, then all services
};

/// The national picture.
struct national_report {
  std::string scenario = "baseline";  ///< the rule set's scenario_id
  std::uint32_t networks = 0;
  bool coverage = false;  ///< the panel had a coverage file: no-data counts are part of the report
  std::vector<national_year> years;
  std::vector<date> dates;
  /// Cells by date, then service in id order, then the all-services cell (service == no_index).
  std::vector<national_cell> cells;
  /// With draws (add_national_bands()): the bands of every compliant count; absent otherwise, and
  /// then every output is as without them.
  std::optional<national_bands> bands;
};

/// Checks every network at every sample date (bottleneck groups included) and summarises.
/// Identical for any thread count.
[[nodiscard]] national_report summarise_nation(const rule_set& rules, const panel& networks,
                                               const national_options& options, const progress_callback& progress = {});

/// Draws every ranged value of `rules` `draws` times at once (seed `seed`, as `descheck
/// uncertainty`) and adds the bands of the report's compliant counts, per date and per financial
/// year, per service and for all services. `report` must be summarise_nation()'s for the same
/// rule set, panel and options. Identical for any thread count.
void add_national_bands(national_report& report, const rule_set& rules, const panel& networks,
                        const national_options& options, std::uint32_t draws, std::uint64_t seed,
                        const progress_callback& progress = {});

/// Writes the report: Markdown is a page people read (a headline paragraph and one table per
/// service); csv, json and table are the rows of national_table(), one per service and date.
void write_national_report(std::ostream& out, const rule_set& rules, const national_report& report,
                           table_format format);

/// One report of a comparison and the words that name its scenario.
struct labelled_report {
  const rule_set* rules = nullptr;
  std::string label;  ///< e.g. the scenario's label
  national_report report;
};

/// Writes reports of the same panel and dates under several scenarios side by side: Markdown opens
/// with one plain sentence per financial year ("In 2020/21, under A, N of 1,250 networks had the
/// staff for every requirement in force all year; under B, M."), then one table per service with a
/// column per scenario; csv, json and table are national_table().
void write_national_comparison(std::ostream& out, const std::vector<labelled_report>& reports, table_format format);

/// The rows of every report, scenario by scenario, service-major:
/// `scenario,service,date,networks_in_force,compliant,share_compliant,shortfall_hours,bottleneck_roles`,
/// plus `networks_no_data` when the panel has a coverage file. With bands, also
/// `financial_year,p5,p50,p95`, and after each service's dates one row per financial year (date
/// empty; compliant all year; shortfall averaged over its days; no bottleneck roles).
[[nodiscard]] table national_table(const std::vector<labelled_report>& reports);

}  // namespace descheck
