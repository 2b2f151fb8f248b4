// Shared workforce pools (SPEC 3): loading the pools file and the staff rows pooled under it.
#include "descheck/pools/pools.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "io/csv.hpp"
#include "io/text.hpp"
#include "panel/load.hpp"

namespace descheck {

std::uint32_t pool_set::find_pool(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < pools.size(); ++i)
    if (pools[i].id == key) return static_cast<std::uint32_t>(i);
  return no_index;
}

namespace {

using detail::csv_absent;
using detail::csv_record;
using detail::csv_table;
using detail::field_diagnostic;
using detail::trim_blanks;

/// The rows of a pools file that name a pool and a network, with the columns to point at.
struct pools_read {
  std::optional<csv_table> table;
  std::size_t c_pool = csv_absent, c_net = csv_absent;
  std::vector<const csv_record*> rows;  ///< records with both ids present
  std::vector<std::string> ids;         ///< distinct pool ids, in order of first appearance
  /// Index into `ids` of each pool id (views into the table's fields): one lookup per row, not a
  /// search of every pool.
  std::unordered_map<std::string_view, std::uint32_t> pool_of;
};

void read_pools_table(pools_read& r, std::vector<diagnostic>& found) {
  if (!r.table) return;
  const std::vector<detail::csv_column> known = {{"pool_id", true}, {"network_id", true}};
  const std::vector<std::size_t> col = detail::map_columns(*r.table, known, found);
  r.c_pool = col[0];
  r.c_net = col[1];
  if (r.c_pool == csv_absent || r.c_net == csv_absent) return;
  for (const csv_record& rec : r.table->records) {
    bool ok = true;
    for (const std::size_t c : {r.c_pool, r.c_net}) {
      if (trim_blanks(rec.fields[c]).empty()) {
        found.push_back(field_diagnostic(*r.table, rec, c, codes::csv_empty_value,
                                         c == r.c_pool ? "empty pool id" : "empty network id"));
        ok = false;
      }
    }
    if (!ok) continue;
    r.rows.push_back(&rec);
    const std::string_view id = trim_blanks(rec.fields[r.c_pool]);
    if (r.pool_of.emplace(id, static_cast<std::uint32_t>(r.ids.size())).second) r.ids.emplace_back(id);
  }
}

/// Throws the pools file's problems in file order.
[[noreturn]] void raise_sorted(std::vector<diagnostic> found) {
  std::stable_sort(found.begin(), found.end(), [](const diagnostic& x, const diagnostic& y) {
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  throw input_error(std::move(found));
}

/// Reads the pools, then the panel with staff rows on pool ids routed to the pools, then checks the
/// members. Problems of the pools file are reported with the panel's, in one error.
template <class LoadPanel>
pooled_panel assemble(pools_read& r, std::vector<diagnostic> found, const LoadPanel& load, const csv_limits& limits) {
  read_pools_table(r, found);
  detail::pool_staff staff;
  staff.ids = r.ids;
  pooled_panel out;
  try {
    out.networks = load(&staff);
  } catch (const input_error& e) {
    std::vector<diagnostic> all = e.diagnostics();
    all.insert(all.end(), found.begin(), found.end());
    throw input_error(std::move(all));
  }
  const panel& net = out.networks;

  // Networks by id, built once: a pools file may name every network of a national panel, and a
  // search of the panel per row (panel::find_network) would make loading quadratic.
  std::vector<std::string> network_ids;
  std::unordered_map<std::string_view, std::uint32_t> network_of;
  network_of.reserve(net.networks.size());
  for (std::uint32_t n = 0; n < net.networks.size(); ++n) {
    network_ids.push_back(net.networks[n].id);
    network_of.emplace(net.networks[n].id, n);
  }
  const auto find_network = [&](std::string_view id) {
    const auto it = network_of.find(id);
    return it == network_of.end() ? no_index : it->second;
  };
  for (const std::string& id : r.ids) {
    pool p;
    p.id = id;
    out.pools.pools.push_back(std::move(p));
  }
  std::vector<char> clash_reported(r.ids.size(), 0);
  for (const csv_record* rec : r.rows) {
    const std::string_view pool_id = trim_blanks(rec->fields[r.c_pool]);
    const std::string_view net_id = trim_blanks(rec->fields[r.c_net]);
    const std::uint32_t pi = r.pool_of.at(pool_id);
    pool& p = out.pools.pools[pi];
    if (p.line == 0) p.line = rec->line;
    if (!clash_reported[pi] && find_network(pool_id) != no_index) {
      clash_reported[pi] = 1;
      found.push_back(field_diagnostic(
          *r.table, *rec, r.c_pool, codes::pool_id_clash,
          "pool id " + detail::single_quoted(pool_id) + " is also a network id; give the pool an id of its own"));
    }
    const std::uint32_t n = find_network(net_id);
    if (n == no_index) {
      const std::string hint = found.size() < limits.max_diagnostics ? detail::did_you_mean(net_id, network_ids) : "";
      found.push_back(
          field_diagnostic(*r.table, *rec, r.c_net, codes::unknown_pool_member,
                           "unknown network " + detail::single_quoted(net_id) + " (not in the networks file)" + hint));
      continue;
    }
    if (std::find(p.members.begin(), p.members.end(), n) != p.members.end()) {
      found.push_back(field_diagnostic(
          *r.table, *rec, r.c_net, codes::duplicate_pool_member,
          "network " + detail::single_quoted(net_id) + " is listed twice in pool " + detail::single_quoted(pool_id)));
      continue;
    }
    p.members.push_back(n);
  }
  if (!found.empty()) {
    if (found.size() > limits.max_diagnostics) found.resize(std::max<std::size_t>(limits.max_diagnostics, 1));
    raise_sorted(std::move(found));
  }
  for (post p : staff.posts) {
    const std::uint32_t pi = p.network;
    p.network = no_index;  // a staff-file row on a pool counts towards no network's staffing minimum
    out.pools.pools[pi].posts.push_back(p);
  }
  return out;
}

}  // namespace

pooled_panel load_pooled_panel(const rule_set& rules, const std::filesystem::path& networks_csv,
                               const std::filesystem::path& staff_csv, const std::filesystem::path& pools_csv,
                               const csv_limits& limits) {
  std::vector<diagnostic> found;
  pools_read r;
  r.table = detail::read_csv(pools_csv, detail::csv_encoding::utf8, limits.max_bytes, found, limits.max_diagnostics);
  pooled_panel out = assemble(
      r, std::move(found),
      [&](detail::pool_staff* staff) {
        return detail::load_panel_with_pools(rules, networks_csv, staff_csv, limits, staff);
      },
      limits);
  out.pools.file = pools_csv;
  return out;
}

pooled_panel parse_pooled_panel(const rule_set& rules, std::string_view networks_csv, std::string_view staff_csv,
                                std::string_view pools_csv, const std::string& networks_name,
                                const std::string& staff_name, const std::string& pools_name,
                                const csv_limits& limits) {
  std::vector<diagnostic> found;
  pools_read r;
  if (pools_csv.size() > limits.max_bytes) {
    found.push_back({pools_name, 0, 0, codes::too_large, "more than " + std::to_string(limits.max_bytes) + " bytes"});
  } else {
    r.table = detail::parse_csv(pools_csv, pools_name, found, limits.max_diagnostics);
  }
  pooled_panel out = assemble(
      r, std::move(found),
      [&](detail::pool_staff* staff) {
        return detail::parse_panel_with_pools(rules, networks_csv, staff_csv, networks_name, staff_name, limits, staff);
      },
      limits);
  out.pools.file = pools_name;
  return out;
}

}  // namespace descheck
