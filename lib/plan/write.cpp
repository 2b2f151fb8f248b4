// Plans as long rows (docs/plan.md): a `network` row per plan, a `hire` row per hired role, then
// the national totals; the same for a national plan under a supply. CSV, or an aligned table.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {
const char* const columns[] = {"scenario",  "network_id",       "date",          "row",
                               "role",      "status",           "wte",           "cost",
                               "hours",     "demand_hours",     "covered_hours", "shortfall_hours",
                               "arrs_cost", "fits_entitlement", "networks",      "reason"};
// Columns that hold numbers (right-aligned in a table).
bool numeric(std::size_t c) { return (c >= 6 && c <= 12) || c == 14; }

std::string number(double v) { return detail::format_fixed(v, 4); }

// CSV, or a table with the columns `is_numeric` names right-aligned.
template <class Numeric>
void write_rows(std::ostream& out, const std::vector<std::vector<std::string>>& rows, plan_format format,
                Numeric is_numeric) {
  std::string text;
  const std::size_t n = rows.front().size();
  if (format == plan_format::csv) {
    for (const auto& r : rows) {
      for (std::size_t c = 0; c < n; ++c) {
        if (c) text += ',';
        detail::append_csv_field(text, r[c]);
      }
      text += '\n';
    }
  } else {
    std::vector<std::size_t> width(n, 0);
    for (const auto& r : rows)
      for (std::size_t c = 0; c < n; ++c) width[c] = std::max(width[c], r[c].size());
    for (const auto& r : rows) {
      std::string line;
      for (std::size_t c = 0; c < n; ++c) {
        if (c) line += "  ";
        const std::string pad(width[c] - r[c].size(), ' ');
        line += is_numeric(c) && &r != &rows.front() ? pad + r[c] : r[c] + pad;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      text += line + '\n';
    }
  }
  out << text;
}
}  // namespace

void write_plans(std::ostream& out, const rule_set& rules, const panel& networks, const std::vector<plan_result>& plans,
                 plan_format format) {
  using row = std::vector<std::string>;
  std::vector<row> rows;
  rows.emplace_back(std::begin(columns), std::end(columns));
  const std::size_t roles = rules.roles.size();
  plan_totals totals;
  std::vector<double> role_cost(roles, 0.0), role_hours(roles, 0.0);
  std::vector<std::uint32_t> role_networks(roles, 0);
  double demand = 0.0, covered = 0.0, shortfall = 0.0, hired_hours = 0.0;
  std::string day;
  for (const plan_result& p : plans) {
    totals.add(p, roles);
    demand += p.demand_hours;
    covered += p.covered_hours;
    shortfall += p.shortfall_hours;
    const std::string& id = networks.networks.at(p.network).id;
    day = to_string(p.at);
    double wte = 0.0, hours = 0.0;
    for (const hire& h : p.hires) {
      wte += h.wte;
      hours += h.hours;
    }
    hired_hours += hours;
    rows.push_back({rules.scenario_id, id, day, "network", "", to_string(p.status), number(wte), number(p.cost),
                    number(hours), number(p.demand_hours), number(p.covered_hours), number(p.shortfall_hours),
                    number(p.arrs_cost), p.fits_entitlement ? (*p.fits_entitlement ? "yes" : "no") : "", "1",
                    p.reason});
    for (const hire& h : p.hires) {
      role_cost[h.role] += h.cost;
      role_hours[h.role] += h.hours;
      ++role_networks[h.role];
      rows.push_back({rules.scenario_id, id, day, "hire", rules.roles[h.role].id, "", number(h.wte), number(h.cost),
                      number(h.hours), "", "", "", number(h.arrs ? h.cost : 0.0), "", "", ""});
    }
  }
  if (plans.empty()) totals.wte.assign(roles, 0.0);
  const std::size_t total_row = rows.size();
  rows.push_back({rules.scenario_id, "", day, "total", "", "", number(0.0), number(totals.cost), number(hired_hours),
                  number(demand), number(covered), number(shortfall), number(totals.arrs_cost), "",
                  std::to_string(totals.needing_hires), ""});
  double all_wte = 0.0;
  for (std::size_t k = 0; k < roles; ++k) {
    if (role_networks[k] == 0) continue;
    all_wte += totals.wte[k];
    rows.push_back({rules.scenario_id, "", day, "total", rules.roles[k].id, "", number(totals.wte[k]),
                    number(role_cost[k]), number(role_hours[k]), "", "", "", "", "", std::to_string(role_networks[k]),
                    ""});
  }
  rows[total_row][6] = number(all_wte);

  write_rows(out, rows, format, numeric);
}

void write_horizon_plans(std::ostream& out, const rule_set& rules, const panel& networks,
                         const std::vector<horizon_plan>& plans, plan_format format) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"scenario", "network_id", "from", "to", "row", "role", "status", "wte", "start", "cost", "reason"});
  for (const horizon_plan& p : plans) {
    const std::string& id = networks.networks.at(p.network).id;
    double wte = 0.0;
    for (const planned_post& post : p.posts) wte += post.wte;
    rows.push_back({rules.scenario_id, id, to_string(p.from), to_string(p.to), "network", "", to_string(p.status),
                    number(wte), p.status == plan_status::infeasible ? to_string(p.blocked_at) : "", number(p.cost),
                    p.reason});
    for (const planned_post& post : p.posts)
      rows.push_back({rules.scenario_id, id, to_string(p.from), to_string(p.to), "post", rules.roles[post.role].id, "",
                      number(post.wte), to_string(post.start), number(post.cost), ""});
  }
  write_rows(out, rows, format, [](std::size_t c) { return c == 7 || c == 9; });
}

void write_supply_plan(std::ostream& out, const rule_set& rules, const panel& networks, const supply_plan& plan,
                       plan_format format) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"scenario", "network_id", "date", "row", "role", "status", "wte", "limit", "cost", "hours", "budget",
                  "demand_hours", "covered_before", "covered_hours", "compliant_before", "compliant_after",
                  "networks"});
  const std::string day = to_string(plan.at);
  const auto yes = [](bool b) { return std::string(b ? "yes" : "no"); };
  double all_wte = 0.0, all_hours = 0.0, all_budget = 0.0;
  for (const supply_network_plan& p : plan.networks) {
    const std::string& id = networks.networks.at(p.network).id;
    double wte = 0.0, hours = 0.0;
    for (const hire& h : p.hires) {
      wte += h.wte;
      hours += h.hours;
    }
    all_wte += wte;
    all_hours += hours;
    if (p.budget) all_budget += *p.budget;
    const char* status = p.compliant_before ? "compliant_already" : p.compliant_after ? "compliant" : "short";
    rows.push_back({rules.scenario_id, id, day, "network", "", status, number(wte), "", number(p.cost), number(hours),
                    p.budget ? number(*p.budget) : "", number(p.demand_hours), number(p.covered_before),
                    number(p.covered_hours), yes(p.compliant_before), yes(p.compliant_after), "1"});
    for (const hire& h : p.hires)
      rows.push_back({rules.scenario_id, id, day, "hire", rules.roles[h.role].id, "", number(h.wte), "", number(h.cost),
                      number(h.hours), "", "", "", "", "", "", ""});
  }
  for (const supply_use& u : plan.roles)
    rows.push_back({rules.scenario_id, "", day, "supply", rules.roles[u.role].id, "", number(u.wte),
                    u.limit ? number(*u.limit) : "", number(u.cost), "", "", "", "", "", "", "",
                    std::to_string(u.networks)});
  rows.push_back({rules.scenario_id, "", day, "total", "", plan.status == supply_status::optimal ? "optimal" : "failed",
                  number(all_wte), "", number(plan.cost), number(all_hours), number(all_budget),
                  number(plan.demand_hours), number(plan.covered_before), number(plan.covered_hours),
                  std::to_string(plan.compliant_before), std::to_string(plan.compliant_after),
                  std::to_string(plan.networks.size())});
  write_rows(out, rows, format, [](std::size_t c) { return c >= 6 && c <= 16 && c != 14 && c != 15; });
}

}  // namespace descheck
