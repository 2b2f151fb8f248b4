// Networks from the ePCN files and practice list sizes (docs/importing.md).
#include <algorithm>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "descheck/core/limits.hpp"
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

/// One practice's total list, and where it was read.
struct list_size {
  std::int64_t patients = 0;
  int line = 0;
  bool linked = false;  ///< a member of some current network
};

/// A current practice-to-PCN link.
struct link {
  std::string practice;
  std::string name;
  std::uint32_t network = 0;
  int line = 0;
};

/// Reads one file: finds its columns, then hands the reader to a body; problems go to the log.
/// False when the file is unreadable or lacks a required column (the body is not called then).
template <class Body>
bool read_published_csv(const std::filesystem::path& path, const csv_limits& limits, detail::import_log& log,
                        const std::vector<detail::published_column>& columns, Body&& body) {
  const std::size_t start = log.size();
  std::vector<diagnostic> found;
  const std::optional<detail::published_text> text = detail::read_published_text(path, limits.max_bytes, found);
  bool ok = false;
  if (text) {
    csv_reader reader(text->text, path.string(), found, limits.max_diagnostics);
    if (reader.read_header()) {
      const std::size_t before = found.size();
      const std::vector<std::size_t> col = detail::find_columns(reader, columns, found);
      if (found.size() == before) {
        body(reader, col);
        ok = true;
      }
    }
    detail::to_file_columns(*text, found);
    log.add_all(found, reader.unreported());
  }
  log.add_all(found, 0);
  log.sort_from(start);
  return ok;
}

/// A date column of an ePCN file; nullopt when empty, and after a DC020 when not a date.
std::optional<date> read_epcn_date(const csv_reader& reader, const csv_record& rec, std::size_t column,
                                   detail::import_log& log, bool& bad) {
  bad = false;
  const std::string_view text = field_text(rec, column);
  if (text.empty()) return std::nullopt;
  if (const auto d = detail::parse_published_date(text)) return d;
  log.add(
      field_problem(reader, rec, column, codes::bad_date, single_quoted(text) + " is not a date (expected YYYYMMDD)"));
  bad = true;
  return std::nullopt;
}

/// Whether something ending on `end` (inclusive) has ended by `at`; without a date, any end has.
bool ended(std::optional<date> end, std::optional<date> at) noexcept { return end && (!at || *end < *at); }

/// Whether something starting on `start` has not started by `at`; without a date, it has.
bool not_started(std::optional<date> start, std::optional<date> at) noexcept { return start && at && *at < *start; }

bool is_total(std::string_view v) noexcept { return v.empty() || v == "ALL" || v == "All" || v == "all"; }

class networks_builder {
 public:
  explicit networks_builder(const networks_options& options)
      : options_(options), log_(options.limits.max_diagnostics) {}

  networks_import run(const std::filesystem::path& pcns_csv, const std::filesystem::path& partners_csv,
                      const std::filesystem::path& practices_csv);

 private:
  void read_pcns(csv_reader& reader, const std::vector<std::size_t>& col);
  void read_lists(csv_reader& reader, const std::vector<std::size_t>& col);
  void read_links(csv_reader& reader, const std::vector<std::size_t>& col);
  void total_up(networks_import& out);
  void read_regions(csv_reader& reader, const std::vector<std::size_t>& col);

  const networks_options& options_;
  detail::import_log log_;
  std::optional<date> at_;
  // PCNs in file order; closed ones stay here so that their partner rows are not "unknown".
  string_map<std::uint32_t> index_;
  std::vector<std::string> ids_;
  std::vector<int> lines_;
  std::vector<std::optional<date>> close_dates_;
  std::vector<imported_network> all_;
  bool pcns_ok_ = false;
  std::string pcns_file_;
  string_map<list_size> lists_;
  std::optional<date> extract_date_;
  std::vector<link> links_;
  string_map<std::size_t> link_of_;
  std::size_t inactive_links_ = 0;
  // PCN code -> (census month as year * 12 + month, in the London region) from the latest census.
  string_map<std::pair<int, bool>> regions_;
};

void networks_builder::read_regions(csv_reader& reader, const std::vector<std::size_t>& col) {
  csv_record rec;
  while (reader.next(rec)) {
    const std::string_view code = field_text(rec, col[0]);
    if (code.empty()) continue;  // the workforce importer reports such rows; here they name no PCN
    const auto year = detail::parse_number(field_text(rec, col[2]));
    const auto month = detail::parse_number(field_text(rec, col[3]));
    const int when = year && month ? static_cast<int>(*year) * 12 + static_cast<int>(*month) : 0;
    const bool london = field_text(rec, col[1]) == "London";
    const auto [it, added] = regions_.try_emplace(std::string(code), when, london);
    if (!added && when >= it->second.first) it->second = {when, london};
  }
}

void networks_builder::read_pcns(csv_reader& reader, const std::vector<std::size_t>& col) {
  csv_record rec;
  while (reader.next(rec)) {
    const std::string_view code = field_text(rec, col[0]);
    if (code.empty()) {
      log_.add(field_problem(reader, rec, col[0], codes::csv_empty_value, "empty PCN code"));
      continue;
    }
    bool bad = false;
    const auto close = read_epcn_date(reader, rec, col[3], log_, bad);
    const auto [it, added] = index_.try_emplace(std::string(code), static_cast<std::uint32_t>(all_.size()));
    if (!added) {
      log_.add(
          field_problem(reader, rec, col[0], codes::duplicate_network,
                        "PCN " + single_quoted(code) + " already given on line " + std::to_string(lines_[it->second])));
      continue;
    }
    ids_.emplace_back(code);
    lines_.push_back(rec.line);
    close_dates_.push_back(close);
    all_.push_back({std::string(code), std::string(field_text(rec, col[1])), std::string(field_text(rec, col[2])), 0, 0,
                    std::nullopt, std::nullopt});
  }
}

// Total list size per practice: rows with SEX and AGE "ALL". Files broken down by sex or age hold
// those rows too; adding up the parts as well would count patients twice.
void networks_builder::read_lists(csv_reader& reader, const std::vector<std::size_t>& col) {
  csv_record rec;
  bool dated = false;
  while (reader.next(rec)) {
    if (!is_total(field_text(rec, col[2])) || !is_total(field_text(rec, col[3]))) continue;
    if (!dated && col[4] != csv_absent) {
      dated = true;
      const std::string_view when = field_text(rec, col[4]);
      extract_date_ = detail::parse_published_date(when);
      if (!extract_date_ && !when.empty()) {
        log_.add(field_problem(reader, rec, col[4], codes::bad_date,
                               single_quoted(when) + " is not a date (expected e.g. 01JAN2021)"));
      }
    }
    const std::string_view code = field_text(rec, col[0]);
    const std::string_view count_text = field_text(rec, col[1]);
    const auto count = detail::parse_count(count_text);
    bool ok = true;
    if (code.empty()) {
      log_.add(field_problem(reader, rec, col[0], codes::csv_empty_value, "empty practice code"));
      ok = false;
    }
    if (count_text.empty()) {
      log_.add(field_problem(reader, rec, col[1], codes::csv_empty_value, "empty number of patients"));
      ok = false;
    } else if (!count) {
      const bool negative = count_text.front() == '-' && detail::parse_number(count_text);
      log_.add(field_problem(reader, rec, col[1], negative ? codes::csv_negative : codes::csv_bad_number,
                             single_quoted(count_text) + (negative ? " is negative" : " is not a whole number")));
      ok = false;
    } else if (*count > limits::max_practice_patients) {
      // Bounded here, so that no network's sum of practices can overflow.
      log_.add(field_problem(reader, rec, col[1], codes::out_of_range,
                             single_quoted(count_text) + " patients is over the limit of " +
                                 std::to_string(limits::max_practice_patients) + " for one practice"));
      ok = false;
    }
    if (!ok) continue;
    const auto [it, added] = lists_.try_emplace(std::string(code), list_size{*count, rec.line, false});
    if (!added) {
      log_.add(field_problem(
          reader, rec, col[0], codes::duplicate_practice,
          "practice " + single_quoted(code) + " has a total list already on line " + std::to_string(it->second.line)));
    }
  }
}

// Current links only: a practice in two current networks would count its patients twice.
void networks_builder::read_links(csv_reader& reader, const std::vector<std::size_t>& col) {
  csv_record rec;
  while (reader.next(rec)) {
    const std::string_view practice = field_text(rec, col[0]);
    const std::string_view pcn = field_text(rec, col[2]);
    bool ok = true;
    if (practice.empty()) {
      log_.add(field_problem(reader, rec, col[0], codes::csv_empty_value, "empty practice code"));
      ok = false;
    }
    const auto found = index_.find(pcn);
    if (pcn.empty()) {
      log_.add(field_problem(reader, rec, col[2], codes::csv_empty_value, "empty PCN code"));
      ok = false;
    } else if (found == index_.end()) {
      ok = false;
      if (pcns_ok_) {  // otherwise the PCN file's own problem says it all
        const std::string hint = log_.has_room() ? detail::did_you_mean(pcn, ids_) : std::string();
        log_.add(field_problem(reader, rec, col[2], codes::unknown_network,
                               "unknown PCN " + single_quoted(pcn) + " (not in " + pcns_file_ + ")" + hint));
      }
    }
    bool bad_start = false;
    bool bad_end = false;
    const auto start = read_epcn_date(reader, rec, col[4], log_, bad_start);
    const auto end = read_epcn_date(reader, rec, col[3], log_, bad_end);
    if (!ok || bad_start || bad_end) continue;
    if (not_started(start, at_) || ended(end, at_) || ended(close_dates_[found->second], at_)) {
      ++inactive_links_;
      continue;
    }
    const auto [it, added] = link_of_.try_emplace(std::string(practice), links_.size());
    if (!added) {
      const link& first = links_[it->second];
      log_.add(field_problem(reader, rec, col[0], codes::duplicate_practice,
                             "practice " + single_quoted(practice) + " is already a current member of " +
                                 ids_[first.network] + " (line " + std::to_string(first.line) + ")"));
      continue;
    }
    links_.push_back({std::string(practice), std::string(field_text(rec, col[1])), found->second, rec.line});
  }
}

void networks_builder::total_up(networks_import& out) {
  for (const link& l : links_) {
    imported_network& net = all_[l.network];
    ++net.practices;
    const auto list = lists_.find(l.practice);
    if (list == lists_.end()) {
      out.unlisted.push_back({l.practice, l.name, net.id});
      continue;
    }
    list->second.linked = true;
    ++net.listed_practices;
    net.registered_patients = net.registered_patients.value_or(0) + list->second.patients;
  }
  for (const auto& [code, list] : lists_) {
    if (list.linked) continue;
    ++out.unlinked_practices;
    out.unlinked_patients += list.patients;
  }
  for (std::size_t n = 0; n < all_.size(); ++n) {
    if (ended(close_dates_[n], at_)) {
      ++out.closed_networks;
    } else {
      out.networks.push_back(std::move(all_[n]));
    }
  }
  std::sort(out.unlisted.begin(), out.unlisted.end(), [](const unlisted_practice& a, const unlisted_practice& b) {
    return a.network_id != b.network_id ? a.network_id < b.network_id : a.practice < b.practice;
  });
}

networks_import networks_builder::run(const std::filesystem::path& pcns_csv, const std::filesystem::path& partners_csv,
                                      const std::filesystem::path& practices_csv) {
  pcns_file_ = pcns_csv.string();
  pcns_ok_ = read_published_csv(pcns_csv, options_.limits, log_,
                                {{{"PCN Code"}, true},
                                 {{"PCN Name"}, false},
                                 {{"Clinical Commissioning Group Name", "Sub ICB Location Name", "ICB Name"}, false},
                                 {{"Close Date"}, false}},
                                [this](csv_reader& r, const std::vector<std::size_t>& col) { read_pcns(r, col); });
  // List sizes before links: the list's extract date is the default membership date.
  read_published_csv(practices_csv, options_.limits, log_,
                     {{{"CODE", "PRACTICE_CODE", "ORG_CODE"}, true},
                      {{"NUMBER_OF_PATIENTS"}, true},
                      {{"SEX"}, false},
                      {{"AGE"}, false},
                      {{"EXTRACT_DATE"}, false}},
                     [this](csv_reader& r, const std::vector<std::size_t>& col) { read_lists(r, col); });
  at_ = options_.at ? options_.at : extract_date_;
  read_published_csv(partners_csv, options_.limits, log_,
                     {{{"Partner Organisation Code"}, true},
                      {{"Partner Name"}, false},
                      {{"PCN Code"}, true},
                      {{"Practice to PCN Relationship End Date"}, false},
                      {{"Practice to PCN Relationship Start Date"}, false}},
                     [this](csv_reader& r, const std::vector<std::size_t>& col) { read_links(r, col); });
  for (const std::filesystem::path& census : options_.censuses)
    read_published_csv(
        census, options_.limits, log_,
        {{{"PCN_CODE"}, true}, {{"COMM_REGION_NAME"}, true}, {{"CENSUS_YEAR"}, true}, {{"CENSUS_MONTH"}, true}},
        [this](csv_reader& r, const std::vector<std::size_t>& col) { read_regions(r, col); });
  if (!log_.empty()) log_.raise();

  networks_import out;
  out.regions_read = !options_.censuses.empty();
  for (std::size_t n = 0; n < all_.size(); ++n)
    if (const auto it = regions_.find(all_[n].id); it != regions_.end()) all_[n].london = it->second.second;
  out.at = at_;
  out.inactive_links = inactive_links_;
  total_up(out);
  return out;
}

}  // namespace

networks_import import_networks(const std::filesystem::path& pcns_csv, const std::filesystem::path& partners_csv,
                                const std::filesystem::path& practices_csv, const networks_options& options) {
  return networks_builder(options).run(pcns_csv, partners_csv, practices_csv);
}

void write_networks_csv(std::ostream& out, const networks_import& networks) {
  std::string text = networks.regions_read ? "network_id,name,region,registered_patients,london\n"
                                           : "network_id,name,region,registered_patients\n";
  for (const imported_network& n : networks.networks) {
    detail::append_csv_field(text, n.id);
    text.push_back(',');
    detail::append_csv_field(text, n.name);
    text.push_back(',');
    detail::append_csv_field(text, n.region);
    text.push_back(',');
    if (n.registered_patients) text.append(std::to_string(*n.registered_patients));
    if (networks.regions_read) {
      text.push_back(',');
      if (n.london) text.push_back(*n.london ? '1' : '0');
    }
    text.push_back('\n');
  }
  out << text;
}

}  // namespace descheck
