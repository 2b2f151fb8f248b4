// One network at one date (SPEC 4): demand, capacity, allocation, statuses, bottlenecks.
#include "descheck/check.hpp"

#include <algorithm>

#include "solver.hpp"

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
  }
  return "not_in_force";
}

namespace detail {
// Scratch space of one checker, kept between checks so that a warm check does not allocate.
struct check_scratch {
  solver flow;
  std::vector<double> wte;
  std::vector<char> defaulted;
  std::vector<char> has_rows;
  std::vector<double> hours;
  std::vector<std::uint32_t> slot_result;  // solver requirement slot -> index in result.requirements
  std::vector<std::uint32_t> group_reqs, group_roles;
  std::vector<ticks> group_outside;
};
}  // namespace detail

checker::checker(const rule_set& rules, const panel& networks)
    : rules_(&rules), panel_(&networks), scratch_(std::make_unique<detail::check_scratch>()) {}
checker::~checker() = default;
checker::checker(checker&&) noexcept = default;
checker& checker::operator=(checker&&) noexcept = default;

namespace {

[[noreturn]] void missing_driver(const rule_set& rules, const panel& networks, const network& net, driver_index d,
                                 const requirement& req, const service& svc, date at) {
  throw input_error(
      {{networks.networks_file.string(), 0, 0, codes::missing_driver_value,
        "network '" + net.id + "' has no value for driver '" + rules.drivers[d].id + "' on " + to_string(at) +
            " (needed by " + svc.id + "." + req.id + ") and the driver has no default estimate"}});
}

}  // namespace

const check_result& checker::run(std::uint32_t index, date at, const check_options& options) {
  const rule_set& rules = *rules_;
  const panel& networks = *panel_;
  const network& net = networks.networks.at(index);
  detail::check_scratch& s = *scratch_;
  check_result& out = result_;
  const auto role_count = static_cast<std::uint32_t>(rules.roles.size());

  out.network = index;
  out.at = at;
  out.active = out.unmet = 0;
  out.demand_hours = out.delivered_hours = 0.0;
  out.requirements.clear();
  out.flows.clear();
  out.capacities.clear();
  out.bottlenecks.clear();

  // Capacity by role (SPEC 4.3).
  s.wte.assign(role_count, 0.0);
  s.defaulted.assign(role_count, 0);
  s.has_rows.assign(role_count, 0);
  s.hours.assign(role_count, 0.0);
  const std::uint32_t first = networks.first_post.empty() ? 0 : networks.first_post[index];
  const std::uint32_t last = networks.first_post.empty() ? 0 : networks.first_post[index + 1];
  for (std::uint32_t p = first; p < last; ++p) {
    const post& row = networks.posts[p];
    s.has_rows[row.role] = 1;
    if (row.start <= at && at <= row.end) s.wte[row.role] += row.wte;
  }
  s.flow.reset(role_count);
  for (role_index k = 0; k < role_count; ++k) {
    const role& r = rules.roles[k];
    if (!s.has_rows[k] && r.default_wte) {
      const auto ratio = r.default_wte->ratio.at(at);
      const auto base = driver_value(rules, net, r.default_wte->driver, at);
      if (ratio && base) {
        s.wte[k] = *ratio * *base;
        s.defaulted[k] = 1;
      }
    }
    s.hours[k] = s.wte[k] * r.hours_per_wte.at(at).value_or(0.0) * r.available_share.at(at).value_or(0.0);
    s.flow.set_capacity(k, detail::to_ticks(s.hours[k]));
  }

  // Demand of every active requirement (SPEC 4.1, 4.2); staffing is settled here.
  s.slot_result.clear();
  for (std::uint32_t i = 0; i < rules.flat.size(); ++i) {
    const service& svc = rules.services[rules.flat[i].service];
    const requirement& req = svc.requirements[rules.flat[i].requirement];
    const double phase = req.phase.at(at).value_or(0.0);
    if (!(phase > 0.0)) continue;
    double sum = 0.0;
    for (const term& t : req.terms) {
      double value = t.amount.at(at).value_or(0.0);  // validate guarantees it is defined here
      if (t.driver != no_index) {
        const auto driver = driver_value(rules, net, t.driver, at);
        if (!driver) missing_driver(rules, networks, net, t.driver, req, svc, at);
        value *= *driver;
      }
      sum += value / t.weeks_per_period;
    }
    requirement_result row;
    row.requirement = i;
    row.demand = phase * sum;
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
      row.status = row.delivered + 1e-9 >= row.demand ? requirement_status::met : requirement_status::unmet;
    }
    out.requirements.push_back(row);
  }

  // Allocation (SPEC 4.4) and statuses (4.5).
  s.flow.solve();
  for (std::uint32_t slot = 0; slot < s.slot_result.size(); ++slot) {
    requirement_result& row = out.requirements[s.slot_result[slot]];
    row.delivered = std::min(row.demand, static_cast<double>(s.flow.delivered(slot)) / detail::ticks_per_hour);
    if (row.demand - row.delivered <= met_tolerance_hours) {
      row.status = requirement_status::met;
    } else {
      row.status = row.delivered <= met_tolerance_hours ? requirement_status::unmet : requirement_status::partial;
    }
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

  // Network state (SPEC 4.6).
  out.active = static_cast<std::uint32_t>(out.requirements.size());
  for (const requirement_result& row : out.requirements)
    if (row.status != requirement_status::met) ++out.unmet;
  out.state = out.active == 0  ? network_state::not_in_force
              : out.unmet == 0 ? network_state::compliant
                               : network_state::non_compliant;

  // Bottleneck groups (SPEC 4.7): residual reach of each short requirement, shared groups merged.
  if (options.bottlenecks) {
    for (std::uint32_t slot = 0; slot < s.slot_result.size(); ++slot) {
      requirement_result& row = out.requirements[s.slot_result[slot]];
      if (row.status == requirement_status::met) continue;
      s.flow.bottleneck(slot, s.group_reqs, s.group_roles, s.group_outside);
      bottleneck_group group;
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
      if (same == out.bottlenecks.end()) out.bottlenecks.push_back(std::move(group));
    }
  }
  return out;
}

}  // namespace descheck
