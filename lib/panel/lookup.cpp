// Lookups on a loaded panel that report unknown ids the way the loaders do.
#include "descheck/panel/panel.hpp"
#include "io/text.hpp"

namespace descheck {

std::uint32_t panel::require_network(std::string_view key) const {
  const std::uint32_t index = find_network(key);
  if (index != no_index) return index;
  std::vector<std::string> ids;
  ids.reserve(networks.size());
  for (const network& n : networks) ids.push_back(n.id);
  throw input_error({{networks_file.string(), 0, 0, codes::unknown_network,
                      "no network '" + std::string(key) + "'" + detail::did_you_mean(key, ids)}});
}

}  // namespace descheck
