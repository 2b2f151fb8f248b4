// The national picture: compliance, shortfall and bottleneck roles per service and sample date.
#include "descheck/report/national.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "descheck/analysis/measures.hpp"
#include "io/text.hpp"
#include "report/summary.hpp"

namespace descheck {

namespace {

// Shortfalls are summed as whole micro-hours, so totals do not depend on which thread added what.
constexpr double micro = 1e6;

// Counts of one thread, merged at the end. Indexed [date][cell] and [date][cell][role]; cell S is
// "all services".
struct tally {
  std::vector<std::uint32_t> in_force, compliant;
  std::vector<std::int64_t> shortfall;
  std::vector<std::uint32_t> roles;
  std::vector<std::uint32_t> no_data;  // per date
  std::vector<std::uint32_t> year_in_force, year_compliant, year_no_data;
  tally(std::size_t cells, std::size_t roles_per_cell, std::size_t dates, std::size_t years)
      : in_force(cells),
        compliant(cells),
        shortfall(cells),
        roles(cells * roles_per_cell),
        no_data(dates),
        year_in_force(years),
        year_compliant(years),
        year_no_data(years) {}
};

// Financial years (1 April to 31 March) that overlap [from, to], clipped to it: the windows of the
// national measures, so that a year here and in an uncertainty run are the same days.
std::vector<national_year> financial_years(date from, date to) {
  std::vector<national_year> out;
  for (const measure_window& w : financial_year_windows(from, to)) {
    national_year y;
    y.from = w.from;
    y.to = w.to;
    out.push_back(y);
  }
  return out;
}

}  // namespace

std::string national_year::label() const { return financial_year_label(from); }

namespace {

// One network's scratch of the national tally for one date: which services (and, last, all
// services) are in force, met, short by how much, held back by which roles.
struct date_scratch {
  std::vector<char> in_force, met;
  std::vector<std::int64_t> short_by;
  std::vector<char> role_seen;
  date_scratch(std::size_t cells_per_date, std::size_t role_count)
      : in_force(cells_per_date),
        met(cells_per_date),
        short_by(cells_per_date),
        role_seen(cells_per_date * role_count) {}
};

// Compliant all year: no day of it non-compliant, and something in force on some day; a network
// without data on some day of the year is counted apart.
void tally_years(series_engine& engine, std::uint32_t n, const std::vector<national_year>& years,
                 const series_options& network_rows_only, result_block& year_rows, tally& t) {
  for (std::size_t y = 0; y < years.size(); ++y) {
    year_rows.clear();
    engine.timeline(n, years[y].from, years[y].to, network_rows_only, year_rows);
    bool any = false;
    bool short_some_day = false;
    bool unknown_some_day = false;
    for (const network_row& row : year_rows.networks) {
      any = any || row.state != network_state::not_in_force;
      short_some_day = short_some_day || row.state == network_state::non_compliant;
      unknown_some_day = unknown_some_day || row.state == network_state::no_data;
    }
    if (unknown_some_day) {
      ++t.year_no_data[y];
      continue;
    }
    t.year_in_force[y] += any ? 1 : 0;
    t.year_compliant[y] += any && !short_some_day ? 1 : 0;
  }
}

// One network's check at sample date `d` into the cells of that date.
void tally_date(const rule_set& rules, const check_result& r, std::size_t d, date_scratch& s, tally& t) {
  const std::size_t services = rules.services.size();
  const std::size_t cells_per_date = services + 1;
  const std::size_t role_count = rules.roles.size();
  if (r.state == network_state::no_data) {
    ++t.no_data[d];
    return;
  }
  std::fill(s.in_force.begin(), s.in_force.end(), 0);
  std::fill(s.met.begin(), s.met.end(), 1);
  std::fill(s.short_by.begin(), s.short_by.end(), 0);
  std::fill(s.role_seen.begin(), s.role_seen.end(), 0);
  for (const requirement_result& q : r.requirements) {
    const std::size_t svc = rules.flat[q.requirement].service;
    for (const std::size_t c : {svc, services}) {
      s.in_force[c] = 1;
      if (q.status != requirement_status::met) s.met[c] = 0;
      if (rules.at(rules.flat[q.requirement]).kind == requirement_kind::workload)
        s.short_by[c] += std::llround(q.shortfall() * micro);
      if (q.bottleneck >= 0)
        for (const role_index k : r.bottlenecks[static_cast<std::size_t>(q.bottleneck)].roles)
          s.role_seen[c * role_count + k] = 1;
    }
  }
  for (std::size_t c = 0; c < cells_per_date; ++c) {
    if (!s.in_force[c]) continue;
    const std::size_t cell = d * cells_per_date + c;
    ++t.in_force[cell];
    t.compliant[cell] += s.met[c] ? 1 : 0;
    t.shortfall[cell] += s.short_by[c];
    for (std::size_t k = 0; k < role_count; ++k) t.roles[cell * role_count + k] += s.role_seen[c * role_count + k];
  }
}

// The threads' tallies added up.
tally merge_tallies(const std::map<std::thread::id, tally>& tallies, std::size_t cells, std::size_t role_count,
                    std::size_t dates, std::size_t years) {
  tally total(cells, role_count, dates, years);
  for (const auto& [_, t] : tallies) {
    for (std::size_t y = 0; y < years; ++y) {
      total.year_in_force[y] += t.year_in_force[y];
      total.year_compliant[y] += t.year_compliant[y];
      total.year_no_data[y] += t.year_no_data[y];
    }
    for (std::size_t d = 0; d < dates; ++d) total.no_data[d] += t.no_data[d];
    for (std::size_t i = 0; i < cells; ++i) {
      total.in_force[i] += t.in_force[i];
      total.compliant[i] += t.compliant[i];
      total.shortfall[i] += t.shortfall[i];
    }
    for (std::size_t i = 0; i < total.roles.size(); ++i) total.roles[i] += t.roles[i];
  }
  return total;
}

// The totals as the report's years and cells, bottleneck roles most frequent first.
void fill_report(const rule_set& rules, const national_options& options, const tally& total, national_report& report) {
  const std::size_t services = rules.services.size();
  const std::size_t cells_per_date = services + 1;
  const std::size_t role_count = rules.roles.size();
  for (std::size_t y = 0; y < report.years.size(); ++y) {
    report.years[y].in_force = total.year_in_force[y];
    report.years[y].compliant = total.year_compliant[y];
    report.years[y].no_data = total.year_no_data[y];
  }
  for (std::size_t d = 0; d < report.dates.size(); ++d) {
    for (std::size_t c = 0; c < cells_per_date; ++c) {
      const std::size_t cell = d * cells_per_date + c;
      national_cell out;
      out.service = c == services ? no_index : static_cast<std::uint32_t>(c);
      out.at = report.dates[d];
      out.in_force = total.in_force[cell];
      out.compliant = total.compliant[cell];
      out.no_data = total.no_data[d];
      out.shortfall_hours = static_cast<double>(total.shortfall[cell]) / micro;
      for (std::size_t k = 0; k < role_count; ++k)
        if (const std::uint32_t count = total.roles[cell * role_count + k])
          out.bottleneck_roles.push_back({static_cast<role_index>(k), count});
      std::sort(
          out.bottleneck_roles.begin(), out.bottleneck_roles.end(), [&](const role_tally& a, const role_tally& b) {
            return a.networks != b.networks ? a.networks > b.networks : rules.roles[a.role].id < rules.roles[b.role].id;
          });
      if (out.bottleneck_roles.size() > options.top_roles) out.bottleneck_roles.resize(options.top_roles);
      report.cells.push_back(std::move(out));
    }
  }
}

}  // namespace

national_report summarise_nation(const rule_set& rules, const panel& networks, const national_options& options,
                                 const progress_callback& progress) {
  national_report report;
  report.scenario = rules.scenario_id;
  report.networks = static_cast<std::uint32_t>(networks.networks.size());
  report.coverage = !networks.coverage.empty();
  report.years = financial_years(options.from, options.to);
  report.dates = sample_dates(options.from, options.to, options.every);
  const std::size_t cells_per_date = rules.services.size() + 1;
  const std::size_t role_count = rules.roles.size();
  const std::size_t cells = report.dates.size() * cells_per_date;

  std::mutex mutex;
  std::map<std::thread::id, tally> tallies;
  const auto mine = [&]() -> tally& {
    const std::lock_guard lock(mutex);
    return tallies.try_emplace(std::this_thread::get_id(), cells, role_count, report.dates.size(), report.years.size())
        .first->second;
  };

  check_options with_bottlenecks;
  with_bottlenecks.bottlenecks = true;
  for_each_block(
      rules, networks, options.threads,
      [&](series_engine& engine, result_block& block) {
        tally& t = mine();
        date_scratch scratch(cells_per_date, role_count);
        result_block year_rows;
        series_options network_rows_only;
        network_rows_only.requirements = false;
        for (std::uint32_t n = block.first_network; n < block.last_network; ++n) {
          tally_years(engine, n, report.years, network_rows_only, year_rows, t);
          for (std::size_t d = 0; d < report.dates.size(); ++d)
            tally_date(rules, engine.check().run(n, report.dates[d], with_bottlenecks), d, scratch, t);
        }
      },
      [](const result_block&) {}, progress);

  const tally total = merge_tallies(tallies, cells, role_count, report.dates.size(), report.years.size());
  fill_report(rules, options, total, report);
  return report;
}

namespace {

// 65953.2 -> "65,953" (for prose and tables a person reads).
std::string grouped(double value) { return detail::group_thousands(detail::format_fixed(value, 0)); }

std::string percent(std::uint32_t part, std::uint32_t whole) {
  return whole == 0 ? std::string("-") : detail::format_fixed(100.0 * part / whole, 1) + "%";
}

std::string roles_text(const rule_set& rules, const national_cell& cell, bool labels) {
  std::string out;
  for (const role_tally& t : cell.bottleneck_roles) {
    if (!out.empty()) out += labels ? ", " : ";";
    const role& r = rules.roles[t.role];
    out += labels ? r.label + " (" + grouped(t.networks) + ")" : r.id + ":" + std::to_string(t.networks);
  }
  return out;
}

std::string service_name(const rule_set& rules, std::uint32_t service, bool labels) {
  if (service == no_index) return labels ? "All services" : "all";
  return labels ? rules.services[service].label + " (`" + rules.services[service].id + "`)"
                : rules.services[service].id;
}

std::vector<column> national_columns(bool coverage, bool bands) {
  std::vector<column> out{{"scenario"},
                          {"service"},
                          {"date", column_type::date},
                          {"networks_in_force", column_type::integer},
                          {"compliant", column_type::integer},
                          {"share_compliant", column_type::number, 4},
                          {"shortfall_hours", column_type::number, 4, 2},
                          {"bottleneck_roles"}};
  if (coverage) out.push_back({"networks_no_data", column_type::integer});
  if (bands)
    for (const char* name : {"financial_year", "p5", "p50", "p95"})
      out.push_back({name, name[0] == 'p' ? column_type::integer : column_type::text});
  return out;
}

// "90% range 120–210"
std::string band_text(const compliance_band& b) { return "90% range " + grouped(b.p5) + "–" + grouped(b.p95); }

// The band's cells of a row: financial year (or none), p5, p50, p95.
void add_band_cells(std::vector<table_cell>& row, const std::string& year, const compliance_band& b) {
  if (year.empty()) {
    row.emplace_back(std::monostate{});
  } else {
    row.emplace_back(year);
  }
  for (const double v : {b.p5, b.p50, b.p95}) row.emplace_back(static_cast<std::int64_t>(std::llround(v)));
}

// With bands, the financial-year rows of service column c.
void add_year_rows(table& rows, const rule_set& rules, const national_report& report, std::size_t c) {
  const std::size_t per_date = rules.services.size() + 1;
  for (std::size_t y = 0; y < report.years.size(); ++y) {
    const national_year_cell& cell = report.bands->years.at(y * per_date + c);
    std::vector<table_cell> row{report.scenario,
                                service_name(rules, cell.service, false),
                                std::monostate{},
                                static_cast<std::int64_t>(cell.in_force),
                                static_cast<std::int64_t>(cell.compliant),
                                cell.in_force == 0 ? 0.0 : static_cast<double>(cell.compliant) / cell.in_force,
                                cell.shortfall_hours,
                                std::string()};
    if (report.coverage) row.emplace_back(static_cast<std::int64_t>(cell.no_data));
    add_band_cells(row, report.years[y].label(), cell.band);
    rows.add_row(std::move(row));
  }
}

void add_rows(table& rows, const rule_set& rules, const national_report& report) {
  const std::size_t per_date = rules.services.size() + 1;
  // Service-major, so each service's rows read as a series.
  for (std::size_t c = 0; c < per_date; ++c) {
    for (std::size_t d = 0; d < report.dates.size(); ++d) {
      const national_cell& cell = report.cells[d * per_date + c];
      std::vector<table_cell> row{report.scenario,
                                  service_name(rules, cell.service, false),
                                  cell.at,
                                  static_cast<std::int64_t>(cell.in_force),
                                  static_cast<std::int64_t>(cell.compliant),
                                  cell.share_compliant(),
                                  cell.shortfall_hours,
                                  roles_text(rules, cell, false)};
      if (report.coverage) row.emplace_back(static_cast<std::int64_t>(cell.no_data));
      if (report.bands) add_band_cells(row, "", report.bands->cells.at(d * per_date + c));
      rows.add_row(std::move(row));
    }
    if (report.bands) add_year_rows(rows, rules, report, c);
  }
}

// Whether service column c is in force on any date of the report.
bool ever_in_force(const national_report& report, std::size_t per_date, std::size_t c) {
  for (std::size_t d = 0; d < report.dates.size(); ++d)
    if (report.cells[d * per_date + c].in_force > 0) return true;
  return false;
}

// " (90% range 120–210)" after a compliant count, when the report has bands.
std::string band_after(const national_report& report, const compliance_band* band) {
  return report.bands && band ? " (" + band_text(*band) + ")" : std::string();
}

// The one sentence that says where the ranges come from.
void write_bands_sentence(std::ostream& out, const national_bands& b) {
  out << "Ranges: each 90% range is the 5th to 95th percentile (nearest rank) of the figure over " << grouped(b.draws)
      << " draws in which all " << grouped(b.values) << " ranged values of the rule set were drawn at once (seed "
      << b.seed << "); the figure before it has every value at its value.\n";
}

}  // namespace

namespace detail {

std::string national_definitions(bool coverage) {
  std::string out =
      "Compliant: networks meeting every requirement of the service in force on that date, as a share of "
      "the networks in which the service is in force. Short: hours a week of workload not covered, summed "
      "over networks. Bottleneck roles: roles whose time is fully used in the bottleneck of a requirement "
      "that falls short, with the number of networks.\n";
  if (coverage)
    out +=
        "No data: networks outside the dates on which the staff file is a complete record of their staff "
        "(the coverage file); they are counted in no other column.\n";
  return out;
}

bool write_national_summary(std::ostream& out, const rule_set& rules, const national_report& report) {
  const std::size_t per_date = rules.services.size() + 1;
  if (report.dates.empty()) {
    out << "No sample dates in the range.\n";
    return false;
  }
  const std::size_t last_cell = (report.dates.size() - 1) * per_date + per_date - 1;
  const national_cell& last = report.cells[last_cell];
  out << grouped(report.networks) << " networks, " << report.dates.size() << " dates from "
      << to_string(report.dates.front()) << " to " << to_string(report.dates.back()) << ". On " << to_string(last.at)
      << ", ";
  if (report.coverage)
    out << grouped(report.networks - last.no_data) << " networks with data and " << grouped(last.no_data)
        << " without (counted apart, not as short of staff); ";
  out << grouped(last.compliant) << band_after(report, report.bands ? &report.bands->cells[last_cell] : nullptr)
      << " of " << grouped(last.in_force)
      << (report.coverage ? " networks with data and requirements in force ("
                          : " networks with requirements in force (")
      << percent(last.compliant, last.in_force) << ") had the staff for all of them; together the others were short of "
      << grouped(last.shortfall_hours) << " hours a week.\n\n";
  for (std::size_t y = 0; y < report.years.size(); ++y) {
    const national_year& year = report.years[y];
    const compliance_band* band = report.bands ? &report.bands->years.at((y + 1) * per_date - 1).band : nullptr;
    out << "- " << year.label() << ": " << grouped(year.compliant) << band_after(report, band) << " of "
        << grouped(year.in_force)
        << " networks had the staff for every requirement in force on every day of the year (from "
        << to_string(year.from) << " to " << to_string(year.to) << ")";
    if (report.coverage)
      out << "; " << grouped(year.no_data) << " networks without data on some day of it, counted apart";
    out << ".\n";
  }
  return true;
}

}  // namespace detail

namespace {

// With bands: the service's networks compliant all of each financial year.
void write_service_years(std::ostream& out, const rule_set& rules, const national_report& report, std::size_t c) {
  const std::size_t per_date = rules.services.size() + 1;
  out << "\nAll year:";
  for (std::size_t y = 0; y < report.years.size(); ++y) {
    const national_year_cell& cell = report.bands->years.at(y * per_date + c);
    out << (y ? ";" : "") << ' ' << report.years[y].label() << ' ';
    if (cell.in_force == 0) {
      out << "not in force";
    } else {
      out << grouped(cell.compliant) << " (" << band_text(cell.band) << ") of " << grouped(cell.in_force);
    }
  }
  out << ".\n";
}

void write_service_section(std::ostream& out, const rule_set& rules, const national_report& report, std::size_t c) {
  const std::size_t per_date = rules.services.size() + 1;
  out << "\n## " << service_name(rules, report.cells[c].service, true) << "\n\n";
  if (!ever_in_force(report, per_date, c)) {
    out << "Not in force on any of the dates.\n";
    return;
  }
  const bool bands = report.bands.has_value();
  out << "| date | in force | compliant |" << (bands ? " median | 90% range |" : "")
      << " short (h/week) | bottleneck roles |" << (report.coverage ? " no data |" : "") << "\n|---|---:|---:|"
      << (bands ? "---:|---:|" : "") << "---:|---|" << (report.coverage ? "---:|" : "") << '\n';
  for (std::size_t d = 0; d < report.dates.size(); ++d) {
    const national_cell& cell = report.cells[d * per_date + c];
    if (cell.in_force == 0) continue;  // dates before the service starts
    out << "| " << to_string(cell.at) << " | " << grouped(cell.in_force) << " | " << grouped(cell.compliant) << " ("
        << percent(cell.compliant, cell.in_force) << ") | ";
    if (bands) {
      const compliance_band& b = report.bands->cells[d * per_date + c];
      out << grouped(b.p50) << " | " << grouped(b.p5) << "–" << grouped(b.p95) << " | ";
    }
    out << grouped(cell.shortfall_hours) << " | " << roles_text(rules, cell, true) << " |";
    if (report.coverage) out << ' ' << grouped(cell.no_data) << " |";
    out << '\n';
  }
  if (bands && !report.years.empty()) write_service_years(out, rules, report, c);
}

void write_markdown(std::ostream& out, const rule_set& rules, const national_report& report) {
  const std::size_t per_date = rules.services.size() + 1;
  out << "# National picture: " << rules.label << "\n\n";
  if (!detail::write_national_summary(out, rules, report)) return;
  out << '\n' << detail::national_definitions(report.coverage);
  if (report.bands) write_bands_sentence(out, *report.bands);
  for (std::size_t c = 0; c < per_date; ++c) write_service_section(out, rules, report, c);
}

}  // namespace

table national_table(const std::vector<labelled_report>& reports) {
  bool bands = false;
  for (const labelled_report& r : reports) bands = bands || r.report.bands.has_value();
  table rows(national_columns(!reports.empty() && reports.front().report.coverage, bands));
  for (const labelled_report& r : reports) add_rows(rows, *r.rules, r.report);
  return rows;
}

void write_national_report(std::ostream& out, const rule_set& rules, const national_report& report,
                           table_format format) {
  if (format != table_format::markdown) {
    table rows(national_columns(report.coverage, report.bands.has_value()));
    add_rows(rows, rules, report);
    write_table(out, rows, format);
  } else {
    write_markdown(out, rules, report);
  }
}

namespace detail {

bool write_comparison_summary(std::ostream& out, const std::vector<labelled_report>& reports) {
  const national_report& first = reports.front().report;
  const std::size_t per_date = reports.front().rules->services.size() + 1;
  out << grouped(first.networks) << " networks, " << first.dates.size() << " dates from "
      << (first.dates.empty() ? std::string("-") : to_string(first.dates.front())) << " to "
      << (first.dates.empty() ? std::string("-") : to_string(first.dates.back())) << ".\n\n";
  if (first.dates.empty()) {
    out << "No sample dates in the range.\n";
    return false;
  }
  for (std::size_t y = 0; y < first.years.size(); ++y) {
    out << "In " << first.years[y].label();
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const national_report& r = reports[i].report;
      const national_year& year = r.years[y];
      const compliance_band* band = r.bands ? &r.bands->years.at((y + 1) * per_date - 1).band : nullptr;
      out << (i == 0                    ? ", under "
              : i + 1 == reports.size() ? "; and under "
                                        : "; under ")
          << reports[i].label << ", " << grouped(year.compliant) << band_after(r, band) << " of "
          << grouped(reports[i].report.networks - year.no_data)
          << (i == 0 ? (reports[i].report.coverage ? " networks with data all year" : " networks") +
                           std::string(" would have had the staff for all requirements in force all year")
                     : "");
    }
    out << ".\n\n";
  }
  out << "Scenarios: ";
  for (std::size_t i = 0; i < reports.size(); ++i)
    out << (i ? "; " : "") << "`" << reports[i].report.scenario << "` = " << reports[i].label;
  out << ".\n";
  return true;
}

}  // namespace detail

void write_national_comparison(std::ostream& out, const std::vector<labelled_report>& reports, table_format format) {
  if (format != table_format::markdown) {
    write_table(out, national_table(reports), format);
    return;
  }
  if (reports.empty()) return;
  const national_report& first = reports.front().report;
  const rule_set& rules = *reports.front().rules;  // services are the same in every variant
  const std::size_t per_date = rules.services.size() + 1;
  out << "# Phasing scenarios compared: " << rules.label << "\n\n";
  if (!detail::write_comparison_summary(out, reports)) return;
  out << "\nEach cell: networks compliant on that date, of those in which the service is in force (share).\n";
  if (first.bands) write_bands_sentence(out, *first.bands);
  for (std::size_t c = 0; c < per_date; ++c) {
    out << "\n## " << service_name(rules, first.cells[c].service, true) << "\n\n| date |";
    bool any = false;
    for (const labelled_report& r : reports) {
      out << " `" << r.report.scenario << "` |";
      any = any || ever_in_force(r.report, per_date, c);
    }
    if (!any) {
      out << "\n\nNot in force on any of the dates in any scenario.\n";
      continue;
    }
    out << "\n|---|";
    for (std::size_t i = 0; i < reports.size(); ++i) out << "---:|";
    out << '\n';
    for (std::size_t d = 0; d < first.dates.size(); ++d) {
      bool row = false;
      for (const labelled_report& r : reports) row = row || r.report.cells[d * per_date + c].in_force > 0;
      if (!row) continue;
      out << "| " << to_string(first.dates[d]) << " |";
      for (const labelled_report& r : reports) {
        const national_cell& cell = r.report.cells[d * per_date + c];
        if (cell.in_force == 0) {
          out << " not in force |";
        } else {
          out << ' ' << grouped(cell.compliant) << " of " << grouped(cell.in_force) << " ("
              << percent(cell.compliant, cell.in_force)
              << (r.report.bands ? "; " + band_text(r.report.bands->cells[d * per_date + c]) : std::string()) << ") |";
        }
      }
      out << '\n';
    }
  }
}

}  // namespace descheck
