// diff: the rule set (with --scenario) against the same with --against-scenario stacked on top:
// rule differences, networks whose state changes, and which changes cause it.
#include "cli.hpp"
#include "descheck/scenario/diff.hpp"

namespace descheck::cli {
namespace {

// The three sections for people (`--format text`) when asked for, or by default when neither
// --format nor --output says otherwise (an --output ending in .txt is text too); else a table in the format of the one
// default rule.
std::optional<table_format> diff_format_option(const options& o) {
  if (o.get("format") == std::optional<std::string>("text")) return std::nullopt;
  const auto output = o.get("output");
  if (!o.get("format") && (!output || std::filesystem::path(*output).extension() == ".txt")) return std::nullopt;
  return choose_format(o);
}

int run_diff(const options& o) {
  o.no_positional();
  const std::optional<table_format> format = diff_format_option(o);
  const unsigned threads = threads_option(o);
  const std::vector<std::string> files = o.all("against-scenario");
  if (files.empty()) usage_error("'diff' needs --against-scenario FILE, the scenario to compare with");
  const rule_set left = load_rules(o);
  // Each scenario is read against the rule set the ones before it leave, as --scenario files are.
  std::vector<scenario> against;
  rule_set right = left;
  for (const std::string& file : files) {
    against.push_back(load_scenario(file, right));
    right = apply_scenario(right, against.back());
  }
  const panel networks = load_panel_option(o, left);
  const auto [from, to] = range_option(o, left);
  diff_result result;
  {
    progress_bar bar(o.command);
    result = diff_outcomes(left, against, networks, from, to, threads, bar.callback());
  }
  emit(o, [&](std::ostream& out) {
    if (format) {
      write_diff(out, result, networks, *format);
    } else {
      write_diff_text(out, result, networks);
    }
  });
  return 0;
}

const registrar diff_command{
    {"diff",
     55,
     "  descheck diff     --rules DIR [--scenario FILE]... --against-scenario FILE [--against-scenario FILE]...\n"
     "                   --networks FILE --staff FILE [--coverage FILE] [--from DATE --to DATE] [--format "
     "text|csv|json|table|markdown]\n"
     "                   [--threads N] [--output FILE]\n",
     {"rules", "networks", "staff", "coverage", "from", "to", "format", "output", "threads", "against-scenario"},
     {"against-scenario"},
     {},
     run_diff,
     "The rule set against itself with scenarios on top: rule changes, and networks whose state flips.",
     "descheck diff --rules specs/des-england --against-scenario specs/des-england/scenarios/delay-a-year.yaml "
     "--networks examples/networks.csv --staff examples/staff.csv",
     {{"against-scenario", "FILE the scenario to compare with; repeatable, stacked in order"},
      {"format", "FORMAT text (default: three sections for people), or csv, json, table or markdown for the flips"}}}};

}  // namespace
}  // namespace descheck::cli
