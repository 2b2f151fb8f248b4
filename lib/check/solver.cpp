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

// Calls visit(from, to, cap) for every arc in the order of creation: role capacities from the source,
// relays, role-to-requirement pairs, requirement-to-sink arcs.
template <class Visit>
void solver::for_each_arc(Visit&& visit) const {
  for (std::uint32_t k = 0; k < roles_; ++k) visit(source, role_node(k), capacity_[k]);
  for (const pair_spec& l : link_specs_) visit(role_node(l.role), role_node(l.req), l.cap);
  for (const pair_spec& p : pair_specs_) visit(role_node(p.role), req_node(p.req), p.cap);
  for (std::uint32_t r = 0; r < requirement_count(); ++r) visit(req_node(r), sink, ticks{0});
}

// Adjacency in flat arrays: each node's arcs are contiguous, newest first (the order in which the
// search visits them, and so which of several maximum flows it finds, is part of the answer).
void solver::build_graph() {
  flow_known_ = false;
  if (same_shape()) {
    refresh_capacities();
    return;
  }
  const std::uint32_t reqs = requirement_count();
  const std::uint32_t nodes = 2 + roles_ + reqs;
  const auto links = static_cast<std::uint32_t>(link_specs_.size());
  const auto pairs = static_cast<std::uint32_t>(pair_specs_.size());
  built_roles_ = roles_;
  built_reqs_ = reqs;
  built_links_ = link_specs_;
  built_pairs_ = pair_specs_;
  edges_.resize(2 * (std::size_t{roles_} + links + pairs + reqs));
  forward_.clear();
  first_.assign(nodes + 1, 0);
  for_each_arc([&](std::uint32_t from, std::uint32_t to, ticks) {
    ++first_[from + 1];
    ++first_[to + 1];
  });
  for (std::uint32_t u = 0; u < nodes; ++u) first_[u + 1] += first_[u];
  cursor_.assign(first_.begin() + 1, first_.end());  // fill each node's arcs from the back
  for_each_arc([&](std::uint32_t from, std::uint32_t to, ticks cap) {
    const std::uint32_t forward = --cursor_[from];
    const std::uint32_t reverse = --cursor_[to];
    edges_[forward] = {to, reverse, cap, cap};
    edges_[reverse] = {from, forward, 0, 0};
    forward_.push_back(forward);
  });
  const auto arcs = [&](std::vector<std::uint32_t>& into, std::uint32_t offset, std::uint32_t count) {
    into.assign(forward_.begin() + offset, forward_.begin() + offset + count);
  };
  arcs(role_edges_, 0, roles_);
  arcs(link_edges_, roles_, links);
  arcs(pair_edges_, roles_ + links, pairs);
  arcs(sink_edges_, roles_ + links + pairs, reqs);
  level_.resize(nodes);
  queue_.resize(nodes);
  path_.resize(nodes);
  seen_.resize(nodes);
  flow_sink_caps_.resize(reqs);
  zero_flow_ = edges_;
}

// True when the graph of the last solve has the arcs this one needs, in the same order (the same
// network checked again, as a series does): only the capacities are new.
bool solver::same_shape() const noexcept {
  const auto same = [](const std::vector<pair_spec>& a, const std::vector<pair_spec>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const pair_spec& x, const pair_spec& y) { return x.role == y.role && x.req == y.req; });
  };
  return built_roles_ == roles_ && built_reqs_ == requirement_count() && same(built_links_, link_specs_) &&
         same(built_pairs_, pair_specs_);
}

void solver::refresh_capacities() {
  std::uint32_t n = 0;
  for_each_arc([&](std::uint32_t, std::uint32_t, ticks cap) {
    edge& a = edges_[forward_[n++]];
    a.cap = a.residual = cap;
    edges_[a.rev].cap = edges_[a.rev].residual = 0;
  });
  zero_flow_ = edges_;
}

// Breadth-first levels of the residual graph. The search stops once the sink has its level: every
// node nearer the source already has one, and a node as far as the sink cannot lie on a shortest
// path to it, so leaving it unlevelled only spares the path search a dead end.
bool solver::levels() {
  std::fill(level_.begin(), level_.end(), -1);
  std::size_t read = 0, write = 0;
  queue_[write++] = source;
  level_[source] = 0;
  while (read < write) {
    const std::uint32_t u = queue_[read++];
    const int next = level_[u] + 1;
    for (std::uint32_t i = first_[u], end = first_[u + 1]; i < end; ++i) {
      const edge& a = edges_[i];
      if (a.residual > 0 && level_[a.to] < 0) {
        level_[a.to] = next;
        if (a.to == sink) return true;
        queue_[write++] = a.to;
      }
    }
  }
  return false;
}

// Dinic's blocking flow of the level graph: depth-first paths from the source along the current-arc
// cursors; a dead end moves its parent's cursor on. After a path is pushed the search resumes at
// the tail of the path's first saturated arc: a new search from the source would follow the same
// unchanged prefix there, so the paths, and the flow, are those of the plain recursive search.
ticks solver::blocking_flow() {
  ticks total = 0;
  std::uint32_t depth = 0;
  std::uint32_t u = source;
  for (;;) {
    if (u == sink) {
      ticks amount = unlimited;
      for (std::uint32_t d = 0; d < depth; ++d) amount = std::min(amount, edges_[path_[d]].residual);
      std::uint32_t saturated = depth;
      for (std::uint32_t d = 0; d < depth; ++d) {
        edge& a = edges_[path_[d]];
        a.residual -= amount;
        edges_[a.rev].residual += amount;
        if (a.residual == 0 && saturated == depth) saturated = d;
      }
      total += amount;
      depth = saturated;
      u = edges_[edges_[path_[depth]].rev].to;
      continue;
    }
    std::uint32_t i = cursor_[u];
    const std::uint32_t end = first_[u + 1];
    const int next = level_[u] + 1;
    while (i < end && (edges_[i].residual <= 0 || level_[edges_[i].to] != next)) ++i;
    cursor_[u] = i;
    if (i < end) {
      path_[depth++] = i;
      u = edges_[i].to;
      continue;
    }
    if (depth == 0) return total;
    u = edges_[edges_[path_[--depth]].rev].to;
    ++cursor_[u];
  }
}

ticks solver::max_flow() {
  const std::uint32_t reqs = requirement_count();
  bool same = flow_known_;
  for (std::uint32_t r = 0; same && r < reqs; ++r) same = flow_sink_caps_[r] == edges_[sink_edges_[r]].cap;
  if (same) return flow_value_;
  for (std::uint32_t r = 0; r < reqs; ++r) flow_sink_caps_[r] = edges_[sink_edges_[r]].cap;
  std::copy(zero_flow_.begin(), zero_flow_.end(), edges_.begin());
  for (std::uint32_t r = 0; r < reqs; ++r) {
    edge& sink_arc = edges_[sink_edges_[r]];
    sink_arc.cap = sink_arc.residual = flow_sink_caps_[r];
  }
  const ticks total = augment();
  flow_value_ = total;
  flow_known_ = true;
  return total;
}

// Once every requirement-to-sink arc is full no augmenting path is left, so the search for one
// (a whole breadth-first pass that would not reach the sink) is skipped.
ticks solver::augment() {
  flow_known_ = false;
  const auto sink_full = [&] {
    return std::all_of(sink_edges_.begin(), sink_edges_.end(),
                       [&](std::uint32_t e) { return edges_[e].residual <= 0; });
  };
  ticks total = 0;
  while (!sink_full() && levels()) {
    std::copy(first_.begin(), first_.end() - 1, cursor_.begin());
    total += blocking_flow();
  }
  return total;
}

// seen_ = the nodes the source reaches in the residual graph (the source side of the min cut).
void solver::reach_from_source() {
  std::fill(seen_.begin(), seen_.end(), 0);
  std::size_t read = 0, write = 0;
  queue_[write++] = source;
  seen_[source] = 1;
  while (read < write) {
    const std::uint32_t u = queue_[read++];
    for (std::uint32_t i = first_[u]; i < first_[u + 1]; ++i) {
      const edge& a = edges_[i];
      if (a.residual > 0 && !seen_[a.to]) {
        seen_[a.to] = 1;
        queue_[write++] = a.to;
      }
    }
  }
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
      reach_from_source();
      double constant = 0.0;  // cut capacity that does not scale with lambda, less the fixed demand
      ticks blocked_demand = 0;
      for (const std::uint32_t e : forward_) {
        const std::uint32_t from = edges_[edges_[e].rev].to;
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
  const edge& a = edges_[role_edges_[role]];
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
    for (std::uint32_t i = first_[v]; i < first_[v + 1]; ++i) {
      const std::uint32_t u = edges_[i].to;
      if (u == source || u == sink || seen_[u] || edges_[edges_[i].rev].residual <= 0) continue;
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
