// panel_builder (panel/builder.hpp): a panel by name, each value checked as the CSV loader checks it.
#include "descheck/panel/builder.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <utility>

#include "descheck/core/limits.hpp"
#include "io/text.hpp"
#include "panel/validate.hpp"

namespace descheck {

namespace {

[[noreturn]] void fail(const char* code, std::string_view call, const std::string& message) {
  throw input_error({{"", 0, 0, code, std::string(call) + ": " + message}});
}

// A WTE or driver value: finite (DC044), not negative (DC045), within its bound (DC022).
void check_amount(std::string_view call, const std::string& what, double value, double maximum) {
  if (!std::isfinite(value)) fail(codes::csv_bad_number, call, what + " is not a finite number");
  if (value < 0.0) fail(codes::csv_negative, call, "negative " + what + " " + detail::format_fixed(value));
  if (value > maximum)
    fail(codes::out_of_range, call,
         what + " " + detail::format_fixed(value) + " is over the limit of " + detail::format_fixed(maximum, 0) +
             " (docs/errors.md, Bounds)");
}

std::vector<std::string> ids_of(const auto& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

}  // namespace

struct panel_builder::state {
  std::vector<network> networks;
  std::unordered_map<std::string, std::uint32_t> network_index;
  std::vector<post> posts;                             // in the order added
  std::vector<std::vector<coverage_window>> coverage;  // per network, ascending
  bool any_coverage = false;
  std::vector<pool> pools;
  std::unordered_map<std::string, std::uint32_t> pool_index;

  [[nodiscard]] std::uint32_t network_of(std::string_view call, std::string_view id) const {
    if (const auto it = network_index.find(std::string(id)); it != network_index.end()) return it->second;
    fail(codes::unknown_network, call,
         "unknown network " + detail::single_quoted(id) + " (add it with add_network first)" +
             detail::did_you_mean(id, ids_of(networks)));
  }
};

panel_builder::panel_builder(const rule_set& rules) : rules_(&rules), s_(std::make_unique<state>()) {}
panel_builder::~panel_builder() = default;
panel_builder::panel_builder(panel_builder&&) noexcept = default;
panel_builder& panel_builder::operator=(panel_builder&&) noexcept = default;

panel_builder& panel_builder::add_network(std::string_view id, std::string_view name, std::string_view region) {
  state& s = *s_;
  if (id.empty()) fail(codes::csv_empty_value, "add_network", "empty network id");
  if (s.network_index.count(std::string(id)))
    fail(codes::duplicate_network, "add_network", "network " + detail::single_quoted(id) + " was already added");
  if (s.pool_index.count(std::string(id)))
    fail(codes::pool_id_clash, "add_network", detail::single_quoted(id) + " is already a pool id");
  network net;
  net.id = std::string(id);
  net.name = std::string(name);
  net.region = std::string(region);
  net.drivers.assign(rules_->drivers.size(), schedule());
  s.network_index.emplace(net.id, static_cast<std::uint32_t>(s.networks.size()));
  s.networks.push_back(std::move(net));
  s.coverage.emplace_back();
  return *this;
}

panel_builder& panel_builder::set_driver(std::string_view network_id, std::string_view driver, double value,
                                         date from) {
  constexpr std::string_view call = "set_driver";
  state& s = *s_;
  const std::uint32_t n = s.network_of(call, network_id);
  const driver_index d = rules_->find_driver(driver);
  if (d == no_index)
    fail(codes::unknown_driver, call,
         "unknown driver " + detail::single_quoted(driver) + detail::did_you_mean(driver, ids_of(rules_->drivers)));
  check_amount(call, "value of " + detail::single_quoted(driver), value, limits::max_driver);
  std::vector<step>& steps = s.networks[n].drivers[d].steps();
  const auto at = std::lower_bound(steps.begin(), steps.end(), from, [](const step& x, date f) { return x.from < f; });
  if (at != steps.end() && at->from == from)
    at->value = value;
  else
    steps.insert(at, step{from, value, no_origin});
  return *this;
}

panel_builder& panel_builder::add_post(std::string_view network_id, std::string_view role, double wte, date start,
                                       date end, funding_kind funding) {
  constexpr std::string_view call = "add_post";
  state& s = *s_;
  const auto pool_it = s.pool_index.find(std::string(network_id));
  const bool pooled = pool_it != s.pool_index.end();
  if (!pooled && !s.network_index.count(std::string(network_id))) {
    std::vector<std::string> ids = ids_of(s.networks);
    for (const pool& p : s.pools) ids.push_back(p.id);
    fail(codes::unknown_network, call,
         "unknown network or pool " + detail::single_quoted(network_id) + detail::did_you_mean(network_id, ids));
  }
  const role_index k = rules_->find_role(role);
  if (k == no_index)
    fail(codes::unknown_role, call,
         "unknown role " + detail::single_quoted(role) + detail::did_you_mean(role, ids_of(rules_->roles)));
  check_amount(call, "WTE", wte, limits::max_wte);
  if (end < start) fail(codes::out_of_range, call, "end " + to_string(end) + " is before start " + to_string(start));
  post p;
  p.network = pooled ? no_index : s.network_index.at(std::string(network_id));
  p.role = k;
  p.wte = wte;
  p.start = start;
  p.end = end;
  p.funding = funding;
  (pooled ? s.pools[pool_it->second].posts : s.posts).push_back(p);
  return *this;
}

panel_builder& panel_builder::add_coverage(std::string_view network_id, date from, date to) {
  constexpr std::string_view call = "add_coverage";
  state& s = *s_;
  const std::uint32_t n = s.network_of(call, network_id);
  if (to < from) fail(codes::coverage_order, call, "to " + to_string(to) + " is before from " + to_string(from));
  std::vector<coverage_window>& windows = s.coverage[n];
  for (const coverage_window& w : windows)
    if (!(w.to < from || to < w.from))
      fail(codes::coverage_overlap, call,
           "window " + to_string(from) + " to " + to_string(to) + " of network " + detail::single_quoted(network_id) +
               " overlaps its window from " + to_string(w.from));
  const auto at = std::lower_bound(windows.begin(), windows.end(), from,
                                   [](const coverage_window& w, date f) { return w.from < f; });
  windows.insert(at, coverage_window{from, to});
  s.any_coverage = true;
  return *this;
}

panel_builder& panel_builder::add_pool(std::string_view id, const std::vector<std::string>& member_ids) {
  constexpr std::string_view call = "add_pool";
  state& s = *s_;
  if (id.empty()) fail(codes::csv_empty_value, call, "empty pool id");
  if (s.network_index.count(std::string(id)))
    fail(codes::pool_id_clash, call, "pool id " + detail::single_quoted(id) + " is also a network id");
  const auto existing = s.pool_index.find(std::string(id));
  std::vector<std::uint32_t> members =
      existing == s.pool_index.end() ? std::vector<std::uint32_t>() : s.pools[existing->second].members;
  for (const std::string& m : member_ids) {
    const auto it = s.network_index.find(m);
    if (it == s.network_index.end())
      fail(codes::unknown_pool_member, call,
           "pool " + detail::single_quoted(id) + " names unknown network " + detail::single_quoted(m) +
               detail::did_you_mean(m, ids_of(s.networks)));
    if (std::find(members.begin(), members.end(), it->second) != members.end())
      fail(codes::duplicate_pool_member, call,
           "pool " + detail::single_quoted(id) + " lists network " + detail::single_quoted(m) + " twice");
    members.push_back(it->second);
  }
  if (existing != s.pool_index.end()) {
    s.pools[existing->second].members = std::move(members);
  } else {
    s.pool_index.emplace(std::string(id), static_cast<std::uint32_t>(s.pools.size()));
    s.pools.push_back(pool{std::string(id), std::move(members), {}, 0});
  }
  return *this;
}

namespace {

// The panel of a builder's state: posts grouped by network in the order added, first_post, coverage.
panel assemble(const rule_set& rules, std::vector<network>& networks, std::vector<post>& posts,
               std::vector<std::vector<coverage_window>>& coverage, bool any_coverage) {
  panel out;
  out.networks = std::move(networks);
  std::stable_sort(posts.begin(), posts.end(), [](const post& x, const post& y) { return x.network < y.network; });
  out.posts = std::move(posts);
  out.first_post.assign(out.networks.size() + 1, 0);
  for (const post& p : out.posts) ++out.first_post[p.network + 1];
  for (std::size_t i = 1; i < out.first_post.size(); ++i) out.first_post[i] += out.first_post[i - 1];
  if (any_coverage) out.coverage = std::move(coverage);
  validate_panel(rules, out);  // holds by construction; cheap, and keeps the promise checkable
  return out;
}

}  // namespace

panel panel_builder::build() {
  if (!s_->pools.empty())
    fail(codes::inconsistent_panel, "build", "pools were added: build_pooled() returns them with the panel");
  state s = std::move(*s_);
  *s_ = state();
  return assemble(*rules_, s.networks, s.posts, s.coverage, s.any_coverage);
}

pooled_panel panel_builder::build_pooled() {
  state s = std::move(*s_);
  *s_ = state();
  pooled_panel out;
  out.networks = assemble(*rules_, s.networks, s.posts, s.coverage, s.any_coverage);
  out.pools.pools = std::move(s.pools);
  detail::validate_pools(*rules_, out.networks, out.pools);
  return out;
}

}  // namespace descheck
