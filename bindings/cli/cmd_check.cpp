// validate, check and explain: one rule set, one date.
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "descheck/pools/pools.hpp"

namespace descheck::cli {
namespace {

// `--format text` (the default) or `--format json` (also for an --output ending in .json): explain
// and validate write prose or one structured JSON object, not rows.
bool json_option(const options& o) {
  const auto f = o.get("format");
  if (!f) return o.get("output") && std::filesystem::path(*o.get("output")).extension() == ".json";
  if (*f == "text") return false;
  if (*f == "json") return true;
  usage_error("unknown format '" + *f + "' for '" + o.command + "'" + did_you_mean(*f, {"text", "json"}) +
              "; use text or json");
}

std::string json_diagnostics(const std::vector<diagnostic>& list) {
  std::string out = "[";
  for (const diagnostic& d : list) {
    if (out.size() > 1) out += ", ";
    out += "{\"file\": " + json_quoted(d.file) + ", \"line\": " + std::to_string(d.line) +
           ", \"column\": " + std::to_string(d.column) + ", \"code\": " + json_quoted(d.code) +
           ", \"message\": " + json_quoted(d.message) + "}";
  }
  return out + "]";
}

// validate --format json: {"path", "valid", "problems", "rule_set", "unranged", "scenarios"}.
int run_validate_json(const options& o, const std::filesystem::path& dir) {
  const std::vector<diagnostic> problems = validate_rule_set(dir);
  std::string out = "{\"path\": " + json_quoted(dir.string()) +
                    ", \"valid\": " + (problems.empty() ? "true" : "false") +
                    ", \"problems\": " + json_diagnostics(problems);
  int status = problems.empty() ? 0 : 2;
  if (problems.empty()) {
    rule_set rules = load_rule_set(dir);
    out += ", \"rule_set\": {\"id\": " + json_quoted(rules.id) + ", \"version\": " + json_quoted(rules.version) +
           ", \"roles\": " + std::to_string(rules.roles.size()) +
           ", \"drivers\": " + std::to_string(rules.drivers.size()) +
           ", \"services\": " + std::to_string(rules.services.size()) +
           ", \"requirements\": " + std::to_string(rules.flat.size()) + "}";
    if (o.flag("strict")) {
      const std::vector<diagnostic> bare = unranged_assumptions(rules);
      out += ", \"unranged\": " + json_diagnostics(bare);
      if (!bare.empty()) status = 1;
    }
    out += ", \"scenarios\": [";
    bool first = true;
    for (const std::string& file : o.all("scenario")) {
      const scenario s = load_scenario(file, rules);
      rules = apply_scenario(rules, s);
      out += std::string(first ? "" : ", ") + "{\"file\": " + json_quoted(file) + ", \"id\": " + json_quoted(s.id) +
             ", \"changes\": " + std::to_string(s.changes.size()) + "}";
      first = false;
    }
    out += "]";
  }
  out += "}\n";
  emit(o, [&](std::ostream& stream) { stream << out; });
  return status;
}

int run_validate(const options& o) {
  if (o.positional.size() != 1) usage_error("'validate' takes one rule-set directory");
  const std::filesystem::path dir = o.positional[0];
  if (json_option(o)) return run_validate_json(o, dir);
  const std::vector<diagnostic> problems = validate_rule_set(dir);
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << format(d) << '\n';
    std::cerr << dir.string() << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems") << '\n';
    return 2;
  }
  rule_set rules = load_rule_set(dir);
  // Nothing says "valid" on standard output until every scenario given has been validated too.
  std::ostringstream valid;
  valid << dir.string() << ": valid rule set " << rules.id << " " << rules.version << ": " << rules.roles.size()
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
    valid << file << ": valid scenario " << s.id << ": " << s.changes.size() << " change"
          << (s.changes.size() == 1 ? "" : "s") << "\n";
  }
  std::cout << valid.str();
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
  if (!json_option(o)) {
    emit(o, [&](std::ostream& out) { out << text; });
    return 0;
  }
  // The check's figures as data, the explanation's lines beside them.
  checker check(rules, networks);
  const check_result& result = check.run(index, at);
  std::ostringstream requirements;
  row_writer writer(requirements, rules, networks, row_kind::requirements, table_format::json);
  writer.add(result);
  writer.finish();
  std::string rows = requirements.str();
  while (!rows.empty() && rows.back() == '\n') rows.pop_back();
  std::string lines = "[";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines += (lines.size() > 1 ? ", " : "") + json_quoted(line);
  lines += "]";
  const std::string out = "{\"network_id\": " + json_quoted(id) + ", \"date\": " + json_quoted(to_string(at)) +
                          ", \"state\": " + json_quoted(to_string(result.state)) +
                          ", \"demand_hours\": " + format_fixed(result.demand_hours) +
                          ", \"delivered_hours\": " + format_fixed(result.delivered_hours) +
                          ", \"requirements\": " + rows + ", \"explanation\": " + lines + "}\n";
  emit(o, [&](std::ostream& stream) { stream << out; });
  return 0;
}

const registrar validate_command{
    {"validate",
     10,
     "  descheck validate RULES_DIR [--scenario FILE]... [--strict] [--format text|json] [--output FILE]\n",
     {"format", "output"},
     {},
     {"strict"},
     run_validate,
     "Checks a rule set (and any --scenario files) and says what it holds.",
     "descheck validate specs/des-england --strict",
     {{"strict", "exit 1 when an assumption of the rule set's own files has no plausible range"},
      {"format", "FORMAT text (default) or json: one structured object"},
      {"output", "FILE write here (atomically) instead of standard output"}}}};
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
     "descheck check --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --at "
     "2021-06-01 --summary"}};
const registrar explain_command{
    {"explain",
     30,
     "  descheck explain --rules DIR --networks FILE --staff FILE [--coverage FILE] "
     "--network ID --at DATE [--format text|json] [--output FILE]\n",
     {"rules", "networks", "staff", "coverage", "at", "network", "format", "output"},
     {},
     {},
     run_explain,
     "Why one network is or is not compliant at a date, in words, with sources.",
     "descheck explain --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --network "
     "EX004 --at 2021-06-01",
     {{"format", "FORMAT text (default) or json: the check's figures and the explanation's lines"},
      {"output", "FILE write here (atomically) instead of standard output"}}}};

}  // namespace
}  // namespace descheck::cli
