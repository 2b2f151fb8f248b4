#pragma once
/// \file time/series.hpp
/// Results over time (SPEC section 5): monthly or quarterly series, timelines of constant state,
/// earliest compliant dates. Inputs are step functions of the date, so a network is checked once
/// per interval between its breakpoints and the result reused for every date inside it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/check/check.hpp"

namespace descheck {

/// How often a series samples: the 1st of every month, or of January, April, July and October.
enum class cadence : std::uint8_t { month, quarter };

/// Parses `month` or `quarter`; throws input_error (DC060) otherwise.
[[nodiscard]] cadence parse_cadence(std::string_view text);

/// The sample dates of a series over [from, to]: every 1st of a month (or quarter) in the range.
[[nodiscard]] std::vector<date> sample_dates(date from, date to, cadence every);

/// Result of one network over [from, to] (one date in a series: from == to).
struct network_row {
  std::uint32_t network = 0;
  date from;
  date to;
  network_state state = network_state::not_in_force;
  std::uint32_t active = 0;
  std::uint32_t unmet = 0;
  double demand_hours = 0.0;
  double delivered_hours = 0.0;
  [[nodiscard]] double shortfall_hours() const noexcept {
    return demand_hours > delivered_hours ? demand_hours - delivered_hours : 0.0;
  }
  /// Same outcome (everything but the dates).
  [[nodiscard]] bool same_outcome(const network_row& o) const noexcept {
    return network == o.network && state == o.state && active == o.active && unmet == o.unmet &&
           demand_hours == o.demand_hours && delivered_hours == o.delivered_hours;
  }
};

/// Result of one active requirement of one network over [from, to].
struct requirement_row {
  std::uint32_t network = 0;
  date from;
  date to;
  std::uint32_t requirement = 0;  ///< index into rule_set::flat
  double demand = 0.0;
  double delivered = 0.0;
  requirement_status status = requirement_status::met;
  [[nodiscard]] double shortfall() const noexcept { return demand > delivered ? demand - delivered : 0.0; }
  [[nodiscard]] double coverage() const noexcept {
    return demand > delivered && demand > 0.0 ? delivered / demand : 1.0;
  }
  [[nodiscard]] bool same_outcome(const requirement_row& o) const noexcept {
    return network == o.network && requirement == o.requirement && demand == o.demand && delivered == o.delivered &&
           status == o.status;
  }
};

/// First date from which a network stays compliant with one service to the end of a range.
enum class earliest_status : std::uint8_t {
  compliant,       ///< compliant on every date the service is in force in the range
  compliant_from,  ///< not at first, then compliant from `earliest` to the end
  not_compliant,   ///< not compliant at the end of the range
  not_in_force,    ///< the service is not in force at the end of the range
};
/// Name as written in output (`compliant`, `compliant_from`, `not_compliant`, `not_in_force`).
[[nodiscard]] const char* to_string(earliest_status s) noexcept;

/// Earliest compliant date of one network and one service over a range.
struct earliest_row {
  std::uint32_t network = 0;
  std::uint32_t service = 0;  ///< index into rule_set::services
  earliest_status status = earliest_status::not_in_force;
  date in_force_from;  ///< start of the last stretch in which the service is in force (valid unless not_in_force)
  date earliest;       ///< valid for compliant and compliant_from
};

/// Rows of a run of consecutive networks, in network order, then date.
struct result_block {
  std::uint32_t first_network = 0;
  std::uint32_t last_network = 0;  ///< one past the last
  std::vector<network_row> networks;
  std::vector<requirement_row> requirements;
  std::vector<earliest_row> earliest;
  std::string text;  ///< free for the caller, e.g. the block's rows already formatted
  void clear() noexcept {
    networks.clear();
    requirements.clear();
    earliest.clear();
    text.clear();
  }
};

/// What to keep of each check.
struct series_options {
  bool requirements = true;  ///< requirement rows as well as network rows
  bool earliest = false;     ///< earliest compliant dates (timeline only)
};

/// Evaluates networks over time, reusing one check per interval of constant input. Holds a
/// checker and its scratch space: one per thread. The rule set and panel must outlive it.
class series_engine {
 public:
  series_engine(const rule_set& rules, const panel& networks);
  ~series_engine();
  series_engine(series_engine&&) noexcept;
  series_engine& operator=(series_engine&&) noexcept;

  /// Appends the rows of network `n` at each of `dates` (ascending) to `out`; equal to a check at
  /// every date, with one check per distinct interval between breakpoints.
  void sample(std::uint32_t n, const std::vector<date>& dates, const series_options& options, result_block& out);

  /// Appends the intervals of [from, to] over which network `n`'s results are constant: network
  /// rows merge where the network row is unchanged, requirement rows where that requirement's row
  /// is; plus earliest compliant dates when asked.
  void timeline(std::uint32_t n, date from, date to, const series_options& options, result_block& out);

  /// Dates in (from, to] at which some input of network `n` changes, ascending, plus `from`.
  [[nodiscard]] const std::vector<date>& interval_starts(std::uint32_t n, date from, date to);

  /// The underlying checker (for bottleneck groups and explanations).
  [[nodiscard]] checker& check() noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Progress of a long run: networks done of the total. Called from the calling thread.
using progress_callback = std::function<void(std::size_t done, std::size_t total)>;

/// Runs `work` over blocks of consecutive networks on `threads` threads (0: all cores), each
/// thread with its own engine, and hands the blocks to `consume` on the calling thread in network
/// order, so output is identical for any thread count. Exceptions from `work` are rethrown here.
void for_each_block(const rule_set& rules, const panel& networks, unsigned threads,
                    const std::function<void(series_engine&, result_block&)>& work,
                    const std::function<void(const result_block&)>& consume, const progress_callback& progress = {});

/// Number of threads `threads == 0` stands for (the machine's cores, at least 1).
[[nodiscard]] unsigned resolve_threads(unsigned threads) noexcept;

}  // namespace descheck
