// The national report on the shipped real panel (data/england: 1,250 networks, their census staff and
// coverage), 2020-04-01 to 2024-03-31 quarterly: the summary (every network at every date), and the
// HTML page written from it (every network checked and explained on the last date). Run:
//   build/benchmarks/descheck_bench --benchmark_filter=report --benchmark_format=json
#include <benchmark/benchmark.h>

#include <filesystem>
#include <sstream>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;

struct england {
  std::filesystem::path data = std::filesystem::path(DESCHECK_SOURCE_DIR) / "data" / "england";
  rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  panel networks = load(rules, data);
  national_options options = range(1);

  static panel load(const rule_set& rules, const std::filesystem::path& data) {
    panel p = load_panel(rules, data / "networks.csv", data / "staff.csv");
    load_coverage(p, data / "coverage.csv");
    return p;
  }
  static national_options range(unsigned threads) {
    national_options o;
    o.from = *parse_date("2020-04-01");
    o.to = *parse_date("2024-03-31");
    o.threads = threads;
    return o;
  }
};

const england& nation() {
  static const england e;
  return e;
}

void report_summary_england(benchmark::State& state) {
  const england& e = nation();
  const national_options o = england::range(static_cast<unsigned>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(summarise_nation(e.rules, e.networks, o).cells.size());
}
BENCHMARK(report_summary_england)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void report_html_england(benchmark::State& state) {
  const england& e = nation();
  const std::vector<labelled_report> reports{
      {&e.rules, e.rules.label, summarise_nation(e.rules, e.networks, e.options)}};
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    write_national_html(out, reports, e.networks);
    bytes = out.str().size();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(report_html_england)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
