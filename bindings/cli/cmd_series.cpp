// series and timeline: every network over a date range, on several threads, output in input order.
#include <iostream>

#include "cli.hpp"

namespace descheck::cli {
namespace {

// The rule set under each scenario compared (one without --compare) and the panel they share.
struct loaded {
  std::vector<variant> variants;
  panel networks;
  [[nodiscard]] const rule_set& rules() const { return variants.front().rules; }
};

loaded load(const options& o) {
  o.no_positional();
  loaded in{load_variants(o), {}};
  in.networks = load_panel_option(o, in.rules());
  return in;
}

// Whether a block holds a network that is not compliant somewhere (for --strict).
bool non_compliant(const result_block& block) {
  for (const network_row& r : block.networks)
    if (r.state == network_state::non_compliant) return true;
  for (const earliest_row& r : block.earliest)
    if (r.status == earliest_status::not_compliant || r.status == earliest_status::compliant_from) return true;
  return false;
}

// Runs `evaluate` for every network on the worker threads, formats each block there too, and
// writes the blocks in network order; scenario by scenario when several are compared. The exit
// status: 1 with --strict when some network is not compliant at some date, else 0.
int run_rows(const options& o, const loaded& in, row_kind kind,
             const std::function<void(series_engine&, std::uint32_t, result_block&)>& evaluate) {
  const unsigned threads = threads_option(o);
  const table_format format = choose_format(o);
  bool compliant = true;
  emit(o, [&](std::ostream& out) {
    row_writer writer(out, in.rules(), in.networks, kind, format);
    for (const variant& v : in.variants) {
      writer.set_scenario(v.rules.scenario_id);
      progress_bar bar(o.command + " " + v.rules.scenario_id);
      for_each_block(
          v.rules, in.networks, threads,
          [&](series_engine& engine, result_block& block) {
            for (std::uint32_t n = block.first_network; n < block.last_network; ++n) evaluate(engine, n, block);
            writer.format(block, block.text);
          },
          [&](const result_block& block) {
            if (non_compliant(block)) compliant = false;
            writer.write(block.text);
          },
          bar.callback());
    }
    writer.finish();
  });
  return o.flag("strict") && !compliant ? 1 : 0;
}

int run_series(const options& o) {
  const loaded in = load(o);
  const auto [from, to] = range_option(o, in.rules());
  const std::vector<date> dates = sample_dates(from, to, parse_cadence(o.get("every").value_or("month")));
  series_options what;
  what.requirements = !o.flag("summary");
  return run_rows(
      o, in, what.requirements ? row_kind::requirements : row_kind::networks,
      [&](series_engine& engine, std::uint32_t n, result_block& block) { engine.sample(n, dates, what, block); });
}

int run_timeline(const options& o) {
  const loaded in = load(o);
  const auto range = range_option(o, in.rules());  // a pair, not a binding: the lambda below captures it
  if (o.flag("earliest") && o.flag("requirements")) usage_error("--earliest and --requirements are separate tables");
  series_options what;
  what.requirements = o.flag("requirements");
  what.earliest = o.flag("earliest");
  const row_kind kind = what.earliest       ? row_kind::earliest
                        : what.requirements ? row_kind::requirement_intervals
                                            : row_kind::network_intervals;
  return run_rows(o, in, kind, [&](series_engine& engine, std::uint32_t n, result_block& block) {
    engine.timeline(n, range.first, range.second, what, block);
  });
}

const std::vector<std::string> range_values{"rules", "networks", "staff",  "coverage", "from",
                                            "to",    "format",   "output", "threads",  "compare"};

std::vector<std::string> with(std::vector<std::string> list, const std::string& extra) {
  list.push_back(extra);
  return list;
}

const registrar series_command{
    {"series",
     40,
     "  descheck series   --rules DIR --networks FILE --staff FILE [--coverage FILE] [--from DATE --to DATE]\n"
     "                   [--compare SCENARIO]... [--every month|quarter] [--summary] [--threads N] [--format FORMAT]\n"
     "                   [--output FILE] [--strict]\n",
     with(range_values, "every"),
     {"compare"},
     {"summary", "strict"},
     run_series,
     "Every network at every sampled date of a range (network or requirement rows).",
     "descheck series --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --from "
     "2020-04-01 --to 2024-03-31 --summary --format table",
     {{"compare", "FILE a scenario to put side by side with the rule set; repeatable"}}}};
const registrar timeline_command{
    {"timeline",
     50,
     "  descheck timeline --rules DIR --networks FILE --staff FILE [--coverage FILE] [--from DATE --to DATE]\n"
     "                   [--compare SCENARIO]... [--requirements | --earliest] [--threads N] [--format FORMAT]\n"
     "                   [--output FILE] [--strict]\n",
     range_values,
     {"compare"},
     {"requirements", "earliest", "strict"},
     run_timeline,
     "Every network over a range as intervals of constant outcome, or the earliest compliant date.",
     "descheck timeline --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --from "
     "2020-04-01 --to 2024-03-31 --earliest",
     {{"requirements", "one row per requirement and interval instead of one per network"},
      {"earliest", "the earliest date from which each network meets each service"}}}};

}  // namespace
}  // namespace descheck::cli
