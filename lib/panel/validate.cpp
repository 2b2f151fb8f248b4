// One pass over a panel built or edited in code (validate_panel, panel.hpp): everything the checker,
// the series and the planner index, so that they can index without checking in the hot loop.
#include "panel/validate.hpp"

#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "descheck/core/limits.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

// Problems found, each at the file and line the value came from when it was loaded (none when built
// in code); at most 100 kept, as the loaders do.
class problems {
 public:
  void add(const std::filesystem::path& file, int line, const char* code, std::string message) {
    if (found_.size() < 100) found_.push_back({file.string(), line, line > 0 ? 1 : 0, code, std::move(message)});
  }
  void raise_if_any() {
    if (!found_.empty()) throw input_error(std::move(found_));
  }

 private:
  std::vector<diagnostic> found_;
};

std::string named(std::string_view kind, std::string_view id) {
  return std::string(kind) + " " + detail::single_quoted(id);
}

// A WTE or driver value: finite (DC044), not negative (DC045), within its bound (DC022). `what()`
// names it; it and the other `who` callables run only for a problem, so that a consistent national
// panel costs no string per post.
template <class Name>
void check_amount(problems& log, const std::filesystem::path& file, int line, const Name& what, double value,
                  double maximum) {
  if (!std::isfinite(value)) {
    log.add(file, line, codes::csv_bad_number, what() + " is not a finite number");
  } else if (value < 0.0) {
    log.add(file, line, codes::csv_negative, what() + " is negative (" + detail::format_fixed(value) + ")");
  } else if (value > maximum) {
    log.add(file, line, codes::out_of_range,
            what() + " " + detail::format_fixed(value) + " is over the limit of " + detail::format_fixed(maximum, 0) +
                " (docs/errors.md, Bounds)");
  }
}

// Role index, WTE and dates of one post; `who()` names it in messages.
template <class Name>
void check_post(const rule_set& rules, const std::filesystem::path& file, const post& p, const Name& who,
                problems& log) {
  if (p.role >= rules.roles.size())
    log.add(file, p.line, codes::unknown_role,
            who() + ": role index " + std::to_string(p.role) + " is not a role of the rule set (it has " +
                std::to_string(rules.roles.size()) + ")");
  check_amount(
      log, file, p.line, [&] { return who() + ": WTE"; }, p.wte, limits::max_wte);
  if (p.end < p.start)
    log.add(file, p.line, codes::out_of_range,
            who() + ": end " + to_string(p.end) + " is before start " + to_string(p.start));
}

// Ids unique and not empty; one schedule per driver (or none), steps in order, values in bounds.
void check_networks(const rule_set& rules, const panel& networks, problems& log) {
  const std::filesystem::path& file = networks.networks_file;
  std::unordered_map<std::string_view, std::uint32_t> seen;
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    const network& net = networks.networks[n];
    const auto who = [&] { return named("network", net.id); };
    if (net.id.empty())
      log.add(file, net.line, codes::csv_empty_value, "network " + std::to_string(n) + " has an empty id");
    const auto [it, added] = seen.try_emplace(net.id, n);
    if (!added && !net.id.empty())
      log.add(file, net.line, codes::duplicate_network,
              who() + " is networks " + std::to_string(it->second) + " and " + std::to_string(n));
    if (!net.drivers.empty() && net.drivers.size() != rules.drivers.size()) {
      log.add(file, net.line, codes::inconsistent_panel,
              who() + " has " + std::to_string(net.drivers.size()) + " driver schedules; the rule set has " +
                  std::to_string(rules.drivers.size()) + " drivers (give one per driver, or none)");
      continue;
    }
    for (std::size_t d = 0; d < net.drivers.size(); ++d) {
      const std::vector<step>& steps = net.drivers[d].steps();
      const auto what = [&] { return who() + ": driver " + detail::single_quoted(rules.drivers[d].id); };
      for (std::size_t i = 0; i < steps.size(); ++i) {
        if (i > 0 && !(steps[i - 1].from < steps[i].from))
          log.add(file, net.line, codes::date_order, what() + ": step dates are not strictly increasing");
        if (steps[i].value)
          check_amount(
              log, file, net.line, [&] { return what() + " value"; }, *steps[i].value, limits::max_driver);
      }
    }
  }
  if (!networks.driver_columns.empty() && networks.driver_columns.size() != rules.drivers.size())
    log.add(file, 0, codes::inconsistent_panel,
            "driver_columns has " + std::to_string(networks.driver_columns.size()) + " entries; the rule set has " +
                std::to_string(rules.drivers.size()) + " drivers");
}

// Whether first_post splits the posts into one range per network, in order.
bool first_post_fits(const panel& networks) {
  const std::vector<std::uint32_t>& f = networks.first_post;
  if (f.empty()) return networks.posts.empty();
  if (f.size() != networks.networks.size() + 1 || f.front() != 0 || f.back() != networks.posts.size()) return false;
  for (std::size_t i = 1; i < f.size(); ++i)
    if (f[i] < f[i - 1]) return false;
  return true;
}

void check_posts(const rule_set& rules, const panel& networks, problems& log) {
  const std::filesystem::path& file = networks.staff_file;
  if (!first_post_fits(networks)) {
    log.add(file, 0, codes::inconsistent_panel,
            "first_post has " + std::to_string(networks.first_post.size()) + " entries for " +
                std::to_string(networks.networks.size()) + " networks and " + std::to_string(networks.posts.size()) +
                " posts: it needs networks + 1 entries, from 0, never decreasing, ending at the post count");
    for (std::size_t p = 0; p < networks.posts.size(); ++p)
      check_post(
          rules, file, networks.posts[p], [p] { return "post " + std::to_string(p); }, log);
    return;
  }
  if (networks.first_post.empty()) return;
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    for (std::uint32_t p = networks.first_post[n]; p < networks.first_post[n + 1]; ++p) {
      const post& row = networks.posts[p];
      const auto which = [&] { return named("network", networks.networks[n].id) + ": post " + std::to_string(p); };
      if (row.network != n)
        log.add(file, row.line, codes::inconsistent_panel,
                which() + " says network " + std::to_string(row.network) + " but lies in network " + std::to_string(n) +
                    "'s range of first_post");
      check_post(rules, file, row, which, log);
    }
  }
}

// One list per network (or none), each ascending and disjoint.
void check_coverage(const panel& networks, problems& log) {
  const std::filesystem::path& file = networks.coverage_file;
  if (networks.coverage.empty()) return;
  if (networks.coverage.size() != networks.networks.size()) {
    log.add(file, 0, codes::inconsistent_panel,
            "coverage has " + std::to_string(networks.coverage.size()) + " lists for " +
                std::to_string(networks.networks.size()) + " networks (give one per network, or none)");
    return;
  }
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    const std::vector<coverage_window>& windows = networks.coverage[n];
    const auto who = [&] { return named("network", networks.networks[n].id); };
    for (std::size_t i = 0; i < windows.size(); ++i) {
      const coverage_window& w = windows[i];
      if (w.to < w.from) {
        log.add(file, 0, codes::coverage_order,
                who() + ": coverage window to " + to_string(w.to) + " is before its from " + to_string(w.from));
      } else if (i > 0 && !(windows[i - 1].to < w.from)) {
        log.add(file, 0, codes::coverage_overlap,
                who() + ": coverage window from " + to_string(w.from) +
                    " overlaps or precedes the one before it (windows must be ascending and disjoint)");
      }
    }
  }
}

}  // namespace

void validate_panel(const rule_set& rules, const panel& networks) {
  problems log;
  check_networks(rules, networks, log);
  check_posts(rules, networks, log);
  check_coverage(networks, log);
  log.raise_if_any();
}

void detail::validate_pools(const rule_set& rules, const panel& networks, const pool_set& pools) {
  problems log;
  const auto count = static_cast<std::uint32_t>(networks.networks.size());
  for (const pool& pl : pools.pools) {
    const std::string who = named("pool", pl.id);
    if (networks.find_network(pl.id) != no_index)
      log.add(pools.file, pl.line, codes::pool_id_clash, who + " is also a network id");
    for (std::size_t i = 0; i < pl.members.size(); ++i) {
      const std::uint32_t m = pl.members[i];
      if (m >= count) {
        log.add(pools.file, pl.line, codes::unknown_pool_member,
                who + ": member " + std::to_string(m) + " is not a network index (the panel has " +
                    std::to_string(count) + ")");
      } else {
        for (std::size_t j = 0; j < i; ++j)
          if (pl.members[j] == m)
            log.add(pools.file, pl.line, codes::duplicate_pool_member,
                    who + " lists " + named("network", networks.networks[m].id) + " twice");
      }
    }
    for (std::size_t p = 0; p < pl.posts.size(); ++p) {
      const post& row = pl.posts[p];
      const auto which = [&] { return who + ": post " + std::to_string(p); };
      if (row.network != no_index && row.network >= count)
        log.add(networks.staff_file, row.line, codes::inconsistent_panel,
                which() + ": employer " + std::to_string(row.network) + " is not a network index (no_index for none)");
      check_post(rules, networks.staff_file, row, which, log);
    }
  }
  log.raise_if_any();
}

}  // namespace descheck
