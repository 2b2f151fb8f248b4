// One network at one date (SPEC 4): demand, capacity, allocation, statuses, bottlenecks.
#include "descheck/check/check.hpp"

#include <algorithm>
#include <cmath>

#include "check/check_internal.hpp"
#include "check/solver.hpp"
#include "io/text.hpp"

namespace descheck {

const char* to_string(requirement_status s) noexcept {
  switch (s) {
    case requirement_status::met:
      return "met";
    case requirement_status::partial:
      return "partial";
    case requirement_status::unmet:
      return "unmet";
  }
  return "unmet";
}

const char* to_string(network_state s) noexcept {
  switch (s) {
    case network_state::compliant:
      return "compliant";
    case network_state::non_compliant:
      return "non_compliant";
    case network_state::not_in_force:
      return "not_in_force";
    case network_state::no_data:
      return "no_data";
  }
  return "not_in_force";
}

namespace detail {

diagnostic demand_too_large(const panel& networks, const network& net, const service& svc, const requirement& req,
                            double demand, date at) {
  const std::string how_much = std::isfinite(demand) ? format_fixed(demand, 0) : std::string("more");
  return {networks.networks_file.string(), net.line, net.line == 0 ? 0 : 1, codes::demand_too_large,
          "network '" + net.id + "': " + svc.id + "." + req.id + " asks " + how_much + " hours a week on " +
              to_string(at) + ", over the bound of 1,000,000,000 (docs/errors.md, Bounds)"};
}

// Scratch space of one checker, kept between checks so that a warm check does not allocate.
struct check_scratch {
  solver flow;
  std::vector<double> wte;
  std::vector<char> defaulted;
  std::vector<char> in_force;
  std::vector<double> hours;
  std::vector<std::uint32_t> slot_result;  // solver requirement slot -> index in result.requirements
  std::vector<std::uint32_t> group_reqs, group_roles;
  std::vector<ticks> group_outside;
  std::vector<bottleneck_group> spare_groups;  // the last check's groups, their buffers kept for reuse
};
}  // namespace detail

checker::checker(const rule_set& rules, const panel& networks)
    : rules_(&rules), panel_(&networks), scratch_(std::make_unique<detail::check_scratch>()) {
  // Once here, so that run() may index the panel's vectors without checking them (a hand-filled
  // panel that does not fit would otherwise be read out of bounds).
  validate_panel(rules, networks);
}
checker::~checker() = default;
checker::checker(checker&&) noexcept = default;
checker& checker::operator=(checker&&) noexcept = default;

namespace {

// Capacity by role (SPEC 4.3), set as the solver's role capacities.
void load_capacity(const rule_set& rules, const panel& networks, std::uint32_t index, date at,
                   detail::check_scratch& s) {
  const auto role_count = static_cast<std::uint32_t>(rules.roles.size());
  detail::own_wte(rules, networks, index, at, s.wte, s.defaulted, s.in_force);
  s.hours.assign(role_count, 0.0);
  s.flow.reset(role_count);
  for (role_index k = 0; k < role_count; ++k) {
    s.hours[k] = detail::role_hours(rules.roles[k], s.wte[k], at);
    s.flow.set_capacity(k, detail::to_ticks(s.hours[k]));
  }
}

// Demand of every active requirement (SPEC 4.1, 4.2): workload becomes a solver requirement
// with an edge from each delivering role; staffing is settled here.
void add_requirements(const rule_set& rules, const panel& networks, const network& net, date at,
                      detail::check_scratch& s, check_result& out) {
  s.slot_result.clear();
  for (std::uint32_t i = 0; i < rules.flat.size(); ++i) {
    const auto demand = detail::active_demand(rules, networks, net, i, at);
    if (!demand) continue;
    const requirement& req = rules.at(rules.flat[i]);
    requirement_result row;
    row.requirement = i;
    row.demand = *demand;
    if (req.kind == requirement_kind::workload) {
      const std::uint32_t slot = s.flow.add_requirement(req.priority, detail::to_ticks(row.demand));
      s.slot_result.push_back(static_cast<std::uint32_t>(out.requirements.size()));
      for (const delivery& d : req.delivered_by) {
        const detail::ticks cap =
            d.max_share ? detail::to_ticks(d.max_share->at(at).value_or(0.0) * row.demand) : detail::unlimited;
        s.flow.add_edge(d.role, slot, cap);
      }
    } else {
      for (const delivery& d : req.delivered_by) row.delivered += s.wte[d.role];
      row.status = detail::staffing_status(row.demand, row.delivered);
    }
    out.requirements.push_back(row);
  }
}

// The solved allocation as delivered hours and statuses (SPEC 4.5), flows and capacities.
void read_allocation(std::uint32_t role_count, const detail::check_scratch& s, check_result& out) {
  for (std::uint32_t slot = 0; slot < s.slot_result.size(); ++slot) {
    requirement_result& row = out.requirements[s.slot_result[slot]];
    row.delivered = std::min(row.demand, static_cast<double>(s.flow.delivered(slot)) / detail::ticks_per_hour);
    row.status = detail::workload_status(row.demand, row.delivered);
    out.demand_hours += row.demand;
    out.delivered_hours += row.delivered;
  }
  for (std::uint32_t e = 0; e < s.flow.edge_count(); ++e) {
    const auto f = s.flow.flow(e);
    if (f.flow > 0)
      out.flows.push_back({f.role, out.requirements[s.slot_result[f.req]].requirement,
                           static_cast<double>(f.flow) / detail::ticks_per_hour});
  }
  for (role_index k = 0; k < role_count; ++k) {
    const double used = static_cast<double>(s.flow.used(k)) / detail::ticks_per_hour;
    if (s.wte[k] > 0.0 || used > 0.0) out.capacities.push_back({k, s.wte[k], s.defaulted[k] != 0, s.hours[k], used});
  }
}

// An empty group, with the buffers of one of the last check's groups where there is one.
bottleneck_group spare_group(detail::check_scratch& s) {
  if (s.spare_groups.empty()) return {};
  bottleneck_group group = std::move(s.spare_groups.back());
  s.spare_groups.pop_back();
  group.requirements.clear();
  group.roles.clear();
  group.demand_hours = group.capacity_hours = 0.0;
  return group;
}

// Bottleneck groups (SPEC 4.7): residual reach of each short requirement, shared groups merged.
void find_bottlenecks(detail::check_scratch& s, check_result& out) {
  for (std::uint32_t slot = 0; slot < s.slot_result.size(); ++slot) {
    requirement_result& row = out.requirements[s.slot_result[slot]];
    if (row.status == requirement_status::met) continue;
    s.flow.bottleneck(slot, s.group_reqs, s.group_roles, s.group_outside);
    bottleneck_group group = spare_group(s);
    for (std::size_t g = 0; g < s.group_reqs.size(); ++g) {
      const requirement_result& member = out.requirements[s.slot_result[s.group_reqs[g]]];
      group.requirements.push_back(member.requirement);
      group.demand_hours +=
          std::max(0.0, member.demand - static_cast<double>(s.group_outside[g]) / detail::ticks_per_hour);
    }
    for (const std::uint32_t k : s.group_roles) {
      group.roles.push_back(k);
      group.capacity_hours += s.hours[k];
    }
    std::sort(group.requirements.begin(), group.requirements.end());
    const auto same = std::find_if(out.bottlenecks.begin(), out.bottlenecks.end(), [&](const bottleneck_group& g) {
      return g.requirements == group.requirements && g.roles == group.roles;
    });
    row.bottleneck = static_cast<std::int32_t>(same - out.bottlenecks.begin());
    if (same == out.bottlenecks.end()) {
      out.bottlenecks.push_back(std::move(group));
    } else {
      s.spare_groups.push_back(std::move(group));
    }
  }
  // Room for the next check to hand these groups back without allocating.
  s.spare_groups.reserve(s.spare_groups.size() + out.bottlenecks.size());
}

}  // namespace

const check_result& checker::run(std::uint32_t index, date at, const check_options& options) {
  const rule_set& rules = *rules_;
  const panel& networks = *panel_;
  const network& net = networks.networks.at(index);
  detail::check_scratch& s = *scratch_;
  check_result& out = result_;

  // The last check's groups go back to the scratch space, so that their buffers are reused.
  for (bottleneck_group& group : out.bottlenecks) s.spare_groups.push_back(std::move(group));
  detail::start_result(out, index, at);
  // Outside the network's coverage nothing is evaluated (SPEC 4.6).
  if (!networks.covered(index, at)) {
    out.state = network_state::no_data;
    return out;
  }
  load_capacity(rules, networks, index, at, s);
  add_requirements(rules, networks, net, at, s, out);
  // Allocation (SPEC 4.4), then the network state (SPEC 4.6).
  s.flow.solve();
  read_allocation(static_cast<std::uint32_t>(rules.roles.size()), s, out);
  detail::settle_state(out);
  if (options.bottlenecks) find_bottlenecks(s, out);
  return out;
}

}  // namespace descheck
