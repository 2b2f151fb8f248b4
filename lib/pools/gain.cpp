// The gain from pooling a group's ARRS staff (`descheck pool-gain`): the group checked alone, then
// with the chosen roles moved into one shared pool.
#include "descheck/pools/pools.hpp"

#include <algorithm>

#include "descheck/check/check.hpp"

namespace descheck {

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
