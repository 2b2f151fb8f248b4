// Shared workforce pools (SPEC 3 and 4): loading the pools file, the joint check of each connected
// component of pools, and the gain from pooling a group's ARRS staff.
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
#include "io/csv.hpp"
#include "io/text.hpp"
#include "panel/load.hpp"

namespace descheck {

std::uint32_t pool_set::find_pool(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < pools.size(); ++i)
    if (pools[i].id == key) return static_cast<std::uint32_t>(i);
  return no_index;
}

// ---------------------------------------------------------------------------------------------
// Loading

namespace {

using detail::csv_absent;
using detail::csv_record;
using detail::csv_table;
using detail::field_diagnostic;
using detail::trim_blanks;

/// The rows of a pools file that name a pool and a network, with the columns to point at.
struct pools_read {
  std::optional<csv_table> table;
  std::size_t c_pool = csv_absent, c_net = csv_absent;
  std::vector<const csv_record*> rows;  ///< records with both ids present
  std::vector<std::string> ids;         ///< distinct pool ids, in order of first appearance
};

void read_pools_table(pools_read& r, std::vector<diagnostic>& found) {
  if (!r.table) return;
  const std::vector<detail::csv_column> known = {{"pool_id", true}, {"network_id", true}};
  const std::vector<std::size_t> col = detail::map_columns(*r.table, known, found);
  r.c_pool = col[0];
  r.c_net = col[1];
  if (r.c_pool == csv_absent || r.c_net == csv_absent) return;
  for (const csv_record& rec : r.table->records) {
    bool ok = true;
    for (const std::size_t c : {r.c_pool, r.c_net}) {
      if (trim_blanks(rec.fields[c]).empty()) {
        found.push_back(field_diagnostic(*r.table, rec, c, codes::csv_empty_value,
                                         c == r.c_pool ? "empty pool id" : "empty network id"));
        ok = false;
      }
    }
    if (!ok) continue;
    r.rows.push_back(&rec);
    const std::string_view id = trim_blanks(rec.fields[r.c_pool]);
    if (std::find(r.ids.begin(), r.ids.end(), id) == r.ids.end()) r.ids.emplace_back(id);
  }
}

/// Throws the pools file's problems in file order.
[[noreturn]] void raise_sorted(std::vector<diagnostic> found) {
  std::stable_sort(found.begin(), found.end(), [](const diagnostic& x, const diagnostic& y) {
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  throw input_error(std::move(found));
}

/// Reads the pools, then the panel with staff rows on pool ids routed to the pools, then checks the
/// members. Problems of the pools file are reported with the panel's, in one error.
template <class LoadPanel>
pooled_panel assemble(pools_read& r, std::vector<diagnostic> found, const LoadPanel& load, const csv_limits& limits) {
  read_pools_table(r, found);
  detail::pool_staff staff;
  staff.ids = r.ids;
  pooled_panel out;
  try {
    out.networks = load(&staff);
  } catch (const input_error& e) {
    std::vector<diagnostic> all = e.diagnostics();
    all.insert(all.end(), found.begin(), found.end());
    throw input_error(std::move(all));
  }
  const panel& net = out.networks;

  std::vector<std::string> network_ids;
  for (const network& n : net.networks) network_ids.push_back(n.id);
  for (const std::string& id : r.ids) {
    pool p;
    p.id = id;
    out.pools.pools.push_back(std::move(p));
  }
  std::vector<char> clash_reported(r.ids.size(), 0);
  for (const csv_record* rec : r.rows) {
    const std::string_view pool_id = trim_blanks(rec->fields[r.c_pool]);
    const std::string_view net_id = trim_blanks(rec->fields[r.c_net]);
    const std::uint32_t pi = out.pools.find_pool(pool_id);
    pool& p = out.pools.pools[pi];
    if (p.line == 0) p.line = rec->line;
    if (!clash_reported[pi] && net.find_network(pool_id) != no_index) {
      clash_reported[pi] = 1;
      found.push_back(field_diagnostic(
          *r.table, *rec, r.c_pool, codes::pool_id_clash,
          "pool id " + detail::single_quoted(pool_id) + " is also a network id; give the pool an id of its own"));
    }
    const std::uint32_t n = net.find_network(net_id);
    if (n == no_index) {
      const std::string hint = found.size() < limits.max_diagnostics ? detail::did_you_mean(net_id, network_ids) : "";
      found.push_back(
          field_diagnostic(*r.table, *rec, r.c_net, codes::unknown_pool_member,
                           "unknown network " + detail::single_quoted(net_id) + " (not in the networks file)" + hint));
      continue;
    }
    if (std::find(p.members.begin(), p.members.end(), n) != p.members.end()) {
      found.push_back(field_diagnostic(
          *r.table, *rec, r.c_net, codes::duplicate_pool_member,
          "network " + detail::single_quoted(net_id) + " is listed twice in pool " + detail::single_quoted(pool_id)));
      continue;
    }
    p.members.push_back(n);
  }
  if (!found.empty()) {
    if (found.size() > limits.max_diagnostics) found.resize(std::max<std::size_t>(limits.max_diagnostics, 1));
    raise_sorted(std::move(found));
  }
  for (post p : staff.posts) {
    const std::uint32_t pi = p.network;
    p.network = no_index;  // a staff-file row on a pool counts towards no network's staffing minimum
    out.pools.pools[pi].posts.push_back(p);
  }
  return out;
}

}  // namespace

pooled_panel load_pooled_panel(const rule_set& rules, const std::filesystem::path& networks_csv,
                               const std::filesystem::path& staff_csv, const std::filesystem::path& pools_csv,
                               const csv_limits& limits) {
  std::vector<diagnostic> found;
  pools_read r;
  r.table = detail::read_csv(pools_csv, detail::csv_encoding::utf8, limits.max_bytes, found, limits.max_diagnostics);
  pooled_panel out = assemble(
      r, std::move(found),
      [&](detail::pool_staff* staff) {
        return detail::load_panel_with_pools(rules, networks_csv, staff_csv, limits, staff);
      },
      limits);
  out.pools.file = pools_csv;
  return out;
}

pooled_panel parse_pooled_panel(const rule_set& rules, std::string_view networks_csv, std::string_view staff_csv,
                                std::string_view pools_csv, const std::string& networks_name,
                                const std::string& staff_name, const std::string& pools_name,
                                const csv_limits& limits) {
  std::vector<diagnostic> found;
  pools_read r;
  if (pools_csv.size() > limits.max_bytes) {
    found.push_back({pools_name, 0, 0, codes::too_large, "more than " + std::to_string(limits.max_bytes) + " bytes"});
  } else {
    r.table = detail::parse_csv(pools_csv, pools_name, found, limits.max_diagnostics);
  }
  pooled_panel out = assemble(
      r, std::move(found),
      [&](detail::pool_staff* staff) {
        return detail::parse_panel_with_pools(rules, networks_csv, staff_csv, networks_name, staff_name, limits, staff);
      },
      limits);
  out.pools.file = pools_name;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The joint check

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

  void solve_component(std::uint32_t c, date at, const check_options& options);
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
  const rule_set& rs = *rules;
  const panel& net = *networks;
  const std::vector<std::uint32_t>& members = comp_members[c];
  const std::vector<std::uint32_t>& owned_pools = comp_pools[c];
  const auto role_count = static_cast<std::uint32_t>(rs.roles.size());
  const auto owners = static_cast<std::uint32_t>(members.size() + owned_pools.size());
  const std::uint32_t base = owners * role_count;

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
      } else {
        // Staffing minima count the network's own WTE (and pooled posts it employs), not shared rows.
        for (const delivery& d : req.delivered_by) row.delivered += staffing_wte[j * role_count + d.role];
        row.status = staffing_status(row.demand, row.delivered);
      }
      out.requirements.push_back(row);
    }
  }

  // Allocation (SPEC 4.4) over the union of the members' requirements, and statuses (4.5).
  flow.solve();
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

  // Bottleneck groups (SPEC 4.7). A group may span the component: its demand and capacity are the
  // whole group's; each network's copy lists the network's own requirements.
  if (!options.bottlenecks) return;
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

// ---------------------------------------------------------------------------------------------
// pool-gain

namespace {

void tally(const check_result& r, std::uint32_t& met, std::uint32_t& compliant, double& delivered) {
  for (const requirement_result& row : r.requirements)
    if (row.status == requirement_status::met) ++met;
  if (r.state == network_state::compliant) ++compliant;
  delivered += r.delivered_hours;
}

}  // namespace

std::vector<pool_gain_row> pool_gain(const rule_set& rules, const panel& networks,
                                     const std::vector<std::uint32_t>& group, const std::vector<role_index>& roles,
                                     date at, bool any_funding) {
  std::vector<std::uint32_t> members;
  for (const std::uint32_t n : group) {
    if (n >= networks.networks.size()) throw std::out_of_range("pool_gain: network index " + std::to_string(n));
    if (std::find(members.begin(), members.end(), n) == members.end()) members.push_back(n);
  }
  pool_gain_row before;
  {
    checker single(rules, networks);
    for (const std::uint32_t n : members) {
      const check_result& r = single.run(n, at);
      before.active += r.active;
      tally(r, before.met_before, before.compliant_before, before.delivered_hours_before);
    }
  }

  std::vector<std::vector<role_index>> sets;
  sets.reserve(roles.size() + 1);
  for (const role_index k : roles) sets.push_back({k});
  if (roles.size() > 1) sets.push_back(roles);

  std::vector<pool_gain_row> out;
  out.reserve(sets.size());
  for (const std::vector<role_index>& set : sets) {
    pool_gain_row row = before;
    row.roles = set;
    panel moved = networks;
    pool_set ps;
    ps.pools.push_back(pool{"pool-gain", members, {}, 0});
    for (const std::uint32_t n : members) {
      for (std::uint32_t i = moved.first_post[n]; i < moved.first_post[n + 1]; ++i) {
        post& p = moved.posts[i];
        if (std::find(set.begin(), set.end(), p.role) == set.end()) continue;
        if (!any_funding && p.funding != funding_kind::arrs) continue;
        ps.pools[0].posts.push_back(p);  // keeps post::network: the employer, for staffing minima
        if (p.start <= at && at <= p.end) row.pooled_wte += p.wte;
        p.wte = 0.0;  // the row stays, so default_wte does not start to apply
      }
    }
    pooled_checker pooled(rules, moved, ps);
    const std::vector<check_result>& results = pooled.run(at);
    for (const std::uint32_t n : members)
      tally(results[n], row.met_after, row.compliant_after, row.delivered_hours_after);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace descheck
