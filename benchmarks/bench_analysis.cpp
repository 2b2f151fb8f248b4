// Sensitivity and uncertainty on the synthetic national panel (1,250 networks), shipped rule set:
// the tornado of every ranged value at one date and over the financial year 2021/22 (one thread),
// and 100 joint draws quarterly over 2020-2024 (1 and 2 threads; each draw also judges the six
// financial years 2019/20-2024/25 on every interval of constant input). Run:
//   build/benchmarks/descheck_bench --benchmark_filter='sensitivity|uncertainty' --benchmark_format=json
#include <benchmark/benchmark.h>

#include <filesystem>

#include "descheck/analysis/sensitivity.hpp"
#include "descheck/analysis/uncertainty.hpp"
#include "descheck/synthetic/synthetic.hpp"

namespace {

using namespace descheck;

struct national {
  rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  synthetic_panel generated = make_synthetic_panel(rules, 1, {});
};

const national& nation() {
  static const national n;
  return n;
}

void sensitivity_one_date(benchmark::State& state) {
  const national& n = nation();
  sensitivity_options o;
  o.window = at_date(*parse_date("2021-06-01"));
  o.threads = 1;
  std::size_t values = 0;
  for (auto _ : state) {
    const sensitivity_result r = run_sensitivity(n.rules, n.generated.networks, o);
    values = r.rows.size();
    benchmark::DoNotOptimize(r.base);
  }
  state.counters["ranged_values"] = static_cast<double>(values);
}
BENCHMARK(sensitivity_one_date)->Unit(benchmark::kMillisecond)->UseRealTime();

void sensitivity_financial_year(benchmark::State& state) {
  const national& n = nation();
  sensitivity_options o;
  o.window = parse_financial_year("2021/22");
  o.threads = 1;
  for (auto _ : state) benchmark::DoNotOptimize(run_sensitivity(n.rules, n.generated.networks, o).base);
}
BENCHMARK(sensitivity_financial_year)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// The draws only (the run is prepared once, as a Dask worker would).
void uncertainty_quarterly(benchmark::State& state) {
  const national& n = nation();
  uncertainty_options o;
  o.from = *parse_date("2020-01-01");
  o.to = *parse_date("2024-12-31");
  o.every = cadence::quarter;
  o.seed = 1;
  const uncertainty_run run(n.rules, n.generated.networks, o);
  const auto draws = static_cast<std::uint32_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(run.run(0, draws, threads).draw_compliant.data());
  state.counters["draws_per_second"] =
      benchmark::Counter(static_cast<double>(draws) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["financial_years"] = static_cast<double>(run.years().size());
}
BENCHMARK(uncertainty_quarterly)->Args({100, 1})->Args({100, 2})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
