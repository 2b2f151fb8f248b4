// Loading networks and staff from CSV (SPEC section 3), and the lookups of a loaded panel.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "descheck/core/limits.hpp"
#include "descheck/panel/panel.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"
#include "panel/load.hpp"

namespace descheck {

const char* to_string(funding_kind f) noexcept {
  switch (f) {
    case funding_kind::arrs:
      return "arrs";
    case funding_kind::other:
      return "other";
    case funding_kind::core:
      break;
  }
  return "core";
}

namespace {

using detail::csv_absent;
using detail::csv_record;
using detail::csv_table;
using detail::field_diagnostic;
using detail::trim_blanks;

/// Every problem of both files, kept up to the limit and counted beyond it, so a file in the wrong
/// format cannot flood memory yet the user learns how much is wrong.
class problem_log {
 public:
  // At least one problem is always shown: "N more problems" alone would not say what is wrong.
  explicit problem_log(std::size_t limit) : limit_(std::max<std::size_t>(limit, 1)) {}
  /// Whether another problem would still be shown: costly hints are only worth computing then.
  [[nodiscard]] bool has_room() const noexcept { return kept_.size() < limit_; }
  void add(diagnostic d) {
    if (has_room()) {
      kept_.push_back(std::move(d));
    } else {
      if (hidden_ == 0) first_hidden_ = std::move(d);
      ++hidden_;
    }
  }
  void add_all(std::vector<diagnostic>& found, std::size_t unreported) {
    for (diagnostic& d : found) add(std::move(d));
    found.clear();
    if (unreported > 0 && hidden_ == 0 && !kept_.empty()) first_hidden_ = kept_.back();
    hidden_ += unreported;
  }
  [[nodiscard]] bool empty() const noexcept { return kept_.empty() && hidden_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return kept_.size(); }
  /// Puts the problems kept since `start` (one file's) in file order: the CSV reader and the value
  /// checks each find theirs in order, but interleave by line only once merged.
  void sort_from(std::size_t start) {
    std::stable_sort(kept_.begin() + static_cast<std::ptrdiff_t>(start), kept_.end(),
                     [](const diagnostic& x, const diagnostic& y) {
                       return x.line != y.line ? x.line < y.line : x.column < y.column;
                     });
  }
  [[noreturn]] void raise() {
    if (hidden_ > 0) {
      kept_.push_back({first_hidden_.file, first_hidden_.line, first_hidden_.column, first_hidden_.code,
                       std::to_string(hidden_) + " more problem" + (hidden_ == 1 ? "" : "s") +
                           " not shown, the first of them here"});
    }
    throw input_error(std::move(kept_));
  }

 private:
  std::size_t limit_;
  std::vector<diagnostic> kept_;
  std::size_t hidden_ = 0;
  diagnostic first_hidden_;
};

/// The trimmed text of a field, or empty when the column is absent.
std::string_view field_at(const csv_record& rec, std::size_t column) noexcept {
  return column == csv_absent ? std::string_view() : trim_blanks(rec.fields[column]);
}

/// A date column: date::min()/`open` when empty, nullopt (after a DC020) when not a date.
std::optional<date> read_date(const csv_table& t, const csv_record& rec, std::size_t column, date open,
                              problem_log& log) {
  const std::string_view text = field_at(rec, column);
  if (text.empty()) return open;
  if (const auto d = parse_date(text)) return d;
  log.add(field_diagnostic(t, rec, column, codes::bad_date,
                           detail::single_quoted(text) + " is not a valid date (expected YYYY-MM-DD)"));
  return std::nullopt;
}

/// A number column in [0, maximum]: nullopt when empty or (after a DC044/DC045/DC022) invalid; `ok`
/// says which.
std::optional<double> read_amount(const csv_table& t, const csv_record& rec, std::size_t column, std::string_view what,
                                  double maximum, problem_log& log, bool& ok) {
  ok = true;
  const std::string_view text = field_at(rec, column);
  if (text.empty()) return std::nullopt;
  const auto value = detail::parse_number(text);
  if (!value) {
    log.add(field_diagnostic(t, rec, column, codes::csv_bad_number, detail::single_quoted(text) + " is not a number"));
  } else if (*value < 0) {
    log.add(field_diagnostic(t, rec, column, codes::csv_negative,
                             "negative " + std::string(what) + " " + std::string(text)));
  } else if (*value > maximum) {
    log.add(field_diagnostic(t, rec, column, codes::out_of_range,
                             std::string(what) + " " + std::string(text) + " is over the limit of " +
                                 detail::format_fixed(maximum, 0) + " (docs/errors.md, Bounds)"));
  } else {
    return value;
  }
  ok = false;
  return std::nullopt;
}

/// One row of the networks file, kept until all rows of its network are known.
struct network_row {
  date from = date::min();
  int line = 0;
  std::vector<std::optional<double>> values;  ///< per driver
};

struct networks_build {
  std::vector<network> networks;
  std::vector<std::vector<network_row>> rows;  ///< per network
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::string> ids;  ///< for "did you mean"
  int header_line = 1;
  std::vector<int> driver_columns;  ///< per driver, 1-based field in the file, 0 when absent
};

void read_networks(const rule_set& rules, const csv_table& t, problem_log& log, networks_build& b) {
  std::vector<detail::csv_column> known = {{"network_id", true}, {"name", false}, {"region", false}, {"from", false}};
  for (const driver& d : rules.drivers) known.push_back({d.id, false});
  std::vector<diagnostic> found;
  const std::vector<std::size_t> col = detail::map_columns(t, known, found);
  log.add_all(found, 0);
  const std::size_t c_id = col[0], c_name = col[1], c_region = col[2], c_from = col[3];
  if (c_id == csv_absent) return;  // DC041 already says why nothing else can be checked
  b.header_line = t.header_line;
  for (std::size_t d = 0; d < rules.drivers.size(); ++d)
    b.driver_columns.push_back(col[4 + d] == csv_absent ? 0 : static_cast<int>(col[4 + d]) + 1);

  for (const csv_record& rec : t.records) {
    const std::string_view id = field_at(rec, c_id);
    if (id.empty()) log.add(field_diagnostic(t, rec, c_id, codes::csv_empty_value, "empty network id"));
    const std::optional<date> from = read_date(t, rec, c_from, date::min(), log);
    network_row row{from.value_or(date::min()), rec.line, std::vector<std::optional<double>>(rules.drivers.size())};
    for (std::size_t d = 0; d < rules.drivers.size(); ++d) {
      bool ok = true;
      row.values[d] = read_amount(t, rec, col[4 + d], "value", limits::max_driver, log, ok);
    }
    if (id.empty()) continue;

    auto [it, added] = b.index.try_emplace(std::string(id), static_cast<std::uint32_t>(b.networks.size()));
    if (added) {
      b.networks.push_back(network{std::string(id), {}, {}, {}, rec.line});
      b.rows.emplace_back();
      b.ids.emplace_back(id);
    }
    network& net = b.networks[it->second];
    if (net.name.empty()) net.name = std::string(field_at(rec, c_name));
    if (net.region.empty()) net.region = std::string(field_at(rec, c_region));
    if (!from) continue;  // a bad date cannot clash with another row
    std::vector<network_row>& rows = b.rows[it->second];
    const auto clash = std::find_if(rows.begin(), rows.end(), [&](const network_row& r) { return r.from == *from; });
    if (clash != rows.end()) {
      const std::string when = *from == date::min() ? "without a 'from' date" : "from " + to_string(*from);
      log.add(field_diagnostic(t, rec, c_from == csv_absent ? c_id : c_from, codes::duplicate_network,
                               "network " + detail::single_quoted(id) + " already has a row " + when + " (line " +
                                   std::to_string(clash->line) + "); give each row of a network its own 'from'"));
      continue;
    }
    rows.push_back(std::move(row));
  }
}

/// Turns each network's rows into one schedule per driver (SPEC section 3).
void build_schedules(const rule_set& rules, networks_build& b) {
  for (std::size_t n = 0; n < b.networks.size(); ++n) {
    std::vector<network_row>& rows = b.rows[n];
    std::stable_sort(rows.begin(), rows.end(),
                     [](const network_row& x, const network_row& y) { return x.from < y.from; });
    std::vector<schedule>& out = b.networks[n].drivers;
    out.assign(rules.drivers.size(), schedule());
    for (std::size_t d = 0; d < rules.drivers.size(); ++d) {
      std::vector<step> steps;
      for (const network_row& r : rows) {
        // Undefined steps before the first value say nothing: a schedule is undefined there anyway.
        if (steps.empty() && !r.values[d]) continue;
        steps.push_back(step{r.from, r.values[d], no_origin});
      }
      out[d] = schedule(std::move(steps));
    }
  }
}

// Kept whole (a little over 80 lines): one pass over the staff rows, each field checked in column
// order so that a row's problems are reported in the order a reader meets them.
// NOLINTNEXTLINE(readability-function-size): kept whole for the reason above
void read_staff(const rule_set& rules, const csv_table& t, bool networks_known, const networks_build& b,
                problem_log& log, std::vector<post>& posts, detail::pool_staff* pools) {
  const std::vector<detail::csv_column> known = {{"network_id", true}, {"role", true}, {"wte", true},
                                                 {"start", false},     {"end", false}, {"funding", false}};
  std::vector<diagnostic> found;
  const std::vector<std::size_t> col = detail::map_columns(t, known, found);
  log.add_all(found, 0);
  const std::size_t c_net = col[0], c_role = col[1], c_wte = col[2], c_start = col[3], c_end = col[4],
                    c_funding = col[5];
  std::vector<std::string> role_ids;
  for (const role& r : rules.roles) role_ids.push_back(r.id);
  static const std::vector<std::string> funding_names = {"arrs", "core", "other"};

  for (const csv_record& rec : t.records) {
    bool ok = true;
    bool pooled = false;
    post p;
    p.line = rec.line;
    if (c_net != csv_absent) {
      const std::string_view id = field_at(rec, c_net);
      const auto it = b.index.find(std::string(id));
      if (id.empty()) {
        log.add(field_diagnostic(t, rec, c_net, codes::csv_empty_value, "empty network id"));
        ok = false;
      } else if (it != b.index.end()) {
        p.network = it->second;
      } else if (const auto pool = pools ? pools->find(id) : no_index; pool != no_index) {
        p.network = pool;  // a pool's shared staff (pools.hpp)
        pooled = true;
      } else {
        ok = false;
        // Without a usable networks file every staff row would be "unknown": that says nothing new.
        if (networks_known) {
          const std::string hint = log.has_room() ? detail::did_you_mean(id, b.ids) : std::string();
          log.add(
              field_diagnostic(t, rec, c_net, codes::unknown_network,
                               "unknown network " + detail::single_quoted(id) + " (not in the networks file)" + hint));
        }
      }
    }
    if (c_role != csv_absent) {
      const std::string_view id = field_at(rec, c_role);
      p.role = rules.find_role(id);
      if (id.empty()) {
        log.add(field_diagnostic(t, rec, c_role, codes::csv_empty_value, "empty role"));
        ok = false;
      } else if (p.role == no_index) {
        const std::string hint = log.has_room() ? detail::did_you_mean(id, role_ids) : std::string();
        log.add(
            field_diagnostic(t, rec, c_role, codes::unknown_role, "unknown role " + detail::single_quoted(id) + hint));
        ok = false;
      }
    }
    if (c_wte != csv_absent) {
      bool wte_ok = true;
      const auto wte = read_amount(t, rec, c_wte, "WTE", limits::max_wte, log, wte_ok);
      if (wte_ok && !wte) log.add(field_diagnostic(t, rec, c_wte, codes::csv_empty_value, "empty WTE"));
      ok = ok && wte;
      p.wte = wte.value_or(0.0);
    }
    const auto start = read_date(t, rec, c_start, date::min(), log);
    const auto end = read_date(t, rec, c_end, date::max(), log);
    if (start && end && *end < *start) {
      log.add(field_diagnostic(t, rec, c_end, codes::out_of_range,
                               "end " + to_string(*end) + " is before start " + to_string(*start)));
      ok = false;
    }
    ok = ok && start && end;
    const std::string_view funding = field_at(rec, c_funding);
    if (funding == "arrs") {
      p.funding = funding_kind::arrs;
    } else if (funding == "other") {
      p.funding = funding_kind::other;
    } else if (!funding.empty() && funding != "core") {
      log.add(field_diagnostic(t, rec, c_funding, codes::csv_bad_enum,
                               "funding " + detail::single_quoted(funding) + " is not arrs, core or other" +
                                   detail::did_you_mean(funding, funding_names)));
      ok = false;
    }
    if (!ok) continue;
    p.start = *start;
    p.end = *end;
    (pooled ? pools->posts : posts).push_back(p);
  }
}

/// Groups posts by network, keeping file order within each, and fills first_post.
void group_posts(panel& out, std::vector<post>& posts) {
  const std::size_t n = out.networks.size();
  out.first_post.assign(n + 1, 0);
  for (const post& p : posts) ++out.first_post[p.network + 1];
  for (std::size_t i = 0; i < n; ++i) out.first_post[i + 1] += out.first_post[i];
  std::vector<std::uint32_t> next(out.first_post.begin(), out.first_post.end() - 1);
  out.posts.resize(posts.size());
  for (const post& p : posts) out.posts[next[p.network]++] = p;
}

std::optional<double> driver_value_at(const rule_set& rules, const network& net, driver_index d, date at,
                                      std::size_t depth) noexcept {
  // The rule loader refuses cyclic defaults; the depth bound keeps a hand-built rule set from looping.
  if (d >= rules.drivers.size() || depth > rules.drivers.size()) return std::nullopt;
  if (d < net.drivers.size()) {
    if (const auto own = net.drivers[d].at(at)) return own;
  }
  const std::optional<derived_default>& estimate = rules.drivers[d].default_value;
  if (!estimate) return std::nullopt;
  const auto ratio = estimate->ratio.at(at);
  if (!ratio) return std::nullopt;
  const auto base = driver_value_at(rules, net, estimate->driver, at, depth + 1);
  if (!base) return std::nullopt;
  return *ratio * *base;
}

}  // namespace

namespace {

// Reads one CSV table (from a file or from text), reporting into `found`.
using table_source = std::function<std::optional<detail::csv_table>(std::vector<diagnostic>& found)>;

panel assemble_panel(const rule_set& rules, const table_source& networks_source, const table_source& staff_source,
                     const csv_limits& limits, detail::pool_staff* pools = nullptr) {
  problem_log log(limits.max_diagnostics);
  std::vector<diagnostic> found;

  networks_build b;
  const auto networks_table = networks_source(found);
  // Staff ids are only checked against a networks file read whole (no record dropped for bad quoting
  // or field count) with its id column: otherwise "unknown network" would mostly repeat that problem.
  const bool networks_known = networks_table && found.empty() && networks_table->unreported == 0 &&
                              std::find(networks_table->header.begin(), networks_table->header.end(), "network_id") !=
                                  networks_table->header.end();
  log.add_all(found, networks_table ? networks_table->unreported : 0);
  if (networks_table) read_networks(rules, *networks_table, log, b);
  log.sort_from(0);
  const std::size_t staff_start = log.size();

  std::vector<post> posts;
  const auto staff_table = staff_source(found);
  log.add_all(found, staff_table ? staff_table->unreported : 0);
  if (staff_table) read_staff(rules, *staff_table, networks_known, b, log, posts, pools);
  log.sort_from(staff_start);

  if (!log.empty()) log.raise();

  panel out;
  build_schedules(rules, b);
  out.networks = std::move(b.networks);
  out.networks_header_line = b.header_line;
  out.driver_columns = std::move(b.driver_columns);
  group_posts(out, posts);
  return out;
}

}  // namespace

panel load_panel(const rule_set& rules, const std::filesystem::path& networks_csv,
                 const std::filesystem::path& staff_csv, const csv_limits& limits) {
  return detail::load_panel_with_pools(rules, networks_csv, staff_csv, limits, nullptr);
}

panel detail::load_panel_with_pools(const rule_set& rules, const std::filesystem::path& networks_csv,
                                    const std::filesystem::path& staff_csv, const csv_limits& limits,
                                    pool_staff* pools) {
  const auto file = [&](const std::filesystem::path& path) -> table_source {
    return [&, path](std::vector<diagnostic>& found) {
      return detail::read_csv(path, detail::csv_encoding::utf8, limits.max_bytes, found, limits.max_diagnostics);
    };
  };
  panel out = assemble_panel(rules, file(networks_csv), file(staff_csv), limits, pools);
  out.networks_file = networks_csv;
  out.staff_file = staff_csv;
  return out;
}

panel parse_panel(const rule_set& rules, std::string_view networks_csv, std::string_view staff_csv,
                  const std::string& networks_name, const std::string& staff_name, const csv_limits& limits) {
  return detail::parse_panel_with_pools(rules, networks_csv, staff_csv, networks_name, staff_name, limits, nullptr);
}

panel detail::parse_panel_with_pools(const rule_set& rules, std::string_view networks_csv, std::string_view staff_csv,
                                     const std::string& networks_name, const std::string& staff_name,
                                     const csv_limits& limits, pool_staff* pools) {
  const auto text = [&](std::string_view csv, const std::string& name) -> table_source {
    return [&, csv](std::vector<diagnostic>& found) -> std::optional<detail::csv_table> {
      if (csv.size() > limits.max_bytes) {
        found.push_back({name, 0, 0, codes::too_large, "more than " + std::to_string(limits.max_bytes) + " bytes"});
        return std::nullopt;
      }
      if (const auto bad = detail::find_invalid_utf8(csv)) {
        found.push_back({name, bad->line, bad->column, codes::encoding, "text is not valid UTF-8"});
        return std::nullopt;
      }
      return detail::parse_csv(csv, name, found, limits.max_diagnostics);
    };
  };
  panel out = assemble_panel(rules, text(networks_csv, networks_name), text(staff_csv, staff_name), limits, pools);
  out.networks_file = networks_name;
  out.staff_file = staff_name;
  return out;
}

std::uint32_t panel::find_network(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < networks.size(); ++i)
    if (networks[i].id == key) return static_cast<std::uint32_t>(i);
  return no_index;
}

std::vector<date> panel::breakpoints() const {
  std::vector<date> out;
  for (const network& n : networks)
    for (const schedule& s : n.drivers)
      for (const step& st : s.steps())
        if (st.from > date::min()) out.push_back(st.from);
  for (const post& p : posts) {
    if (p.start > date::min()) out.push_back(p.start);
    if (p.end < date::max()) out.push_back(add_days(p.end, 1));
  }
  for (const std::vector<coverage_window>& windows : coverage) {
    for (const coverage_window& w : windows) {
      if (w.from > date::min()) out.push_back(w.from);
      if (w.to < date::max()) out.push_back(add_days(w.to, 1));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<double> driver_value(const rule_set& rules, const network& net, driver_index driver, date at) noexcept {
  return driver_value_at(rules, net, driver, at, 0);
}

}  // namespace descheck
