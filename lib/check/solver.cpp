#include "check/solver.hpp"

#include <algorithm>
#include <cmath>

namespace descheck::detail {

ticks to_ticks(double hours) noexcept {
  if (!(hours > 0.0)) return 0;  // also catches NaN
  const double t = std::round(hours * ticks_per_hour);
  return t >= static_cast<double>(unlimited) ? unlimited : static_cast<ticks>(t);
}

void solver::reset(std::uint32_t roles) {
  roles_ = roles;
  capacity_.assign(roles, 0);
  demand_.clear();
  priority_.clear();
  pair_specs_.clear();
  link_specs_.clear();
}

std::uint32_t solver::add_role(ticks capacity) {
  capacity_.push_back(std::max<ticks>(capacity, 0));
  return roles_++;
}

void solver::add_link(std::uint32_t from, std::uint32_t to) { link_specs_.push_back({from, to, unlimited}); }

void solver::set_capacity(std::uint32_t role, ticks capacity) noexcept {
  capacity_[role] = std::max<ticks>(capacity, 0);
}

std::uint32_t solver::add_requirement(int priority, ticks demand) {
  demand_.push_back(std::max<ticks>(demand, 0));
  priority_.push_back(priority);
  return static_cast<std::uint32_t>(demand_.size() - 1);
}

void solver::add_edge(std::uint32_t role, std::uint32_t req, ticks cap) {
  pair_specs_.push_back({role, req, std::max<ticks>(cap, 0)});
}

std::uint32_t solver::add_arc(std::uint32_t from, std::uint32_t to, ticks cap) {
  const auto index = static_cast<std::uint32_t>(edges_.size());
  edges_.push_back({to, head_[from], cap, cap});
  head_[from] = index;
  edges_.push_back({from, head_[to], 0, 0});
  head_[to] = index + 1;
  return index;
}

void solver::build_graph() {
  const std::uint32_t reqs = requirement_count();
  const std::uint32_t nodes = 2 + roles_ + reqs;
  head_.assign(nodes, npos);
  edges_.clear();
  pair_edges_.clear();
  sink_edges_.clear();
  // Source arcs first, so the arc of role k is 2k.
  for (std::uint32_t k = 0; k < roles_; ++k) add_arc(source, role_node(k), capacity_[k]);
  link_edges_.clear();
  for (const pair_spec& l : link_specs_) link_edges_.push_back(add_arc(role_node(l.role), role_node(l.req), l.cap));
  for (const pair_spec& p : pair_specs_) pair_edges_.push_back(add_arc(role_node(p.role), req_node(p.req), p.cap));
  for (std::uint32_t r = 0; r < reqs; ++r) sink_edges_.push_back(add_arc(req_node(r), sink, 0));
  level_.resize(nodes);
  cursor_.resize(nodes);
  queue_.resize(nodes);
  seen_.resize(nodes);
}

bool solver::levels() {
  std::fill(level_.begin(), level_.end(), -1);
  std::size_t read = 0, write = 0;
  queue_[write++] = source;
  level_[source] = 0;
  while (read < write) {
    const std::uint32_t u = queue_[read++];
    for (std::uint32_t e = head_[u]; e != npos; e = edges_[e].next) {
      const edge& a = edges_[e];
      if (a.residual > 0 && level_[a.to] < 0) {
        level_[a.to] = level_[u] + 1;
        queue_[write++] = a.to;
      }
    }
  }
  return level_[sink] >= 0;
}

ticks solver::push(std::uint32_t node, ticks limit) {
  if (node == sink) return limit;
  for (std::uint32_t& e = cursor_[node]; e != npos; e = edges_[e].next) {
    edge& a = edges_[e];
    if (a.residual <= 0 || level_[a.to] != level_[node] + 1) continue;
    const ticks pushed = push(a.to, std::min(limit, a.residual));
    if (pushed > 0) {
      a.residual -= pushed;
      edges_[e ^ 1u].residual += pushed;
      return pushed;
    }
  }
  return 0;
}

ticks solver::max_flow() {
  for (edge& a : edges_) a.residual = a.cap;
  return augment();
}

ticks solver::augment() {
  ticks total = 0;
  while (levels()) {
    std::copy(head_.begin(), head_.end(), cursor_.begin());
    while (const ticks pushed = push(source, unlimited)) total += pushed;
  }
  return total;
}

// Progressive filling for one priority, by Newton's method on the parametric min cut: requirements
// of the level rise together at coverage lambda; the largest feasible lambda comes from the cut
// that blocks it, whose sink-side requirements are frozen there; the rest rise again.
// Kept whole: the loop's invariant (active requirements rise together, frozen ones keep their
// flow) holds only across the whole iteration; the pieces it would split into are single steps
// of the method above and would each need the solver's whole state.
// NOLINTNEXTLINE(readability-function-size): kept whole for the reason above
void solver::solve_priority(int priority) {
  const std::uint32_t reqs = requirement_count();
  for (std::uint32_t r = 0; r < reqs; ++r) active_[r] = priority_[r] == priority && !fixed_[r];
  for (;;) {
    std::uint32_t active_count = 0;
    for (std::uint32_t r = 0; r < reqs; ++r) active_count += active_[r] ? 1 : 0;
    if (active_count == 0) return;

    double lambda = 1.0;
    bool have_cut = false;
    for (int iteration = 0;; ++iteration) {
      ticks total = 0;
      for (std::uint32_t r = 0; r < reqs; ++r) {
        edge& sink_arc = edges_[sink_edges_[r]];
        if (active_[r]) {
          sink_arc.cap =
              lambda >= 1.0 ? demand_[r] : static_cast<ticks>(std::floor(lambda * static_cast<double>(demand_[r])));
        } else {
          sink_arc.cap = fixed_[r] ? delivered_[r] : 0;
        }
        total += sink_arc.cap;
      }
      const ticks flow = max_flow();
      // Floor rounding of lambda * D can leave at most one tick per requirement unreachable.
      if (total - flow <= static_cast<ticks>(active_count) || iteration >= 200) break;

      // The min cut (S = residual reach of the source) bounds lambda by a line: Newton step.
      std::fill(seen_.begin(), seen_.end(), 0);
      {
        std::size_t read = 0, write = 0;
        queue_[write++] = source;
        seen_[source] = 1;
        while (read < write) {
          const std::uint32_t u = queue_[read++];
          for (std::uint32_t e = head_[u]; e != npos; e = edges_[e].next)
            if (edges_[e].residual > 0 && !seen_[edges_[e].to]) {
              seen_[edges_[e].to] = 1;
              queue_[write++] = edges_[e].to;
            }
        }
      }
      double constant = 0.0;  // cut capacity that does not scale with lambda, less the fixed demand
      ticks blocked_demand = 0;
      for (std::uint32_t e = 0; e < edges_.size(); e += 2) {
        const std::uint32_t from = edges_[e ^ 1u].to;
        if (!seen_[from] || seen_[edges_[e].to]) continue;
        if (edges_[e].to == sink && active_[from - 2 - roles_]) continue;  // scales with lambda
        constant += static_cast<double>(edges_[e].cap);
      }
      for (std::uint32_t r = 0; r < reqs; ++r) {
        if (fixed_[r]) constant -= static_cast<double>(delivered_[r]);
        cut_blocked_[r] = active_[r] && !seen_[req_node(r)];
        if (cut_blocked_[r]) blocked_demand += demand_[r];
      }
      have_cut = true;
      double next = blocked_demand > 0 ? constant / static_cast<double>(blocked_demand) : 0.0;
      if (!(next < lambda)) next = lambda * (1.0 - 1e-12);
      lambda = std::clamp(next, 0.0, 1.0);
    }

    if (!have_cut) {  // everyone in the level got their full demand
      for (std::uint32_t r = 0; r < reqs; ++r)
        if (active_[r]) {
          delivered_[r] = demand_[r] - edges_[sink_edges_[r]].residual;
          fixed_[r] = 1;
          active_[r] = 0;
        }
      return;
    }
    bool froze = false;
    for (std::uint32_t r = 0; r < reqs; ++r)
      if (active_[r] && cut_blocked_[r]) {
        delivered_[r] = edges_[sink_edges_[r]].cap - edges_[sink_edges_[r]].residual;
        fixed_[r] = 1;
        active_[r] = 0;
        froze = true;
      }
    if (!froze) {  // cannot happen with exact arithmetic; never loop forever
      for (std::uint32_t r = 0; r < reqs; ++r)
        if (active_[r]) {
          delivered_[r] = edges_[sink_edges_[r]].cap - edges_[sink_edges_[r]].residual;
          fixed_[r] = 1;
          active_[r] = 0;
        }
    }
  }
}

void solver::solve() {
  build_graph();
  const std::uint32_t reqs = requirement_count();
  delivered_.assign(reqs, 0);
  fixed_.assign(reqs, 0);
  active_.assign(reqs, 0);
  cut_blocked_.assign(reqs, 0);

  // Fast path: everything deliverable in full.
  ticks total = 0;
  for (std::uint32_t r = 0; r < reqs; ++r) {
    edges_[sink_edges_[r]].cap = demand_[r];
    total += demand_[r];
  }
  if (max_flow() == total) {
    std::copy(demand_.begin(), demand_.end(), delivered_.begin());
    return;
  }

  order_.resize(reqs);
  for (std::uint32_t r = 0; r < reqs; ++r) order_[r] = r;
  std::sort(order_.begin(), order_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return priority_[a] < priority_[b]; });
  for (std::size_t i = 0; i < order_.size(); ++i)
    if (i == 0 || priority_[order_[i]] != priority_[order_[i - 1]]) solve_priority(priority_[order_[i]]);

  // Leave the residual graph of the final allocation behind, for flows and bottlenecks. Then raise
  // every requirement to its full demand and augment what rounding left over (a few ticks at most):
  // the final flow is a maximum flow, so no role with spare time can reach a short requirement.
  for (std::uint32_t r = 0; r < reqs; ++r) edges_[sink_edges_[r]].cap = delivered_[r];
  max_flow();
  for (std::uint32_t r = 0; r < reqs; ++r) {
    edge& sink_arc = edges_[sink_edges_[r]];
    sink_arc.residual += demand_[r] - sink_arc.cap;
    sink_arc.cap = demand_[r];
  }
  augment();
  for (std::uint32_t r = 0; r < reqs; ++r) delivered_[r] = demand_[r] - edges_[sink_edges_[r]].residual;
}

ticks solver::used(std::uint32_t role) const noexcept {
  const edge& a = edges_[2 * std::size_t{role}];
  return a.cap - a.residual;
}

solver::edge_flow solver::flow(std::uint32_t i) const noexcept {
  const pair_spec& p = pair_specs_[i];
  const edge& a = edges_[pair_edges_[i]];
  return {p.role, p.req, a.cap - a.residual};
}

void solver::bottleneck(std::uint32_t req, std::vector<std::uint32_t>& reqs, std::vector<std::uint32_t>& roles,
                        std::vector<ticks>& outside_flow) {
  reqs.clear();
  roles.clear();
  outside_flow.clear();
  // Reverse search: u reaches v when the arc u->v has residual capacity.
  std::fill(seen_.begin(), seen_.end(), 0);
  std::size_t read = 0, write = 0;
  queue_[write++] = req_node(req);
  seen_[req_node(req)] = 1;
  while (read < write) {
    const std::uint32_t v = queue_[read++];
    for (std::uint32_t e = head_[v]; e != npos; e = edges_[e].next) {
      const std::uint32_t u = edges_[e].to;
      if (u == source || u == sink || seen_[u] || edges_[e ^ 1u].residual <= 0) continue;
      seen_[u] = 1;
      queue_[write++] = u;
    }
  }
  for (std::uint32_t k = 0; k < roles_; ++k)
    if (seen_[role_node(k)]) roles.push_back(k);
  for (std::uint32_t r = 0; r < requirement_count(); ++r)
    if (seen_[req_node(r)]) {
      reqs.push_back(r);
      ticks outside = 0;
      for (std::uint32_t i = 0; i < pair_specs_.size(); ++i)
        if (pair_specs_[i].req == r && !seen_[role_node(pair_specs_[i].role)]) outside += flow(i).flow;
      outside_flow.push_back(outside);
    }
}

}  // namespace descheck::detail
