#pragma once
// Pieces of one network's check (SPEC 4.1-4.6) shared by the single-network checker (check/check.cpp)
// and the pooled checker (pools/joint_check.cpp), so that both compute demand, capacity and statuses alike.
#include <optional>
#include <string>
#include <vector>

#include "descheck/check/check.hpp"
#include "descheck/core/error.hpp"
#include "descheck/core/limits.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck::detail {

/// WTE in force by role for network `index` at `at` from its own staff rows, plus the role's
/// default_wte where the network has no post of the role in force at `at` (SPEC 4.3: judged per
/// date, so a post on another date never stands in for the default). The vectors are resized to the
/// role count and overwritten (no allocation once they have that size).
inline void own_wte(const rule_set& rules, const panel& networks, std::uint32_t index, date at,
                    std::vector<double>& wte, std::vector<char>& defaulted, std::vector<char>& in_force) {
  const auto role_count = rules.roles.size();
  wte.assign(role_count, 0.0);
  defaulted.assign(role_count, 0);
  in_force.assign(role_count, 0);
  const std::uint32_t first = networks.first_post.empty() ? 0 : networks.first_post[index];
  const std::uint32_t last = networks.first_post.empty() ? 0 : networks.first_post[index + 1];
  for (std::uint32_t p = first; p < last; ++p) {
    const post& row = networks.posts[p];
    if (row.start <= at && at <= row.end) {
      wte[row.role] += row.wte;
      in_force[row.role] = 1;
    }
  }
  const network& net = networks.networks[index];
  for (role_index k = 0; k < role_count; ++k) {
    const role& r = rules.roles[k];
    if (in_force[k] || !r.default_wte) continue;
    const auto ratio = r.default_wte->ratio.at(at);
    const auto base = driver_value(rules, net, r.default_wte->driver, at);
    if (ratio && base) {
      wte[k] = *ratio * *base;
      defaulted[k] = 1;
    }
  }
}

/// Weekly hours for service work of `wte` of role `r` at `at`.
inline double role_hours(const role& r, double wte, date at) {
  return wte * r.hours_per_wte.at(at).value_or(0.0) * r.available_share.at(at).value_or(0.0);
}

/// DC050 for a network without a value (or default) for `driver`, at the network's row and the
/// driver's column in the networks file, or at its header when the file has no such column.
inline diagnostic missing_driver(const rule_set& rules, const panel& networks, const network& net, driver_index driver,
                                 const std::string& when) {
  const std::string& id = rules.drivers[driver].id;
  const int column = driver < networks.driver_columns.size() ? networks.driver_columns[driver] : 0;
  std::string message = "network '" + net.id + "' has no value for driver '" + id + "' " + when +
                        " and the driver has no default estimate";
  if (net.line == 0) return {networks.networks_file.string(), 0, 0, codes::missing_driver_value, message};
  if (column == 0)
    return {networks.networks_file.string(), networks.networks_header_line, 1, codes::missing_driver_value,
            "no column '" + id + "': " + message};
  return {networks.networks_file.string(), net.line, column, codes::missing_driver_value,
          "column '" + id + "': " + message};
}

/// DC161 for a demand beyond limits::max_requirement_hours, at the network's row.
diagnostic demand_too_large(const panel& networks, const network& net, const service& svc, const requirement& req,
                            double demand, date at);

/// Demand of flat requirement `i` for network `net` at `at` (SPEC 4.1, 4.2), or nullopt when the
/// requirement is not active (a demand of 0 is active, and met). Throws input_error (DC050) for a
/// driver without a value, and DC161 for a demand over limits::max_requirement_hours.
inline std::optional<double> active_demand(const rule_set& rules, const panel& networks, const network& net,
                                           std::uint32_t i, date at) {
  const service& svc = rules.services[rules.flat[i].service];
  const requirement& req = svc.requirements[rules.flat[i].requirement];
  const double phase = req.phase.at(at).value_or(0.0);
  if (!(phase > 0.0)) return std::nullopt;
  double sum = 0.0;
  for (const term& t : req.terms) {
    double value = t.amount.at(at).value_or(0.0);  // validate guarantees it is defined here
    if (t.driver != no_index) {
      const auto driver = driver_value(rules, net, t.driver, at);
      if (!driver) {
        throw input_error({missing_driver(rules, networks, net, t.driver,
                                          "on " + to_string(at) + " (needed by " + svc.id + "." + req.id + ")")});
      }
      value *= *driver;
    }
    sum += value / t.weeks_per_period;
  }
  const double demand = phase * sum;
  if (!(demand <= limits::max_requirement_hours))
    throw input_error({demand_too_large(networks, net, svc, req, demand, at)});
  return demand;
}

/// Status of a workload requirement from its demand and delivered hours (SPEC 4.5).
inline requirement_status workload_status(double demand, double delivered) noexcept {
  if (demand - delivered <= met_tolerance_hours) return requirement_status::met;
  return delivered <= met_tolerance_hours ? requirement_status::unmet : requirement_status::partial;
}

/// Status of a staffing requirement: WTE in post against the minimum (SPEC 4.5).
inline requirement_status staffing_status(double minimum, double wte) noexcept {
  return wte + 1e-9 >= minimum ? requirement_status::met : requirement_status::unmet;
}

/// Fills active, unmet and state from the requirement rows (SPEC 4.6).
// Empties `out` for a new check of `network` at `at`, keeping its buffers.
inline void start_result(check_result& out, std::uint32_t network, date at) noexcept {
  out.network = network;
  out.at = at;
  out.state = network_state::not_in_force;
  out.active = out.unmet = 0;
  out.demand_hours = out.delivered_hours = 0.0;
  out.requirements.clear();
  out.flows.clear();
  out.capacities.clear();
  out.bottlenecks.clear();
}

inline void settle_state(check_result& out) noexcept {
  out.active = static_cast<std::uint32_t>(out.requirements.size());
  out.unmet = 0;
  for (const requirement_result& row : out.requirements)
    if (row.status != requirement_status::met) ++out.unmet;
  out.state = out.active == 0  ? network_state::not_in_force
              : out.unmet == 0 ? network_state::compliant
                               : network_state::non_compliant;
}

}  // namespace descheck::detail
