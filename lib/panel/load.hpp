#pragma once
// The panel loader's hook for pooled staff (pools/load.cpp): staff rows whose network_id is a pool id
// load as the pool's posts instead of being refused as unknown networks.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/panel/panel.hpp"

namespace descheck::detail {

/// Pool ids the staff file may name, and the staff rows found on them (post::network = pool index).
struct pool_staff {
  std::vector<std::string> ids;
  std::vector<post> posts;
  /// Index of a pool id, or no_index.
  [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (ids[i] == id) return static_cast<std::uint32_t>(i);
    return no_index;
  }
};

/// load_panel / parse_panel, routing rows on pool ids into `pools` when it is not null.
[[nodiscard]] panel load_panel_with_pools(const rule_set& rules, const std::filesystem::path& networks_csv,
                                          const std::filesystem::path& staff_csv, const csv_limits& limits,
                                          pool_staff* pools);
[[nodiscard]] panel parse_panel_with_pools(const rule_set& rules, std::string_view networks_csv,
                                           std::string_view staff_csv, const std::string& networks_name,
                                           const std::string& staff_name, const csv_limits& limits, pool_staff* pools);

}  // namespace descheck::detail
