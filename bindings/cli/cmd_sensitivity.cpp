// sensitivity: one ranged value at a time at its low and high, sorted by swing (a tornado).
// uncertainty: every ranged value drawn at once; per-network probabilities and measure percentiles.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "descheck/analysis/sensitivity.hpp"
#include "descheck/analysis/uncertainty.hpp"

namespace descheck::cli {
namespace {

/// --service ID as an index (no_index when absent).
std::uint32_t service_option(const options& o, const rule_set& rules) {
  const auto id = o.get("service");
  if (!id) return no_index;
  const std::uint32_t s = rules.find_service(*id);
  if (s == no_index) {
    std::vector<std::string> ids;
    for (const service& svc : rules.services) ids.push_back(svc.id);
    usage_error("unknown service '" + *id + "'" + did_you_mean(*id, ids));
  }
  return s;
}

/// --format, else a table on a terminal and CSV through a pipe.
analysis_format format_option(const options& o, bool output_file) {
  if (const auto f = o.get("format")) return parse_analysis_format(*f);
  if (output_file) {
    return std::filesystem::path(*o.get("output")).extension() == ".json" ? analysis_format::json
                                                                          : analysis_format::csv;
  }
  return ::isatty(STDOUT_FILENO) ? analysis_format::table : analysis_format::csv;
}

/// The sensitivity command, apart from its registration.
int run_sensitivity_command(const options& o) {
  o.no_positional();
  const auto at = o.get("at");
  const auto year = o.get("year");
  if (at.has_value() == year.has_value()) usage_error("'sensitivity' needs one of --at DATE or --year YYYY/YY");
  sensitivity_options what;
  what.window = at ? at_date(parse_date_option("at", *at)) : parse_financial_year(*year);
  what.measure = parse_measure(o.get("measure").value_or("compliant"));
  const auto top = static_cast<std::size_t>(whole_option(o, "top", 1, 1'000'000, 0));
  what.threads = threads_option(o);
  const analysis_format format = format_option(o, o.get("output").has_value());
  const rule_set rules = load_rules(o);
  what.service = service_option(o, rules);
  const panel networks = load_panel_option(o, rules);
  sensitivity_result result;
  {
    progress_bar bar("sensitivity");
    result = run_sensitivity(rules, networks, what, bar.callback());
  }
  emit(o, [&](std::ostream& out) { write_tornado(out, rules, result, format, top); });
  return 0;
}

/// The uncertainty command, apart from its registration.
int run_uncertainty_command(const options& o) {
  o.no_positional();
  uncertainty_options what;
  if (!o.get("draws")) usage_error("'uncertainty' needs --draws N");
  what.draws = static_cast<std::uint32_t>(whole_option(o, "draws", 1, 10'000'000, 0));
  what.seed = whole_option(o, "seed", 0, UINT64_MAX, 0);
  what.every = parse_cadence(o.get("every").value_or("quarter"));
  what.threads = threads_option(o);
  std::optional<analysis_format> summary;
  if (const auto f = o.get("format")) summary = parse_analysis_format(*f);
  const rule_set rules = load_rules(o);
  std::tie(what.from, what.to) = range_option(o, rules);
  const panel networks = load_panel_option(o, rules);
  uncertainty_result result;
  {
    progress_bar bar("uncertainty");
    result = run_uncertainty(rules, networks, what, bar.callback());
  }
  if (const auto path = o.get("output")) {
    const bool json = std::filesystem::path(*path).extension() == ".json";
    write_file_atomically(*path, [&](std::ostream& out) { write_network_probabilities(out, networks, result, json); });
  }
  if (const auto path = o.get("year-measures")) {
    const table_format format = table_format_of_path(*path).value_or(table_format::csv);
    write_file_atomically(*path, [&](std::ostream& out) { write_year_measures(out, rules, result, format); });
  }
  std::ostringstream buffer;
  write_measure_summary(buffer, rules, result,
                        summary.value_or(::isatty(STDOUT_FILENO) ? analysis_format::table : analysis_format::csv));
  std::cout << buffer.str() << std::flush;
  return 0;
}

const registrar sensitivity_command{
    {"sensitivity",
     85,
     "  descheck sensitivity --rules DIR --networks FILE --staff FILE [--coverage FILE] (--at DATE | --year YYYY/YY)\n"
     "                   [--measure compliant|shortfall] [--service ID] [--top N] [--threads N]\n"
     "                   [--format table|csv|json|markdown] [--output FILE]\n",
     {"rules", "networks", "staff", "coverage", "at", "year", "measure", "service", "top", "threads", "format",
      "output"},
     {},
     {},
     run_sensitivity_command,
     "How much each ranged value of the rule set moves a national measure, one at a time (a tornado).",
     "descheck sensitivity --rules specs/des-england --networks data/england/networks.csv --staff "
     "data/england/staff.csv --coverage data/england/coverage.csv --at 2021-06-01 --top 10"}};

const registrar uncertainty_command{
    {"uncertainty",
     86,
     "  descheck uncertainty --rules DIR --networks FILE --staff FILE [--coverage FILE] --draws N [--seed S]\n"
     "                   [--from DATE --to DATE] [--every quarter|month] [--threads N]\n"
     "                   [--format table|csv|json|markdown] [--output FILE] [--year-measures FILE]\n",
     {"rules", "networks", "staff", "coverage", "draws", "seed", "from", "to", "every", "threads", "format", "output",
      "year-measures"},
     {},
     {},
     run_uncertainty_command,
     "Monte Carlo draws of every ranged value together: each network's probability of compliance and the "
     "spread of national measures.",
     "descheck uncertainty --rules specs/des-england --networks data/england/networks.csv --staff "
     "data/england/staff.csv --coverage data/england/coverage.csv --draws 100 --seed 1 --output probabilities.csv",
     {{"year-measures",
       "FILE the per-financial-year measures (.csv, .json, .md or .txt; also in the table, Markdown and JSON "
       "summaries)"}}}};

}  // namespace
}  // namespace descheck::cli
