// report: the national picture of a panel over a date range, under one or several scenarios.
#include <filesystem>
#include "cli.hpp"

#include "descheck/report/claim.hpp"
#include "descheck/report/html.hpp"
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

// An HTML page is not rows, so html is not a format of the one output layer: the report reads it
// itself, from --format html or, without --format, an --output ending in .html or .htm. Any other
// format or extension goes to the layer, and a wrong one is refused in the layer's words with html
// among the choices.
bool html_option(const options& o) {
  const std::vector<std::string> formats{"csv", "json", "table", "markdown", "html"};
  if (const auto f = o.get("format")) {
    if (std::find(formats.begin(), formats.end(), *f) == formats.end())
      usage_error("unknown format '" + *f + "'" + did_you_mean(*f, formats) +
                  "; use csv, json, table, markdown or html");
    return *f == "html";
  }
  const auto output = o.get("output");
  if (!output || *output == "-") return false;
  const std::string ext = std::filesystem::path(*output).extension().string();
  if (ext == ".html" || ext == ".htm") return true;
  std::error_code ec;
  const auto kind = std::filesystem::status(*output, ec).type();
  const bool named_file = ec || kind == std::filesystem::file_type::regular ||
                          kind == std::filesystem::file_type::not_found ||
                          kind == std::filesystem::file_type::directory;
  if (named_file && ext != ".csv" && ext != ".json" && ext != ".md" && ext != ".markdown" && ext != ".txt")
    usage_error("--output '" + *output +
                "': " + (ext.empty() ? std::string("no extension") : "unknown extension '" + ext + "'") +
                " to tell the format by; name it .csv, .json, .md, .txt or .html, or give --format");
  return false;
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
  // The report is a Markdown page unless --format or --output's extension asks for its rows or HTML.
  const bool html = html_option(o);
  const table_format format = !html && (o.get("format") || o.get("output")) ? choose_format(o) : table_format::markdown;
  const auto claim_file = o.get("claim");
  if (claim_file && format != table_format::markdown)
    usage_error("--claim adds a section to the page: use --format markdown or html");
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
  const rule_set& rules = variants.front().rules;
  if (html) {
    // The panel is shared by every scenario: the census is compared once, as on the Markdown page.
    std::optional<workforce_comparison> workforce;
    if (has_workforce_figures(rules)) workforce = compare_workforce(rules, networks, what.from, what.to);
    const html_sections sections{workforce ? &*workforce : nullptr, claim_file ? &claim : nullptr};
    emit(o, [&](std::ostream& out) { write_national_html(out, reports, networks, sections); });
    return o.flag("strict") && !compliant ? 1 : 0;
  }
  emit(o, [&](std::ostream& out) {
    if (reports.size() == 1) {
      write_national_report(out, *reports[0].rules, reports[0].report, format);
    } else {
      write_national_comparison(out, reports, format);
    }
    // The panel is shared by every scenario, so the census is compared once, against the published
    // figures of the first rule set. Markdown only: the rows stay those of the national report.
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
     "                   [--compare SCENARIO]... [--every quarter|month] [--format markdown|html|csv|json|table]\n"
     "                   [--threads N] [--claim DRAFT_SCENARIO [--claim-services ID,ID...]] [--draws N [--seed S]]\n"
     "                   [--output FILE] [--strict]\n",
     {"rules", "networks", "staff", "coverage", "from", "to", "every", "format", "threads", "output", "compare",
      "claim", "claim-services", "draws", "seed"},
     {"compare"},
     {"strict"},
     run_report,
     "The national picture over a range: a Markdown page, a page for a browser (--format html), or its rows.",
     "descheck report --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --from "
     "2020-04-01 --to 2024-03-31 --output national.md",
     {{"every", "CADENCE quarter or month: the dates sampled (default: quarter)"},
      {"format",
       "FORMAT markdown (default: a page people read), html (one self-contained page with charts and every "
       "network; also for an --output ending in .html), or csv, json or table for its rows"},
      {"claim", "FILE a draft scenario whose timeline is tested against the enacted one (Markdown or HTML)"},
      {"claim-services", "ID,ID... the services the claim is about"},
      {"draws", "N add the 90% range of every compliant count over N joint draws of the ranged values (1 to 100000)"},
      {"seed", "S the seed of the draws (default 0; with --draws)"}}}};

}  // namespace
}  // namespace descheck::cli
