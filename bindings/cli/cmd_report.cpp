// report: the national picture of a panel over a date range.
#include "cli.hpp"
#include "descheck/national.hpp"

namespace descheck::cli {
namespace {

int run_report(const options& o) {
  o.no_positional();
  const rule_set rules = load_rules(o);
  const panel networks = load_panel(rules, o.need("networks"), o.need("staff"));
  national_options what;
  std::tie(what.from, what.to) = range_option(o, rules);
  what.every = parse_cadence(o.get("every").value_or("quarter"));
  what.threads = threads_option(o);
  const std::string format_name = o.get("format").value_or("markdown");
  if (format_name != "markdown" && format_name != "csv")
    usage_error("unknown format '" + format_name + "' for 'report'; use markdown or csv");
  const report_format format = format_name == "csv" ? report_format::csv : report_format::markdown;
  national_report report;
  {
    progress_bar bar("report");
    report = summarise_nation(rules, networks, what, bar.callback());
  }
  emit(o, [&](std::ostream& out) { write_national_report(out, rules, report, format); });
  return 0;
}

const registrar report_command{
    {"report",
     80,
     "  descheck report   --rules DIR --networks FILE --staff FILE [--from DATE --to DATE]\n"
     "                   [--every quarter|month] [--format markdown|csv] [--threads N] [--output FILE]\n",
     {"rules", "networks", "staff", "from", "to", "every", "format", "threads", "output"},
     {},
     {},
     run_report}};

}  // namespace
}  // namespace descheck::cli
