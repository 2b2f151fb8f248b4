// The national report's 90% bands: the report's compliant counts over joint draws of every ranged
// value, taken from one uncertainty run over the same dates and financial years.
#include "descheck/analysis/measures.hpp"
#include "descheck/analysis/uncertainty.hpp"
#include "descheck/report/national.hpp"

namespace descheck {

namespace {

compliance_band band_of(double p5, double p50, double p95) { return {p5, p50, p95}; }

}  // namespace

void add_national_bands(national_report& report, const rule_set& rules, const panel& networks,
                        const national_options& options, std::uint32_t draws, std::uint64_t seed,
                        const progress_callback& progress) {
  uncertainty_options what;
  what.from = options.from;
  what.to = options.to;
  what.every = options.every;
  what.draws = draws;
  what.seed = seed;
  what.threads = options.threads;
  const uncertainty_result drawn = run_uncertainty(rules, networks, what, progress);
  const std::size_t per_date = rules.services.size() + 1;
  national_bands bands;
  bands.seed = seed;
  bands.draws = drawn.draws;
  bands.values = drawn.values;
  // The uncertainty run's base (every value at its value) is the report's own figure (tested).
  // Measures by date, then measure (compliant first), then cell; the report's cells by date, then cell.
  for (std::size_t d = 0; d < report.dates.size(); ++d)
    for (std::size_t c = 0; c < per_date; ++c) {
      const measure_summary& m = drawn.measures.at(d * 2 * per_date + c);
      bands.cells.push_back(band_of(m.p5, m.p50, m.p95));
    }
  std::vector<measure_window> windows;
  for (const national_year& y : report.years) windows.push_back({y.from, y.to});
  const national_measures base = measure_nation(rules, networks, windows, options.threads);
  for (std::size_t y = 0; y < windows.size(); ++y)
    for (std::size_t c = 0; c < per_date; ++c) {
      const measure_cell& cell = base.cells.at(y * per_date + c);
      const year_measure_summary& m = drawn.year_measures.at(y * 2 * per_date + c);
      bands.years.push_back({static_cast<std::uint32_t>(y), cell.service, cell.in_force, cell.compliant, cell.no_data,
                             cell.shortfall_hours, band_of(m.p5, m.p50, m.p95)});
    }
  report.bands = std::move(bands);
}

}  // namespace descheck
