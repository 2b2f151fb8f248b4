// Minimum-cost recruitment for the whole synthetic national panel (1,250 networks, made as in
// bench_series.cpp) at one date, full rule set, one thread: one planner, every network planned.
// Run:
//   build/benchmarks/descheck_bench --benchmark_filter=plan --benchmark_format=json
#include <benchmark/benchmark.h>

#include <filesystem>

#include "descheck/descheck.hpp"
#include "descheck/plan.hpp"
#include "descheck/synthetic.hpp"

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

}  // namespace
