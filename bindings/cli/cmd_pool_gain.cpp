// pool-gain: how many more requirements a group of networks (one ICB, one place) would meet if their
// ARRS staff of some roles were one shared pool (shared recruitment, rotational posts), per role.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "descheck/pools/pools.hpp"

namespace descheck::cli {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (const std::string t = trimmed(item); !t.empty()) out.push_back(t);
  return out;
}

// --networks-in: a file of network ids (one a line, or the first column of a CSV with a header
// `network_id`; blank lines and lines starting with # skipped), `region=NAME` for every network of
// a region, or a comma-separated list of ids.
std::vector<std::uint32_t> chosen_networks(const std::string& spec, const panel& networks) {
  std::vector<std::string> ids;
  if (spec.rfind("region=", 0) == 0) {
    const std::string region = spec.substr(7);
    std::vector<std::uint32_t> out;
    for (std::uint32_t n = 0; n < networks.networks.size(); ++n)
      if (networks.networks[n].region == region) out.push_back(n);
    if (out.empty()) usage_error("no network in the networks file has region '" + region + "'");
    return out;
  }
  if (std::filesystem::is_regular_file(spec)) {
    std::ifstream in(spec);
    bool first = true;
    for (std::string line; std::getline(in, line); first = false) {
      const std::string id = trimmed(line.substr(0, line.find(',')));
      if (id.empty() || id[0] == '#' || (first && id == "network_id")) continue;
      ids.push_back(id);
    }
  } else {
    ids = split_commas(spec);
  }
  if (ids.empty()) usage_error("--networks-in names no network");
  std::vector<std::uint32_t> out;
  for (const std::string& id : ids) {
    const std::uint32_t n = networks.require_network(id);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

int run_pool_gain(const options& o) {
  o.no_positional();
  const date at = parse_date_option("at", o.need("at"));
  const rule_set rules = load_rules(o);
  const panel networks = load_panel_option(o, rules);
  const std::vector<std::uint32_t> group = chosen_networks(o.need("networks-in"), networks);
  const bool any_funding = o.flag("assume-arrs");

  std::vector<role_index> roles;
  if (const auto list = o.get("roles")) {
    for (const std::string& id : split_commas(*list)) {
      const role_index k = rules.find_role(id);
      if (k == no_index) usage_error("--roles: unknown role '" + id + "'");
      if (std::find(roles.begin(), roles.end(), k) == roles.end()) roles.push_back(k);
    }
    if (roles.empty()) usage_error("--roles names no role");
  } else {  // every role with a poolable post in the group, in rule-set order
    for (role_index k = 0; k < rules.roles.size(); ++k) {
      bool found = false;
      for (const std::uint32_t n : group)
        for (std::uint32_t i = networks.first_post[n]; i < networks.first_post[n + 1] && !found; ++i) {
          const post& p = networks.posts[i];
          found = p.role == k && (any_funding || p.funding == funding_kind::arrs);
        }
      if (found) roles.push_back(k);
    }
    if (roles.empty())
      usage_error(
          "no ARRS-funded post in the chosen networks (a staff file without a 'funding' column counts "
          "every post as core: add --assume-arrs to pool every post of the roles)");
  }

  const std::vector<pool_gain_row> rows_of_gain = pool_gain(rules, networks, group, roles, at, any_funding);
  const auto number = [](const char* name) { return column{name, column_type::number, 4}; };
  const auto integer = [](const char* name) { return column{name, column_type::integer}; };
  table rows({{"scenario"},
              {"date", column_type::date},
              {"roles"},
              integer("networks"),
              number("pooled_wte"),
              integer("active"),
              integer("met_before"),
              integer("met_after"),
              integer("compliant_before"),
              integer("compliant_after"),
              number("delivered_hours_before"),
              number("delivered_hours_after")});
  const auto whole = [](auto n) { return static_cast<std::int64_t>(n); };
  for (const pool_gain_row& r : rows_of_gain) {
    std::string names;
    for (const role_index k : r.roles) names += (names.empty() ? "" : "+") + rules.roles[k].id;
    rows.add_row({rules.scenario_id, at, names, whole(group.size()), r.pooled_wte, whole(r.active), whole(r.met_before),
                  whole(r.met_after), whole(r.compliant_before), whole(r.compliant_after), r.delivered_hours_before,
                  r.delivered_hours_after});
  }
  const table_format format = choose_format(o);
  emit(o, [&](std::ostream& out) { write_table(out, rows, format); });
  return 0;
}

const registrar pool_gain_command{
    {"pool-gain",
     35,
     "  descheck pool-gain --rules DIR --networks FILE --staff FILE [--coverage FILE] --at DATE\n"
     "                   --networks-in FILE|ID,ID...|region=NAME [--roles R1,R2...] [--assume-arrs]\n"
     "                   [--format csv|json|table|markdown] [--output FILE]\n",
     {"rules", "networks", "staff", "coverage", "at", "networks-in", "roles", "format", "output"},
     {},
     {"assume-arrs"},
     run_pool_gain,
     "How many more requirements a group of networks would meet if their ARRS staff were one pool.",
     "descheck pool-gain --rules specs/des-england --networks examples/networks.csv --staff examples/staff.csv --at "
     "2021-06-01 --networks-in EX001,EX002",
     {{"networks-in", "GROUP a file of network ids, ID,ID,... or region=NAME"},
      {"roles", "ROLE,ROLE... pool only these roles (default: every role with a poolable post)"},
      {"assume-arrs", "pool every post of the roles, not only those marked funding: arrs"}}}};

}  // namespace
}  // namespace descheck::cli
