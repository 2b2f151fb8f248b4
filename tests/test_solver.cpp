// The allocation solver against an independent reference: progressive filling by bisection on
// lambda, each feasibility test a Boost.Graph push-relabel max-flow. Thousands of random instances.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#pragma GCC diagnostic pop

#include "check/solver.hpp"

namespace {

using descheck::detail::solver;
using descheck::detail::ticks;
using descheck::detail::unlimited;

struct instance {
  std::vector<ticks> capacity;  // per role
  std::vector<ticks> demand;    // per requirement
  std::vector<int> priority;
  struct pair {
    std::uint32_t role, req;
    ticks cap;
  };
  std::vector<pair> pairs;
};

using traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS,
    boost::property<
        boost::vertex_index_t, long,
        boost::property<boost::vertex_color_t, boost::default_color_type,
                        boost::property<boost::vertex_distance_t, long,
                                        boost::property<boost::vertex_predecessor_t, traits::edge_descriptor>>>>,
    boost::property<boost::edge_capacity_t, long,
                    boost::property<boost::edge_residual_capacity_t, long,
                                    boost::property<boost::edge_reverse_t, traits::edge_descriptor>>>>;

// Max flow of the instance with requirement r capped at caps[r], computed by Boost.
long boost_max_flow(const instance& in, const std::vector<ticks>& caps, bool kolmogorov = false) {
  const std::size_t roles = in.capacity.size(), reqs = in.demand.size();
  graph g(2 + roles + reqs);
  auto cap = boost::get(boost::edge_capacity, g);
  auto rev = boost::get(boost::edge_reverse, g);
  auto arc = [&](std::size_t u, std::size_t v, long c) {
    auto e = boost::add_edge(u, v, g).first;
    auto back = boost::add_edge(v, u, g).first;
    cap[e] = c;
    cap[back] = 0;
    rev[e] = back;
    rev[back] = e;
  };
  for (std::size_t k = 0; k < roles; ++k) arc(0, 2 + k, in.capacity[k]);
  for (const auto& p : in.pairs) arc(2 + p.role, 2 + roles + p.req, std::min<long>(p.cap, 1L << 50));
  for (std::size_t r = 0; r < reqs; ++r) arc(2 + roles + r, 1, caps[r]);
  if (kolmogorov) return boost::boykov_kolmogorov_max_flow(g, 0, 1);
  return boost::push_relabel_max_flow(g, 0, 1);
}

// Reference lexicographic max-min allocation by bisection.
std::vector<double> reference(const instance& in) {
  const std::size_t reqs = in.demand.size();
  std::vector<double> x(reqs, 0.0);
  std::vector<char> fixed(reqs, 0);
  auto caps_for = [&](const std::vector<char>& rising, double lambda) {
    std::vector<ticks> caps(reqs, 0);
    for (std::size_t r = 0; r < reqs; ++r) {
      if (fixed[r])
        caps[r] = static_cast<ticks>(std::floor(x[r]));
      else if (rising[r])
        caps[r] = static_cast<ticks>(std::floor(lambda * static_cast<double>(in.demand[r])));
    }
    return caps;
  };
  auto feasible = [&](const std::vector<ticks>& caps) {
    long total = 0;
    for (ticks c : caps) total += c;
    return boost_max_flow(in, caps) >= total;
  };
  std::vector<int> levels(in.priority.begin(), in.priority.end());
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  for (int level : levels) {
    std::vector<char> rising(reqs, 0);
    for (std::size_t r = 0; r < reqs; ++r) rising[r] = in.priority[r] == level;
    while (std::find(rising.begin(), rising.end(), 1) != rising.end()) {
      double lo = 0.0, hi = 1.0;
      if (feasible(caps_for(rising, 1.0))) lo = 1.0;
      for (int i = 0; i < 60 && lo < 1.0; ++i) {
        const double mid = (lo + hi) / 2;
        (feasible(caps_for(rising, mid)) ? lo : hi) = mid;
      }
      // Freeze whoever cannot rise by a further 2 seconds a week alone.
      bool froze = false;
      for (std::size_t r = 0; r < reqs; ++r) {
        if (!rising[r]) continue;
        auto caps = caps_for(rising, lo);
        caps[r] += 2000;
        if (lo >= 1.0 || !feasible(caps)) {
          x[r] = lo >= 1.0 ? static_cast<double>(in.demand[r]) : std::floor(lo * static_cast<double>(in.demand[r]));
          rising[r] = 0;
          fixed[r] = 1;
          froze = true;
        }
      }
      if (!froze) ADD_FAILURE() << "reference froze nobody";
      if (!froze) break;
    }
  }
  return x;
}

instance random_instance(std::mt19937& rng) {
  std::uniform_int_distribution<int> roles_n(1, 5), reqs_n(1, 6), prio(1, 3), hours(0, 40), coin(0, 99);
  instance in;
  const int roles = roles_n(rng), reqs = reqs_n(rng);
  for (int k = 0; k < roles; ++k) in.capacity.push_back(static_cast<ticks>(hours(rng)) * 3'600'000 + coin(rng) * 7919);
  const bool use_priorities = coin(rng) < 30;
  for (int r = 0; r < reqs; ++r) {
    in.demand.push_back(coin(rng) < 5 ? 0 : static_cast<ticks>(hours(rng)) * 3'600'000 + coin(rng) * 1231);
    in.priority.push_back(use_priorities ? prio(rng) : 1);
    for (int k = 0; k < roles; ++k) {
      if (coin(rng) < 45) continue;
      const bool share = coin(rng) < 25;
      const double s = static_cast<double>(coin(rng)) / 100.0;
      in.pairs.push_back(
          {static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(r),
           share ? static_cast<ticks>(std::floor(s * static_cast<double>(in.demand.back()))) : unlimited});
    }
  }
  return in;
}

void run(solver& s, const instance& in) {
  s.reset(static_cast<std::uint32_t>(in.capacity.size()));
  for (std::uint32_t k = 0; k < in.capacity.size(); ++k) s.set_capacity(k, in.capacity[k]);
  for (std::size_t r = 0; r < in.demand.size(); ++r) s.add_requirement(in.priority[r], in.demand[r]);
  for (const auto& p : in.pairs) s.add_edge(p.role, p.req, p.cap);
  s.solve();
}

TEST(Solver, MatchesBisectionReferenceOnRandomInstances) {
  std::mt19937 rng(20201001);
  solver s;
  constexpr double tolerance = 0.01 * 3'600'000;  // 0.01 hours a week, in ticks
  for (int trial = 0; trial < 3000; ++trial) {
    const instance in = random_instance(rng);
    run(s, in);
    const std::vector<double> expected = reference(in);
    long total = 0;
    for (std::uint32_t r = 0; r < in.demand.size(); ++r) {
      ASSERT_NEAR(static_cast<double>(s.delivered(r)), expected[r], tolerance) << "trial " << trial << " req " << r;
      ASSERT_LE(s.delivered(r), in.demand[r]);
      total += s.delivered(r);
    }
    // The split is a valid flow: role capacities and pair caps respected, and it adds up to x.
    std::vector<ticks> by_role(in.capacity.size(), 0), by_req(in.demand.size(), 0);
    for (std::uint32_t e = 0; e < s.edge_count(); ++e) {
      const auto f = s.flow(e);
      ASSERT_GE(f.flow, 0);
      ASSERT_LE(f.flow, in.pairs[e].cap);
      by_role[f.role] += f.flow;
      by_req[f.req] += f.flow;
    }
    for (std::size_t k = 0; k < in.capacity.size(); ++k) ASSERT_LE(by_role[k], in.capacity[k]);
    for (std::uint32_t r = 0; r < in.demand.size(); ++r) ASSERT_EQ(by_req[r], s.delivered(r));
    // Every role in a short requirement's bottleneck group is fully used, and the group needs more
    // than its roles have.
    std::vector<std::uint32_t> group_reqs, group_roles;
    std::vector<ticks> outside;
    for (std::uint32_t r = 0; r < in.demand.size(); ++r) {
      if (in.demand[r] - s.delivered(r) <= static_cast<ticks>(tolerance)) continue;
      s.bottleneck(r, group_reqs, group_roles, outside);
      ASSERT_FALSE(group_reqs.empty());
      ticks capacity = 0, need = 0;
      for (std::uint32_t k : group_roles) {
        ASSERT_EQ(s.used(k), in.capacity[k]) << "trial " << trial << ": role " << k << " in the group of " << r;
        capacity += in.capacity[k];
      }
      for (std::size_t g = 0; g < group_reqs.size(); ++g) need += in.demand[group_reqs[g]] - outside[g];
      ASSERT_GT(need, capacity) << "trial " << trial;
    }
    // With one priority the total is the max flow (Boost, both algorithms agree).
    if (std::all_of(in.priority.begin(), in.priority.end(), [](int p) { return p == 1; })) {
      const long best = boost_max_flow(in, in.demand);
      ASSERT_EQ(best, boost_max_flow(in, in.demand, true));
      ASSERT_NEAR(static_cast<double>(total), static_cast<double>(best), static_cast<double>(in.demand.size()));
    }
  }
}

TEST(Solver, MaxMinFairnessDiffersFromFirstCome) {
  // One role with 30 h shared by A (demand 40) and B (demand 20): equal coverage 0.5 -> 20 and 10,
  // where serving A first would give A 30 and B nothing.
  solver s;
  s.reset(1);
  s.set_capacity(0, 30 * 3'600'000);
  s.add_requirement(1, 40 * 3'600'000);
  s.add_requirement(1, 20 * 3'600'000);
  s.add_edge(0, 0, unlimited);
  s.add_edge(0, 1, unlimited);
  s.solve();
  EXPECT_EQ(s.delivered(0), 20 * 3'600'000);
  EXPECT_EQ(s.delivered(1), 10 * 3'600'000);
}

TEST(Solver, RaisesTheUnblockedAfterFreezingTheBlocked) {
  // Role P (10 h) only serves A (demand 20); role G (30 h) serves A and B (demand 20).
  // Max-min: A and B rise together; G alone limits... A gets 10 from P and shares G with B:
  // coverage equalises at (10+g)/20 = (30-g)/20 -> g = 10, both 20/20 = 1.0? total 40 = 10+30: all met.
  solver s;
  s.reset(2);
  s.set_capacity(0, 10 * 3'600'000);
  s.set_capacity(1, 25 * 3'600'000);
  s.add_requirement(1, 20 * 3'600'000);
  s.add_requirement(1, 20 * 3'600'000);
  s.add_edge(0, 0, unlimited);
  s.add_edge(1, 0, unlimited);
  s.add_edge(1, 1, unlimited);
  s.solve();
  // 35 h for 40 h of demand, balanced: both at 17.5 h (coverage 0.875).
  EXPECT_EQ(s.delivered(0), 17'500 * 3'600);
  EXPECT_EQ(s.delivered(1), 17'500 * 3'600);
}

// That the warm solve allocates nothing is Solver.WarmSolveAllocatesNothing in tests/allocations/,
// which counts heap allocations; this one checks the reused buffers give the same answer.
TEST(Solver, WarmSolveReusesBuffers) {
  std::mt19937 rng(7);
  solver s;
  const instance in = random_instance(rng);
  run(s, in);
  std::vector<ticks> first;
  for (std::uint32_t r = 0; r < in.demand.size(); ++r) first.push_back(s.delivered(r));
  run(s, in);
  for (std::uint32_t r = 0; r < in.demand.size(); ++r) EXPECT_EQ(s.delivered(r), first[r]);
}

}  // namespace
