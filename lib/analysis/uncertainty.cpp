// Joint uncertainty (SPEC 9): draws of every ranged value at once, counted in integers per draw.
#include "descheck/analysis/uncertainty.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/evaluate.hpp"

namespace descheck {

namespace {

constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  std::uint64_t z = x + 0x9E37'79B9'7F4A'7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58'476D'1CE4'E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D0'49BB'1331'11EBull;
  return z ^ (z >> 31);
}

[[noreturn]] void usage(const std::string& message) { throw input_error({{"", 0, 0, codes::usage, message}}); }

}  // namespace

std::uint64_t id_hash(std::string_view id) noexcept {
  std::uint64_t h = 0xCBF2'9CE4'8422'2325ull;
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x0000'0100'0000'01B3ull;
  }
  return splitmix64(h);
}

double draw_unit(std::uint64_t seed, std::uint64_t draw, std::uint64_t key) noexcept {
  const std::uint64_t bits = splitmix64(splitmix64(splitmix64(seed) ^ draw) ^ key);
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

double draw_value(const plausible_range& range, double mode, double u) noexcept {
  const double a = range.low;
  const double b = range.high;
  if (!(b > a)) return a;
  double x = 0.0;
  if (range.distribution == value_distribution::uniform) {
    x = a + u * (b - a);
  } else {
    const double c = std::clamp(mode, a, b);
    const double at_mode = (c - a) / (b - a);
    x = u < at_mode ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1.0 - u) * (b - a) * (b - c));
  }
  return std::clamp(x, a, b);
}

struct uncertainty_run::impl {
  const rule_set& rules;
  const panel& networks;
  uncertainty_options options;
  std::vector<ranged_value> values;
  std::vector<std::uint64_t> keys;
  std::vector<date> dates;
  std::vector<measure_window> years;
  national_measures base;        // at the dates
  national_measures base_years;  // over the financial years (as sensitivity --year)
  std::size_t cells = 0;

  impl(const rule_set& r, const panel& p, const uncertainty_options& o)
      : rules(r),
        networks(p),
        options(o),
        values(ranged_values(r)),
        dates(sample_dates(o.from, o.to, o.every)),
        years(financial_year_windows(o.from, o.to)) {
    for (const ranged_value& v : values) keys.push_back(id_hash(v.id));
    cells = rules.services.size() + 1;
    std::vector<measure_window> windows;
    for (const date d : dates) windows.push_back(at_date(d));
    base = measure_nation(rules, networks, windows, options.threads);
    if (dates.empty()) years.clear();  // nothing sampled: nothing drawn
    base_years = measure_nation(rules, networks, years, options.threads);
  }
};

uncertainty_run::uncertainty_run(const rule_set& rules, const panel& networks, const uncertainty_options& options)
    : impl_(std::make_unique<impl>(rules, networks, options)) {}
uncertainty_run::~uncertainty_run() = default;
uncertainty_run::uncertainty_run(uncertainty_run&&) noexcept = default;
uncertainty_run& uncertainty_run::operator=(uncertainty_run&&) noexcept = default;

const std::vector<ranged_value>& uncertainty_run::values() const noexcept { return impl_->values; }
const std::vector<date>& uncertainty_run::dates() const noexcept { return impl_->dates; }
const std::vector<measure_window>& uncertainty_run::years() const noexcept { return impl_->years; }

double uncertainty_run::value_of(std::uint32_t draw, std::size_t k) const noexcept {
  const ranged_value& v = impl_->values[k];
  return draw_value(v.range, v.value, draw_unit(impl_->options.seed, draw, impl_->keys[k]));
}

namespace {

// What a draw looks at: the run's range, sample dates and financial years.
struct draw_plan {
  date from;
  date to;
  const std::vector<date>* dates;
  const std::vector<measure_window>* years;
  std::size_t cells;
};

// Per thread: a rule set of its own with a series engine on it, the outcome of every interval of
// the network in hand, and the per network-date counts of the draws this thread ran.
struct draw_worker {
  detail::variant_rules variant;
  series_engine engine;
  std::vector<std::uint8_t> flags;  // [k * cells + c]: interval k of the current network
  std::vector<std::int64_t> short_micro;
  std::vector<char> checked;                                // per interval
  std::vector<std::size_t> sample_interval;                 // per date: the interval that holds it
  detail::window_fold fold;                                 // one financial year of the current network
  std::vector<detail::window_counts> years;                 // of the current draw
  std::vector<std::uint32_t> compliant, in_force, no_data;  // [n * dates + d]
  draw_worker(const rule_set& rules, const panel& networks, const draw_plan& plan)
      : variant(rules),
        engine(*variant.rules, networks),
        sample_interval(plan.dates->size()),
        years(plan.years->size()),
        compliant(networks.networks.size() * plan.dates->size()),
        in_force(networks.networks.size() * plan.dates->size()),
        no_data(networks.networks.size() * plan.dates->size()) {
    for (detail::window_counts& y : years) y.reset(plan.cells);
  }
};

// Interval k of network n, checked at `at` (a day in it) unless this draw has checked it already.
void check_interval(draw_worker& w, std::uint32_t n, std::size_t k, date at, std::size_t cells) {
  if (w.checked[k]) return;
  detail::outcome_of(*w.variant.rules, w.engine.check().run(n, at), &w.flags[k * cells], &w.short_micro[k * cells]);
  w.checked[k] = 1;
}

// Network n over the run's range: one check per interval of constant input, at the first sample
// date it holds (as `descheck series`) or, for an interval without one, at its first day; every
// interval when there are financial years to judge, which need every day.
const std::vector<date>& check_network(draw_worker& w, std::uint32_t n, const draw_plan& plan) {
  const std::vector<date>& starts = w.engine.interval_starts(n, plan.from, plan.to);
  w.flags.resize(starts.size() * plan.cells);
  w.short_micro.resize(starts.size() * plan.cells);
  w.checked.assign(starts.size(), 0);
  const std::vector<date>& dates = *plan.dates;
  std::size_t k = 0;
  for (std::size_t d = 0; d < dates.size(); ++d) {
    while (k + 1 < starts.size() && starts[k + 1] <= dates[d]) ++k;
    w.sample_interval[d] = k;
    check_interval(w, n, k, dates[d], plan.cells);
  }
  if (!plan.years->empty())
    for (k = 0; k < starts.size(); ++k) check_interval(w, n, k, starts[k], plan.cells);
  return starts;
}

// Each financial year of the network folded over its intervals, as measure_nation() folds a window.
void fold_years(draw_worker& w, const std::vector<date>& starts, const draw_plan& plan) {
  std::size_t k = 0;
  for (std::size_t y = 0; y < plan.years->size(); ++y) {
    const measure_window& year = (*plan.years)[y];
    w.fold.reset(plan.cells);
    while (k + 1 < starts.size() && starts[k + 1] <= year.from) ++k;
    for (std::size_t j = k; j < starts.size() && starts[j] <= year.to; ++j) {
      const date end = j + 1 < starts.size() ? add_days(starts[j + 1], -1) : plan.to;
      const std::int32_t days = detail::days_in(std::max(starts[j], year.from), std::min(end, year.to));
      w.fold.add(&w.flags[j * plan.cells], &w.short_micro[j * plan.cells], days);
    }
    w.years[y].add(w.fold);
  }
}

// Network n's sample dates added to the draw's per-date counts and to its own per-date tallies.
void count_dates(draw_worker& w, std::uint32_t n, const draw_plan& plan, std::uint32_t* compliant,
                 std::int64_t* shortfall) {
  const std::size_t cells = plan.cells;
  const std::size_t dates = plan.dates->size();
  for (std::size_t d = 0; d < dates; ++d) {
    const std::uint8_t* f = &w.flags[w.sample_interval[d] * cells];
    const std::int64_t* sm = &w.short_micro[w.sample_interval[d] * cells];
    const std::size_t nd = static_cast<std::size_t>(n) * dates + d;
    if (f[cells - 1] & detail::cell_no_data) {
      ++w.no_data[nd];
      continue;
    }
    for (std::size_t c = 0; c < cells; ++c) {
      shortfall[d * cells + c] += sm[c];
      if ((f[c] & detail::cell_in_force) && !(f[c] & detail::cell_short)) ++compliant[d * cells + c];
    }
    const std::uint8_t all = f[cells - 1];
    w.in_force[nd] += (all & detail::cell_in_force) ? 1 : 0;
    w.compliant[nd] += (all & detail::cell_in_force) && !(all & detail::cell_short) ? 1 : 0;
  }
}

// The draw's financial-year counts into its slots of the partial result; the counts start again.
void take_years(draw_worker& w, std::size_t cells, std::uint32_t* compliant, std::int64_t* shortfall) {
  for (std::size_t y = 0; y < w.years.size(); ++y) {
    for (std::size_t c = 0; c < cells; ++c) {
      compliant[y * cells + c] = w.years[y].compliant[c];
      shortfall[y * cells + c] = w.years[y].short_micro_days[c];
    }
    w.years[y].reset(cells);
  }
}

// Collects the workers when their threads are done with them.
struct worker_holder {
  std::unique_ptr<draw_worker> w;
  std::mutex* mutex;
  std::vector<std::unique_ptr<draw_worker>>* finished;
  ~worker_holder() {
    if (!w) return;
    const std::lock_guard lock(*mutex);
    finished->push_back(std::move(w));
  }
  worker_holder(worker_holder&&) noexcept = default;
  worker_holder(std::unique_ptr<draw_worker> p, std::mutex* m, std::vector<std::unique_ptr<draw_worker>>* f)
      : w(std::move(p)), mutex(m), finished(f) {}
};

// An empty partial result of draws [first, last), its vectors sized.
uncertainty_partial empty_partial(std::uint64_t seed, std::uint32_t first, std::uint32_t last, std::size_t networks,
                                  const draw_plan& plan) {
  uncertainty_partial out;
  out.seed = seed;
  out.first_draw = first;
  out.last_draw = last;
  out.networks = static_cast<std::uint32_t>(networks);
  out.dates = static_cast<std::uint32_t>(plan.dates->size());
  out.cells = static_cast<std::uint32_t>(plan.cells);
  out.years = static_cast<std::uint32_t>(plan.years->size());
  const std::size_t draws = last - first;
  const std::size_t network_dates = networks * out.dates;
  out.draw_compliant.assign(draws * out.dates * plan.cells, 0);
  out.draw_shortfall_micro.assign(draws * out.dates * plan.cells, 0);
  out.draw_year_compliant.assign(draws * out.years * plan.cells, 0);
  out.draw_year_shortfall_micro_days.assign(draws * out.years * plan.cells, 0);
  out.compliant_draws.assign(network_dates, 0);
  out.in_force_draws.assign(network_dates, 0);
  out.no_data_draws.assign(network_dates, 0);
  return out;
}

}  // namespace

uncertainty_partial uncertainty_run::run(std::uint32_t first, std::uint32_t last, unsigned threads,
                                         const progress_callback& progress) const {
  if (last < first) usage("draw range [" + std::to_string(first) + ", " + std::to_string(last) + ") is empty");
  const impl& s = *impl_;
  const draw_plan plan{s.options.from, s.options.to, &s.dates, &s.years, s.cells};
  uncertainty_partial out = empty_partial(s.options.seed, first, last, s.networks.networks.size(), plan);
  if (s.dates.empty() || last == first) return out;
  const std::size_t per_draw = s.dates.size() * s.cells;
  const std::size_t per_draw_years = s.years.size() * s.cells;

  std::mutex mutex;
  std::vector<std::unique_ptr<draw_worker>> finished;
  detail::parallel_indices(
      last - first, resolve_threads(threads),
      [&] { return worker_holder(std::make_unique<draw_worker>(s.rules, s.networks, plan), &mutex, &finished); },
      [&](worker_holder& h, std::size_t i) {
        draw_worker& w = *h.w;
        const auto draw = static_cast<std::uint32_t>(first + i);
        for (std::size_t k = 0; k < s.values.size(); ++k) w.variant.steps[k].at->value = value_of(draw, k);
        for (std::uint32_t n = 0; n < out.networks; ++n) {
          const std::vector<date>& starts = check_network(w, n, plan);
          count_dates(w, n, plan, &out.draw_compliant[i * per_draw], &out.draw_shortfall_micro[i * per_draw]);
          fold_years(w, starts, plan);
        }
        take_years(w, s.cells, &out.draw_year_compliant[i * per_draw_years],
                   &out.draw_year_shortfall_micro_days[i * per_draw_years]);
      },
      progress);
  // Integer sums: the same whichever thread ran which draw.
  for (const auto& w : finished)
    for (std::size_t j = 0; j < out.compliant_draws.size(); ++j) {
      out.compliant_draws[j] += w->compliant[j];
      out.in_force_draws[j] += w->in_force[j];
      out.no_data_draws[j] += w->no_data[j];
    }
  return out;
}

uncertainty_partial combine(std::vector<uncertainty_partial> parts) {
  if (parts.empty()) usage("no partial results to combine");
  std::sort(parts.begin(), parts.end(),
            [](const uncertainty_partial& a, const uncertainty_partial& b) { return a.first_draw < b.first_draw; });
  uncertainty_partial out = std::move(parts.front());
  for (std::size_t p = 1; p < parts.size(); ++p) {
    const uncertainty_partial& part = parts[p];
    if (part.seed != out.seed || part.networks != out.networks || part.dates != out.dates || part.cells != out.cells ||
        part.years != out.years)
      usage("partial results of different runs (seed, panel or dates differ) cannot be combined");
    if (part.first_draw != out.last_draw)
      usage("partial results leave a gap or overlap at draw " +
            std::to_string(std::min(part.first_draw, out.last_draw)));
    out.last_draw = part.last_draw;
    out.draw_compliant.insert(out.draw_compliant.end(), part.draw_compliant.begin(), part.draw_compliant.end());
    out.draw_shortfall_micro.insert(out.draw_shortfall_micro.end(), part.draw_shortfall_micro.begin(),
                                    part.draw_shortfall_micro.end());
    out.draw_year_compliant.insert(out.draw_year_compliant.end(), part.draw_year_compliant.begin(),
                                   part.draw_year_compliant.end());
    out.draw_year_shortfall_micro_days.insert(out.draw_year_shortfall_micro_days.end(),
                                              part.draw_year_shortfall_micro_days.begin(),
                                              part.draw_year_shortfall_micro_days.end());
    for (std::size_t j = 0; j < out.compliant_draws.size(); ++j) {
      out.compliant_draws[j] += part.compliant_draws[j];
      out.in_force_draws[j] += part.in_force_draws[j];
      out.no_data_draws[j] += part.no_data_draws[j];
    }
  }
  return out;
}

namespace {

// Nearest rank: the value of rank ceil(p/100 × N), 1-based, among `sorted`.
template <class T>
T nearest_rank(const std::vector<T>& sorted, std::uint64_t p) {
  const std::uint64_t n = sorted.size();
  const std::uint64_t rank = std::max<std::uint64_t>(1, (p * n + 99) / 100);
  return sorted[rank - 1];
}

template <class T>
void fill_summary(std::vector<T> values, double scale, measure_summary& out) {
  std::sort(values.begin(), values.end());
  long double sum = 0;  // exact for integer counts and micro-hours of any realistic run
  std::int64_t whole = 0;
  for (const T v : values) whole += static_cast<std::int64_t>(v);
  sum = static_cast<long double>(whole);
  out.mean = static_cast<double>(sum / static_cast<long double>(values.size())) / scale;
  out.p5 = static_cast<double>(nearest_rank(values, 5)) / scale;
  out.p50 = static_cast<double>(nearest_rank(values, 50)) / scale;
  out.p95 = static_cast<double>(nearest_rank(values, 95)) / scale;
}

// The per-date measures of all draws, by date, measure, then cell.
void summarise_dates(const uncertainty_partial& all, const std::vector<date>& dates, const national_measures& base,
                     std::vector<measure_summary>& out) {
  const std::size_t cells = all.cells;
  const std::uint32_t draws = all.last_draw - all.first_draw;
  const std::size_t per_draw = dates.size() * cells;
  std::vector<std::uint32_t> counts(draws);
  std::vector<std::int64_t> micro(draws);
  for (std::size_t d = 0; d < dates.size(); ++d)
    for (const measure_kind kind : {measure_kind::compliant, measure_kind::shortfall})
      for (std::size_t c = 0; c < cells; ++c) {
        measure_summary m;
        m.measure = kind;
        m.service = c + 1 == cells ? no_index : static_cast<std::uint32_t>(c);
        m.at = dates[d];
        m.base = base.cells[d * cells + c].value(kind);
        for (std::uint32_t i = 0; i < draws; ++i) {
          counts[i] = all.draw_compliant[i * per_draw + d * cells + c];
          micro[i] = all.draw_shortfall_micro[i * per_draw + d * cells + c];
        }
        if (kind == measure_kind::compliant) {
          fill_summary(counts, 1.0, m);
        } else {
          fill_summary(micro, detail::micro_hours, m);
        }
        out.push_back(m);
      }
}

// The financial-year measures of all draws, by year, measure, then cell; the shortfall is the
// mean over the days of the year, as measure_nation() gives it.
void summarise_years(const uncertainty_partial& all, const std::vector<measure_window>& years,
                     const national_measures& base, std::vector<year_measure_summary>& out) {
  const std::size_t cells = all.cells;
  const std::uint32_t draws = all.last_draw - all.first_draw;
  const std::size_t per_draw = years.size() * cells;
  std::vector<std::uint32_t> counts(draws);
  std::vector<std::int64_t> micro_days(draws);
  for (std::size_t y = 0; y < years.size(); ++y) {
    const double days = detail::days_in(years[y].from, years[y].to);
    for (const measure_kind kind : {measure_kind::compliant, measure_kind::shortfall})
      for (std::size_t c = 0; c < cells; ++c) {
        measure_summary m;
        for (std::uint32_t i = 0; i < draws; ++i) {
          counts[i] = all.draw_year_compliant[i * per_draw + y * cells + c];
          micro_days[i] = all.draw_year_shortfall_micro_days[i * per_draw + y * cells + c];
        }
        if (kind == measure_kind::compliant) {
          fill_summary(counts, 1.0, m);
        } else {
          fill_summary(micro_days, detail::micro_hours * days, m);
        }
        out.push_back({kind, c + 1 == cells ? no_index : static_cast<std::uint32_t>(c),
                       financial_year_label(years[y].from), years[y], base.cells[y * cells + c].value(kind), m.mean,
                       m.p5, m.p50, m.p95});
      }
  }
}

}  // namespace

uncertainty_result uncertainty_run::summarise(const uncertainty_partial& all) const {
  const impl& s = *impl_;
  if (all.dates != s.dates.size() || all.cells != s.cells || all.networks != s.networks.networks.size() ||
      all.seed != s.options.seed)
    usage("partial result is not of this run (seed, panel or dates differ)");
  // A partial result that does not carry the financial years (years == 0: one serialised before
  // they existed) is summarised without them.
  const std::size_t year_cells = static_cast<std::size_t>(all.last_draw - all.first_draw) * all.years * all.cells;
  if ((all.years != 0 && all.years != s.years.size()) || all.draw_year_compliant.size() != year_cells ||
      all.draw_year_shortfall_micro_days.size() != year_cells)
    usage("partial result is not of this run (its financial years differ)");
  uncertainty_result out;
  out.scenario = s.rules.scenario_id;
  out.seed = all.seed;
  out.draws = all.last_draw - all.first_draw;
  out.values = static_cast<std::uint32_t>(s.values.size());
  out.dates = s.dates;
  for (std::uint32_t n = 0; n < all.networks; ++n)
    for (std::size_t d = 0; d < s.dates.size(); ++d) {
      const std::size_t j = static_cast<std::size_t>(n) * s.dates.size() + d;
      out.networks.push_back(
          {n, s.dates[d], out.draws, all.in_force_draws[j], all.compliant_draws[j], all.no_data_draws[j]});
    }
  if (out.draws == 0) return out;
  summarise_dates(all, s.dates, s.base, out.measures);
  if (all.years != 0) summarise_years(all, s.years, s.base_years, out.year_measures);
  return out;
}

uncertainty_result run_uncertainty(const rule_set& rules, const panel& networks, const uncertainty_options& options,
                                   const progress_callback& progress) {
  if (options.draws == 0) usage("the number of draws must be at least 1");
  const uncertainty_run run(rules, networks, options);
  return run.summarise(run.run(0, options.draws, options.threads, progress));
}

}  // namespace descheck
