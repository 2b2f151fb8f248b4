// Minimum-cost recruitment (docs/plan.md): the check's demand and capacity become a min-cost flow
// from requirements through roles to a sink, where each role has a free arc of its existing
// capacity and a costed "hire" arc; successive shortest paths (Boost.Graph) find the cheapest
// hires. Quantities are integer ticks (check/solver.hpp) so the flow is exact. A short staffing
// requirement counts hired WTE a second time, which makes the problem a linear program: those
// (rare) plans are solved as one with COIN-OR Clp (plan/lp.hpp), with two flow-based heuristic
// plans as a fallback.
#include "descheck/plan/plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

// g++ 12 reports false maybe-uninitialized warnings inside Boost.Graph's edge iterators.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#pragma GCC diagnostic pop

#include "check/solver.hpp"
#include "descheck/check/check.hpp"
#include "descheck/core/error.hpp"
#include "descheck/core/limits.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/io/text.hpp"
#include "plan/lp.hpp"

namespace descheck {

const char* to_string(plan_status s) noexcept {
  switch (s) {
    case plan_status::compliant_already:
      return "compliant_already";
    case plan_status::planned:
      return "planned";
    case plan_status::infeasible:
      return "infeasible";
    case plan_status::over_budget:
      return "over_budget";
    case plan_status::fundable:
      return "fundable";
    case plan_status::not_fundable:
      return "not_fundable";
    case plan_status::no_data:
      return "no_data";
  }
  return "infeasible";
}

namespace detail {
namespace {
using traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using flow_graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, ticks,
                    boost::property<boost::edge_residual_capacity_t, ticks,
                                    boost::property<boost::edge_reverse_t, traits::edge_descriptor,
                                                    boost::property<boost::edge_weight_t, ticks>>>>>;
using edge_t = traits::edge_descriptor;
}  // namespace

// The graph of one rule set, built once: super source -> source (the flow value) -> every workload
// requirement -> the roles that may deliver it -> sink, by an existing-capacity arc and a hire arc
// per role. Bypass arcs from the source to every node at a prohibitive cost keep every node
// reachable (so potentials stay finite) and carry whatever demand cannot be met.
struct plan_scratch {
  checker check;
  flow_graph g;
  std::uint32_t super_source = 0, source = 1, sink = 2;
  edge_t flow_value;
  std::vector<std::uint32_t> workload_slot;  // flat index -> slot, or no_index
  std::vector<std::uint32_t> slot_flat;      // slot -> flat index
  std::vector<edge_t> demand_arc;            // per slot
  struct delivery_arc {
    std::uint32_t slot;
    std::uint32_t flat;
    std::uint32_t delivery;
    edge_t e;
  };
  std::vector<delivery_arc> delivery_arcs;
  std::vector<edge_t> existing_arc, hire_arc;  // per role
  std::vector<edge_t> bypass_arcs;
  // Per run.
  std::vector<double> wte, hours_per, cost, headroom, prepaid, hired_wte, staff_have;
  std::vector<char> hireable, arrs_now;
  std::vector<ticks> hire_ticks;
  std::vector<edge_t> pred;
  std::vector<ticks> dist, dist_prev;
  std::vector<std::uint32_t> order;
  ticks big = 0;
  // The linear program of plans with a short staffing requirement.
  clp_lp lp;
  std::vector<std::uint32_t> arc_var, hire_var;
  std::vector<std::pair<std::uint32_t, double>> terms;
  std::vector<double> lp_x;
  std::vector<double> extra;

  plan_scratch(const rule_set& rules, const panel& networks) : check(rules, networks) {}

  edge_t add(std::uint32_t from, std::uint32_t to, ticks weight) {
    const edge_t e = boost::add_edge(from, to, g).first;
    const edge_t r = boost::add_edge(to, from, g).first;
    boost::put(boost::edge_reverse, g, e, r);
    boost::put(boost::edge_reverse, g, r, e);
    boost::put(boost::edge_weight, g, e, weight);
    boost::put(boost::edge_weight, g, r, -weight);
    boost::put(boost::edge_capacity, g, e, 0);
    boost::put(boost::edge_capacity, g, r, 0);
    return e;
  }
  void set_capacity(edge_t e, ticks c) { boost::put(boost::edge_capacity, g, e, c); }
  void set_weight(edge_t e, ticks w) {
    boost::put(boost::edge_weight, g, e, w);
    boost::put(boost::edge_weight, g, boost::get(boost::edge_reverse, g, e), -w);
  }
  [[nodiscard]] ticks flow(edge_t e) const {
    return boost::get(boost::edge_capacity, g, e) - boost::get(boost::edge_residual_capacity, g, e);
  }

  void build(const rule_set& rules) {
    const auto roles = static_cast<std::uint32_t>(rules.roles.size());
    workload_slot.assign(rules.flat.size(), no_index);
    for (std::uint32_t i = 0; i < rules.flat.size(); ++i)
      if (rules.at(rules.flat[i]).kind == requirement_kind::workload) {
        workload_slot[i] = static_cast<std::uint32_t>(slot_flat.size());
        slot_flat.push_back(i);
      }
    const auto slots = static_cast<std::uint32_t>(slot_flat.size());
    const std::uint32_t first_req = 3, first_role = 3 + slots;
    for (std::uint32_t v = 0; v < first_role + roles; ++v) boost::add_vertex(g);
    flow_value = add(super_source, source, 0);
    for (std::uint32_t s = 0; s < slots; ++s) demand_arc.push_back(add(source, first_req + s, 0));
    for (std::uint32_t s = 0; s < slots; ++s) {
      const requirement& req = rules.at(rules.flat[slot_flat[s]]);
      for (std::uint32_t d = 0; d < req.delivered_by.size(); ++d)
        delivery_arcs.push_back({s, slot_flat[s], d, add(first_req + s, first_role + req.delivered_by[d].role, 0)});
    }
    for (std::uint32_t k = 0; k < roles; ++k) {
      existing_arc.push_back(add(first_role + k, sink, 0));
      hire_arc.push_back(add(first_role + k, sink, 0));
    }
    bypass_arcs.push_back(add(source, sink, 0));
    for (std::uint32_t v = 3; v < first_role + roles; ++v) bypass_arcs.push_back(add(source, v, 0));
    const auto vertices = boost::num_vertices(g);
    pred.resize(vertices);
    dist.resize(vertices);
    dist_prev.resize(vertices);
  }

  // Min-cost flow of value `value` (capped by the demand); returns the flow through requirements.
  ticks solve(ticks value) {
    set_capacity(flow_value, value);
    const auto index = boost::get(boost::vertex_index, g);
    boost::successive_shortest_path_nonnegative_weights(
        g, super_source, sink, boost::get(boost::edge_capacity, g), boost::get(boost::edge_residual_capacity, g),
        boost::get(boost::edge_weight, g), boost::get(boost::edge_reverse, g), index,
        boost::make_iterator_property_map(pred.begin(), index), boost::make_iterator_property_map(dist.begin(), index),
        boost::make_iterator_property_map(dist_prev.begin(), index));
    // The flows through the demand arcs sum to at most `value` (at most the workload total, kept
    // below detail::unlimited by plan_steps::add_demand): no overflow.
    ticks delivered = 0;
    for (const edge_t e : demand_arc) delivered += flow(e);
    return delivered;
  }
};
}  // namespace detail

namespace {
[[noreturn]] void bad_option(const std::string& message) {
  throw input_error({{"", 0, 0, codes::plan_option, message}});
}
}  // namespace

planner::planner(const rule_set& rules, const panel& networks, plan_options options)
    : rules_(&rules),
      panel_(&networks),
      options_(std::move(options)),
      scratch_(std::make_unique<detail::plan_scratch>(rules, networks)) {
  for (const auto& [role, cost] : options_.cost_per_wte) {
    if (role >= rules.roles.size()) bad_option("cost given for a role that is not in the rule set");
    if (!(cost >= 0.0) || !(cost <= limits::max_cost_per_wte))
      bad_option("cost per WTE of '" + rules.roles[role].id + "' must be a number from 0 to 10000000 (GBP a year)");
  }
  for (const role_index k : options_.roles)
    if (k >= rules.roles.size()) bad_option("a role allowed to be hired is not in the rule set");
  if (options_.budget && (!(*options_.budget >= 0.0) || !(*options_.budget <= limits::max_budget)))
    bad_option("the budget must be a number from 0 to 1000000000000 (GBP)");
  if (options_.budget && options_.entitlement_budget)
    bad_option("give a budget in GBP or the entitlement budget, not both");
  scratch_->build(rules);
}
planner::~planner() = default;
planner::planner(planner&&) noexcept = default;
planner& planner::operator=(planner&&) noexcept = default;

std::optional<double> planner::cost_per_wte(role_index k, date at, std::uint32_t network) const {
  if (!options_.roles.empty() && std::find(options_.roles.begin(), options_.roles.end(), k) == options_.roles.end())
    return std::nullopt;
  const role& r = rules_->roles[k];
  // Under the entitlement only what ARRS reimburses on the date can be bought.
  if (options_.entitlement_budget && !(r.arrs && r.arrs->max_reimbursement.at(at))) return std::nullopt;
  for (const auto& [role, cost] : options_.cost_per_wte)
    if (role == k) return cost;
  // The ARRS maximum of the network (London weighting) when one is named, else the national one.
  const auto maximum = [&] {
    return network < panel_->networks.size() ? arrs_maximum(*rules_, panel_->networks[network], k, at)
                                             : r.arrs->max_reimbursement.at(at);
  };
  if (options_.entitlement_budget) return maximum();
  if (const auto c = r.cost_per_wte.at(at)) return c;
  if (r.arrs) return maximum();
  return std::nullopt;
}

double planner::cap_headroom(std::uint32_t index, role_index k, date at) const {
  const role& r = rules_->roles[k];
  constexpr double none = std::numeric_limits<double>::infinity();
  if (!r.arrs || !r.arrs_cap || !r.arrs->max_reimbursement.at(at)) return none;
  const wte_cap& cap = *r.arrs_cap;
  std::optional<double> limit = cap.wte.at(at);
  if (cap.driver != no_index) {
    const auto size = driver_value(*rules_, panel_->networks[index], cap.driver, at);
    if (size && *size > cap.threshold)
      if (const auto above = cap.above_wte.at(at)) limit = above;
  }
  if (!limit) return none;
  double claimed = 0.0;  // ARRS-funded posts in force count towards the cap
  const panel& p = *panel_;
  for (std::uint32_t i = p.first_post[index]; i < p.first_post[index + 1]; ++i) {
    const post& row = p.posts[i];
    if (row.role == k && row.funding == funding_kind::arrs && row.start <= at && at <= row.end) claimed += row.wte;
  }
  return std::max(0.0, *limit - claimed);
}

double planner::entitlement_headroom(std::uint32_t index, date at) const {
  funding_options o;
  o.assume_arrs = options_.assume_arrs;
  return arrs_funding(*rules_, *panel_, index, financial_year_of(at).start, o).headroom();
}

const plan_result& planner::run(std::uint32_t index, date at, std::optional<double> entitlement_headroom) {
  scratch_->extra.assign(rules_->roles.size(), 0.0);
  return run(index, at, entitlement_headroom, scratch_->extra);
}

namespace {
using detail::ticks;
using detail::ticks_per_hour;

void reset_result(plan_result& out, std::uint32_t index, date at) {
  out.network = index;
  out.at = at;
  out.status = plan_status::compliant_already;
  out.cost = out.arrs_cost = out.full_cost = 0.0;
  out.demand_hours = out.covered_hours = out.shortfall_hours = 0.0;
  out.staffing_heuristic = false;
  out.hires.clear();
  out.blocked_requirement = no_index;
  out.reason.clear();
  out.fits_entitlement.reset();
}

// The steps of planner::run for one non-compliant network on one date. Two heuristic plans
// (workload first, staffing first) and, when a staffing requirement is short, the exact linear
// program each propose hires; `best` keeps the cheapest feasible one.
class plan_steps {
 public:
  plan_steps(const planner& plan, const rule_set& rules, detail::plan_scratch& s, plan_result& out,
             const check_result& checked, std::uint32_t index, date at, const std::string& network)
      : plan_(plan),
        network_(network),
        rules_(rules),
        s_(s),
        out_(out),
        checked_(checked),
        index_(index),
        at_(at),
        roles_(static_cast<std::uint32_t>(rules.roles.size())),
        best_(s.staff_have) {}

  // Existing staff (with any extra WTE) and what a hire of each role costs and gives, at this
  // date; hire arc weights and bypass arcs. Returns whether any extra WTE was given.
  bool gather_inputs(const std::vector<double>& extra_wte) {
    detail::plan_scratch& s = s_;
    s.wte.assign(roles_, 0.0);
    for (const role_capacity& c : checked_.capacities) s.wte[c.role] = c.wte;
    bool has_extra = false;
    for (role_index k = 0; k < roles_ && k < extra_wte.size(); ++k) {
      s.wte[k] += extra_wte[k];
      has_extra = has_extra || extra_wte[k] > 0.0;
    }
    s.hours_per.assign(roles_, 0.0);
    s.cost.assign(roles_, 0.0);
    s.headroom.assign(roles_, 0.0);
    s.hireable.assign(roles_, 0);
    s.arrs_now.assign(roles_, 0);
    total_demand_ = 0;
    for (const requirement_result& r : checked_.requirements)
      if (rules_.at(rules_.flat[r.requirement]).kind == requirement_kind::workload) add_demand(r.demand);
    ticks max_weight = 1;
    for (role_index k = 0; k < roles_; ++k) {
      const role& r = rules_.roles[k];
      s.hours_per[k] = r.hours_per_wte.at(at_).value_or(0.0) * r.available_share.at(at_).value_or(0.0);
      s.arrs_now[k] = r.arrs && r.arrs->max_reimbursement.at(at_) ? 1 : 0;
      const auto c = plan_.cost_per_wte(k, at_, index_);
      s.headroom[k] = s.arrs_now[k] ? plan_.cap_headroom(index_, k, at_) : std::numeric_limits<double>::infinity();
      if (k < extra_wte.size() && s.arrs_now[k]) s.headroom[k] = std::max(0.0, s.headroom[k] - extra_wte[k]);
      if (!c || !(s.headroom[k] > 1e-9)) continue;
      s.hireable[k] = 1;
      s.cost[k] = *c;
      if (s.hours_per[k] > 0.0) {
        const ticks w = hire_weight(k, *c);
        s.set_weight(s.hire_arc[k], w);
        max_weight = std::max(max_weight, w);
      }
    }
    s.big = bypass_weight(max_weight);
    s.set_weight(s.bypass_arcs[0], s.big);
    for (std::size_t i = 1; i < s.bypass_arcs.size(); ++i) s.set_weight(s.bypass_arcs[i], 2 * s.big);
    for (const auto e : s.bypass_arcs) s.set_capacity(e, detail::unlimited);
    return has_extra;
  }

  // Demand and delivery arcs of the requirements in force; the rest carry nothing.
  void open_requirement_arcs() {
    detail::plan_scratch& s = s_;
    for (const auto e : s.demand_arc) s.set_capacity(e, 0);
    for (const requirement_result& r : checked_.requirements) {
      const std::uint32_t slot = s.workload_slot[r.requirement];
      if (slot != no_index) s.set_capacity(s.demand_arc[slot], detail::to_ticks(r.demand));
    }
    for (const auto& d : s.delivery_arcs) {
      const delivery& del = rules_.at(rules_.flat[d.flat]).delivered_by[d.delivery];
      const ticks demand = boost::get(boost::edge_capacity, s.g, s.demand_arc[d.slot]);
      s.set_capacity(d.e, demand == 0     ? 0
                          : del.max_share ? detail::to_ticks(del.max_share->at(at_).value_or(0.0) *
                                                             static_cast<double>(demand) / ticks_per_hour)
                                          : detail::unlimited);
    }
  }

  [[nodiscard]] bool staffing_short() const {
    bool short_ = false;
    for (const requirement_result& r : checked_.requirements)
      short_ = short_ || (rules_.at(rules_.flat[r.requirement]).kind == requirement_kind::staffing &&
                          r.status != requirement_status::met);
    return short_;
  }

  // A short staffing requirement none of whose roles can be hired rules out any plan: no need
  // for the second heuristic plan or the linear program then.
  [[nodiscard]] bool staffing_coverable() const {
    bool coverable = true;
    for (const requirement_result& r : checked_.requirements) {
      const requirement& req = rules_.at(rules_.flat[r.requirement]);
      if (req.kind != requirement_kind::staffing) continue;
      double have = 0.0;
      bool any = false;
      for (const delivery& d : req.delivered_by) {
        have += s_.wte[d.role];
        any = any || s_.hireable[d.role] != 0;
      }
      if (r.demand - have > 1e-9 && !any) coverable = false;
    }
    return coverable;
  }

  // Plan B (and the only plan when staffing is met): workload flow first, then staffing on top.
  // Returns whether it is feasible; `workload_met()` says whether the flow met every workload.
  bool workload_first(bool staffing_short) {
    detail::plan_scratch& s = s_;
    s.prepaid.assign(roles_, 0.0);
    workload_delivered_ = workload_flow(total_demand_);
    workload_ok_ = true;
    for (std::size_t slot = 0; slot < s.demand_arc.size(); ++slot) {
      const auto e = s.demand_arc[slot];
      if (static_cast<double>(boost::get(boost::edge_capacity, s.g, e) - s.flow(e)) / ticks_per_hour >
          met_tolerance_hours) {
        workload_ok_ = false;
        out_.blocked_requirement = s.slot_flat[slot];
        break;
      }
    }
    best_ = s.hired_wte;
    best_delivered_ = workload_delivered_;
    return workload_ok_ && (!staffing_short || cover_staffing(best_));
  }
  [[nodiscard]] bool workload_met() const { return workload_ok_; }

  // Plan A: staffing first (cheapest role per WTE), those hires counted as capacity, then the flow.
  void staffing_first(bool& feasible) {
    detail::plan_scratch& s = s_;
    s.prepaid.assign(roles_, 0.0);
    const std::uint32_t blocked = out_.blocked_requirement;
    if (cover_staffing(s.prepaid)) {
      const ticks d2 = workload_flow(total_demand_);
      if (d2 >= workload_delivered_ && (!feasible || cost_of(s.hired_wte) < cost_of(best_))) {
        best_ = s.hired_wte;
        best_delivered_ = d2;
        feasible = true;
      }
    }
    if (feasible)
      out_.blocked_requirement = no_index;
    else if (out_.blocked_requirement == no_index)
      out_.blocked_requirement = blocked;
  }

  // The exact answer when a staffing requirement is short (see solve_lp).
  void linear_program(bool& feasible) {
    const bool solved = solve_lp();
    // The LP works in floating point and the flows in ticks, so the two agree only to a fraction
    // of a penny: keep the LP's plan unless it is dearer than the heuristic's by more (never
    // seen), in which case the heuristic's is reported as not proven cheapest.
    if (solved && (!feasible || cost_of(s_.hired_wte) <= cost_of(best_) + 0.01)) {
      best_ = s_.hired_wte;
      feasible = true;
      out_.staffing_heuristic = false;
      out_.blocked_requirement = no_index;
    }
  }

  // Why no plan exists: the blocked requirement and why its roles cannot be hired further.
  void explain_infeasible(bool entitlement_budget) {
    out_.status = plan_status::infeasible;
    const std::uint32_t b = out_.blocked_requirement;
    const service& svc = rules_.services[rules_.flat[b].service];
    const requirement& req = rules_.at(rules_.flat[b]);
    out_.reason = svc.id + "." + req.id + " cannot be met: its roles (";
    for (std::size_t i = 0; i < req.delivered_by.size(); ++i)
      out_.reason += (i ? ", " : "") + rules_.roles[req.delivered_by[i].role].id;
    out_.reason += entitlement_budget
                       ? ") cannot be hired further (not ARRS-reimbursable on the date, not among the roles "
                         "allowed, or at the ARRS cap)"
                       : ") cannot be hired further (no cost on the date, not among the roles allowed, or at the "
                         "ARRS cap)";
    if (req.kind == requirement_kind::workload) out_.reason += " or are held to their max_share of it";
  }

  // Sets the status to over_budget or planned against `budget`.
  void fit_budget(const std::optional<double>& budget) {
    const double cost = cost_of(best_);
    if (!(budget && cost > *budget + 1e-6)) {
      out_.status = plan_status::planned;
      return;
    }
    // Largest covered workload whose min-cost hires fit the budget: cost is convex and increasing
    // in the flow value, so bisect on it (to 0.0001 h/week). Staffing hires are not bought here.
    out_.status = plan_status::over_budget;
    out_.full_cost = cost;
    s_.prepaid.assign(roles_, 0.0);
    ticks lo = 0, hi = total_demand_;
    while (hi - lo > 360) {
      const ticks mid = lo + (hi - lo) / 2;
      workload_flow(mid);
      (cost_of(s_.hired_wte) <= *budget ? lo : hi) = mid;
    }
    best_delivered_ = workload_flow(lo);
    best_ = s_.hired_wte;
  }

  // The best plan's hours, hires and costs into the result.
  void write_result(bool has_extra, std::optional<double> entitlement_headroom, bool entitlement_budget) {
    plan_result& out = out_;
    if (has_extra && out.status == plan_status::planned) {
      bool any = false;
      for (role_index k = 0; k < roles_; ++k) any = any || best_[k] > 1e-12;
      if (!any) out.status = plan_status::compliant_already;  // the extra staff were enough
    }
    out.covered_hours = std::min(out.demand_hours, static_cast<double>(best_delivered_) / ticks_per_hour);
    if (out.status == plan_status::planned) out.covered_hours = out.demand_hours;
    out.shortfall_hours = std::max(0.0, out.demand_hours - out.covered_hours);
    for (role_index k = 0; k < roles_; ++k) {
      if (!(best_[k] > 1e-12)) continue;
      hire h;
      h.role = k;
      h.wte = best_[k];
      h.cost = best_[k] * s_.cost[k];
      h.hours = best_[k] * s_.hours_per[k];
      h.arrs = s_.arrs_now[k] != 0;
      out.cost += h.cost;
      if (h.arrs) out.arrs_cost += h.cost;
      out.hires.push_back(h);
    }
    if (entitlement_headroom) out.fits_entitlement = out.arrs_cost <= *entitlement_headroom + 1e-6;
    if (entitlement_budget) {
      if (out.status == plan_status::planned) out.status = plan_status::fundable;
      if (out.status == plan_status::over_budget) out.status = plan_status::not_fundable;
    }
  }

 private:
  // The planner counts in int64 ticks; inputs within the bounds of docs/errors.md can still give
  // sums and products past its range (a demand of 10^10 hours per patient, a cost over a tiny
  // hours_per_wte), so each one below is checked, and DC160 stops the plan instead of an overflow.
  [[noreturn]] void too_large(const std::string& what) const {
    throw input_error({{"", 0, 0, codes::plan_too_large,
                        "network '" + network_ + "' on " + to_string(at_) + ": " + what +
                            ", beyond the planner's integer arithmetic (docs/errors.md, DC160)"}});
  }

  // Adds one workload demand to the total. Each demand is at most detail::unlimited (max/8, where
  // to_ticks saturates) and the total is kept below unlimited, so the sum of the two cannot
  // overflow; a total below unlimited also keeps the unlimited arcs above any flow.
  void add_demand(double hours) {
    total_demand_ += detail::to_ticks(hours);
    if (total_demand_ >= detail::unlimited)
      too_large("workload of " + format_fixed(static_cast<double>(detail::unlimited) / ticks_per_hour, 0) +
                " hours a week or more");
  }

  // Weight per tick of a hire of role k: pence per weekly hour, times (roles + 1) plus the role
  // index, so that equal costs go to the role listed first in roles.yaml.
  ticks hire_weight(role_index k, double cost) const {
    const double pence = cost / s_.hours_per[k] * 100.0;
    ticks w = 0;
    if (!(pence < 1e18) || __builtin_mul_overflow(static_cast<ticks>(std::llround(pence)), ticks{roles_} + 1, &w) ||
        __builtin_add_overflow(w, ticks{k} + 1, &w))
      too_large("a hire of '" + rules_.roles[k].id + "' costs " +
                (std::isfinite(pence) ? format_fixed(pence, 0) : std::string("more than 10^18")) +
                " pence per weekly hour");
    return w;
  }

  // Weight of the bypass arcs (unmet demand): above any path of hires. Successive shortest paths keep
  // every vertex potential and Dijkstra distance within (vertices × the largest weight, 2 × big) of
  // zero twice over, so 8 × vertices × big must fit as well.
  ticks bypass_weight(ticks max_weight) const {
    ticks big = 0;
    ticks bound = 0;
    const auto vertices = static_cast<ticks>(boost::num_vertices(s_.g));
    if (__builtin_mul_overflow(max_weight + 1, 2 * ticks{roles_} + 4, &big) ||
        __builtin_mul_overflow(big, 8 * vertices, &bound))
      too_large("hire costs up to " + std::to_string(max_weight / (ticks{roles_} + 1) / 100) +
                " GBP per weekly hour with " + std::to_string(vertices) + " vertices in the flow");
    return big;
  }

  // One flow of value `value` with `prepaid` WTE already hired (counted as existing capacity);
  // fills hired_wte and returns the flow through requirements.
  ticks workload_flow(ticks value) {
    // to_ticks saturates at detail::unlimited, above the workload total, so a saturated capacity
    // still exceeds any flow, and no capacity is a product in ticks.
    detail::plan_scratch& s = s_;
    for (role_index k = 0; k < roles_; ++k) {
      s.set_capacity(s.existing_arc[k], detail::to_ticks((s.wte[k] + s.prepaid[k]) * s.hours_per[k]));
      const double room = s.headroom[k] - s.prepaid[k];
      const bool can = s.hireable[k] && s.hours_per[k] > 0.0 && room > 1e-9;
      s.set_capacity(s.hire_arc[k], !can ? 0
                                    : std::isinf(room)
                                        ? total_demand_
                                        : std::min(total_demand_, detail::to_ticks(room * s.hours_per[k])));
    }
    const ticks delivered = s.solve(value);
    s.hired_wte.assign(roles_, 0.0);
    for (role_index k = 0; k < roles_; ++k) {
      const ticks f = s.flow(s.hire_arc[k]);
      s.hired_wte[k] = s.prepaid[k] + (f > 0 ? static_cast<double>(f) / ticks_per_hour / s.hours_per[k] : 0.0);
    }
    return delivered;
  }

  [[nodiscard]] double cost_of(const std::vector<double>& wte) const {
    double sum = 0.0;
    for (role_index k = 0; k < roles_; ++k) sum += wte[k] * s_.cost[k];
    return sum;
  }

  // Covers every staffing deficit left after `extra` extra staff, cheapest role per WTE first;
  // false (with the requirement in blocked_requirement) when a deficit cannot be covered.
  bool cover_staffing(std::vector<double>& extra) {
    detail::plan_scratch& s = s_;
    for (const requirement_result& r : checked_.requirements) {
      const requirement& req = rules_.at(rules_.flat[r.requirement]);
      if (req.kind != requirement_kind::staffing) continue;
      double have = 0.0;
      for (const delivery& d : req.delivered_by) have += s.wte[d.role] + extra[d.role];
      double need = r.demand - have;
      if (!(need > 1e-9)) continue;
      s.order.clear();
      for (const delivery& d : req.delivered_by)
        if (s.hireable[d.role]) s.order.push_back(d.role);
      std::stable_sort(s.order.begin(), s.order.end(), [&](auto a, auto b) { return s.cost[a] < s.cost[b]; });
      for (const std::uint32_t k : s.order) {
        const double take = std::min(need, s.headroom[k] - extra[k]);
        if (take <= 0.0) continue;
        extra[k] += take;
        need -= take;
        if (need <= 1e-9) break;
      }
      if (need > 1e-9) {
        out_.blocked_requirement = r.requirement;
        return false;
      }
    }
    return true;
  }

  // The linear program over flows f_e (hours a week on each role-requirement arc) and hires h_k
  // (WTE): min Σ c_k h_k with every demand met, Σ_e f_e <= C_k + a_k h_k per role, arc caps,
  // every staffing deficit covered and h within the ARRS caps. Fills hired_wte when optimal.
  bool solve_lp() {
    detail::plan_scratch& s = s_;
    add_lp_variables();
    add_lp_demand_rows();
    add_lp_role_rows();
    add_lp_staffing_rows();
    for (role_index k = 0; k < roles_; ++k)
      if (s.hire_var[k] != no_index && std::isfinite(s.headroom[k])) s.lp.set_upper(s.hire_var[k], s.headroom[k]);
    if (s.lp.solve(s.lp_x) != detail::clp_lp::outcome::optimal) return false;
    s.hired_wte.assign(roles_, 0.0);
    for (role_index k = 0; k < roles_; ++k)
      if (s.hire_var[k] != no_index) s.hired_wte[k] = s.lp_x[s.hire_var[k]];
    return true;
  }

  [[nodiscard]] double hours(detail::edge_t e) const {
    return static_cast<double>(boost::get(boost::edge_capacity, s_.g, e)) / ticks_per_hour;
  }

  // One variable per open delivery arc, then one per hireable role (costed in GBP 1000s).
  void add_lp_variables() {
    detail::plan_scratch& s = s_;
    s.arc_var.assign(s.delivery_arcs.size(), no_index);
    s.hire_var.assign(roles_, no_index);
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < s.delivery_arcs.size(); ++i)
      if (boost::get(boost::edge_capacity, s.g, s.delivery_arcs[i].e) > 0) s.arc_var[i] = n++;
    for (role_index k = 0; k < roles_; ++k)
      if (s.hireable[k]) s.hire_var[k] = n++;
    s.lp.reset(n);
    for (role_index k = 0; k < roles_; ++k)
      if (s.hire_var[k] != no_index) s.lp.set_cost(s.hire_var[k], s.cost[k] / 1000.0);
  }

  // Every workload demand met; arc caps (max_share) as variable bounds.
  void add_lp_demand_rows() {
    detail::plan_scratch& s = s_;
    for (std::size_t slot = 0; slot < s.demand_arc.size(); ++slot) {
      if (hours(s.demand_arc[slot]) <= 0.0) continue;
      s.terms.clear();
      for (std::size_t i = 0; i < s.delivery_arcs.size(); ++i)
        if (s.delivery_arcs[i].slot == slot && s.arc_var[i] != no_index) s.terms.emplace_back(s.arc_var[i], 1.0);
      s.lp.add_row(s.terms, detail::clp_lp::sense::at_least, hours(s.demand_arc[slot]));
    }
    for (std::size_t i = 0; i < s.delivery_arcs.size(); ++i) {
      const ticks cap = boost::get(boost::edge_capacity, s.g, s.delivery_arcs[i].e);
      if (s.arc_var[i] != no_index && cap < detail::unlimited)
        s.lp.set_upper(s.arc_var[i], hours(s.delivery_arcs[i].e));
    }
  }

  // Per role: hours delivered within existing capacity plus hires.
  void add_lp_role_rows() {
    detail::plan_scratch& s = s_;
    for (role_index k = 0; k < roles_; ++k) {
      s.terms.clear();
      const std::uint32_t first_role = 3 + static_cast<std::uint32_t>(s.demand_arc.size());
      for (std::size_t i = 0; i < s.delivery_arcs.size(); ++i)
        if (s.arc_var[i] != no_index && boost::target(s.delivery_arcs[i].e, s.g) == first_role + k)
          s.terms.emplace_back(s.arc_var[i], 1.0);
      if (s.terms.empty()) continue;
      if (s.hire_var[k] != no_index && s.hours_per[k] > 0.0) s.terms.emplace_back(s.hire_var[k], -s.hours_per[k]);
      s.lp.add_row(s.terms, detail::clp_lp::sense::at_most,
                   static_cast<double>(detail::to_ticks(s.wte[k] * s.hours_per[k])) / ticks_per_hour);
    }
  }

  // Every staffing deficit covered by hires of its roles.
  void add_lp_staffing_rows() {
    detail::plan_scratch& s = s_;
    for (const requirement_result& r : checked_.requirements) {
      const requirement& req = rules_.at(rules_.flat[r.requirement]);
      if (req.kind != requirement_kind::staffing) continue;
      double deficit = r.demand;
      s.terms.clear();
      for (const delivery& d : req.delivered_by) {
        deficit -= s.wte[d.role];
        if (s.hire_var[d.role] != no_index) s.terms.emplace_back(s.hire_var[d.role], 1.0);
      }
      if (deficit > 1e-9) s.lp.add_row(s.terms, detail::clp_lp::sense::at_least, deficit);
    }
  }

  const planner& plan_;
  const std::string& network_;  // its id, for errors
  const rule_set& rules_;
  detail::plan_scratch& s_;
  plan_result& out_;
  const check_result& checked_;
  std::uint32_t index_;
  date at_;
  std::uint32_t roles_;
  std::vector<double>& best_;  // the cheapest feasible hires so far
  ticks total_demand_ = 0;
  ticks workload_delivered_ = 0;  // plan B's flow, which plan A must match
  ticks best_delivered_ = 0;
  bool workload_ok_ = true;
};
}  // namespace

const plan_result& planner::run(std::uint32_t index, date at, std::optional<double> entitlement_headroom,
                                const std::vector<double>& extra_wte) {
  plan_result& out = result_;
  reset_result(out, index, at);
  // Outside its coverage the network's staff are unknown (SPEC 4.6): no hire is planned for it.
  if (!panel_->covered(index, at)) {
    out.entitlement_headroom = entitlement_headroom;
    out.status = plan_status::no_data;
    return out;
  }
  if (options_.entitlement_budget && !entitlement_headroom)
    entitlement_headroom = this->entitlement_headroom(index, at);
  out.entitlement_headroom = entitlement_headroom;
  // A network over its entitlement has nothing left to spend.
  const std::optional<double> budget =
      options_.entitlement_budget ? std::optional<double>(std::max(0.0, *entitlement_headroom)) : options_.budget;

  const check_result& checked = scratch_->check.run(index, at);
  out.demand_hours = checked.demand_hours;
  out.covered_hours = checked.delivered_hours;
  out.shortfall_hours = checked.shortfall_hours();
  if (entitlement_headroom) out.fits_entitlement = true;
  if (checked.state != network_state::non_compliant) return out;

  plan_steps step(*this, *rules_, *scratch_, out, checked, index, at, panel_->networks[index].id);
  const bool has_extra = step.gather_inputs(extra_wte);
  step.open_requirement_arcs();
  const bool staffing_short = step.staffing_short();
  out.staffing_heuristic = staffing_short;
  bool feasible = step.workload_first(staffing_short);
  if (step.workload_met() && staffing_short && step.staffing_coverable()) {
    step.staffing_first(feasible);
    step.linear_program(feasible);
  }
  if (!feasible) {
    step.explain_infeasible(options_.entitlement_budget);
    return out;
  }
  step.fit_budget(budget);
  step.write_result(has_extra, entitlement_headroom, options_.entitlement_budget);
  return out;
}

horizon_plan plan_horizon(planner& plan, const rule_set& rules, const panel& networks, std::uint32_t index, date from,
                          date to) {
  horizon_plan out;
  out.network = index;
  out.from = from;
  out.to = to;
  std::vector<date> dates{from};
  for (const auto& source : {rules.breakpoints(), networks.breakpoints()})
    for (const date d : source)
      if (from < d && d <= to) dates.push_back(d);
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  std::vector<double> extra(rules.roles.size(), 0.0);
  bool any_data = false;
  for (const date d : dates) {
    const plan_result& step = plan.run(index, d, std::nullopt, extra);
    any_data = any_data || step.status != plan_status::no_data;
    if (step.status == plan_status::infeasible || step.status == plan_status::over_budget ||
        step.status == plan_status::not_fundable) {
      out.status = plan_status::infeasible;
      out.blocked_at = d;
      out.reason = step.status == plan_status::infeasible ? step.reason : "the budget does not cover " + to_string(d);
      return out;
    }
    for (const hire& h : step.hires) {
      out.posts.push_back({h.role, h.wte, d, h.cost});
      out.cost += h.cost;
      extra[h.role] += h.wte;
    }
  }
  if (!out.posts.empty()) out.status = plan_status::planned;
  if (!any_data) out.status = plan_status::no_data;
  return out;
}

// Totals are doubles: a plan's cost is at most 320 billion hours a week (add_demand) at under 10^18
// pence per hour (hire_weight) plus staffing hires of at most 10^21 WTE at 10^10 GBP, so the totals
// of 2^32 networks stay far below the largest double.
void plan_totals::add(const plan_result& plan, std::size_t role_count) {
  if (wte.size() < role_count) wte.resize(role_count, 0.0);
  ++networks;
  if (!plan.hires.empty()) ++needing_hires;
  if (plan.status == plan_status::infeasible) ++infeasible;
  if (plan.status == plan_status::over_budget) ++over_budget;
  if (plan.status == plan_status::fundable) ++fundable;
  if (plan.status == plan_status::not_fundable) ++not_fundable;
  if (plan.status == plan_status::no_data) ++no_data;
  cost += plan.cost;
  arrs_cost += plan.arrs_cost;
  for (const hire& h : plan.hires) wte[h.role] += h.wte;
}

}  // namespace descheck
