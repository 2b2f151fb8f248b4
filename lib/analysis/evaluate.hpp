#pragma once
// The pieces sensitivity and uncertainty runs share: one check folded into per-service outcome
// flags, windows folded into national counts in integers (so sums do not depend on the order of
// work), a rule-set copy per thread whose ranged values are overwritten in place, and a loop that
// shares out indices over threads.
#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "descheck/analysis/measures.hpp"
#include "rules/ranged_steps.hpp"

namespace descheck::detail {

// Shortfalls are summed as whole micro-hours.
inline constexpr double micro_hours = 1e6;

// Outcome flags of one cell (a service, or all services) over one interval of constant input.
enum : std::uint8_t { cell_in_force = 1, cell_short = 2, cell_no_data = 4 };

/// Per cell (services, then all services) of one check: flags and workload shortfall.
struct interval_outcome {
  std::vector<std::uint8_t> flags;
  std::vector<std::int64_t> short_micro;
  explicit interval_outcome(std::size_t cells = 0) : flags(cells), short_micro(cells) {}
};

/// The outcome of check result `r` (one network, one date).
void outcome_of(const rule_set& rules, const check_result& r, std::uint8_t* flags, std::int64_t* short_micro);

/// One network over one window: the outcomes of its intervals folded together.
struct window_fold {
  std::vector<std::uint8_t> flags;  // OR over intervals
  std::vector<std::int64_t> short_micro_days;
  void reset(std::size_t cells) {
    flags.assign(cells, 0);
    short_micro_days.assign(cells, 0);
  }
  void add(const std::uint8_t* f, const std::int64_t* s, std::int32_t days) {
    for (std::size_t c = 0; c < flags.size(); ++c) {
      flags[c] |= f[c];
      short_micro_days[c] += s[c] * days;
    }
  }
};

/// National counts of one window, added network by network.
struct window_counts {
  std::vector<std::uint32_t> in_force, compliant;
  std::vector<std::int64_t> short_micro_days;
  std::uint32_t no_data = 0;
  void reset(std::size_t cells) {
    in_force.assign(cells, 0);
    compliant.assign(cells, 0);
    short_micro_days.assign(cells, 0);
    no_data = 0;
  }
  /// A network without data on some day of the window is counted apart (its shortfall on the days
  /// with data still counts).
  void add(const window_fold& f) {
    const bool unknown = (f.flags.back() & cell_no_data) != 0;
    no_data += unknown ? 1 : 0;
    for (std::size_t c = 0; c < f.flags.size(); ++c) {
      short_micro_days[c] += f.short_micro_days[c];
      if (unknown || !(f.flags[c] & cell_in_force)) continue;
      ++in_force[c];
      compliant[c] += (f.flags[c] & cell_short) ? 0 : 1;
    }
  }
  /// The cell as reported, for a window of `days` days.
  [[nodiscard]] measure_cell cell(std::size_t c, std::uint32_t service, std::int32_t days) const;
};

/// Days in [from, to].
[[nodiscard]] inline std::int32_t days_in(date from, date to) noexcept { return to.days - from.days + 1; }

/// A rule set of a thread's own whose ranged values can be overwritten in place.
struct variant_rules {
  std::unique_ptr<rule_set> rules;
  std::vector<ranged_step> steps;
  explicit variant_rules(const rule_set& base)
      : rules(std::make_unique<rule_set>(base)), steps(ranged_steps(*rules)) {}
};

/// Calls work(state, i) for every i in [0, count), sharing the indices out over `threads` threads
/// (the calling thread among them), each with its own `make_state()`. progress(done, count) is
/// called from the calling thread. The first exception stops the run and is rethrown.
template <class MakeState, class Work>
void parallel_indices(std::size_t count, unsigned threads, MakeState make_state, Work work,
                      const progress_callback& progress) {
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex mutex;
  const auto loop = [&](bool caller) {
    try {
      auto state = make_state();
      for (;;) {
        if (stop.load()) return;
        const std::size_t i = next.fetch_add(1);
        if (i >= count) return;
        work(state, i);
        const std::size_t now = done.fetch_add(1) + 1;
        if (caller && progress) progress(now, count);
      }
    } catch (...) {
      const std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(loop, false);
  loop(true);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  if (progress) progress(count, count);
}

}  // namespace descheck::detail
