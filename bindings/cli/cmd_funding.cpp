// funding: ARRS entitlement, claims and headroom per network and financial year, with national totals.
#include <algorithm>
#include <charconv>
#include <iostream>

#include "cli.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/io/text.hpp"

namespace descheck::cli {
namespace {

// --year 2021 (for 2021/22), repeatable; in command-line order, each once.
std::vector<int> years_option(const options& o) {
  std::vector<int> years;
  for (const std::string& text : o.all("year")) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 9998)
      usage_error("--year '" + text + "' is not a financial year: give the year it starts in, 2021 for 2021/22");
    if (std::find(years.begin(), years.end(), value) != years.end()) usage_error("--year " + text + " given twice");
    years.push_back(value);
  }
  if (years.empty()) usage_error("'funding' needs --year, the financial year's first year (2021 for 2021/22)");
  return years;
}

// --cost ROLE=GBP, repeatable: the employment cost per WTE a year of a role.
std::vector<schedule> costs_option(const options& o, const rule_set& rules) {
  std::vector<schedule> costs;
  for (const std::string& text : o.all("cost")) {
    const auto eq = text.find('=');
    const std::string id = text.substr(0, eq);
    const role_index k = rules.find_role(id);
    if (eq == std::string::npos || k == no_index) {
      std::vector<std::string> ids;
      for (const role& r : rules.roles) ids.push_back(r.id);
      usage_error(eq == std::string::npos ? "--cost '" + text + "' is not ROLE=GBP"
                                          : "--cost names no role '" + id + "'" + did_you_mean(id, ids));
    }
    const auto value = parse_number(std::string_view(text).substr(eq + 1));
    if (!value || *value < 0) usage_error("--cost '" + text + "': the cost must be a number of GBP, 0 or more");
    if (costs.size() <= k) costs.resize(k + 1);
    if (!costs[k].empty()) usage_error("--cost given twice for role " + id);
    costs[k] = schedule::constant(*value);
  }
  return costs;
}

int run_funding(const options& o) {
  o.no_positional();
  const table_format format = choose_format(o);
  const std::vector<int> years = years_option(o);
  const rule_set rules = load_rules(o);
  funding_options what;
  what.assume_arrs = o.flag("assume-arrs");
  what.cost_per_wte = costs_option(o, rules);
  const panel networks = load_panel_option(o, rules);
  std::vector<funding_report> reports;
  reports.reserve(years.size());
  for (const int year : years) reports.push_back(summarise_funding(rules, networks, year, what));
  emit(o, [&](std::ostream& out) { write_funding(out, rules, networks, reports, format); });
  write_totals_option(o, funding_totals_table(reports));
  for (const funding_report& r : reports) {  // the national totals, for the person at the terminal
    const national_funding& t = r.national;
    std::cerr << "funding " << t.year.label() << ": " << t.networks << " networks entitled to GBP "
              << format_fixed(t.entitlement, 2) << ", claims GBP " << format_fixed(t.claims, 2) << ", unclaimed GBP "
              << format_fixed(t.unclaimed, 2) << '\n';
  }
  return 0;
}

const registrar funding_command{
    {"funding",
     85,
     "  descheck funding  --rules DIR --networks FILE --staff FILE [--coverage FILE] --year YEAR [--year YEAR]...\n"
     "                   [--assume-arrs] [--cost ROLE=GBP]... [--format csv|json|table|markdown] [--output FILE]\n"
     "                   [--totals FILE]\n",
     {"rules", "networks", "staff", "coverage", "year", "cost", "format", "output", "totals"},
     {"year", "cost"},
     {"assume-arrs"},
     run_funding,
     "ARRS entitlement, claims and headroom per network and financial year (totals: --totals).",
     "descheck funding --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --year "
     "2021 --format table",
     {{"year", "YEAR the financial year by the year it starts in (2021 for 2021/22); repeatable"}}}};

}  // namespace
}  // namespace descheck::cli
