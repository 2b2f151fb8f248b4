// The coverage file (SPEC section 3): the dates on which the staff file is a complete record of each
// network's staff. Outside them a network is `no_data` (SPEC 4.6), not short of staff.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "descheck/panel/panel.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

using detail::csv_absent;
using detail::csv_record;
using detail::csv_table;
using detail::field_diagnostic;
using detail::trim_blanks;

/// One window as read, with the record it came from (for overlap messages).
struct read_window {
  std::uint32_t network = 0;
  coverage_window window;
  const csv_record* record = nullptr;
};

/// A date field: `open` when empty and allowed, else nullopt after a diagnostic.
std::optional<date> read_date(const csv_table& t, const csv_record& rec, std::size_t column, std::optional<date> open,
                              std::vector<diagnostic>& found) {
  const std::string_view text = trim_blanks(rec.fields[column]);
  if (text.empty()) {
    if (open) return open;
    found.push_back(field_diagnostic(t, rec, column, codes::csv_empty_value, "empty date"));
    return std::nullopt;
  }
  if (const auto d = parse_date(text)) return d;
  found.push_back(field_diagnostic(t, rec, column, codes::bad_date,
                                   detail::single_quoted(text) + " is not a valid date (expected YYYY-MM-DD)"));
  return std::nullopt;
}

void read_windows(const panel& networks, const csv_table& t, std::vector<read_window>& windows,
                  std::vector<diagnostic>& found) {
  const std::vector<detail::csv_column> known = {{"network_id", true}, {"from", true}, {"to", true}};
  const std::vector<std::size_t> col = detail::map_columns(t, known, found);
  if (std::find(col.begin(), col.end(), csv_absent) != col.end()) return;
  std::unordered_map<std::string_view, std::uint32_t> index;
  std::vector<std::string> ids;
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    index.emplace(networks.networks[n].id, n);
    ids.push_back(networks.networks[n].id);
  }
  for (const csv_record& rec : t.records) {
    const std::string_view id = trim_blanks(rec.fields[col[0]]);
    std::uint32_t n = no_index;
    if (id.empty()) {
      found.push_back(field_diagnostic(t, rec, col[0], codes::csv_empty_value, "empty network id"));
    } else if (const auto it = index.find(id); it != index.end()) {
      n = it->second;
    } else {
      found.push_back(field_diagnostic(t, rec, col[0], codes::unknown_network,
                                       "no network " + detail::single_quoted(id) + " in " +
                                           networks.networks_file.string() + detail::did_you_mean(id, ids)));
    }
    const auto from = read_date(t, rec, col[1], std::nullopt, found);
    const auto to = read_date(t, rec, col[2], date::max(), found);
    if (!from || !to) continue;
    if (*to < *from) {
      found.push_back(field_diagnostic(t, rec, col[2], codes::coverage_order,
                                       to_string(*to) + " is before 'from' " + to_string(*from)));
      continue;
    }
    if (n != no_index) windows.push_back({n, {*from, *to}, &rec});
  }
}

/// Sorts each network's windows and reports overlaps at the later record.
void check_overlaps(const csv_table& t, std::vector<read_window>& windows, std::size_t column,
                    std::vector<diagnostic>& found) {
  std::stable_sort(windows.begin(), windows.end(), [](const read_window& a, const read_window& b) {
    return a.network != b.network ? a.network < b.network : a.window.from < b.window.from;
  });
  for (std::size_t i = 1; i < windows.size(); ++i) {
    const read_window& prev = windows[i - 1];
    const read_window& cur = windows[i];
    if (prev.network != cur.network || cur.window.from > prev.window.to) continue;
    const read_window& later = prev.record->line > cur.record->line ? prev : cur;
    const read_window& earlier = &later == &prev ? cur : prev;
    found.push_back(field_diagnostic(
        t, *later.record, column, codes::coverage_overlap,
        "this window overlaps the one on line " + std::to_string(earlier.record->line) + " for the same network"));
  }
}

void assemble(panel& networks, const std::optional<csv_table>& table, std::vector<diagnostic> found,
              std::size_t max_diagnostics) {
  std::vector<read_window> windows;
  if (table) {
    read_windows(networks, *table, windows, found);
    check_overlaps(*table, windows, 1, found);
  }
  if (!found.empty()) {
    std::stable_sort(found.begin(), found.end(), [](const diagnostic& x, const diagnostic& y) {
      return x.line != y.line ? x.line < y.line : x.column < y.column;
    });
    // A file in the wrong shape reports the first problems and how many more there are.
    const std::size_t limit = std::max<std::size_t>(max_diagnostics, 1);
    if (found.size() > limit) {
      const std::size_t hidden = found.size() - limit;
      diagnostic more = found[limit];
      more.message =
          std::to_string(hidden) + " more problem" + (hidden == 1 ? "" : "s") + " not shown, the first of them here";
      found.resize(limit);
      found.push_back(std::move(more));
    }
    throw input_error(std::move(found));
  }
  networks.coverage.assign(networks.networks.size(), {});
  for (const read_window& w : windows) networks.coverage[w.network].push_back(w.window);
}

}  // namespace

void load_coverage(panel& networks, const std::filesystem::path& coverage_csv, const csv_limits& limits) {
  std::vector<diagnostic> found;
  const auto table =
      detail::read_csv(coverage_csv, detail::csv_encoding::utf8, limits.max_bytes, found, limits.max_diagnostics);
  assemble(networks, table, std::move(found), limits.max_diagnostics);
  networks.coverage_file = coverage_csv;
}

void parse_coverage(panel& networks, std::string_view coverage_csv, const std::string& name, const csv_limits& limits) {
  std::vector<diagnostic> found;
  std::optional<csv_table> table;
  if (coverage_csv.size() > limits.max_bytes) {
    found.push_back({name, 0, 0, codes::too_large, "more than " + std::to_string(limits.max_bytes) + " bytes"});
  } else {
    table = detail::parse_csv(coverage_csv, name, found, limits.max_diagnostics);
  }
  assemble(networks, table, std::move(found), limits.max_diagnostics);
  networks.coverage_file = name;
}

}  // namespace descheck
