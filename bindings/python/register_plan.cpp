// descheck._core: recruitment plans (plan.hpp), one network at a time or as one national program
// under a recruitment supply (supply.hpp).
#include <cmath>
#include <map>
#include <optional>

#include "common.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"

namespace descheck::python {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void plan_error(const std::string& message) {
  throw input_error({{"", 0, 0, codes::plan_option, message}});
}

role_index role_id(const rule_set& rules, const std::string& what, const std::string& id) {
  const role_index k = rules.find_role(id);
  if (k != no_index) return k;
  std::vector<std::string> ids = field_of(rules.roles, &role::id);
  plan_error(what + ": unknown role '" + id + "'" + did_you_mean(id, ids));
}

plan_options read_options(const rule_set& rules, const std::optional<std::vector<std::string>>& roles,
                          const std::map<std::string, double>& cost, const std::optional<double>& budget,
                          bool entitlement, bool assume_arrs) {
  plan_options out;
  if (roles) {
    for (const std::string& id : *roles) out.roles.push_back(role_id(rules, "roles", id));
    if (out.roles.empty()) plan_error("roles: give at least one role id");
  }
  for (const auto& [id, gbp] : cost) {
    if (!std::isfinite(gbp) || gbp < 0.0) plan_error("cost of '" + id + "' is not an amount in GBP (a number >= 0)");
    out.cost_per_wte.emplace_back(role_id(rules, "cost", id), gbp);
  }
  if (budget && (!std::isfinite(*budget) || *budget < 0.0))
    plan_error("budget is not an amount in GBP (a number >= 0)");
  out.budget = budget;
  out.entitlement_budget = entitlement;
  out.assume_arrs = assume_arrs;
  if (assume_arrs && !entitlement)
    plan_error("assume_arrs counts posts towards the ARRS headroom: it goes with budget='entitlement'");
  return out;
}

// Hires of many networks as one table.
struct hire_columns {
  std::vector<std::int32_t> network, role;
  std::vector<double> wte, cost, hours;
  std::vector<std::uint8_t> arrs;
  void add(std::uint32_t n, const std::vector<hire>& hires) {
    for (const hire& h : hires) {
      network.push_back(static_cast<std::int32_t>(n));
      role.push_back(static_cast<std::int32_t>(h.role));
      wte.push_back(h.wte);
      cost.push_back(h.cost);
      hours.push_back(h.hours);
      arrs.push_back(h.arrs ? 1 : 0);
    }
  }
  py::tuple table(const rule_set& rules, const panel& p) {
    table_builder t;
    t.text("network_id", std::move(network), network_ids(p));
    t.text("role", std::move(role), field_of(rules.roles, &role::id));
    t.numbers("wte", std::move(wte));
    t.numbers("cost", std::move(cost));
    t.numbers("hours", std::move(hours));
    t.flags("arrs", std::move(arrs));
    return t.done();
  }
};

std::vector<std::string> plan_statuses() {
  return enum_names(
      {"compliant_already", "planned", "infeasible", "over_budget", "fundable", "not_fundable", "no_data"});
}

// The ARRS headroom of each network in the financial year of `at`, when the rule set has the
// funding terms for that year (as the command line's plan does); empty otherwise.
std::vector<std::optional<double>> headrooms(const rule_set& rules, const panel& p, const planner& plan, date at) {
  std::vector<std::optional<double>> out(p.networks.size());
  const financial_year year = financial_year_of(at);
  if (!rules.funding || !rules.funding->per_weighted_patient.at(year.from) ||
      rules.find_driver("weighted_patients") == no_index)
    return out;
  for (std::uint32_t n = 0; n < p.networks.size(); ++n)
    if (p.covered(n, at)) out[n] = plan.entitlement_headroom(n, at);
  return out;
}

py::dict plan_each(const rule_set& rules, const panel& p, date at, const plan_options& options) {
  std::vector<plan_result> plans;
  {
    const py::gil_scoped_release release;
    planner plan(rules, p, options);
    const std::vector<std::optional<double>> room = headrooms(rules, p, plan, at);
    plans.reserve(p.networks.size());
    for (std::uint32_t n = 0; n < p.networks.size(); ++n) plans.push_back(plan.run(n, at, room[n]));
  }
  std::vector<std::int32_t> network, status, reason;
  std::vector<std::int64_t> day;
  std::vector<double> cost, arrs_cost, demand, covered, shortfall, full_cost, wte, headroom;
  std::vector<std::uint8_t> heuristic;
  std::vector<std::string> reasons{""};
  hire_columns hires;
  plan_totals totals;
  for (const plan_result& r : plans) {
    network.push_back(static_cast<std::int32_t>(r.network));
    day.push_back(r.at.days);
    status.push_back(static_cast<std::int32_t>(r.status));
    cost.push_back(r.cost);
    arrs_cost.push_back(r.arrs_cost);
    demand.push_back(r.demand_hours);
    covered.push_back(r.covered_hours);
    shortfall.push_back(r.shortfall_hours);
    full_cost.push_back(r.full_cost);
    double sum = 0.0;
    for (const hire& h : r.hires) sum += h.wte;
    wte.push_back(sum);
    headroom.push_back(r.entitlement_headroom.value_or(nan));
    heuristic.push_back(r.staffing_heuristic ? 1 : 0);
    if (r.reason.empty()) {
      reason.push_back(0);
    } else {
      reason.push_back(static_cast<std::int32_t>(reasons.size()));
      reasons.push_back(r.reason);
    }
    hires.add(r.network, r.hires);
    totals.add(r, rules.roles.size());
  }
  table_builder t;
  t.text("scenario", std::vector<std::int32_t>(network.size(), 0), {rules.scenario_id});
  t.text("network_id", std::move(network), network_ids(p));
  t.dates("date", std::move(day));
  t.text("status", std::move(status), plan_statuses());
  t.numbers("hired_wte", std::move(wte));
  t.numbers("cost", std::move(cost));
  t.numbers("arrs_cost", std::move(arrs_cost));
  t.numbers("demand_hours", std::move(demand));
  t.numbers("covered_hours", std::move(covered));
  t.numbers("shortfall_hours", std::move(shortfall));
  t.numbers("full_cost", std::move(full_cost));
  t.numbers("entitlement_headroom", std::move(headroom));
  t.flags("staffing_heuristic", std::move(heuristic));
  t.text("reason", std::move(reason), std::move(reasons));
  py::dict sums;
  sums["networks"] = totals.networks;
  sums["needing_hires"] = totals.needing_hires;
  sums["infeasible"] = totals.infeasible;
  sums["over_budget"] = totals.over_budget;
  sums["fundable"] = totals.fundable;
  sums["not_fundable"] = totals.not_fundable;
  sums["no_data"] = totals.no_data;
  sums["cost"] = totals.cost;
  sums["arrs_cost"] = totals.arrs_cost;
  py::dict by_role;
  for (std::size_t k = 0; k < totals.wte.size(); ++k)
    if (totals.wte[k] > 0.0) by_role[py::str(rules.roles[k].id)] = totals.wte[k];
  sums["wte"] = by_role;
  py::dict out;
  out["networks"] = t.done();
  out["hires"] = hires.table(rules, p);
  out["totals"] = sums;
  return out;
}

py::dict plan_supply(const rule_set& rules, const panel& p, date at, const plan_options& options,
                     const recruitment_supply& supply) {
  supply_plan national = [&] {
    const py::gil_scoped_release release;
    return plan_nationally(rules, p, at, options, supply);
  }();
  std::vector<std::int32_t> network;
  std::vector<double> budget, demand, before, covered, cost, wte;
  std::vector<std::uint8_t> compliant_before, compliant_after;
  hire_columns hires;
  for (const supply_network_plan& r : national.networks) {
    network.push_back(static_cast<std::int32_t>(r.network));
    budget.push_back(r.budget.value_or(nan));
    demand.push_back(r.demand_hours);
    before.push_back(r.covered_before);
    covered.push_back(r.covered_hours);
    cost.push_back(r.cost);
    double sum = 0.0;
    for (const hire& h : r.hires) sum += h.wte;
    wte.push_back(sum);
    compliant_before.push_back(r.compliant_before ? 1 : 0);
    compliant_after.push_back(r.compliant_after ? 1 : 0);
    hires.add(r.network, r.hires);
  }
  table_builder t;
  t.text("scenario", std::vector<std::int32_t>(network.size(), 0), {rules.scenario_id});
  t.text("network_id", std::move(network), network_ids(p));
  t.numbers("budget", std::move(budget));
  t.numbers("hired_wte", std::move(wte));
  t.numbers("cost", std::move(cost));
  t.numbers("demand_hours", std::move(demand));
  t.numbers("covered_before", std::move(before));
  t.numbers("covered_hours", std::move(covered));
  t.flags("compliant_before", std::move(compliant_before));
  t.flags("compliant_after", std::move(compliant_after));
  std::vector<std::int32_t> role;
  std::vector<double> limit, used, role_cost;
  std::vector<std::uint32_t> networks;
  for (const supply_use& u : national.roles) {
    role.push_back(static_cast<std::int32_t>(u.role));
    limit.push_back(u.limit.value_or(nan));
    used.push_back(u.wte);
    role_cost.push_back(u.cost);
    networks.push_back(u.networks);
  }
  table_builder roles;
  roles.text("role", std::move(role), field_of(rules.roles, &role::id));
  roles.numbers("limit", std::move(limit));
  roles.numbers("wte", std::move(used));
  roles.numbers("cost", std::move(role_cost));
  roles.numbers("networks", std::move(networks));
  py::dict sums;
  sums["date"] = to_string(national.at);
  sums["status"] = national.status == supply_status::optimal ? "optimal" : "failed";
  sums["networks"] = national.networks.size();
  sums["no_data"] = national.no_data;
  sums["compliant_before"] = national.compliant_before;
  sums["compliant_after"] = national.compliant_after;
  sums["demand_hours"] = national.demand_hours;
  sums["covered_before"] = national.covered_before;
  sums["covered_hours"] = national.covered_hours;
  sums["cost"] = national.cost;
  py::dict out;
  out["networks"] = t.done();
  out["hires"] = hires.table(rules, p);
  out["roles"] = roles.done();
  out["totals"] = sums;
  return out;
}

}  // namespace

void register_plan(py::module_& m) {
  m.def(
      "plan",
      [](const rule_set& rules, const panel& p, const std::string& at,
         const std::optional<std::vector<std::string>>& roles, const std::map<std::string, double>& cost,
         const std::optional<double>& budget, bool entitlement, bool assume_arrs,
         const std::optional<std::string>& supply_csv, const std::string& supply_name) {
        const date day = parse_day(at, "at");
        const plan_options options = read_options(rules, roles, cost, budget, entitlement, assume_arrs);
        if (budget && entitlement) plan_error("budget is a sum in GBP or 'entitlement', not both");
        if (!supply_csv) return plan_each(rules, p, day, options);
        const recruitment_supply supply = parse_supply(rules, *supply_csv, supply_name);
        return plan_supply(rules, p, day, options, supply);
      },
      py::arg("rules"), py::arg("panel"), py::arg("at"), py::arg("roles") = py::none(),
      py::arg("cost") = std::map<std::string, double>{}, py::arg("budget") = py::none(), py::arg("entitlement") = false,
      py::arg("assume_arrs") = false, py::arg("supply_csv") = py::none(), py::arg("supply_name") = "supply");
}

}  // namespace descheck::python
