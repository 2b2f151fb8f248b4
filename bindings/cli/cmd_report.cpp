// report: the national picture of a panel over a date range, under one or several scenarios.
#include "cli.hpp"
#include "descheck/national.hpp"
#include "descheck/workforce.hpp"

namespace descheck::cli {
namespace {

int run_report(const options& o) {
  o.no_positional();
  const std::vector<variant> variants = load_variants(o);
  const panel networks = load_panel_option(o, variants.front().rules);
  national_options what;
  std::tie(what.from, what.to) = range_option(o, variants.front().rules);
  what.every = parse_cadence(o.get("every").value_or("quarter"));
  what.threads = threads_option(o);
  const std::string format_name = o.get("format").value_or("markdown");
  if (format_name != "markdown" && format_name != "csv")
    usage_error("unknown format '" + format_name + "' for 'report'; use markdown or csv");
  const report_format format = format_name == "csv" ? report_format::csv : report_format::markdown;
  std::vector<labelled_report> reports;
  for (const variant& v : variants) {
    progress_bar bar("report " + v.rules.scenario_id);
    reports.push_back({&v.rules, v.label, summarise_nation(v.rules, networks, what, bar.callback())});
  }
  emit(o, [&](std::ostream& out) {
    if (reports.size() == 1) {
      write_national_report(out, *reports[0].rules, reports[0].report, format);
    } else {
      write_national_comparison(out, reports, format);
    }
    // The panel is shared by every scenario, so the census is compared once, against the published
    // figures of the first rule set. Markdown only: the CSV rows stay those of the national report.
    const rule_set& rules = variants.front().rules;
    if (format == report_format::markdown && has_workforce_figures(rules))
      write_workforce_markdown(out, rules, compare_workforce(rules, networks, what.from, what.to));
  });
  return 0;
}

const registrar report_command{
    {"report",
     80,
     "  descheck report   --rules DIR --networks FILE --staff FILE [--coverage FILE] [--from DATE --to DATE]\n"
     "                   [--compare SCENARIO]... [--every quarter|month] [--format markdown|csv] [--threads N]\n",
     {"rules", "networks", "staff", "coverage", "from", "to", "every", "format", "threads", "output", "compare"},
     {"compare"},
     {},
     run_report}};

}  // namespace
}  // namespace descheck::cli
