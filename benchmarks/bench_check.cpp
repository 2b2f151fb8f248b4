// Loading the shipped rule set, one warm check of a realistic network, with heap allocations
// counted, and the consistency check of the national panel.
// Run: build/benchmarks/descheck_bench --benchmark_format=json
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "descheck/descheck.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}

// Count every heap allocation of the process, so the benchmark can report allocations per check.
// g++ 12 flags malloc/free inside replacement operators as mismatched; they are the replacement.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

using namespace descheck;

const std::filesystem::path rules_dir = std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england";

// A network of 44,000 patients (about the median) with 160 care-home beds and a typical
// additional-roles team, checked when all but one requirement are in force: pharmacist time short of demand
// (0.4 WTE of pharmacists for a cohort of 1,320 SMRs a year).
panel realistic_panel(const rule_set& rules) {
  panel p;
  network net;
  net.id = "BENCH1";
  net.drivers.resize(rules.drivers.size());
  net.drivers[rules.find_driver("registered_patients")] = schedule::constant(44'000);
  net.drivers[rules.find_driver("care_home_beds")] = schedule::constant(160);
  p.networks.push_back(net);
  const std::pair<const char*, double> team[] = {{"clinical_pharmacist", 0.4},
                                                 {"pharmacy_technician", 1.0},
                                                 {"social_prescribing_link_worker", 2.0},
                                                 {"care_coordinator", 2.0},
                                                 {"health_and_wellbeing_coach", 1.0},
                                                 {"paramedic", 0.2},
                                                 {"advanced_practitioner", 0.1},
                                                 {"first_contact_physiotherapist", 1.0},
                                                 {"physician_associate", 1.0},
                                                 {"nursing_associate", 0.2},
                                                 {"dietitian", 0.2},
                                                 {"podiatrist", 0.2},
                                                 {"occupational_therapist", 0.4},
                                                 {"trainee_nursing_associate", 0.5},
                                                 {"mental_health_practitioner", 1.0},
                                                 {"clinical_director", 0.25}};
  for (const auto& [role_id, wte] : team) {
    const role_index k = rules.find_role(role_id);
    if (k == no_index) continue;
    post row;
    row.role = k;
    row.wte = wte;
    p.posts.push_back(row);
  }
  p.first_post = {0, static_cast<std::uint32_t>(p.posts.size())};
  return p;
}

void load_rule_set_bench(benchmark::State& state) {
  try {
    for (auto _ : state) {
      rule_set rules = load_rule_set(rules_dir);
      benchmark::DoNotOptimize(rules.flat.data());
    }
  } catch (const descheck::error& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(load_rule_set_bench)->Name("load/des-england")->Unit(benchmark::kMillisecond);

void warm_check(benchmark::State& state, const check_options& options) {
  rule_set rules;
  try {
    rules = load_rule_set(rules_dir);
  } catch (const descheck::error& e) {
    state.SkipWithError(e.what());
    return;
  }
  const panel networks = realistic_panel(rules);
  checker check(rules, networks);
  // The most requirements the shipped rule set ever has in force at once (anticipatory care asks
  // nothing of networks from April 2023; care-home care planning starts on 31 March 2024).
  const date at = *parse_date("2024-04-01");
  std::size_t in_force = 0;
  for (const requirement_ref& ref : rules.flat) in_force += rules.at(ref).phase.at(at).value_or(0.0) > 0.0 ? 1 : 0;
  const check_result& warmup = check.run(0, at, options);
  if (warmup.active != in_force || in_force + 2 < rules.flat.size() || warmup.unmet == 0) {
    state.SkipWithError("the benchmark network should have every requirement in force active and some short");
    return;
  }
  const std::size_t before = allocations.load();
  for (auto _ : state) {
    const check_result& result = check.run(0, at, options);
    benchmark::DoNotOptimize(result.delivered_hours);
  }
  const std::size_t during = allocations.load() - before;
  state.counters["allocations_per_check"] =
      benchmark::Counter(static_cast<double>(during) / static_cast<double>(state.iterations()));
  state.counters["requirements"] = static_cast<double>(warmup.active);
  state.counters["short"] = static_cast<double>(warmup.unmet);
  if (options.bottlenecks) state.counters["bottleneck_groups"] = static_cast<double>(warmup.bottlenecks.size());
}

void warm_check_bench(benchmark::State& state) { warm_check(state, {}); }
BENCHMARK(warm_check_bench)->Name("check/warm-realistic-network")->Unit(benchmark::kMicrosecond);

// The same check with its bottleneck groups (check_options::bottlenecks), as the national report asks.
void warm_check_bottlenecks_bench(benchmark::State& state) {
  check_options options;
  options.bottlenecks = true;
  warm_check(state, options);
}
BENCHMARK(warm_check_bottlenecks_bench)
    ->Name("check/warm-realistic-network-bottlenecks")
    ->Unit(benchmark::kMicrosecond);

// validate_panel on the national panel (data/england: every network, its census staff and coverage), the
// cost every checker, pooled checker, series engine and planner now pays once when it is made.
void validate_national_panel_bench(benchmark::State& state) {
  const std::filesystem::path england = std::filesystem::path(DESCHECK_SOURCE_DIR) / "data" / "england";
  rule_set rules;
  panel networks;
  try {
    rules = load_rule_set(rules_dir);
    networks = load_panel(rules, england / "networks.csv", england / "staff.csv");
    load_coverage(networks, england / "coverage.csv");
  } catch (const descheck::error& e) {
    state.SkipWithError(e.what());
    return;
  }
  for (auto _ : state) {
    validate_panel(rules, networks);
    benchmark::DoNotOptimize(networks.posts.data());
  }
  state.counters["networks"] = static_cast<double>(networks.networks.size());
  state.counters["posts"] = static_cast<double>(networks.posts.size());
}
BENCHMARK(validate_national_panel_bench)->Name("panel/validate-england")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
