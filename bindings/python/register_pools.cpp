// descheck._core: shared workforce pools (pools.hpp): panels with pools, the pooled check and what
// pooling a group's staff would gain.
#include <optional>

#include "common.hpp"
#include "descheck/pools/pools.hpp"

namespace descheck::python {

namespace {

// The rows of a pooled check, in the shape of check()'s.
void add_results(row_columns& rows, const requirement_codes& codes, const std::vector<check_result>& results,
                 bool summary) {
  for (const check_result& r : results) {
    if (summary) {
      rows.scenario.push_back(0);
      rows.network.push_back(static_cast<std::int32_t>(r.network));
      rows.from.push_back(r.at.days);
      rows.status.push_back(static_cast<std::int32_t>(r.state));
      rows.active.push_back(r.active);
      rows.unmet.push_back(r.unmet);
      rows.demand.push_back(r.demand_hours);
      rows.delivered.push_back(r.delivered_hours);
      rows.shortfall.push_back(r.shortfall_hours());
      continue;
    }
    for (const requirement_result& q : r.requirements) {
      rows.scenario.push_back(0);
      rows.network.push_back(static_cast<std::int32_t>(r.network));
      rows.from.push_back(r.at.days);
      rows.service.push_back(codes.service_of[q.requirement]);
      rows.requirement.push_back(codes.of_flat[q.requirement]);
      rows.kind.push_back(codes.kind_of[q.requirement]);
      rows.priority.push_back(codes.priority_of[q.requirement]);
      rows.demand.push_back(q.demand);
      rows.delivered.push_back(q.delivered);
      rows.coverage.push_back(q.coverage());
      rows.shortfall.push_back(q.shortfall());
      rows.status.push_back(static_cast<std::int32_t>(q.status));
    }
  }
}

std::vector<std::uint32_t> network_indices(const panel& p, const std::vector<std::string>& ids) {
  std::vector<std::uint32_t> out;
  for (const std::string& id : ids) {
    const std::uint32_t n = p.require_network(id);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  if (out.empty()) throw input_error({{"", 0, 0, codes::usage, "networks: give at least one network id"}});
  return out;
}

// The roles to pool: those named, or every role with a poolable post in the group.
std::vector<role_index> pooled_roles(const rule_set& rules, const panel& p, const std::vector<std::uint32_t>& group,
                                     const std::optional<std::vector<std::string>>& ids, bool any_funding) {
  std::vector<role_index> roles;
  if (ids) {
    for (const std::string& id : *ids) {
      const role_index k = rules.find_role(id);
      if (k == no_index)
        throw input_error({{"", 0, 0, codes::usage,
                            "roles: unknown role '" + id + "'" + did_you_mean(id, field_of(rules.roles, &role::id))}});
      if (std::find(roles.begin(), roles.end(), k) == roles.end()) roles.push_back(k);
    }
    if (roles.empty()) throw input_error({{"", 0, 0, codes::usage, "roles: give at least one role id"}});
    return roles;
  }
  for (role_index k = 0; k < rules.roles.size(); ++k) {
    bool found = false;
    for (const std::uint32_t n : group)
      for (std::uint32_t i = p.first_post[n]; i < p.first_post[n + 1] && !found; ++i)
        found = p.posts[i].role == k && (any_funding || p.posts[i].funding == funding_kind::arrs);
    if (found) roles.push_back(k);
  }
  if (roles.empty())
    throw input_error({{"", 0, 0, codes::usage,
                        "no ARRS-funded post in the chosen networks (a staff table without a 'funding' column counts "
                        "every post as core: pass assume_arrs=True to pool every post of the roles)"}});
  return roles;
}

}  // namespace

void register_pools(py::module_& m) {
  py::class_<pool_set>(m, "PoolSet", "Shared workforce pools of a panel (immutable).")
      .def_property_readonly("ids", [](const pool_set& s) { return field_of(s.pools, &pool::id); })
      .def_property_readonly("members",
                             [](const pool_set& s) {
                               std::vector<std::vector<std::uint32_t>> out;
                               for (const pool& p : s.pools) out.push_back(p.members);
                               return out;
                             })
      .def_property_readonly("post_counts", [](const pool_set& s) {
        std::vector<std::size_t> out;
        for (const pool& p : s.pools) out.push_back(p.posts.size());
        return out;
      });

  m.def(
      "parse_pooled_panel",
      [](const rule_set& rules, const std::string& networks, const std::string& staff, const std::string& pools,
         const std::string& networks_name, const std::string& staff_name, const std::string& pools_name,
         const std::optional<std::string>& coverage, const std::string& coverage_name) {
        pooled_panel out = [&] {
          const py::gil_scoped_release release;
          pooled_panel p = parse_pooled_panel(rules, networks, staff, pools, networks_name, staff_name, pools_name);
          if (coverage) parse_coverage(p.networks, *coverage, coverage_name);
          return p;
        }();
        return py::make_tuple(py::cast(std::move(out.networks)), py::cast(std::move(out.pools)));
      },
      py::arg("rules"), py::arg("networks_csv"), py::arg("staff_csv"), py::arg("pools_csv"),
      py::arg("networks_name") = "networks", py::arg("staff_name") = "staff", py::arg("pools_name") = "pools",
      py::arg("coverage_csv") = py::none(), py::arg("coverage_name") = "coverage");

  m.def(
      "check_pooled",
      [](const rule_set& rules, const panel& p, const pool_set& pools, const std::string& at, bool summary) {
        const date day = parse_day(at, "at");
        const requirement_codes codes(rules);
        row_columns rows;
        rows.scenarios = {rules.scenario_id};
        std::vector<std::int32_t> network, pool_code, role;
        std::vector<double> hours;
        {
          const py::gil_scoped_release release;
          pooled_checker check(rules, p, pools);
          const std::vector<check_result>& results = check.run(day);
          add_results(rows, codes, results, summary);
          for (std::uint32_t n = 0; n < p.networks.size(); ++n)
            for (const pool_use& u : check.pool_uses(n)) {
              network.push_back(static_cast<std::int32_t>(n));
              pool_code.push_back(static_cast<std::int32_t>(u.pool));
              role.push_back(static_cast<std::int32_t>(u.role));
              hours.push_back(u.hours);
            }
        }
        table_builder uses;
        uses.text("network_id", std::move(network), network_ids(p));
        uses.text("pool_id", std::move(pool_code), field_of(pools.pools, &pool::id));
        uses.text("role", std::move(role), field_of(rules.roles, &role::id));
        uses.numbers("hours", std::move(hours));
        py::tuple table = summary ? rows.network_table(p, false) : rows.requirement_table(rules, p, codes, false);
        return py::make_tuple(table, uses.done());
      },
      py::arg("rules"), py::arg("panel"), py::arg("pools"), py::arg("at"), py::arg("summary") = false);

  m.def(
      "pool_gain",
      [](const rule_set& rules, const panel& p, const std::vector<std::string>& networks, const std::string& at,
         const std::optional<std::vector<std::string>>& role_ids, bool any_funding) {
        const date day = parse_day(at, "at");
        const std::vector<std::uint32_t> group = network_indices(p, networks);
        const std::vector<role_index> roles = pooled_roles(rules, p, group, role_ids, any_funding);
        std::vector<pool_gain_row> rows = [&] {
          const py::gil_scoped_release release;
          return pool_gain(rules, p, group, roles, day, any_funding);
        }();
        std::vector<std::int32_t> names;
        std::vector<std::string> labels;
        std::vector<double> wte, before, after;
        std::vector<std::uint32_t> active, met_before, met_after, compliant_before, compliant_after;
        for (const pool_gain_row& r : rows) {
          std::string joined;
          for (const role_index k : r.roles) joined += (joined.empty() ? "" : "+") + rules.roles[k].id;
          names.push_back(static_cast<std::int32_t>(labels.size()));
          labels.push_back(joined);
          wte.push_back(r.pooled_wte);
          active.push_back(r.active);
          met_before.push_back(r.met_before);
          met_after.push_back(r.met_after);
          compliant_before.push_back(r.compliant_before);
          compliant_after.push_back(r.compliant_after);
          before.push_back(r.delivered_hours_before);
          after.push_back(r.delivered_hours_after);
        }
        table_builder t;
        t.text("scenario", std::vector<std::int32_t>(names.size(), 0), {rules.scenario_id});
        t.dates("date", std::vector<std::int64_t>(names.size(), day.days));
        t.text("roles", std::move(names), std::move(labels));
        t.numbers("networks", std::vector<std::uint32_t>(rows.size(), static_cast<std::uint32_t>(group.size())));
        t.numbers("pooled_wte", std::move(wte));
        t.numbers("active", std::move(active));
        t.numbers("met_before", std::move(met_before));
        t.numbers("met_after", std::move(met_after));
        t.numbers("compliant_before", std::move(compliant_before));
        t.numbers("compliant_after", std::move(compliant_after));
        t.numbers("delivered_hours_before", std::move(before));
        t.numbers("delivered_hours_after", std::move(after));
        return t.done();
      },
      py::arg("rules"), py::arg("panel"), py::arg("networks"), py::arg("at"), py::arg("roles") = py::none(),
      py::arg("any_funding") = false);
}

}  // namespace descheck::python
