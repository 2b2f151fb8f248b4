// Minimum-cost recruitment for the whole synthetic national panel (1,250 networks, made as in
// bench_series.cpp) at one date, full rule set, one thread: one planner, every network planned;
// the same under each network's ARRS entitlement; and the national plan under a supply limit
// (one linear program over every short network and every ARRS role).
// Run:
//   build/benchmarks/descheck_bench --benchmark_filter=plan --benchmark_format=json
#include <benchmark/benchmark.h>

#include <filesystem>

#include "descheck/descheck.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"
#include "descheck/synthetic/synthetic.hpp"

namespace {

using namespace descheck;

struct national_plan {
  rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  synthetic_panel generated = make_synthetic_panel(rules, 1, {});
};

national_plan& plan_nation() {
  static national_plan n;
  return n;
}

void plan_national(benchmark::State& state) {
  const national_plan& n = plan_nation();
  const date at = *parse_date(state.range(0) == 0 ? "2024-01-01" : "2021-06-01");
  planner plan(n.rules, n.generated.networks);
  const auto count = static_cast<std::uint32_t>(n.generated.networks.networks.size());
  double cost = 0.0;
  std::uint32_t hiring = 0;
  for (auto _ : state) {
    cost = 0.0;
    hiring = 0;
    for (std::uint32_t net = 0; net < count; ++net) {
      const plan_result& r = plan.run(net, at);
      cost += r.cost;
      hiring += r.hires.empty() ? 0u : 1u;
    }
    benchmark::DoNotOptimize(cost);
  }
  state.counters["networks"] = count;
  state.counters["networks_hiring"] = hiring;
  state.counters["national_cost_gbp_m"] = cost / 1e6;
  state.counters["networks_per_second"] = benchmark::Counter(
      static_cast<double>(count) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(plan_national)->ArgName("date_2021")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Every network under its ARRS entitlement in 2023/24 (headroom worked out per network).
void plan_entitlement_national(benchmark::State& state) {
  const national_plan& n = plan_nation();
  const date at = *parse_date("2024-01-01");
  plan_options o;
  o.entitlement_budget = true;
  planner plan(n.rules, n.generated.networks, o);
  const auto count = static_cast<std::uint32_t>(n.generated.networks.networks.size());
  std::uint32_t fundable = 0, not_fundable = 0;
  for (auto _ : state) {
    fundable = not_fundable = 0;
    for (std::uint32_t net = 0; net < count; ++net) {
      const plan_result& r = plan.run(net, at);
      fundable += r.status == plan_status::fundable ? 1u : 0u;
      not_fundable += r.status == plan_status::not_fundable ? 1u : 0u;
    }
  }
  state.counters["networks"] = count;
  state.counters["fundable"] = fundable;
  state.counters["not_fundable"] = not_fundable;
}
BENCHMARK(plan_entitlement_national)->Unit(benchmark::kMillisecond)->UseRealTime();

// The national supply program: entitlement budgets and a limit of 100 WTE on every role ARRS
// reimburses on the date, 1,250 networks.
void plan_supply_national(benchmark::State& state) {
  const national_plan& n = plan_nation();
  const date at = *parse_date("2024-01-01");
  plan_options o;
  o.entitlement_budget = true;
  recruitment_supply supply;
  for (role_index k = 0; k < n.rules.roles.size(); ++k) {
    const role& r = n.rules.roles[k];
    if (r.arrs && r.arrs->max_reimbursement.at(at)) supply.limits.push_back({k, 100.0, 0, 0});
  }
  supply_plan result;
  for (auto _ : state) {
    result = plan_nationally(n.rules, n.generated.networks, at, o, supply);
    benchmark::DoNotOptimize(result.covered_hours);
  }
  state.counters["networks"] = static_cast<double>(result.networks.size());
  state.counters["limited_roles"] = static_cast<double>(supply.limits.size());
  state.counters["compliant_before"] = result.compliant_before;
  state.counters["compliant_after"] = result.compliant_after;
  state.counters["added_hours"] = result.covered_hours - result.covered_before;
  state.counters["optimal"] = result.status == supply_status::optimal ? 1 : 0;
}
BENCHMARK(plan_supply_national)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
