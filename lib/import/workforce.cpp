// The NHS Digital PCN workforce census as a staff file (docs/importing.md).
//
// The census is individual-level: one row per person and role, about 17,000 rows and 4 MB a quarter.
// Rows are streamed (csv_reader reuses its strings) and summed per (PCN, role) in flat arrays, so
// the only allocations per row are for a PCN or label seen for the first time.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "descheck/import/import.hpp"
#include "import/common.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

using detail::csv_absent;
using detail::csv_reader;
using detail::csv_record;
using detail::field_problem;
using detail::field_text;
using detail::single_quoted;
using detail::string_map;

/// Decimal places kept in sums: the census publishes FTE to nine.
constexpr int fte_decimals = 9;
/// What each summand of a sum may be off by: half a unit in the ninth place. A network's WTE of a
/// role is the shortest decimal within that many halves of its sum (2.6, not 2.599999999, for
/// three posts of 0.866666666... published as 0.866666667 and 0.866666666).
constexpr double fte_tolerance = 0.5e-9;

/// One census file while it is read.
struct census_data {
  census_summary summary;
  bool dated = false;  ///< whether `summary.month` is known yet
  int year = 0;        ///< CENSUS_YEAR and CENSUS_MONTH of the first dated row
  int month = 0;
  int first_line = 0;                 ///< line of that row, for DC070 positions
  int month_column = 1;               ///< 1-based field of CENSUS_MONTH
  std::vector<double> sums;           ///< [network * roles + role]
  std::vector<std::uint32_t> terms;   ///< how many rows each sum adds up
  std::vector<std::uint8_t> seen;     ///< whether (network, role) has a row at all
  std::vector<std::uint8_t> present;  ///< per network: any row in this census
};

/// A whole number field such as CENSUS_YEAR.
std::optional<int> parse_int(std::string_view text) noexcept {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

class census_importer {
 public:
  census_importer(const rule_set& rules, const workforce_options& options)
      : rules_(rules), options_(options), log_(options.limits.max_diagnostics), roles_(rules.roles.size()) {
    build_labels();
    if (options_.networks) read_known_networks(*options_.networks);
  }

  void read(const std::filesystem::path& path);
  workforce_import finish();

 private:
  void build_labels();
  void read_known_networks(const std::filesystem::path& path);
  bool read_rows(csv_reader& reader, census_data& c);
  void read_census_month(const csv_reader& reader, const csv_record& rec, census_data& c, std::size_t c_year,
                         std::size_t c_month);
  std::uint32_t network_of(std::string_view code, std::string_view name);
  role_index role_of(std::string_view staff_role, std::string_view detailed);
  void add_unmapped(std::string_view staff_role, std::string_view detailed, double fte);
  void check_months(std::vector<census_data*>& sorted);

  const rule_set& rules_;
  const workforce_options& options_;
  detail::import_log log_;
  std::size_t roles_;
  string_map<role_index> labels_;
  // PCNs in order of first appearance, with what the unknown-network report needs.
  string_map<std::uint32_t> network_index_;
  std::vector<std::string> network_ids_;
  std::vector<std::string> network_names_;
  std::vector<std::uint8_t> network_known_;
  std::vector<std::size_t> network_mapped_rows_;
  std::vector<double> network_mapped_fte_;
  string_map<std::uint8_t> known_;  ///< ids of the networks file, when one is given
  // Unmapped labels, keyed by STAFF_ROLE and DETAILED_STAFF_ROLE joined with a unit separator.
  string_map<std::size_t> unmapped_index_;
  std::vector<unmapped_label> unmapped_;
  std::string key_;  ///< reused key buffer
  std::vector<census_data> censuses_;
};

void census_importer::build_labels() {
  std::vector<diagnostic> clashes;
  const std::string roles_file = (rules_.directory / "roles.yaml").string();
  for (role_index k = 0; k < rules_.roles.size(); ++k) {
    for (const std::string& raw : rules_.roles[k].workforce_labels) {
      const std::string label(detail::trim_blanks(raw));
      const auto [it, added] = labels_.try_emplace(label, k);
      if (!added && it->second != k) {
        clashes.push_back({roles_file, 1, 1, codes::label_claimed_twice,
                           "census label " + single_quoted(label) + " is in the workforce_labels of both role " +
                               single_quoted(rules_.roles[it->second].id) + " and role " +
                               single_quoted(rules_.roles[k].id) + ": give it to one role"});
      }
    }
  }
  if (!clashes.empty()) throw rule_error(std::move(clashes));
}

void census_importer::read_known_networks(const std::filesystem::path& path) {
  std::vector<diagnostic> found;
  const std::optional<detail::published_text> text =
      detail::read_published_text(path, options_.limits.max_bytes, found);
  if (text) {
    csv_reader reader(text->text, path.string(), found, options_.limits.max_diagnostics);
    if (reader.read_header()) {
      const std::vector<std::size_t> col = detail::find_columns(reader, {{{"network_id"}, true}}, found);
      csv_record rec;
      while (reader.next(rec)) {
        if (col[0] != csv_absent) known_.try_emplace(std::string(field_text(rec, col[0])), 1);
      }
    }
    detail::to_file_columns(*text, found);
    log_.add_all(found, reader.unreported());
  }
  log_.add_all(found, 0);
}

std::uint32_t census_importer::network_of(std::string_view code, std::string_view name) {
  const auto it = network_index_.find(code);
  if (it != network_index_.end()) return it->second;
  const auto n = static_cast<std::uint32_t>(network_ids_.size());
  network_index_.emplace(std::string(code), n);
  network_ids_.emplace_back(code);
  network_names_.emplace_back(name);
  network_known_.push_back(!options_.networks || known_.find(code) != known_.end() ? 1 : 0);
  network_mapped_rows_.push_back(0);
  network_mapped_fte_.push_back(0.0);
  return n;
}

role_index census_importer::role_of(std::string_view staff_role, std::string_view detailed) {
  // The detailed label is the more specific: it separates occupational therapists from other
  // therapists, which STAFF_ROLE ("Therapists") does not.
  if (!detailed.empty()) {
    if (const auto it = labels_.find(detailed); it != labels_.end()) return it->second;
  }
  if (!staff_role.empty()) {
    if (const auto it = labels_.find(staff_role); it != labels_.end()) return it->second;
  }
  return no_index;
}

void census_importer::add_unmapped(std::string_view staff_role, std::string_view detailed, double fte) {
  key_.assign(staff_role);
  key_.push_back('\x1f');
  key_.append(detailed);
  auto it = unmapped_index_.find(std::string_view(key_));
  if (it == unmapped_index_.end()) {
    it = unmapped_index_.emplace(key_, unmapped_.size()).first;
    unmapped_.push_back({std::string(staff_role), std::string(detailed), 0, 0.0});
  }
  unmapped_label& u = unmapped_[it->second];
  ++u.rows;
  u.fte += fte;
}

void census_importer::read(const std::filesystem::path& path) {
  const std::size_t start = log_.size();
  std::vector<diagnostic> found;
  const std::optional<detail::published_text> text =
      detail::read_published_text(path, options_.limits.max_bytes, found);
  if (!text) {
    log_.add_all(found, 0);
    return;
  }
  csv_reader reader(text->text, path.string(), found, options_.limits.max_diagnostics);
  if (reader.read_header()) {
    census_data c;
    c.summary.file = path.string();
    const bool columns_ok = read_rows(reader, c);
    if (columns_ok && c.summary.rows == 0 && found.empty()) {
      found.push_back({path.string(), reader.header_line(), 1, codes::empty_file,
                       "no data rows: the census month cannot be known"});
    }
    if (c.dated) censuses_.push_back(std::move(c));
  }
  detail::to_file_columns(*text, found);
  log_.add_all(found, reader.unreported());
  log_.sort_from(start);
}

/// Checks one row's census year and month, and that they are the file's first row's.
void census_importer::read_census_month(const csv_reader& reader, const csv_record& rec, census_data& c,
                                        std::size_t c_year, std::size_t c_month) {
  const std::string_view year_text = field_text(rec, c_year);
  const std::string_view month_text = field_text(rec, c_month);
  const auto year = parse_int(year_text);
  const auto month = parse_int(month_text);
  if (!year) {
    log_.add(field_problem(reader, rec, c_year, codes::csv_bad_number,
                           single_quoted(year_text) + " is not a year (a whole number such as 2021)"));
  } else if (*year < 1900 || *year > 2999) {
    log_.add(field_problem(reader, rec, c_year, codes::out_of_range,
                           "census year " + std::to_string(*year) + " is out of range"));
  }
  if (!month) {
    log_.add(field_problem(reader, rec, c_month, codes::csv_bad_number,
                           single_quoted(month_text) + " is not a month number (1 to 12)"));
  } else if (*month < 1 || *month > 12) {
    log_.add(field_problem(reader, rec, c_month, codes::out_of_range,
                           "census month " + std::to_string(*month) + " is not 1 to 12"));
  }
  if (year && month && *year >= 1900 && *year <= 2999 && *month >= 1 && *month <= 12) {
    if (!c.dated) {
      c.dated = true;
      c.year = *year;
      c.month = *month;
      c.first_line = rec.line;
      c.summary.month = from_ymd(*year, static_cast<unsigned>(*month), 1);
    } else if (*year != c.year || *month != c.month) {
      char seen[16];
      char first[16];
      std::snprintf(seen, sizeof seen, "%04d-%02d", *year, *month);
      std::snprintf(first, sizeof first, "%04d-%02d", c.year, c.month);
      log_.add(field_problem(reader, rec, *year != c.year ? c_year : c_month, codes::census_month,
                             std::string("census ") + seen + " differs from " + first + " on line " +
                                 std::to_string(c.first_line) + ": one file holds one census month"));
    }
  }
}

/// Sums the rows of one census; false when a required column is missing (nothing else is checked).
bool census_importer::read_rows(csv_reader& reader, census_data& c) {
  std::vector<diagnostic> found;
  const std::vector<std::size_t> col = detail::find_columns(reader,
                                                            {{{"CENSUS_YEAR"}, true},
                                                             {{"CENSUS_MONTH"}, true},
                                                             {{"PCN_CODE"}, true},
                                                             {{"PCN_NAME"}, false},
                                                             {{"STAFF_ROLE"}, true},
                                                             {{"DETAILED_STAFF_ROLE"}, false},
                                                             {{"FTE"}, true}},
                                                            found);
  const bool missing = !found.empty();
  log_.add_all(found, 0);
  if (missing) return false;  // every row would repeat the missing column's problem
  const std::size_t c_year = col[0], c_month = col[1], c_code = col[2], c_name = col[3], c_role = col[4],
                    c_detailed = col[5], c_fte = col[6];
  c.month_column = static_cast<int>(c_month) + 1;

  csv_record rec;
  while (reader.next(rec)) {
    ++c.summary.rows;
    bool ok = true;
    read_census_month(reader, rec, c, c_year, c_month);

    const std::string_view code = field_text(rec, c_code);
    if (code.empty()) {
      log_.add(field_problem(reader, rec, c_code, codes::csv_empty_value, "empty PCN code"));
      ok = false;
    }
    const std::string_view staff_role = field_text(rec, c_role);
    const std::string_view detailed = field_text(rec, c_detailed);
    if (staff_role.empty() && detailed.empty()) {
      log_.add(field_problem(reader, rec, c_role, codes::csv_empty_value, "empty staff role"));
      ok = false;
    }
    const std::string_view fte_text = field_text(rec, c_fte);
    const auto fte = detail::parse_number(fte_text);
    if (fte_text.empty()) {
      log_.add(field_problem(reader, rec, c_fte, codes::csv_empty_value, "empty FTE"));
      ok = false;
    } else if (!fte) {
      log_.add(field_problem(reader, rec, c_fte, codes::csv_bad_number, single_quoted(fte_text) + " is not a number"));
      ok = false;
    }
    if (!ok) continue;

    c.summary.fte += *fte;
    if (*fte < 0) ++c.summary.negative_rows;  // NHS Digital corrections: kept, see negative_total
    const std::uint32_t n = network_of(code, field_text(rec, c_name));
    if (c.present.size() <= n) c.present.resize(network_ids_.size(), 0);
    c.present[n] = 1;
    const role_index k = role_of(staff_role, detailed);
    if (k == no_index) {
      add_unmapped(staff_role, detailed, *fte);
      continue;
    }
    c.summary.mapped_fte += *fte;
    ++network_mapped_rows_[n];
    network_mapped_fte_[n] += *fte;
    const std::size_t slot = std::size_t{n} * roles_ + k;
    if (c.sums.size() <= slot) {
      c.sums.resize(network_ids_.size() * roles_, 0.0);
      c.terms.resize(network_ids_.size() * roles_, 0);
      c.seen.resize(network_ids_.size() * roles_, 0);
    }
    c.sums[slot] += *fte;
    ++c.terms[slot];
    c.seen[slot] = 1;
  }
  return true;
}

std::string month_text(date d) { return to_string(d).substr(0, 7); }

/// Sorts coverage rows by network and date, and joins windows that follow on without a gap.
void merge_coverage(std::vector<coverage_row>& rows) {
  std::sort(rows.begin(), rows.end(), [](const coverage_row& a, const coverage_row& b) {
    return a.network_id != b.network_id ? a.network_id < b.network_id : a.from < b.from;
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (kept > 0) {
      coverage_row& last = rows[kept - 1];
      if (last.network_id == rows[i].network_id && last.to != date::max() && add_days(last.to, 1) == rows[i].from) {
        last.to = rows[i].to;
        continue;
      }
    }
    if (kept != i) rows[kept] = std::move(rows[i]);
    ++kept;
  }
  rows.resize(kept);
}

void census_importer::check_months(std::vector<census_data*>& sorted) {
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const census_data* a, const census_data* b) { return a->summary.month < b->summary.month; });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->summary.month != sorted[i - 1]->summary.month) continue;
    // Report at the file given later, naming the one given earlier.
    const census_data* earlier = sorted[i - 1];
    const census_data* later = sorted[i];
    if (later < earlier) std::swap(earlier, later);
    log_.add({later->summary.file, later->first_line, later->month_column, codes::census_month,
              "census " + month_text(later->summary.month) + " is also in " + earlier->summary.file +
                  ": give each census month once"});
  }
}

workforce_import census_importer::finish() {
  std::vector<census_data*> sorted;
  for (census_data& c : censuses_) sorted.push_back(&c);
  check_months(sorted);
  if (!log_.empty()) log_.raise();
  if (options_.until && !sorted.empty() && *options_.until < sorted.back()->summary.month) {
    throw input_error({{"", 0, 0, codes::out_of_range,
                        "--until " + to_string(*options_.until) + " is before the latest census, " +
                            month_text(sorted.back()->summary.month)}});
  }

  workforce_import out;
  std::vector<std::size_t> censuses_of(network_ids_.size(), 0);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    census_data& c = *sorted[i];
    c.summary.end =
        i + 1 < sorted.size() ? add_days(sorted[i + 1]->summary.month, -1) : options_.until.value_or(date::max());
    for (std::size_t n = 0; n < c.present.size(); ++n) {
      if (!c.present[n]) continue;
      ++c.summary.networks;
      ++censuses_of[n];
      if (network_known_[n]) out.coverage.push_back({network_ids_[n], c.summary.month, c.summary.end});
    }
    c.summary.fte = detail::round_to(c.summary.fte, fte_decimals);
    c.summary.mapped_fte = detail::round_to(c.summary.mapped_fte, fte_decimals);
    for (std::size_t slot = 0; slot < c.seen.size(); ++slot) {
      if (!c.seen[slot]) continue;
      const std::size_t n = slot / roles_;
      if (!network_known_[n]) continue;
      const auto k = static_cast<role_index>(slot % roles_);
      const double wte = detail::shortest_within(c.sums[slot], fte_decimals, fte_tolerance * c.terms[slot]);
      if (wte < 0) {
        out.negative_totals.push_back({network_ids_[n], k, c.summary.month, wte});
        continue;
      }
      const role& r = rules_.roles[k];
      const bool arrs = r.arrs && r.arrs->max_reimbursement.at(c.summary.month).has_value();
      out.rows.push_back(
          {network_ids_[n], k, wte, c.summary.month, c.summary.end, arrs ? funding_kind::arrs : funding_kind::core});
    }
    out.censuses.push_back(std::move(c.summary));
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const staff_row& a, const staff_row& b) {
    if (a.network_id != b.network_id) return a.network_id < b.network_id;
    return a.start != b.start ? a.start < b.start : a.role < b.role;
  });

  merge_coverage(out.coverage);

  for (unmapped_label& u : unmapped_) u.fte = detail::round_to(u.fte, fte_decimals);
  out.unmapped = std::move(unmapped_);
  std::sort(out.unmapped.begin(), out.unmapped.end(), [](const unmapped_label& a, const unmapped_label& b) {
    if (a.fte != b.fte) return a.fte > b.fte;
    if (a.rows != b.rows) return a.rows > b.rows;
    return std::tie(a.staff_role, a.detailed_staff_role) < std::tie(b.staff_role, b.detailed_staff_role);
  });

  for (std::size_t n = 0; n < network_ids_.size(); ++n) {
    if (network_known_[n] || network_mapped_rows_[n] == 0) continue;
    out.unknown_networks.push_back({network_ids_[n], network_names_[n], network_mapped_rows_[n],
                                    detail::round_to(network_mapped_fte_[n], fte_decimals), censuses_of[n]});
  }
  std::sort(out.unknown_networks.begin(), out.unknown_networks.end(),
            [](const unknown_network_staff& a, const unknown_network_staff& b) { return a.network_id < b.network_id; });
  return out;
}

}  // namespace

workforce_import import_workforce(const rule_set& rules, const std::vector<std::filesystem::path>& census_files,
                                  const workforce_options& options) {
  census_importer importer(rules, options);
  for (const std::filesystem::path& file : census_files) importer.read(file);
  return importer.finish();
}

void write_coverage_csv(std::ostream& out, const std::vector<coverage_row>& rows) {
  std::string text = "network_id,from,to\n";
  text.reserve(text.size() + rows.size() * 32);
  for (const coverage_row& r : rows) {
    detail::append_csv_field(text, r.network_id);
    text.push_back(',');
    text.append(to_string(r.from));
    text.push_back(',');
    if (r.to != date::max()) text.append(to_string(r.to));
    text.push_back('\n');
  }
  out << text;
}

void write_staff_csv(std::ostream& out, const rule_set& rules, const std::vector<staff_row>& rows) {
  std::string text = "network_id,role,wte,start,end,funding\n";
  text.reserve(text.size() + rows.size() * 64);
  for (const staff_row& r : rows) {
    detail::append_csv_field(text, r.network_id);
    text.push_back(',');
    text.append(r.role < rules.roles.size() ? rules.roles[r.role].id : std::string());
    text.push_back(',');
    text.append(detail::format_rounded(r.wte, fte_decimals));
    text.push_back(',');
    if (r.start != date::min()) text.append(to_string(r.start));
    text.push_back(',');
    if (r.end != date::max()) text.append(to_string(r.end));
    text.push_back(',');
    text.append(to_string(r.funding));
    text.push_back('\n');
  }
  out << text;
}

}  // namespace descheck
