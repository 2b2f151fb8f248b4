// Heap allocations on the warm paths: a warm check, a warm series block and a warm solve allocate
// nothing. Its own executable because it replaces the global operator new for the whole process.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <random>
#include <vector>

#include "check/solver.hpp"
#include "descheck/descheck.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}

// g++ 12 flags malloc/free inside replacement operators as mismatched; they are the replacement.
// Every plain, array and nothrow form is replaced: under AddressSanitizer, which supplies its own
// operator new, a form left out would pair its allocation with another form's free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void* operator new(std::size_t size) {
  if (void* p = operator new(size, std::nothrow)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return operator new(size, std::nothrow); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

using namespace descheck;

/// Heap allocations made by `work`.
template <class Work>
std::size_t allocations_in(Work&& work) {
  const std::size_t before = allocations.load();
  work();
  return allocations.load() - before;
}

const rule_set& shipped_rules() {
  static const rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  return rules;
}

// The benchmark's network: about the median list size, a typical additional-roles team, some
// requirements short (so the solver's shortage paths run too).
panel realistic_panel(const rule_set& rules) {
  panel p;
  network net;
  net.id = "ALLOC1";
  net.drivers.resize(rules.drivers.size());
  net.drivers[rules.find_driver("registered_patients")] = schedule::constant(44'000);
  net.drivers[rules.find_driver("care_home_beds")] = schedule::constant(160);
  p.networks.push_back(net);
  const std::pair<const char*, double> team[] = {
      {"clinical_pharmacist", 0.4}, {"pharmacy_technician", 1.0}, {"social_prescribing_link_worker", 2.0},
      {"care_coordinator", 2.0},    {"paramedic", 0.2},           {"first_contact_physiotherapist", 1.0},
      {"clinical_director", 0.25}};
  for (const auto& [role_id, wte] : team) {
    post row;
    row.role = rules.find_role(role_id);
    row.wte = wte;
    p.posts.push_back(row);
  }
  p.first_post = {0, static_cast<std::uint32_t>(p.posts.size())};
  return p;
}

void* volatile sink = nullptr;  // keeps the compiler from eliding the probe allocation

TEST(Allocations, CounterSeesTheHeap) {
  // Without this, a replacement the linker ignored would make every test below pass.
  EXPECT_GE(allocations_in([] {
              std::vector<int> v;
              v.reserve(100);
              sink = v.data();
            }),
            1u);
}

TEST(Check, WarmCheckAllocatesNothing) {
  const rule_set& rules = shipped_rules();
  const panel networks = realistic_panel(rules);
  checker check(rules, networks);
  const date at = *parse_date("2024-04-01");
  const check_result& warm = check.run(0, at);
  ASSERT_GT(warm.active, 10u);
  ASSERT_GT(warm.unmet, 0u) << "the network should be short somewhere, so the shortage paths run";
  EXPECT_EQ(allocations_in([&] {
              for (int i = 0; i < 20; ++i) (void)check.run(0, at);
            }),
            0u);
  // Moving between dates with different requirements in force reuses the same buffers.
  const date earlier = *parse_date("2020-10-01");
  (void)check.run(0, earlier);
  EXPECT_EQ(allocations_in([&] {
              for (int i = 0; i < 20; ++i) {
                (void)check.run(0, at);
                (void)check.run(0, earlier);
              }
            }),
            0u);
}

TEST(Check, WarmCheckWithBottlenecksAllocatesNothing) {
  const rule_set& rules = shipped_rules();
  const panel networks = realistic_panel(rules);
  checker check(rules, networks);
  check_options with_groups;
  with_groups.bottlenecks = true;
  const date at = *parse_date("2024-04-01");
  const check_result& warm = check.run(0, at, with_groups);
  ASSERT_FALSE(warm.bottlenecks.empty()) << "the network should be short, so that groups are built";
  ASSERT_FALSE(warm.bottlenecks.front().requirements.empty());
  ASSERT_FALSE(warm.bottlenecks.front().roles.empty());
  EXPECT_EQ(allocations_in([&] {
              for (int i = 0; i < 20; ++i) (void)check.run(0, at, with_groups);
            }),
            0u);
  // Between dates, and with checks without groups in between, the groups' buffers are reused too.
  const date earlier = *parse_date("2020-10-01");
  for (int i = 0; i < 3; ++i) {
    (void)check.run(0, earlier, with_groups);
    (void)check.run(0, at, with_groups);
  }
  EXPECT_EQ(allocations_in([&] {
              for (int i = 0; i < 20; ++i) {
                (void)check.run(0, at, with_groups);
                (void)check.run(0, earlier, with_groups);
                (void)check.run(0, at);
              }
            }),
            0u);
  EXPECT_FALSE(check.run(0, at, with_groups).bottlenecks.empty());
}

TEST(Series, WarmBlockAllocatesNothing) {
  const rule_set& rules = shipped_rules();
  const synthetic_panel generated = make_synthetic_panel(rules, 1, {});
  const panel& networks = generated.networks;
  ASSERT_GE(networks.networks.size(), 40u);
  const std::vector<date> months = sample_dates(*parse_date("2020-04-01"), *parse_date("2024-03-31"), cadence::month);
  series_engine engine(rules, networks);
  result_block block;
  auto fill = [&] {
    block.clear();
    for (std::uint32_t n = 0; n < 40; ++n) engine.sample(n, months, {}, block);
  };
  fill();
  fill();
  ASSERT_EQ(block.networks.size(), 40 * months.size());
  ASSERT_GT(block.requirements.size(), block.networks.size());
  EXPECT_EQ(allocations_in(fill), 0u);
}

TEST(Solver, WarmSolveAllocatesNothing) {
  using descheck::detail::solver;
  using descheck::detail::ticks;
  using descheck::detail::unlimited;
  std::mt19937 rng(7);
  std::uniform_int_distribution<ticks> hours(1, 40);
  std::uniform_int_distribution<int> priority(0, 2);
  constexpr std::uint32_t roles = 6, requirements = 12;
  std::vector<ticks> capacity(roles), demand(requirements);
  std::vector<int> priorities(requirements);
  for (ticks& c : capacity) c = hours(rng) * 3'600'000;
  for (ticks& d : demand) d = hours(rng) * 3'600'000;
  for (int& p : priorities) p = priority(rng);
  solver s;
  std::vector<ticks> first(requirements);
  auto run = [&] {
    s.reset(roles);
    for (std::uint32_t k = 0; k < roles; ++k) s.set_capacity(k, capacity[k]);
    for (std::uint32_t r = 0; r < requirements; ++r) s.add_requirement(priorities[r], demand[r]);
    for (std::uint32_t r = 0; r < requirements; ++r)
      for (std::uint32_t k = (r % 3); k < roles; k += 2) s.add_edge(k, r, unlimited);
    s.solve();
  };
  run();
  for (std::uint32_t r = 0; r < requirements; ++r) first[r] = s.delivered(r);
  EXPECT_EQ(allocations_in(run), 0u);
  for (std::uint32_t r = 0; r < requirements; ++r) EXPECT_EQ(s.delivered(r), first[r]);
}

}  // namespace
