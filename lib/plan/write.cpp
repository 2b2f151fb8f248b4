// Plans as long rows (docs/plan.md) through the one output layer: a `network` row per plan and a
// `hire` row per hired role; the national totals are a table of their own (`--totals FILE`), never
// rows among the networks'. The same for horizon plans and a national plan under a supply.
#include <string>
#include <vector>

#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"

namespace descheck {

namespace {

column text(const char* name) { return {name}; }
column number(const char* name) { return {name, column_type::number, 4}; }
column integer(const char* name) { return {name, column_type::integer}; }
column day(const char* name) { return {name, column_type::date}; }

std::vector<column> plan_columns() {
  return {text("scenario"),
          text("network_id"),
          day("date"),
          text("row"),
          text("role"),
          text("status"),
          number("wte"),
          number("cost"),
          number("hours"),
          number("demand_hours"),
          number("covered_hours"),
          number("shortfall_hours"),
          number("arrs_cost"),
          {"fits_entitlement", column_type::boolean},
          integer("networks"),
          text("reason")};
}

std::vector<column> supply_columns() {
  return {text("scenario"),
          text("network_id"),
          day("date"),
          text("row"),
          text("role"),
          text("status"),
          number("wte"),
          number("limit"),
          number("cost"),
          number("hours"),
          number("budget"),
          number("demand_hours"),
          number("covered_before"),
          number("covered_hours"),
          {"compliant_before", column_type::boolean},
          {"compliant_after", column_type::boolean},
          integer("networks")};
}

// Empty text is a missing cell: empty in CSV and tables, null in JSON.
table_cell str(std::string s) { return s.empty() ? table_cell{} : table_cell{std::move(s)}; }
table_cell count(std::uint64_t n) { return static_cast<std::int64_t>(n); }
table_cell maybe(const std::optional<double>& v) { return v ? table_cell{*v} : table_cell{}; }

}  // namespace

table plan_table(const rule_set& rules, const panel& networks, const std::vector<plan_result>& plans) {
  table rows(plan_columns());
  for (const plan_result& p : plans) {
    const std::string& id = networks.networks.at(p.network).id;
    double wte = 0.0, hours = 0.0;
    for (const hire& h : p.hires) {
      wte += h.wte;
      hours += h.hours;
    }
    rows.add_row({rules.scenario_id,
                  id,
                  p.at,
                  "network",
                  {},
                  to_string(p.status),
                  wte,
                  p.cost,
                  hours,
                  p.demand_hours,
                  p.covered_hours,
                  p.shortfall_hours,
                  p.arrs_cost,
                  p.fits_entitlement ? table_cell{*p.fits_entitlement} : table_cell{},
                  count(1),
                  str(p.reason)});
    for (const hire& h : p.hires)
      rows.add_row({rules.scenario_id,
                    id,
                    p.at,
                    "hire",
                    rules.roles[h.role].id,
                    {},
                    h.wte,
                    h.cost,
                    h.hours,
                    {},
                    {},
                    {},
                    h.arrs ? h.cost : 0.0,
                    {},
                    {},
                    {}});
  }
  return rows;
}

table plan_totals_table(const rule_set& rules, const std::vector<plan_result>& plans) {
  table rows(plan_columns());
  const std::size_t roles = rules.roles.size();
  plan_totals totals;
  std::vector<double> role_cost(roles, 0.0), role_hours(roles, 0.0);
  std::vector<std::uint32_t> role_networks(roles, 0);
  double demand = 0.0, covered = 0.0, shortfall = 0.0, hired_hours = 0.0;
  table_cell day;
  for (const plan_result& p : plans) {
    totals.add(p, roles);
    demand += p.demand_hours;
    covered += p.covered_hours;
    shortfall += p.shortfall_hours;
    day = p.at;
    for (const hire& h : p.hires) {
      hired_hours += h.hours;
      role_cost[h.role] += h.cost;
      role_hours[h.role] += h.hours;
      ++role_networks[h.role];
    }
  }
  if (plans.empty()) totals.wte.assign(roles, 0.0);
  double all_wte = 0.0;
  for (std::size_t k = 0; k < roles; ++k)
    if (role_networks[k] > 0) all_wte += totals.wte[k];
  rows.add_row({rules.scenario_id,
                {},
                day,
                "total",
                {},
                {},
                all_wte,
                totals.cost,
                hired_hours,
                demand,
                covered,
                shortfall,
                totals.arrs_cost,
                {},
                count(totals.needing_hires),
                {}});
  for (std::size_t k = 0; k < roles; ++k) {
    if (role_networks[k] == 0) continue;
    rows.add_row({rules.scenario_id,
                  {},
                  day,
                  "total",
                  rules.roles[k].id,
                  {},
                  totals.wte[k],
                  role_cost[k],
                  role_hours[k],
                  {},
                  {},
                  {},
                  {},
                  {},
                  count(role_networks[k]),
                  {}});
  }
  return rows;
}

void write_plans(std::ostream& out, const rule_set& rules, const panel& networks, const std::vector<plan_result>& plans,
                 table_format format) {
  write_table(out, plan_table(rules, networks, plans), format);
}

void write_horizon_plans(std::ostream& out, const rule_set& rules, const panel& networks,
                         const std::vector<horizon_plan>& plans, table_format format) {
  table rows({text("scenario"), text("network_id"), day("from"), day("to"), text("row"), text("role"), text("status"),
              number("wte"), day("start"), number("cost"), text("reason")});
  for (const horizon_plan& p : plans) {
    const std::string& id = networks.networks.at(p.network).id;
    double wte = 0.0;
    for (const planned_post& post : p.posts) wte += post.wte;
    rows.add_row({rules.scenario_id,
                  id,
                  p.from,
                  p.to,
                  "network",
                  {},
                  to_string(p.status),
                  wte,
                  p.status == plan_status::infeasible ? table_cell{p.blocked_at} : table_cell{},
                  p.cost,
                  str(p.reason)});
    for (const planned_post& post : p.posts)
      rows.add_row({rules.scenario_id,
                    id,
                    p.from,
                    p.to,
                    "post",
                    rules.roles[post.role].id,
                    {},
                    post.wte,
                    post.start,
                    post.cost,
                    {}});
  }
  write_table(out, rows, format);
}

table supply_plan_table(const rule_set& rules, const panel& networks, const supply_plan& plan) {
  table rows(supply_columns());
  for (const supply_network_plan& p : plan.networks) {
    const std::string& id = networks.networks.at(p.network).id;
    double wte = 0.0, hours = 0.0;
    for (const hire& h : p.hires) {
      wte += h.wte;
      hours += h.hours;
    }
    const char* status = p.compliant_before ? "compliant_already" : p.compliant_after ? "compliant" : "short";
    rows.add_row({rules.scenario_id,
                  id,
                  plan.at,
                  "network",
                  {},
                  status,
                  wte,
                  {},
                  p.cost,
                  hours,
                  maybe(p.budget),
                  p.demand_hours,
                  p.covered_before,
                  p.covered_hours,
                  p.compliant_before,
                  p.compliant_after,
                  count(1)});
    for (const hire& h : p.hires)
      rows.add_row({rules.scenario_id,
                    id,
                    plan.at,
                    "hire",
                    rules.roles[h.role].id,
                    {},
                    h.wte,
                    {},
                    h.cost,
                    h.hours,
                    {},
                    {},
                    {},
                    {},
                    {},
                    {},
                    {}});
  }
  return rows;
}

table supply_totals_table(const rule_set& rules, const supply_plan& plan) {
  std::vector<column> columns = supply_columns();
  columns[14].type = columns[15].type = column_type::integer;  // networks compliant before and after
  table rows(std::move(columns));
  double all_wte = 0.0, all_hours = 0.0, all_budget = 0.0;
  for (const supply_network_plan& p : plan.networks) {
    for (const hire& h : p.hires) {
      all_wte += h.wte;
      all_hours += h.hours;
    }
    if (p.budget) all_budget += *p.budget;
  }
  for (const supply_use& u : plan.roles)
    rows.add_row({rules.scenario_id,
                  {},
                  plan.at,
                  "supply",
                  rules.roles[u.role].id,
                  {},
                  u.wte,
                  maybe(u.limit),
                  u.cost,
                  {},
                  {},
                  {},
                  {},
                  {},
                  {},
                  {},
                  count(u.networks)});
  rows.add_row({rules.scenario_id,
                {},
                plan.at,
                "total",
                {},
                plan.status == supply_status::optimal ? "optimal" : "failed",
                all_wte,
                {},
                plan.cost,
                all_hours,
                all_budget,
                plan.demand_hours,
                plan.covered_before,
                plan.covered_hours,
                count(plan.compliant_before),
                count(plan.compliant_after),
                count(plan.networks.size())});
  return rows;
}

void write_supply_plan(std::ostream& out, const rule_set& rules, const panel& networks, const supply_plan& plan,
                       table_format format) {
  write_table(out, supply_plan_table(rules, networks, plan), format);
}

}  // namespace descheck
