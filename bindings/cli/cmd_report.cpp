// report: the national picture of a panel over a date range, under one or several scenarios.
#include "cli.hpp"
#include "descheck/report/claim.hpp"
#include "descheck/report/national.hpp"
#include "descheck/report/workforce.hpp"
#include "descheck/scenario/scenario.hpp"

namespace descheck::cli {
namespace {

/// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t from = 0; from <= text.size();) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    if (comma > from) out.push_back(text.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

/// The most draws `report --draws` takes: each draw checks every network at every interval of the
/// range (about 0.1 s of CPU on the national panel), and keeps its counts in memory.
constexpr std::uint64_t max_report_draws = 100'000;

int run_report(const options& o) {
  o.no_positional();
  if (o.get("seed") && !o.get("draws")) usage_error("--seed goes with --draws");
  const auto draws = static_cast<std::uint32_t>(whole_option(o, "draws", 1, max_report_draws, 0));
  const std::uint64_t seed = whole_option(o, "seed", 0, UINT64_MAX, 0);
  const std::vector<variant> variants = load_variants(o);
  const panel networks = load_panel_option(o, variants.front().rules);
  national_options what;
  std::tie(what.from, what.to) = range_option(o, variants.front().rules);
  what.every = parse_cadence(o.get("every").value_or("quarter"));
  what.threads = threads_option(o);
  // The report is a Markdown page unless --format or --output's extension asks for its rows.
  const table_format format = o.get("format") || o.get("output") ? choose_format(o) : table_format::markdown;
  const auto claim_file = o.get("claim");
  if (claim_file && format != table_format::markdown)
    usage_error("--claim adds a Markdown section: use --format markdown");
  if (!claim_file && o.get("claim-services")) usage_error("--claim-services goes with --claim");
  std::vector<labelled_report> reports;
  for (const variant& v : variants) {
    progress_bar bar("report " + v.rules.scenario_id);
    reports.push_back({&v.rules, v.label, summarise_nation(v.rules, networks, what, bar.callback())});
  }
  if (draws > 0)
    for (labelled_report& r : reports) {
      progress_bar bar("bands " + r.rules->scenario_id);
      add_national_bands(r.report, *r.rules, networks, what, draws, seed, bar.callback());
    }
  claim_report claim;
  if (claim_file) {
    const rule_set& enacted = variants.front().rules;
    const rule_set draft = apply_scenarios(enacted, {*claim_file});
    claim_options options;
    if (const auto list = o.get("claim-services")) options.services = comma_list(*list);
    claim.services = options.services;
    progress_bar bar("claim");
    claim.timelines.push_back(test_claim(enacted, networks, options, "as enacted"));
    claim.timelines.push_back(test_claim(draft, networks, options, "on the timeline of `" + draft.scenario_id + "`"));
  }
  // --strict: some network in which requirements are in force lacks the staff on some date.
  bool compliant = true;
  for (const labelled_report& r : reports)
    for (const national_cell& cell : r.report.cells)
      if (cell.compliant < cell.in_force) compliant = false;
  emit(o, [&](std::ostream& out) {
    if (reports.size() == 1) {
      write_national_report(out, *reports[0].rules, reports[0].report, format);
    } else {
      write_national_comparison(out, reports, format);
    }
    // The panel is shared by every scenario, so the census is compared once, against the published
    // figures of the first rule set. Markdown only: the rows stay those of the national report.
    const rule_set& rules = variants.front().rules;
    if (format == table_format::markdown && has_workforce_figures(rules))
      write_workforce_markdown(out, rules, compare_workforce(rules, networks, what.from, what.to));
    if (claim_file) write_claim_section(out, variants.front().rules, claim);
  });
  return o.flag("strict") && !compliant ? 1 : 0;
}

const registrar report_command{
    {"report",
     80,
     "  descheck report   --rules DIR --networks FILE --staff FILE [--coverage FILE] [--from DATE --to DATE]\n"
     "                   [--compare SCENARIO]... [--every quarter|month] [--format markdown|csv|json|table] [--threads "
     "N]\n"
     "                   [--claim DRAFT_SCENARIO [--claim-services ID,ID...]] [--draws N [--seed S]] [--output FILE]\n"
     "                   [--strict]\n",
     {"rules", "networks", "staff", "coverage", "from", "to", "every", "format", "threads", "output", "compare",
      "claim", "claim-services", "draws", "seed"},
     {"compare"},
     {"strict"},
     run_report,
     "The national picture over a range: a Markdown page, or its rows with --format.",
     "descheck report --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --from "
     "2020-04-01 --to 2024-03-31 --output national.md",
     {{"every", "CADENCE quarter or month: the dates sampled (default: quarter)"},
      {"format", "FORMAT markdown (default: a page people read), or csv, json or table for its rows"},
      {"claim", "FILE a draft scenario whose timeline is tested against the enacted one (Markdown)"},
      {"claim-services", "ID,ID... the services the claim is about"},
      {"draws", "N add the 90% range of every compliant count over N joint draws of the ranged values (1 to 100000)"},
      {"seed", "S the seed of the draws (default 0; with --draws)"}}}};

}  // namespace
}  // namespace descheck::cli
