// National recruitment under a supply limit (supply.hpp, docs/plan.md "National supply"): the
// supply file, and one linear program over every network that is short, solved with Clp.
#include "descheck/plan/supply.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "descheck/check/check.hpp"
#include "descheck/core/error.hpp"
#include "descheck/core/limits.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"
#include "plan/lp.hpp"

namespace descheck {

std::optional<double> recruitment_supply::limit(role_index role) const noexcept {
  for (const supply_limit& l : limits)
    if (l.role == role) return l.wte;
  return std::nullopt;
}

namespace {

recruitment_supply read_supply(const rule_set& rules, std::optional<detail::csv_table> table, std::string name,
                               std::vector<diagnostic> found) {
  using detail::field_diagnostic;
  recruitment_supply out;
  out.file = std::move(name);
  if (table) {
    const std::vector<std::size_t> col = detail::map_columns(*table, {{"role", true}, {"wte", true}}, found);
    if (col[0] != detail::csv_absent && col[1] != detail::csv_absent) {
      std::vector<std::string> ids;
      for (const role& r : rules.roles) ids.push_back(r.id);
      for (const detail::csv_record& rec : table->records) {
        const std::string_view id = detail::trim_blanks(rec.fields[col[0]]);
        const role_index k = rules.find_role(id);
        if (k == no_index) {
          found.push_back(
              field_diagnostic(*table, rec, col[0], codes::unknown_supply_role,
                               "unknown role " + detail::single_quoted(id) + detail::did_you_mean(id, ids)));
          continue;
        }
        if (!rules.roles[k].arrs) {
          found.push_back(field_diagnostic(*table, rec, col[0], codes::supply_not_arrs,
                                           "role " + detail::single_quoted(id) +
                                               " is not reimbursed through ARRS: a supply limits ARRS recruitment"));
          continue;
        }
        if (out.limit(k)) {
          found.push_back(field_diagnostic(*table, rec, col[0], codes::duplicate_supply_role,
                                           "role " + detail::single_quoted(id) + " is given twice"));
          continue;
        }
        const std::string_view text = detail::trim_blanks(rec.fields[col[1]]);
        const auto wte = detail::parse_number(text);
        if (!wte || !std::isfinite(*wte)) {
          found.push_back(field_diagnostic(*table, rec, col[1], codes::csv_bad_number,
                                           detail::single_quoted(text) + " is not a number of WTE"));
          continue;
        }
        if (*wte < 0.0) {
          found.push_back(
              field_diagnostic(*table, rec, col[1], codes::csv_negative, "negative WTE " + std::string(text)));
          continue;
        }
        if (*wte > limits::max_supply_wte) {
          found.push_back(field_diagnostic(*table, rec, col[1], codes::out_of_range,
                                           "WTE " + std::string(text) + " is over the limit of " +
                                               detail::format_fixed(limits::max_supply_wte, 0) +
                                               " (docs/errors.md, Bounds)"));
          continue;
        }
        out.limits.push_back({k, *wte, rec.line, static_cast<int>(col[0]) + 1});
      }
    }
  }
  if (!found.empty()) throw input_error(std::move(found));
  return out;
}

}  // namespace

recruitment_supply load_supply(const rule_set& rules, const std::filesystem::path& supply_csv,
                               const csv_limits& limits) {
  std::vector<diagnostic> found;
  auto table =
      detail::read_csv(supply_csv, detail::csv_encoding::utf8, limits.max_bytes, found, limits.max_diagnostics);
  return read_supply(rules, std::move(table), supply_csv.string(), std::move(found));
}

recruitment_supply parse_supply(const rule_set& rules, std::string_view supply_csv, const std::string& name,
                                const csv_limits& limits) {
  std::vector<diagnostic> found;
  std::optional<detail::csv_table> table;
  if (supply_csv.size() > limits.max_bytes)
    found.push_back({name, 0, 0, codes::too_large, "more than " + std::to_string(limits.max_bytes) + " bytes"});
  else
    table = detail::parse_csv(supply_csv, name, found, limits.max_diagnostics);
  return read_supply(rules, std::move(table), name, std::move(found));
}

namespace {

using lp = detail::clp_lp;

// The variables and rows one short network adds to the national program.
struct network_block {
  std::uint32_t result = 0;  // index into supply_plan::networks
  struct arc {
    std::uint32_t var;
    std::uint32_t row;  // index into the check's requirements
  };
  std::vector<arc> arcs;
  struct hire_var {
    role_index role;
    std::uint32_t var;
    double cost;  // GBP per WTE a year for this network (London maximums differ)
  };
  std::vector<hire_var> hires;
  std::vector<requirement_result> requirements;  // the check's, kept for the verdict
};

// Costs are in thousands of GBP in the program, to keep its coefficients near the hours'.
constexpr double cost_scale = 1e-3;

class national_program {
 public:
  national_program(const rule_set& rules, const panel& networks, date at, const plan_options& options,
                   const recruitment_supply& supply)
      : rules_(rules), at_(at), plan_(rules, networks, options), check_(rules, networks), supply_(supply) {
    const auto roles = rules.roles.size();
    hours_per_.assign(roles, 0.0);
    supply_terms_.assign(roles, {});
    for (role_index k = 0; k < roles; ++k) {
      const role& r = rules.roles[k];
      hours_per_[k] = r.hours_per_wte.at(at).value_or(0.0) * r.available_share.at(at).value_or(0.0);
    }
    for (const supply_limit& l : supply.limits) {
      const role& r = rules.roles[l.role];
      if (!(r.arrs && r.arrs->max_reimbursement.at(at)))
        throw input_error({{supply.file, l.line, l.column, codes::supply_not_arrs,
                            "column 'role': role " + detail::single_quoted(r.id) + " is not ARRS-reimbursable on " +
                                to_string(at) + ", so it has no supply to share out"}});
    }
    program_.reset(0);
  }

  // Adds network n, returning its plan (complete when it needs nothing).
  supply_network_plan add(std::uint32_t n) {
    supply_network_plan out;
    out.network = n;
    const check_result& c = check_.run(n, at_);
    out.demand_hours = c.demand_hours;
    out.covered_before = out.covered_hours = c.delivered_hours;
    out.compliant_before = out.compliant_after = c.state != network_state::non_compliant;
    if (plan_.options().entitlement_budget)
      out.budget = std::max(0.0, plan_.entitlement_headroom(n, at_));
    else
      out.budget = plan_.options().budget;
    if (out.compliant_before) return out;

    network_block b;
    b.requirements = c.requirements;
    const auto roles = rules_.roles.size();
    capacity_.assign(roles, 0.0);
    for (const role_capacity& rc : c.capacities) capacity_[rc.role] = rc.hours;
    hire_var_.assign(roles, no_index);
    for (role_index k = 0; k < roles; ++k) {
      const auto cost = plan_.cost_per_wte(k, at_, n);
      if (!cost || !(hours_per_[k] > 0.0)) continue;
      const double room = plan_.cap_headroom(n, k, at_);
      if (!(room > 1e-9)) continue;
      hire_var_[k] = add_variable(*cost * cost_scale);
      if (std::isfinite(room)) program_.set_upper(hire_var_[k], room);
      b.hires.push_back({k, hire_var_[k], *cost});
      supply_terms_[k].emplace_back(hire_var_[k], 1.0);
    }
    role_terms_.assign(roles, {});
    for (std::uint32_t i = 0; i < c.requirements.size(); ++i) {
      const requirement_result& r = c.requirements[i];
      const requirement& req = rules_.at(rules_.flat[r.requirement]);
      if (req.kind != requirement_kind::workload || !(r.demand > 0.0)) continue;
      terms_.clear();
      for (const delivery& d : req.delivered_by) {
        if (!(capacity_[d.role] > 0.0) && hire_var_[d.role] == no_index) continue;
        const std::uint32_t v = add_variable(0.0);
        if (d.max_share) program_.set_upper(v, d.max_share->at(at_).value_or(0.0) * r.demand);
        terms_.emplace_back(v, 1.0);
        role_terms_[d.role].emplace_back(v, 1.0);
        hours_terms_.emplace_back(v, 1.0);
        b.arcs.push_back({v, i});
      }
      if (!terms_.empty()) program_.add_row(terms_, lp::sense::at_most, r.demand);
    }
    for (role_index k = 0; k < roles; ++k) {
      if (role_terms_[k].empty()) continue;
      if (hire_var_[k] != no_index) role_terms_[k].emplace_back(hire_var_[k], -hours_per_[k]);
      program_.add_row(role_terms_[k], lp::sense::at_most, capacity_[k]);
    }
    if (out.budget && !b.hires.empty()) {
      terms_.clear();
      for (const auto& h : b.hires) terms_.emplace_back(h.var, h.cost);
      program_.add_row(terms_, lp::sense::at_most, *out.budget);
    }
    b.result = n;
    blocks_.push_back(std::move(b));
    return out;
  }

  // Solves and fills the plans of the networks added (`plans[i]` for the i-th added).
  supply_status solve(std::vector<supply_network_plan>& plans, std::vector<std::uint32_t>& block_plan) {
    for (const supply_limit& l : supply_.limits)
      if (!supply_terms_[l.role].empty()) program_.add_row(supply_terms_[l.role], lp::sense::at_most, l.wte);
    // Most hours first: minimise −Σ f; the hire costs wait for the second pass.
    if (program_.variables() == 0) return supply_status::optimal;
    for (const auto& [v, a] : hours_terms_) program_.set_cost(v, -a);
    std::vector<double> x;
    if (program_.solve(x) != lp::outcome::optimal) return supply_status::failed;
    const double most = -program_.objective();
    // Then the cheapest plan that still covers them: at the new vertex the row is tight.
    if (program_.reoptimise(hours_terms_, lp::sense::at_least, most, cost_of_var_, x) != lp::outcome::optimal)
      return supply_status::failed;
    for (std::size_t i = 0; i < blocks_.size(); ++i) fill(blocks_[i], x, plans[block_plan[i]]);
    return supply_status::optimal;
  }

 private:
  std::uint32_t add_variable(double cost) {
    const std::uint32_t v = program_.variables();
    cost_of_var_.push_back(cost);
    program_.grow(v + 1);
    return v;
  }

  void fill(const network_block& b, const std::vector<double>& x, supply_network_plan& out) {
    std::vector<double> delivered(b.requirements.size(), 0.0);
    double covered = 0.0;
    for (const auto& a : b.arcs) {
      delivered[a.row] += x[a.var];
      covered += x[a.var];
    }
    out.covered_hours = std::min(out.demand_hours, std::max(out.covered_before, covered));
    std::vector<double> hired(rules_.roles.size(), 0.0);
    for (const auto& [k, v, cost] : b.hires) {
      if (!(x[v] > 1e-9)) continue;
      hired[k] = x[v];
      hire h;
      h.role = k;
      h.wte = x[v];
      h.cost = x[v] * cost;
      h.hours = x[v] * hours_per_[k];
      const role& r = rules_.roles[k];
      h.arrs = r.arrs && r.arrs->max_reimbursement.at(at_);
      out.cost += h.cost;
      out.hires.push_back(h);
    }
    std::sort(out.hires.begin(), out.hires.end(), [](const hire& p, const hire& q) { return p.role < q.role; });
    bool ok = true;
    for (std::size_t i = 0; i < b.requirements.size() && ok; ++i) {
      const requirement_result& r = b.requirements[i];
      const requirement& req = rules_.at(rules_.flat[r.requirement]);
      if (req.kind == requirement_kind::workload) {
        ok = r.demand - delivered[i] <= met_tolerance_hours;
      } else {
        double have = r.delivered;
        for (const delivery& d : req.delivered_by) have += hired[d.role];
        ok = have >= r.demand - 1e-9;
      }
    }
    out.compliant_after = ok;
  }

  const rule_set& rules_;
  date at_;
  planner plan_;
  checker check_;
  const recruitment_supply& supply_;
  lp program_;
  std::vector<double> hours_per_, capacity_, cost_of_var_;
  std::vector<std::uint32_t> hire_var_;
  std::vector<lp::terms> supply_terms_, role_terms_;
  lp::terms terms_, hours_terms_;
  std::vector<network_block> blocks_;
};

}  // namespace

supply_plan plan_nationally(const rule_set& rules, const panel& networks, date at, const plan_options& options,
                            const recruitment_supply& supply, const std::vector<std::uint32_t>& which) {
  supply_plan out;
  out.at = at;
  national_program program(rules, networks, at, options, supply);
  std::vector<std::uint32_t> block_plan;
  const auto count = which.empty() ? networks.networks.size() : which.size();
  out.networks.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t n = which.empty() ? static_cast<std::uint32_t>(i) : which[i];
    if (n >= networks.networks.size())
      throw input_error(
          {{"", 0, 0, codes::plan_option, "network index " + std::to_string(n) + " is not in the panel"}});
    // Outside its coverage a network's staff are unknown (SPEC 4.6): it takes no part, counted apart.
    if (!networks.covered(n, at)) {
      ++out.no_data;
      continue;
    }
    out.networks.push_back(program.add(n));
    if (!out.networks.back().compliant_before)
      block_plan.push_back(static_cast<std::uint32_t>(out.networks.size() - 1));
  }
  out.status = program.solve(out.networks, block_plan);

  const auto roles = rules.roles.size();
  std::vector<supply_use> use(roles);
  std::vector<char> listed(roles, 0);
  for (role_index k = 0; k < roles; ++k) {
    use[k].role = k;
    use[k].limit = supply.limit(k);
  }
  for (const supply_network_plan& p : out.networks) {
    out.demand_hours += p.demand_hours;
    out.covered_before += p.covered_before;
    out.covered_hours += p.covered_hours;
    out.cost += p.cost;
    out.compliant_before += p.compliant_before ? 1u : 0u;
    out.compliant_after += p.compliant_after ? 1u : 0u;
    for (const hire& h : p.hires) {
      use[h.role].wte += h.wte;
      use[h.role].cost += h.cost;
      ++use[h.role].networks;
      listed[h.role] = 1;
    }
  }
  for (role_index k = 0; k < roles; ++k)
    if (listed[k] || use[k].limit) out.roles.push_back(use[k]);
  return out;
}

}  // namespace descheck
