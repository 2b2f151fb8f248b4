// plan: the cheapest additional WTE by role that makes each network compliant at a date; under
// the ARRS entitlement, whether that is fundable; under a national supply, one shared-out plan.
#include <cmath>
#include <iostream>

#include "cli.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/io/text.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"

namespace descheck::cli {
namespace {

[[noreturn]] void plan_error(const std::string& message) {
  throw input_error({{"", 0, 0, codes::plan_option, message}});
}

role_index role_option(const rule_set& rules, const std::string& option, const std::string& id) {
  const role_index k = rules.find_role(id);
  if (k != no_index) return k;
  std::vector<std::string> ids;
  for (const role& r : rules.roles) ids.push_back(r.id);
  plan_error("--" + option + ": unknown role '" + id + "'" + did_you_mean(id, ids));
}

double money_option(const std::string& option, const std::string& text) {
  const auto v = parse_number(text);
  const double maximum = option == "budget" ? limits::max_budget : limits::max_cost_per_wte;
  if (!v || !std::isfinite(*v) || *v < 0.0)
    plan_error("--" + option + ": '" + text + "' is not an amount in GBP (a number >= 0)");
  if (*v > maximum)
    plan_error("--" + option + ": " + text + " is over the limit of " + format_fixed(maximum, 0) + " GBP");
  return *v;
}

plan_options read_options(const options& o, const rule_set& rules) {
  plan_options out;
  for (const std::string& list : o.all("roles")) {
    std::size_t from = 0;
    while (from <= list.size()) {
      const std::size_t comma = std::min(list.find(',', from), list.size());
      if (comma > from) out.roles.push_back(role_option(rules, "roles", list.substr(from, comma - from)));
      from = comma + 1;
    }
  }
  if (!o.all("roles").empty() && out.roles.empty()) plan_error("--roles: give at least one role id");
  for (const std::string& item : o.all("cost")) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) plan_error("--cost: '" + item + "' is not ROLE=GBP");
    out.cost_per_wte.emplace_back(role_option(rules, "cost", item.substr(0, eq)),
                                  money_option("cost", item.substr(eq + 1)));
  }
  if (const auto b = o.get("budget")) {
    if (*b == "entitlement")
      out.entitlement_budget = true;
    else
      out.budget = money_option("budget", *b);
  }
  out.assume_arrs = o.flag("assume-arrs");
  if (out.assume_arrs && !out.entitlement_budget)
    usage_error("--assume-arrs counts posts towards the ARRS headroom: it goes with --budget entitlement");
  return out;
}

// The ARRS headroom of each network in the financial year of `at`, when the rule set has the
// funding terms for that year; empty otherwise (under --budget entitlement the planner then
// reports the missing terms).
std::vector<std::optional<double>> headrooms(const rule_set& rules, const panel& networks, const planner& plan,
                                             date at) {
  std::vector<std::optional<double>> out(networks.networks.size());
  const financial_year year = financial_year_of(at);
  if (!rules.funding || !rules.funding->per_weighted_patient.at(year.from) ||
      rules.find_driver("weighted_patients") == no_index)
    return out;
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) out[n] = plan.entitlement_headroom(n, at);
  return out;
}

int run_plan(const options& o) {
  o.no_positional();
  const auto horizon = o.get("horizon");
  if (horizon && o.get("at")) usage_error("'plan' takes --at DATE or --horizon FROM..TO, not both");
  date at, to;
  if (horizon) {
    const std::size_t dots = horizon->find("..");
    if (dots == std::string::npos) usage_error("--horizon '" + *horizon + "' is not FROM..TO");
    at = parse_date_option("horizon", horizon->substr(0, dots));
    to = parse_date_option("horizon", horizon->substr(dots + 2));
    if (to < at) usage_error("--horizon '" + *horizon + "' ends before it starts");
  } else {
    at = parse_date_option("at", o.need("at"));
  }
  const auto supply_file = o.get("supply");
  if (horizon && supply_file) usage_error("--supply plans at one date: give --at DATE, not --horizon");
  if (horizon && o.get("budget") == std::optional<std::string>("entitlement"))
    usage_error("--budget entitlement plans at one date: give --at DATE, not --horizon");
  const table_format format = choose_format(o);
  const rule_set rules = load_rules(o);
  const panel networks = load_panel_option(o, rules);
  const plan_options chosen = read_options(o, rules);
  planner plan(rules, networks, chosen);
  std::vector<std::uint32_t> which;
  if (const auto id = o.get("network")) {
    which.push_back(networks.require_network(*id));
  } else {
    which.reserve(networks.networks.size());
    for (std::uint32_t n = 0; n < networks.networks.size(); ++n) which.push_back(n);
  }
  if (horizon) {
    std::vector<horizon_plan> plans;
    plans.reserve(which.size());
    for (const std::uint32_t n : which) plans.push_back(plan_horizon(plan, rules, networks, n, at, to));
    emit(o, [&](std::ostream& out) { write_horizon_plans(out, rules, networks, plans, format); });
    return 0;
  }
  if (supply_file) {
    const recruitment_supply supply = load_supply(rules, *supply_file);
    const supply_plan national = plan_nationally(rules, networks, at, chosen, supply, which);
    emit(o, [&](std::ostream& out) { write_supply_plan(out, rules, networks, national, format); });
    write_totals_option(o, supply_totals_table(rules, national));
    std::cerr << "plan: " << national.networks.size() << " networks, " << national.compliant_before
              << " compliant before and " << national.compliant_after << " after; cost GBP "
              << format_fixed(national.cost, 2) << '\n';
    return 0;
  }
  const std::vector<std::optional<double>> room = headrooms(rules, networks, plan, at);
  std::vector<plan_result> plans;
  plans.reserve(which.size());
  for (const std::uint32_t n : which) plans.push_back(plan.run(n, at, room[n]));
  emit(o, [&](std::ostream& out) { write_plans(out, rules, networks, plans, format); });
  write_totals_option(o, plan_totals_table(rules, plans));
  plan_totals totals;
  double wte = 0.0;
  for (const plan_result& p : plans) {
    totals.add(p, rules.roles.size());
    for (const hire& h : p.hires) wte += h.wte;
  }
  std::cerr << "plan: " << totals.networks << " networks, " << totals.needing_hires
            << " needing hires: " << format_fixed(wte, 4) << " WTE, cost GBP " << format_fixed(totals.cost, 2)
            << " (ARRS GBP " << format_fixed(totals.arrs_cost, 2) << ")\n";
  return 0;
}

const registrar plan_command{
    {"plan",
     45,
     "  descheck plan    --rules DIR --networks FILE --staff FILE [--coverage FILE] (--at DATE | --horizon FROM..TO)\n"
     "                   [--network ID]\n"
     "                   [--roles ROLE,ROLE...] [--cost ROLE=GBP]... [--budget GBP|entitlement [--assume-arrs]]\n"
     "                   [--supply FILE] [--format csv|json|table|markdown] [--output FILE] [--totals FILE]\n"
     "                   --budget entitlement: each network's ARRS headroom, ARRS roles only\n"
     "                   --supply FILE: CSV role,wte of national recruitment limits; one plan for all\n",
     {"rules", "networks", "staff", "coverage", "at", "horizon", "network", "roles", "cost", "budget", "supply",
      "format", "output", "totals"},
     {"roles", "cost"},
     {"assume-arrs"},
     run_plan,
     "The cheapest additional WTE by role that makes each network compliant (totals: --totals).",
     "descheck plan --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --at "
     "2021-06-01 --network EX004 --totals totals.csv",
     {{"horizon", "FROM..TO plan posts to start over a range of dates instead of at one date"},
      {"roles", "ROLE,ROLE... recruit only these roles"},
      {"budget", "GBP|entitlement a budget per network, or each network's ARRS headroom"},
      {"supply", "FILE CSV role,wte of national recruitment limits: one plan for all networks"},
      {"assume-arrs", "with --budget entitlement: count every post of an ARRS role as ARRS-funded"}}}};

}  // namespace
}  // namespace descheck::cli
