#pragma once
// Small rule sets and panels built in code, for tests that must not depend on the YAML loader.
#include <algorithm>
#include <string>
#include <vector>

#include "descheck/descheck.hpp"

namespace fixtures {

using namespace descheck;

inline date day(const char* iso) { return *parse_date(iso); }

struct builder {
  rule_set rules;

  role_index role(const std::string& id, double share = 1.0, double hours = 37.5) {
    struct role r;
    r.id = id;
    r.label = id;
    r.hours_per_wte = schedule::constant(hours);
    r.available_share = schedule::constant(share);
    rules.roles.push_back(r);
    return static_cast<role_index>(rules.roles.size() - 1);
  }
  driver_index driver(const std::string& id) {
    struct driver d;
    d.id = id;
    rules.drivers.push_back(d);
    return static_cast<driver_index>(rules.drivers.size() - 1);
  }
  service& svc(const std::string& id) {
    for (auto& s : rules.services)
      if (s.id == id) return s;
    rules.services.push_back(service{});
    rules.services.back().id = id;
    return rules.services.back();
  }
  // A workload requirement of `hours` a week (fixed term), in force from `from`.
  requirement& workload(const std::string& service_id, const std::string& id, double hours, std::vector<delivery> by,
                        int priority = 1, const char* from = "2020-10-01", double phase = 1.0) {
    requirement r;
    r.id = id;
    r.label = id;
    r.priority = priority;
    r.phase = schedule(std::vector<step>{{day(from), phase, no_origin}});
    term t;
    t.amount = schedule::constant(hours);
    r.terms.push_back(t);
    r.delivered_by = std::move(by);
    svc(service_id).requirements.push_back(r);
    return svc(service_id).requirements.back();
  }
  requirement& staffing(const std::string& service_id, const std::string& id, double wte, std::vector<delivery> by,
                        const char* from = "2020-10-01") {
    requirement& r = workload(service_id, id, wte, std::move(by), 1, from);
    r.kind = requirement_kind::staffing;
    r.terms[0].per = "";
    return r;
  }
  // Sorts as the loader does and builds the flat index.
  const rule_set& finish() {
    std::sort(rules.services.begin(), rules.services.end(), [](auto& a, auto& b) { return a.id < b.id; });
    rules.flat.clear();
    for (std::uint32_t s = 0; s < rules.services.size(); ++s) {
      auto& reqs = rules.services[s].requirements;
      std::sort(reqs.begin(), reqs.end(), [](auto& a, auto& b) { return a.id < b.id; });
      for (std::uint32_t r = 0; r < reqs.size(); ++r) rules.flat.push_back({s, r});
    }
    return rules;
  }
};

inline delivery by(role_index k) { return delivery{k, std::nullopt}; }
inline delivery by(role_index k, double max_share) { return delivery{k, schedule::constant(max_share)}; }

struct panel_fixture {
  panel p;
  std::uint32_t network(const std::string& id, std::size_t drivers) {
    struct network n;
    n.id = id;
    n.drivers.resize(drivers);
    p.networks.push_back(n);
    return static_cast<std::uint32_t>(p.networks.size() - 1);
  }
  void post(std::uint32_t net, role_index role, double wte, const char* start = nullptr, const char* end = nullptr) {
    struct post row;
    row.network = net;
    row.role = role;
    row.wte = wte;
    if (start) row.start = day(start);
    if (end) row.end = day(end);
    p.posts.push_back(row);
  }
  const panel& finish() {
    std::stable_sort(p.posts.begin(), p.posts.end(), [](auto& a, auto& b) { return a.network < b.network; });
    p.first_post.assign(p.networks.size() + 1, 0);
    for (const auto& row : p.posts) ++p.first_post[row.network + 1];
    for (std::size_t i = 1; i < p.first_post.size(); ++i) p.first_post[i] += p.first_post[i - 1];
    return p;
  }
};

}  // namespace fixtures
