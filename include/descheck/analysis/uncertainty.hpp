#pragma once
/// \file analysis/uncertainty.hpp
/// Joint uncertainty (SPEC section 9): N draws, each setting every ranged value of the rule set
/// from its distribution at once; per network and sample date the share of draws in which it is
/// compliant, and per measure the mean and the 5th, 50th and 95th percentiles over draws.
///
/// Draw i's number for a value depends only on (seed, i, the value's id) through a counter-based
/// hash (draw_unit), never on a shared sequence, so any split of the draws over threads or machines
/// gives the same numbers. A run can be split by draw range: run draws [a, b) anywhere, merge the
/// partial results with combine(), and summarise() gives exactly what one run of all draws gives.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/analysis/measures.hpp"
#include "descheck/io/table.hpp"
#include "descheck/rules/ranges.hpp"

namespace descheck {

/// A stable 64-bit hash of a ranged value's id (FNV-1a, then the SplitMix64 finaliser).
[[nodiscard]] std::uint64_t id_hash(std::string_view id) noexcept;

/// The uniform number in [0, 1) of draw `draw` for the value whose id hashes to `key`:
/// splitmix64(splitmix64(splitmix64(seed) ^ draw) ^ key), top 53 bits.
[[nodiscard]] double draw_unit(std::uint64_t seed, std::uint64_t draw, std::uint64_t key) noexcept;

/// The value at quantile `u` in [0, 1) of `range` (triangular with mode `mode`, or uniform), by the
/// inverse distribution function; always within [range.low, range.high].
[[nodiscard]] double draw_value(const plausible_range& range, double mode, double u) noexcept;

/// What to run.
struct uncertainty_options {
  date from;
  date to;
  cadence every = cadence::quarter;
  std::uint32_t draws = 100;
  std::uint64_t seed = 0;
  unsigned threads = 0;  ///< 0: all cores; the result is the same for any count
};

/// What draws [first_draw, last_draw) produced, in integers, so that partial results add up
/// exactly. Combine partial results with combine(); turn them into figures with summarise().
struct uncertainty_partial {
  std::uint64_t seed = 0;
  std::uint32_t first_draw = 0;
  std::uint32_t last_draw = 0;  ///< one past the last
  std::uint32_t networks = 0;
  std::uint32_t dates = 0;
  std::uint32_t cells = 0;  ///< services + 1 per date
  /// Per network and date (`[n * dates + d]`): draws in which it was compliant, in force, without data.
  std::vector<std::uint32_t> compliant_draws, in_force_draws, no_data_draws;
  /// Per draw, date and cell (`[(i - first_draw) * dates * cells + d * cells + c]`): networks
  /// compliant, and shortfall in whole micro-hours a week.
  std::vector<std::uint32_t> draw_compliant;
  std::vector<std::int64_t> draw_shortfall_micro;
  std::uint32_t years = 0;  ///< financial years overlapping the run's range (financial_year_windows)
  /// Per draw, financial year and cell (`[(i - first_draw) * years * cells + y * cells + c]`):
  /// networks compliant all year, and shortfall in whole micro-hours a week summed over the days.
  std::vector<std::uint32_t> draw_year_compliant;
  std::vector<std::int64_t> draw_year_shortfall_micro_days;
  friend bool operator==(const uncertainty_partial&, const uncertainty_partial&) = default;
};

/// Merges partial results of the same run whose draw ranges are disjoint and, taken together,
/// contiguous; the order of `parts` does not matter. Throws input_error (DC060) otherwise.
[[nodiscard]] uncertainty_partial combine(std::vector<uncertainty_partial> parts);

/// One network at one sample date over all draws.
struct network_probability {
  std::uint32_t network = 0;
  date at;
  std::uint32_t draws = 0;
  std::uint32_t in_force = 0;   ///< draws with something in force
  std::uint32_t compliant = 0;  ///< draws compliant
  std::uint32_t no_data = 0;    ///< draws without data (all or none: coverage does not vary)
  /// compliant / (draws - no_data); 0 when every draw lacks data.
  [[nodiscard]] double probability() const noexcept {
    return draws > no_data ? static_cast<double>(compliant) / (draws - no_data) : 0.0;
  }
  friend bool operator==(const network_probability&, const network_probability&) = default;
};

/// One measure in one cell over all draws. Percentiles are nearest-rank: the p-th is the value of
/// rank ceil(p/100 × N) (1-based, at least 1) among the N draws sorted ascending.
struct measure_summary {
  measure_kind measure = measure_kind::compliant;
  std::uint32_t service = no_index;  ///< index into rule_set::services, or no_index for all services
  date at;
  double base = 0.0;  ///< every value at its value
  double mean = 0.0;
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  friend bool operator==(const measure_summary&, const measure_summary&) = default;
};

/// One measure over one financial year over all draws, with the meaning of measure_nation() for
/// that window: judged on every day of the year inside the run's range (every interval of
/// constant input, not only the sample dates); shortfall as the mean over those days.
struct year_measure_summary {
  measure_kind measure = measure_kind::compliant;
  std::uint32_t service = no_index;  ///< index into rule_set::services, or no_index for all services
  std::string financial_year;        ///< "2021/22"
  measure_window window;             ///< the days judged: the financial year clipped to [from, to]
  double base = 0.0;                 ///< every value at its value
  double mean = 0.0;
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  friend bool operator==(const year_measure_summary&, const year_measure_summary&) = default;
};

/// The figures of a whole run.
struct uncertainty_result {
  std::string scenario = "baseline";
  std::uint64_t seed = 0;
  std::uint32_t draws = 0;
  std::uint32_t values = 0;  ///< ranged values drawn
  std::vector<date> dates;
  std::vector<network_probability> networks;  ///< by network, then date
  /// By date, then measure (compliant, shortfall), then service in id order, then all services.
  std::vector<measure_summary> measures;
  /// By financial year (financial_year_windows(from, to)), then measure, then service in id order,
  /// then all services.
  std::vector<year_measure_summary> year_measures;
};

/// A run prepared once (ranged values, sample dates, the measures with every value at its value)
/// and then asked for any range of draws, from any number of processes. The rule set and panel
/// must outlive it; it may be used from several threads at once.
class uncertainty_run {
 public:
  uncertainty_run(const rule_set& rules, const panel& networks, const uncertainty_options& options);
  ~uncertainty_run();
  uncertainty_run(uncertainty_run&&) noexcept;
  uncertainty_run& operator=(uncertainty_run&&) noexcept;

  /// The values every draw sets, in ranged_values() order.
  [[nodiscard]] const std::vector<ranged_value>& values() const noexcept;
  /// The sample dates.
  [[nodiscard]] const std::vector<date>& dates() const noexcept;
  /// The financial years, clipped to the run's range.
  [[nodiscard]] const std::vector<measure_window>& years() const noexcept;
  /// The value draw `draw` gives ranged value `k`.
  [[nodiscard]] double value_of(std::uint32_t draw, std::size_t k) const noexcept;

  /// Runs draws [first, last) on `threads` threads (0: all cores). `progress` counts draws done,
  /// from the calling thread. The result does not depend on the thread count.
  [[nodiscard]] uncertainty_partial run(std::uint32_t first, std::uint32_t last, unsigned threads = 0,
                                        const progress_callback& progress = {}) const;

  /// The figures of a partial result covering draws [0, N). One whose `years` is 0 and whose
  /// year vectors are empty (made by a writer that does not carry them) gives no year_measures.
  [[nodiscard]] uncertainty_result summarise(const uncertainty_partial& all) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Prepares, runs options.draws draws and summarises.
[[nodiscard]] uncertainty_result run_uncertainty(const rule_set& rules, const panel& networks,
                                                 const uncertainty_options& options,
                                                 const progress_callback& progress = {});

/// Writes the per-network table: CSV header
/// `network_id,date,draws,in_force,compliant,no_data,probability` (probability with 4 decimals,
/// empty without data), or JSON (an array of objects with the same keys).
void write_network_probabilities(std::ostream& out, const panel& networks, const uncertainty_result& result, bool json);

/// Writes the measure summary: a table (aligned columns), CSV
/// `measure,service,date,base,mean,p5,p50,p95`, JSON or Markdown. Compliant counts carry 1 decimal
/// in the mean and none elsewhere; shortfall hours 1 decimal. The table and Markdown are followed
/// by the financial-year table and JSON carries it as `year_measures` (write_year_measures); CSV
/// is the one table of dates.
void write_measure_summary(std::ostream& out, const rule_set& rules, const uncertainty_result& result,
                           analysis_format format);

/// The financial-year summary as a table of the output layer:
/// `measure,service,financial_year,from,to,base,mean,p5,p50,p95`.
[[nodiscard]] table year_measure_table(const rule_set& rules, const uncertainty_result& result);

/// Writes year_measure_table() in `format`.
void write_year_measures(std::ostream& out, const rule_set& rules, const uncertainty_result& result,
                         table_format format);

}  // namespace descheck
