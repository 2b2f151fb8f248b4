#pragma once
/// \file synthetic/synthetic.hpp
/// A synthetic national panel: networks and staff that look like England's 1,250 Primary Care
/// Networks (list sizes, regions, staff by role and quarter) without any downloaded data. The
/// networks are invented; only the national totals they add up to are real (docs/synthetic-panel.md).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// National FTE of one role at one NHS Digital PCN workforce census, as embedded in the library.
struct census_total {
  std::string role;            ///< role id in specs/des-england
  date census;                 ///< first day of the census month
  double fte = 0.0;            ///< national FTE (1.0 = 37.5 hours a week)
  std::uint32_t networks = 0;  ///< networks with any FTE of the role
  bool interpolated = false;   ///< a quarter missing from the census, interpolated from its neighbours
  friend bool operator==(const census_total&, const census_total&) = default;
};

/// Every role × census quarter (March 2020 to September 2022), ordered by role, then date.
/// Source: NHS England Digital, "Primary Care Network Workforce", licensed under the OGL v3.0.
[[nodiscard]] const std::vector<census_total>& census_totals();

/// The number of networks the embedded totals describe: a synthetic panel of N networks gets each
/// national total scaled by N / 1,250.
inline constexpr std::uint32_t census_reference_networks = 1250;

/// Registered list per PCN, January 2021 (derived from NHS Digital's practice lists joined to
/// the ePCN core partner file): the points the synthetic list sizes go through.
struct list_size_facts {
  double min = 14383;
  double p10 = 31077;
  double median = 44173;
  double mean = 48196;
  double p90 = 68941;
  double max = 264151;
};

/// The published list-size distribution of the 1,250 PCNs.
inline constexpr list_size_facts published_list_sizes{};

/// The quantile function synthetic list sizes are drawn from: monotone through the published
/// minimum, p10, median, p90 and maximum, with a heavy upper tail fitted so that its mean is the
/// published mean. `u` is clamped to [0, 1]; 0 gives the minimum, 1 the maximum.
[[nodiscard]] double synthetic_list_size_quantile(double u);

/// What to generate.
struct synthetic_options {
  std::uint32_t networks = census_reference_networks;  ///< 1 to max_networks
  static constexpr std::uint32_t max_networks = 100'000;
};

/// A generated panel: the two CSV files of SPEC section 3 and the same data already loaded.
struct synthetic_panel {
  std::string networks_csv;        ///< `network_id,name,region,registered_patients[,care_home_beds]`
  std::string staff_csv;           ///< `network_id,role,wte,start,end,funding`, one row per network, role, quarter
  panel networks;                  ///< equal to load_panel() of the two texts, except for the file names
  std::vector<date> census_dates;  ///< the quarters the staff rows cover, ascending
  std::vector<std::string> skipped_roles;  ///< census roles the rule set does not define: no rows
  std::uint64_t seed = 0;
};

/// Builds a synthetic national panel for a rule set (which must define the `registered_patients`
/// driver; `care_home_beds` is filled when the rule set defines it). The same rules, seed and
/// options give byte-identical CSV texts on any platform. Throws input_error (DC022) for a network
/// count out of range and (DC031) for a rule set without `registered_patients`.
[[nodiscard]] synthetic_panel make_synthetic_panel(const rule_set& rules, std::uint64_t seed,
                                                   const synthetic_options& options = {});

/// Paths of the files write_synthetic_panel() wrote.
struct synthetic_files {
  std::filesystem::path networks;
  std::filesystem::path staff;
};

/// Writes `networks.csv` and `staff.csv` into `directory` (created when missing), each atomically.
/// Throws input_error (DC001) when the directory or a file cannot be written.
synthetic_files write_synthetic_panel(const synthetic_panel& generated, const std::filesystem::path& directory);

}  // namespace descheck
