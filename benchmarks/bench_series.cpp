// The national monthly series: every network of the synthetic national panel (1,250 networks,
// staff changing every quarter) at the 1st of each of the 48 months April 2020 to March 2024, full
// rule set. Reports network-months per second. Run:
//   build/benchmarks/descheck_bench --benchmark_filter=series --benchmark_format=json
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "descheck/descheck.hpp"
#include "descheck/synthetic/synthetic.hpp"

namespace {

using namespace descheck;

struct national {
  rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  synthetic_panel generated = make_synthetic_panel(rules, 1, {});
  std::vector<date> months = sample_dates(*parse_date("2020-04-01"), *parse_date("2024-03-31"), cadence::month);
};

national& nation() {
  static national n;
  return n;
}

void set_rate(benchmark::State& state, const national& n) {
  const auto network_months = static_cast<double>(n.generated.networks.networks.size() * n.months.size());
  state.counters["network_months_per_second"] =
      benchmark::Counter(network_months * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Evaluation only: network and requirement rows into reused blocks, nothing formatted.
void series_national_monthly(benchmark::State& state) {
  const national& n = nation();
  const auto threads = static_cast<unsigned>(state.range(0));
  series_options what;
  what.requirements = state.range(1) != 0;
  std::size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    for_each_block(
        n.rules, n.generated.networks, threads,
        [&](series_engine& engine, result_block& block) {
          for (std::uint32_t net = block.first_network; net < block.last_network; ++net)
            engine.sample(net, n.months, what, block);
        },
        [&](const result_block& block) { rows += block.networks.size() + block.requirements.size(); });
    benchmark::DoNotOptimize(rows);
  }
  set_rate(state, n);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(series_national_monthly)
    ->ArgNames({"threads", "requirements"})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The whole command path: evaluation plus CSV rows streamed to a file; network rows (`--summary`)
// or requirement rows (the default of `descheck series`).
void series_national_monthly_to_csv(benchmark::State& state) {
  const national& n = nation();
  const auto threads = static_cast<unsigned>(state.range(0));
  series_options what;
  what.requirements = state.range(1) != 0;
  const row_kind kind = what.requirements ? row_kind::requirements : row_kind::networks;
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "descheck-bench-series.csv";
  for (auto _ : state) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    row_writer writer(out, n.rules, n.generated.networks, kind, table_format::csv);
    for_each_block(
        n.rules, n.generated.networks, threads,
        [&](series_engine& engine, result_block& block) {
          for (std::uint32_t net = block.first_network; net < block.last_network; ++net)
            engine.sample(net, n.months, what, block);
          writer.format(block, block.text);
        },
        [&](const result_block& block) { writer.write(block.text); });
    writer.finish();
  }
  state.counters["bytes"] = static_cast<double>(std::filesystem::file_size(file));
  std::filesystem::remove(file);
  set_rate(state, n);
}
BENCHMARK(series_national_monthly_to_csv)
    ->ArgNames({"threads", "requirements"})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Ten scenarios side by side (`--compare`): the four shipped ones, and six pairs of them stacked,
// each over the whole national panel and 48 months, one thread; rows kept, nothing formatted.
void series_ten_scenarios(benchmark::State& state) {
  const national& n = nation();
  const std::filesystem::path dir = std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england" / "scenarios";
  const char* ids[] = {"draft-dec-2019", "no-covid-delay", "flexible-roles", "delay-a-year"};
  std::vector<rule_set> variants;
  for (const char* id : ids) variants.push_back(apply_scenarios(n.rules, {dir / (std::string(id) + ".yaml")}));
  for (std::size_t a = 0; a < 4; ++a)
    for (std::size_t b = a + 1; b < 4; ++b)
      variants.push_back(
          apply_scenarios(n.rules, {dir / (std::string(ids[a]) + ".yaml"), dir / (std::string(ids[b]) + ".yaml")}));
  series_options what;
  std::size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    for (const rule_set& rules : variants)
      for_each_block(
          rules, n.generated.networks, 1,
          [&](series_engine& engine, result_block& block) {
            for (std::uint32_t net = block.first_network; net < block.last_network; ++net)
              engine.sample(net, n.months, what, block);
          },
          [&](const result_block& block) { rows += block.networks.size() + block.requirements.size(); });
    benchmark::DoNotOptimize(rows);
  }
  const auto network_months =
      static_cast<double>(variants.size() * n.generated.networks.networks.size() * n.months.size());
  state.counters["scenarios"] = static_cast<double>(variants.size());
  state.counters["network_months_per_second"] =
      benchmark::Counter(network_months * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(series_ten_scenarios)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
