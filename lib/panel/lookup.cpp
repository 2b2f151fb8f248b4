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

std::optional<double> arrs_maximum(const rule_set& rules, const network& net, role_index role, date at) noexcept {
  const struct role& r = rules.roles[role];
  if (!r.arrs) return std::nullopt;
  const auto national = r.arrs->max_reimbursement.at(at);
  if (!national) return std::nullopt;
  const driver_index london = rules.find_driver("london");
  if (london == no_index || !(driver_value(rules, net, london, at).value_or(0.0) > 0.5)) return national;
  const auto weighted = r.arrs->london_max_reimbursement.at(at);
  return weighted ? weighted : national;
}

}  // namespace descheck
