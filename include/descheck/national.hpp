#pragma once
/// \file national.hpp
/// The national picture: for a panel of networks over a date range, per service and sample date,
/// how many networks comply, the hours they are short, and which roles hold them back.

#include <cstdint>
#include <iosfwd>
#include <vector>

#include "descheck/series.hpp"

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
  double shortfall_hours = 0.0;              ///< summed over networks, workload requirements only
  std::vector<role_tally> bottleneck_roles;  ///< most frequent first (ties by role id), at most top_roles
  [[nodiscard]] double share_compliant() const noexcept {
    return in_force == 0 ? 0.0 : static_cast<double>(compliant) / in_force;
  }
};

/// The national picture.
struct national_report {
  std::uint32_t networks = 0;
  std::vector<date> dates;
  /// Cells by date, then service in id order, then the all-services cell (service == no_index).
  std::vector<national_cell> cells;
};

/// Checks every network at every sample date (bottleneck groups included) and summarises.
/// Identical for any thread count.
[[nodiscard]] national_report summarise_nation(const rule_set& rules, const panel& networks,
                                               const national_options& options, const progress_callback& progress = {});

/// Output formats of the national report.
enum class report_format : std::uint8_t { markdown, csv };

/// Writes the report: Markdown (a headline paragraph and one table per service) or CSV (one row per
/// cell: `service,date,networks_in_force,compliant,share_compliant,shortfall_hours,bottleneck_roles`).
void write_national_report(std::ostream& out, const rule_set& rules, const national_report& report,
                           report_format format);

}  // namespace descheck
