// The joint check of shared workforce pools (SPEC 4): the networks and pools of each connected
// component are checked as one allocation, so that pooled staff serve every member.
#include "descheck/pools/pools.hpp"

#include <algorithm>
#include <optional>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#pragma GCC diagnostic pop

#include "check/check_internal.hpp"
#include "check/solver.hpp"
#include "panel/validate.hpp"

namespace descheck {

namespace detail {

struct pooled_scratch {
  const rule_set* rules;
  const panel* networks;
  const pool_set* pools;
  checker single;

  std::vector<std::uint32_t> component;                   // per network, no_index when in no pool
  std::vector<std::vector<std::uint32_t>> comp_members;   // per component, network indices ascending
  std::vector<std::vector<std::uint32_t>> comp_pools;     // per component, pool indices ascending
  std::vector<std::vector<std::uint32_t>> network_pools;  // per network, the pools it belongs to
  std::vector<std::uint32_t> local_member;                // network -> index within its component
  std::vector<std::uint32_t> local_pool;                  // pool -> index within its component

  std::vector<check_result> results;
  std::vector<std::vector<pool_use>> uses;

  // Joint solve scratch, reused between components and runs. Slot o*R + k is role k of owner o:
  // owners are the component's members, then its pools; relays (hubs) follow.
  solver flow;
  std::vector<double> wte, hours, staffing_wte;
  std::vector<char> defaulted;
  std::vector<double> own_w;
  std::vector<char> own_def, own_rows;
  struct req_slot {
    std::uint32_t member;  // local index
    std::uint32_t row;     // index in results[network].requirements
    double demand;
  };
  std::vector<req_slot> reqs;
  std::vector<std::uint32_t> hub_role;  // relay slot - base -> role
  struct link {
    std::uint32_t from;  // slot
    std::uint32_t req;   // requirement slot the relay feeds
  };
  std::vector<link> links;
  std::vector<std::uint32_t> pool_slots;  // per delivery, the pool slots that may give
  std::vector<std::uint32_t> group_reqs, group_roles;
  std::vector<ticks> group_outside;

  pooled_scratch(const rule_set& r, const panel& n, const pool_set& p)
      : rules(&r), networks(&n), pools(&p), single(r, n) {}

  // The joint check of component `c`: its members' and pools' capacity, every member's
  // requirements over one allocation, then each member's rows, flows and bottlenecks.
  void solve_component(std::uint32_t c, date at, const check_options& options);
  void load_capacity(std::uint32_t c, date at);
  void add_requirements(std::uint32_t c, date at);
  void add_workload_edges(std::uint32_t c, std::uint32_t j, const requirement& req, std::uint32_t slot, double demand,
                          date at);
  void read_allocation(std::uint32_t c, date at);
  void find_bottlenecks(std::uint32_t c);

  [[nodiscard]] std::uint32_t roles() const { return static_cast<std::uint32_t>(rules->roles.size()); }
  // Owner slots of component `c`: role k of owner o is slot o * roles() + k; relays follow.
  [[nodiscard]] std::uint32_t slot_count(std::uint32_t c) const {
    return static_cast<std::uint32_t>(comp_members[c].size() + comp_pools[c].size()) * roles();
  }
};

namespace {

void add_use(std::vector<pool_use>& uses, std::uint32_t pool_index, role_index role, double hours) {
  for (pool_use& u : uses)
    if (u.pool == pool_index && u.role == role) {
      u.hours += hours;
      return;
    }
  uses.push_back({pool_index, role, hours});
}

void add_flow(std::vector<flow_entry>& flows, role_index role, std::uint32_t requirement, double hours) {
  for (flow_entry& f : flows)
    if (f.role == role && f.requirement == requirement) {
      f.hours += hours;
      return;
    }
  flows.push_back({role, requirement, hours});
}

}  // namespace

void pooled_scratch::solve_component(std::uint32_t c, date at, const check_options& options) {
  load_capacity(c, at);
  add_requirements(c, at);
  // Allocation (SPEC 4.4) over the union of the members' requirements, and statuses (4.5).
  flow.solve();
  read_allocation(c, at);
  if (options.bottlenecks) find_bottlenecks(c);
}

void pooled_scratch::load_capacity(std::uint32_t c, date at) {
  const rule_set& rs = *rules;
  const panel& net = *networks;
  const std::vector<std::uint32_t>& members = comp_members[c];
  const std::vector<std::uint32_t>& owned_pools = comp_pools[c];
  const std::uint32_t role_count = roles();
  const std::uint32_t base = slot_count(c);

  wte.assign(base, 0.0);
  hours.assign(base, 0.0);
  staffing_wte.assign(members.size() * role_count, 0.0);
  defaulted.assign(base, 0);
  flow.reset(base);

  // Capacity (SPEC 4.3): each member's own staff, with default_wte where it has no own post in force
  // (pooled posts do not count), and each pool's staff. A member outside its coverage (SPEC 4.6)
  // takes no part: no capacity, no requirements.
  for (std::uint32_t j = 0; j < members.size(); ++j) {
    if (!net.covered(members[j], at)) continue;
    own_wte(rs, net, members[j], at, own_w, own_def, own_rows);
    for (role_index k = 0; k < role_count; ++k) {
      wte[j * role_count + k] = own_w[k];
      defaulted[j * role_count + k] = own_def[k];
      staffing_wte[j * role_count + k] = own_w[k];
    }
  }
  for (std::uint32_t q = 0; q < owned_pools.size(); ++q) {
    const std::uint32_t o = static_cast<std::uint32_t>(members.size()) + q;
    for (const post& p : pools->pools[owned_pools[q]].posts) {
      if (!(p.start <= at && at <= p.end)) continue;
      wte[o * role_count + p.role] += p.wte;
      if (p.network != no_index && p.network < component.size() && component[p.network] == c)
        staffing_wte[local_member[p.network] * role_count + p.role] += p.wte;
    }
  }
  for (std::uint32_t slot = 0; slot < base; ++slot) {
    hours[slot] = role_hours(rs.roles[slot % role_count], wte[slot], at);
    flow.set_capacity(slot, to_ticks(hours[slot]));
  }
}

void pooled_scratch::add_requirements(std::uint32_t c, date at) {
  const rule_set& rs = *rules;
  const panel& net = *networks;
  const std::vector<std::uint32_t>& members = comp_members[c];
  const std::uint32_t role_count = roles();
  // Requirements of every member, with edges from the member's own slots and its pools' slots.
  reqs.clear();
  hub_role.clear();
  links.clear();
  for (std::uint32_t j = 0; j < members.size(); ++j) {
    const std::uint32_t n = members[j];
    check_result& out = results[n];
    detail::start_result(out, n, at);
    uses[n].clear();
    if (!net.covered(n, at)) continue;
    const network& nw = net.networks[n];
    for (std::uint32_t i = 0; i < rs.flat.size(); ++i) {
      const auto active = active_demand(rs, net, nw, i, at);
      if (!active) continue;
      const double demand = *active;
      const requirement& req = rs.at(rs.flat[i]);
      requirement_result row;
      row.requirement = i;
      row.demand = demand;
      if (req.kind == requirement_kind::workload) {
        const std::uint32_t slot = flow.add_requirement(req.priority, to_ticks(demand));
        reqs.push_back({j, static_cast<std::uint32_t>(out.requirements.size()), demand});
        add_workload_edges(c, j, req, slot, demand, at);
      } else {
        // Staffing minima count the network's own WTE (and pooled posts it employs), not shared rows.
        for (const delivery& d : req.delivered_by) row.delivered += staffing_wte[j * role_count + d.role];
        row.status = staffing_status(row.demand, row.delivered);
      }
      out.requirements.push_back(row);
    }
  }
}

void pooled_scratch::add_workload_edges(std::uint32_t c, std::uint32_t j, const requirement& req, std::uint32_t slot,
                                        double demand, date at) {
  const std::vector<std::uint32_t>& members = comp_members[c];
  const std::uint32_t n = members[j];
  const std::uint32_t role_count = roles();
  for (const delivery& d : req.delivered_by) {
    const ticks cap = d.max_share ? to_ticks(d.max_share->at(at).value_or(0.0) * demand) : unlimited;
    const std::uint32_t own = j * role_count + d.role;
    pool_slots.clear();
    for (const std::uint32_t p : network_pools[n]) {
      const std::uint32_t ps = (static_cast<std::uint32_t>(members.size()) + local_pool[p]) * role_count + d.role;
      if (hours[ps] > 0.0) pool_slots.push_back(ps);
    }
    if (d.max_share && !pool_slots.empty()) {
      // One max_share cap for the role however many slots give it: a relay carries the cap.
      const std::uint32_t hub = flow.add_role(0);
      hub_role.push_back(d.role);
      flow.add_link(own, hub);
      links.push_back({own, slot});
      for (const std::uint32_t ps : pool_slots) {
        flow.add_link(ps, hub);
        links.push_back({ps, slot});
      }
      flow.add_edge(hub, slot, cap);
    } else {
      flow.add_edge(own, slot, cap);
      for (const std::uint32_t ps : pool_slots) flow.add_edge(ps, slot, cap);
    }
  }
}

void pooled_scratch::read_allocation(std::uint32_t c, date at) {
  const panel& net = *networks;
  const std::vector<std::uint32_t>& members = comp_members[c];
  const std::vector<std::uint32_t>& owned_pools = comp_pools[c];
  const std::uint32_t role_count = roles();
  const std::uint32_t base = slot_count(c);
  for (std::uint32_t slot = 0; slot < reqs.size(); ++slot) {
    check_result& out = results[members[reqs[slot].member]];
    requirement_result& row = out.requirements[reqs[slot].row];
    row.delivered = std::min(row.demand, static_cast<double>(flow.delivered(slot)) / ticks_per_hour);
    row.status = workload_status(row.demand, row.delivered);
    out.demand_hours += row.demand;
    out.delivered_hours += row.delivered;
  }
  const auto member_count = static_cast<std::uint32_t>(members.size());
  for (std::uint32_t e = 0; e < flow.edge_count(); ++e) {
    const auto f = flow.flow(e);
    if (f.flow <= 0) continue;
    const req_slot& rq = reqs[f.req];
    check_result& out = results[members[rq.member]];
    const double h = static_cast<double>(f.flow) / ticks_per_hour;
    const role_index k = f.role < base ? f.role % role_count : hub_role[f.role - base];
    add_flow(out.flows, k, out.requirements[rq.row].requirement, h);
    if (f.role < base && f.role / role_count >= member_count)
      add_use(uses[members[rq.member]], owned_pools[f.role / role_count - member_count], k, h);
  }
  for (std::uint32_t l = 0; l < links.size(); ++l) {
    const ticks t = flow.link_flow(l);
    if (t <= 0 || links[l].from / role_count < member_count) continue;
    add_use(uses[members[reqs[links[l].req].member]], owned_pools[links[l].from / role_count - member_count],
            links[l].from % role_count, static_cast<double>(t) / ticks_per_hour);
  }
  for (std::uint32_t j = 0; j < members.size(); ++j) {
    check_result& out = results[members[j]];
    for (role_index k = 0; k < role_count; ++k) {
      const std::uint32_t slot = j * role_count + k;
      const double used = static_cast<double>(flow.used(slot)) / ticks_per_hour;
      if (wte[slot] > 0.0 || used > 0.0)
        out.capacities.push_back({k, wte[slot], defaulted[slot] != 0, hours[slot], used});
    }
    if (net.covered(members[j], at)) {
      settle_state(out);
    } else {
      out.state = network_state::no_data;
    }
  }
}

// Bottleneck groups (SPEC 4.7). A group may span the component: its demand and capacity are the
// whole group's; each network's copy lists the network's own requirements.
void pooled_scratch::find_bottlenecks(std::uint32_t c) {
  const std::vector<std::uint32_t>& members = comp_members[c];
  const std::uint32_t role_count = roles();
  const std::uint32_t base = slot_count(c);
  for (std::uint32_t slot = 0; slot < reqs.size(); ++slot) {
    const std::uint32_t j = reqs[slot].member;
    check_result& out = results[members[j]];
    requirement_result& row = out.requirements[reqs[slot].row];
    if (row.status == requirement_status::met) continue;
    flow.bottleneck(slot, group_reqs, group_roles, group_outside);
    bottleneck_group group;
    for (std::size_t g = 0; g < group_reqs.size(); ++g) {
      const req_slot& member = reqs[group_reqs[g]];
      if (member.member == j) group.requirements.push_back(out.requirements[member.row].requirement);
      group.demand_hours += std::max(0.0, member.demand - static_cast<double>(group_outside[g]) / ticks_per_hour);
    }
    for (const std::uint32_t s : group_roles) {
      if (s >= base) continue;  // a relay has no capacity of its own
      group.roles.push_back(s % role_count);
      group.capacity_hours += hours[s];
    }
    std::sort(group.requirements.begin(), group.requirements.end());
    std::sort(group.roles.begin(), group.roles.end());
    group.roles.erase(std::unique(group.roles.begin(), group.roles.end()), group.roles.end());
    const auto same = std::find_if(out.bottlenecks.begin(), out.bottlenecks.end(), [&](const bottleneck_group& g) {
      return g.requirements == group.requirements && g.roles == group.roles;
    });
    row.bottleneck = static_cast<std::int32_t>(same - out.bottlenecks.begin());
    if (same == out.bottlenecks.end()) out.bottlenecks.push_back(std::move(group));
  }
}

}  // namespace detail

pooled_checker::pooled_checker(const rule_set& rules, const panel& networks, const pool_set& pools)
    : s_(std::make_unique<detail::pooled_scratch>(rules, networks, pools)) {
  // The panel was checked by the scratch's checker; the pools are checked here, once.
  detail::validate_pools(rules, networks, pools);
  detail::pooled_scratch& s = *s_;
  const auto n = static_cast<std::uint32_t>(networks.networks.size());
  const auto p = static_cast<std::uint32_t>(pools.pools.size());
  s.network_pools.assign(n, {});
  s.results.resize(n);
  s.uses.assign(n, {});
  s.component.assign(n, no_index);
  s.local_member.assign(n, no_index);
  s.local_pool.assign(p, no_index);

  // Components of the bipartite network-pool graph: networks 0..n-1, pool q is vertex n + q.
  using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  graph g(n + p);
  for (std::uint32_t q = 0; q < p; ++q)
    for (const std::uint32_t m : pools.pools[q].members) {
      if (m >= n) throw std::out_of_range("pool " + pools.pools[q].id + " names network index " + std::to_string(m));
      boost::add_edge(m, n + q, g);
      s.network_pools[m].push_back(q);
    }
  std::vector<std::uint32_t> raw(n + p);
  boost::connected_components(g, raw.data());
  // Number the components with members in order of their first network; memberless pools are idle.
  std::vector<std::uint32_t> renumber(n + p, no_index);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (s.network_pools[v].empty()) continue;
    std::uint32_t& c = renumber[raw[v]];
    if (c == no_index) {
      c = static_cast<std::uint32_t>(s.comp_members.size());
      s.comp_members.emplace_back();
      s.comp_pools.emplace_back();
    }
    s.component[v] = c;
    s.local_member[v] = static_cast<std::uint32_t>(s.comp_members[c].size());
    s.comp_members[c].push_back(v);
  }
  for (std::uint32_t q = 0; q < p; ++q) {
    const std::uint32_t c = renumber[raw[n + q]];
    if (c == no_index) continue;
    s.local_pool[q] = static_cast<std::uint32_t>(s.comp_pools[c].size());
    s.comp_pools[c].push_back(q);
  }
}

pooled_checker::~pooled_checker() = default;
pooled_checker::pooled_checker(pooled_checker&&) noexcept = default;
pooled_checker& pooled_checker::operator=(pooled_checker&&) noexcept = default;

const std::vector<check_result>& pooled_checker::run(date at, const check_options& options) {
  detail::pooled_scratch& s = *s_;
  for (std::uint32_t n = 0; n < s.results.size(); ++n)
    if (s.component[n] == no_index) s.results[n] = s.single.run(n, at, options);
  for (std::uint32_t c = 0; c < s.comp_members.size(); ++c) {
    // A component whose pools have no hours in force at the date couples nothing: check its members
    // one by one, so that they get checker's numbers exactly (a joint solve agrees up to the
    // rounding of its integer ticks).
    bool staffed = false;
    for (const std::uint32_t q : s.comp_pools[c])
      for (const post& p : s.pools->pools[q].posts)
        staffed = staffed || (p.start <= at && at <= p.end &&
                              detail::role_hours(s.rules->roles[p.role], p.wte, at) * detail::ticks_per_hour >= 0.5);
    if (staffed) {
      s.solve_component(c, at, options);
    } else {
      for (const std::uint32_t n : s.comp_members[c]) {
        s.results[n] = s.single.run(n, at, options);
        s.uses[n].clear();
      }
    }
  }
  return s.results;
}

const std::vector<pool_use>& pooled_checker::pool_uses(std::uint32_t network) const { return s_->uses.at(network); }
std::uint32_t pooled_checker::component(std::uint32_t network) const { return s_->component.at(network); }
std::uint32_t pooled_checker::component_count() const { return static_cast<std::uint32_t>(s_->comp_members.size()); }

}  // namespace descheck
