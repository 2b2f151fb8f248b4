#pragma once
/// \file analysis/measures.hpp
/// The national figures that sensitivity and uncertainty runs vary (SPEC section 9): per window
/// (one date, or a financial year judged all year) and per service (and all services together),
/// networks compliant and total shortfall hours. Networks without data (coverage, `no_data`) are
/// counted apart, as everywhere else.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/time/series.hpp"

namespace descheck {

/// Which national figure a run reports.
enum class measure_kind : std::uint8_t {
  compliant,  ///< networks compliant (at the date; on every day something is in force, for a year)
  shortfall,  ///< hours a week short, summed over networks (workload requirements; a year: its daily mean)
};

/// Parses `compliant` or `shortfall`; throws input_error (DC060) otherwise.
[[nodiscard]] measure_kind parse_measure(std::string_view text);
/// `compliant` or `shortfall`.
[[nodiscard]] const char* to_string(measure_kind k) noexcept;

/// How sensitivity and uncertainty tables are written.
enum class analysis_format : std::uint8_t { table, csv, json, markdown };
/// Parses `table`, `csv`, `json` or `markdown`; throws input_error (DC060) otherwise.
[[nodiscard]] analysis_format parse_analysis_format(std::string_view text);

/// Where a measure is taken: one date (from == to), or a span judged as a whole (a financial year).
struct measure_window {
  date from;
  date to;
  friend bool operator==(const measure_window&, const measure_window&) = default;
};

/// One date.
[[nodiscard]] inline measure_window at_date(date d) noexcept { return {d, d}; }
/// The financial year `YYYY/YY` (1 April to 31 March), e.g. "2021/22"; throws input_error (DC060)
/// for anything else (the two years must follow each other).
[[nodiscard]] measure_window parse_financial_year(std::string_view text);
/// "2021-06-01" for a date, "2021/22" for a financial year, "FROM..TO" for any other span.
[[nodiscard]] std::string to_string(const measure_window& w);
/// The financial years that overlap [from, to], each clipped to it, in order (the years of
/// `descheck report`); empty when to < from.
[[nodiscard]] std::vector<measure_window> financial_year_windows(date from, date to);
/// "2021/22": the financial year (1 April to 31 March) that holds `d`.
[[nodiscard]] std::string financial_year_label(date d);

/// One service (or every service together) in one window.
struct measure_cell {
  std::uint32_t service = no_index;  ///< index into rule_set::services, or no_index for all services
  std::uint32_t in_force = 0;        ///< networks with some requirement of the service in force
  std::uint32_t compliant = 0;       ///< of those, networks meeting all of them (all window long)
  std::uint32_t no_data = 0;         ///< networks outside their coverage on some day (counted apart)
  /// Summed over networks, workload requirements only; for a span, the mean over its days. Whole
  /// micro-hours are summed as integers, so the figure does not depend on the order of work.
  double shortfall_hours = 0.0;
  /// `compliant` or `shortfall_hours`, as a number.
  [[nodiscard]] double value(measure_kind k) const noexcept {
    return k == measure_kind::compliant ? static_cast<double>(compliant) : shortfall_hours;
  }
  friend bool operator==(const measure_cell&, const measure_cell&) = default;
};

/// The measures of one run.
struct national_measures {
  std::vector<measure_window> windows;
  /// Cells by window, then service in id order, then all services (service == no_index):
  /// `cells[w * (services + 1) + s]`.
  std::vector<measure_cell> cells;
  std::uint32_t services = 0;  ///< rule_set::services.size()
  [[nodiscard]] const measure_cell& cell(std::size_t window, std::uint32_t service) const {
    return cells.at(window * (services + 1) + (service == no_index ? services : service));
  }
  friend bool operator==(const national_measures&, const national_measures&) = default;
};

/// Checks every network in every window and returns the measures. Identical for any thread count
/// (0: all cores).
[[nodiscard]] national_measures measure_nation(const rule_set& rules, const panel& networks,
                                               const std::vector<measure_window>& windows, unsigned threads = 0,
                                               const progress_callback& progress = {});

}  // namespace descheck
