#pragma once
// National PCN workforce figures the synthetic panel follows. The tables are defined in
// synthetic/totals.cpp, which scripts/census-totals generates from the NHS Digital census files.

#include <cstdint>
#include <span>
#include <string_view>

namespace descheck::detail {

/// National FTE of one role at one census, as the generated table writes it.
struct census_total_row {
  std::string_view role;    ///< role id in specs/des-england
  std::string_view census;  ///< ISO date: first day of the census month
  double fte = 0.0;         ///< national FTE
  std::uint32_t networks = 0;
  bool interpolated = false;
};

/// PCNs per NHS England commissioning region in the latest census.
struct census_region_row {
  std::string_view region;
  std::uint32_t networks = 0;
};

/// Every role × quarter, ordered by role (as in roles.yaml) then census date.
[[nodiscard]] std::span<const census_total_row> census_total_rows() noexcept;
/// The commissioning regions, most networks first.
[[nodiscard]] std::span<const census_region_row> census_region_rows() noexcept;

}  // namespace descheck::detail
