// validate, check and explain: one rule set, one date.
#include <iostream>

#include "cli.hpp"
#include "descheck/pools/pools.hpp"

namespace descheck::cli {
namespace {

int run_validate(const options& o) {
  if (o.positional.size() != 1) usage_error("'validate' takes one rule-set directory");
  const std::filesystem::path dir = o.positional[0];
  const std::vector<diagnostic> problems = validate_rule_set(dir);
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << format(d) << '\n';
    std::cerr << dir.string() << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems") << '\n';
    return 2;
  }
  rule_set rules = load_rule_set(dir);
  std::cout << dir.string() << ": valid rule set " << rules.id << " " << rules.version << ": " << rules.roles.size()
            << " roles, " << rules.drivers.size() << " drivers, " << rules.services.size() << " services, "
            << rules.flat.size() << " requirements\n";
  // --strict: every modelling choice of the rule set's own files must carry its plausible spread.
  std::size_t unranged = 0;
  if (o.flag("strict")) {
    const std::vector<diagnostic> bare = unranged_assumptions(rules);
    for (const auto& d : bare) std::cerr << format(d) << '\n';
    if (!bare.empty())
      std::cerr << dir.string() << ": " << bare.size() << (bare.size() == 1 ? " assumption" : " assumptions")
                << " without a range\n";
    unranged = bare.size();
  }
  // Scenarios stack: each is validated against the rule set the ones before it made.
  for (const std::string& file : o.all("scenario")) {
    const scenario s = load_scenario(file, rules);
    rules = apply_scenario(rules, s);
    std::cout << file << ": valid scenario " << s.id << ": " << s.changes.size() << " change"
              << (s.changes.size() == 1 ? "" : "s") << "\n";
  }
  return unranged > 0 ? 1 : 0;
}

int run_check(const options& o) {
  o.no_positional();
  const date at = parse_date_option("at", o.need("at"));
  const rule_set rules = load_rules(o);
  if (const auto pools_file = o.get("pools")) {  // pooled staff: every network checked with its pools
    pooled_panel pooled = load_pooled_panel(rules, o.need("networks"), o.need("staff"), *pools_file);
    apply_coverage_option(o, pooled.networks);
    pooled_checker check(rules, pooled.networks, pooled.pools);
    const std::vector<check_result>& results = check.run(at);
    bool compliant = true;
    emit(o, [&](std::ostream& out) {
      row_writer writer(out, rules, pooled.networks, o.flag("summary") ? row_kind::networks : row_kind::requirements,
                        choose_format(o));
      for (const check_result& result : results) {
        if (result.state == network_state::non_compliant) compliant = false;
        writer.add(result);
      }
      writer.finish();
    });
    return o.flag("strict") && !compliant ? 1 : 0;
  }
  const panel networks = load_panel_option(o, rules);
  const table_format format = choose_format(o);
  bool all_compliant = true;
  checker check(rules, networks);
  emit(o, [&](std::ostream& out) {
    row_writer writer(out, rules, networks, o.flag("summary") ? row_kind::networks : row_kind::requirements, format);
    for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
      const check_result& result = check.run(n, at);
      if (result.state == network_state::non_compliant) all_compliant = false;
      writer.add(result);
    }
    writer.finish();
  });
  return o.flag("strict") && !all_compliant ? 1 : 0;
}

int run_explain(const options& o) {
  o.no_positional();
  const date at = parse_date_option("at", o.need("at"));
  const std::string id = o.need("network");
  const rule_set rules = load_rules(o);
  const panel networks = load_panel_option(o, rules);
  const std::uint32_t index = networks.require_network(id);
  const std::string text = explain(rules, networks, index, at);
  emit(o, [&](std::ostream& out) { out << text; });
  return 0;
}

const registrar validate_command{{"validate",
                                  10,
                                  "  descheck validate RULES_DIR [--scenario FILE]... [--strict]\n",
                                  {},
                                  {},
                                  {"strict"},
                                  run_validate,
                                  "Checks a rule set (and any --scenario files) and says what it holds.",
                                  "descheck validate specs/des-england --strict",
                                  {{"strict", "exit 1 when an assumption of the rule set's own files has no plausible range"}}}};
const registrar check_command{
    {"check",
     20,
     "  descheck check   --rules DIR --networks FILE --staff FILE [--coverage FILE] --at DATE\n"
     "                   [--pools FILE] [--summary] [--format csv|json|table|markdown] [--output FILE]\n"
     "                   [--strict]\n",
     {"rules", "networks", "staff", "coverage", "at", "format", "output", "pools"},
     {},
     {"summary", "strict"},
     run_check,
     "One row per network and requirement in force at a date: demand, delivered hours, status.",
     "descheck check --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --at 2021-06-01 --summary"}};
const registrar explain_command{{"explain",
                                 30,
                                 "  descheck explain --rules DIR --networks FILE --staff FILE [--coverage FILE] "
                                 "--network ID --at DATE [--output FILE]\n",
                                 {"rules", "networks", "staff", "coverage", "at", "network", "output"},
                                 {},
                                 {},
                                 run_explain,
                                 "Why one network is or is not compliant at a date, in words, with sources.",
                                 "descheck explain --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --network EX004 --at 2021-06-01"}};

}  // namespace
}  // namespace descheck::cli
