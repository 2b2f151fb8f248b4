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
  national_measures base;
  std::size_t cells = 0;

  impl(const rule_set& r, const panel& p, const uncertainty_options& o)
      : rules(r), networks(p), options(o), values(ranged_values(r)), dates(sample_dates(o.from, o.to, o.every)) {
    for (const ranged_value& v : values) keys.push_back(id_hash(v.id));
    cells = rules.services.size() + 1;
    std::vector<measure_window> windows;
    for (const date d : dates) windows.push_back(at_date(d));
    base = measure_nation(rules, networks, windows, options.threads);
  }
};

uncertainty_run::uncertainty_run(const rule_set& rules, const panel& networks, const uncertainty_options& options)
    : impl_(std::make_unique<impl>(rules, networks, options)) {}
uncertainty_run::~uncertainty_run() = default;
uncertainty_run::uncertainty_run(uncertainty_run&&) noexcept = default;
uncertainty_run& uncertainty_run::operator=(uncertainty_run&&) noexcept = default;

const std::vector<ranged_value>& uncertainty_run::values() const noexcept { return impl_->values; }
const std::vector<date>& uncertainty_run::dates() const noexcept { return impl_->dates; }

double uncertainty_run::value_of(std::uint32_t draw, std::size_t k) const noexcept {
  const ranged_value& v = impl_->values[k];
  return draw_value(v.range, v.value, draw_unit(impl_->options.seed, draw, impl_->keys[k]));
}

namespace {

// Per thread: a rule set of its own with a series engine on it, per-date outcomes of the network
// in hand, and the per network-date counts of the draws this thread ran.
struct draw_worker {
  detail::variant_rules variant;
  series_engine engine;
  std::vector<std::uint8_t> flags;  // [d * cells + c] of the current network
  std::vector<std::int64_t> short_micro;
  std::vector<std::uint32_t> compliant, in_force, no_data;  // [n * dates + d]
  draw_worker(const rule_set& rules, const panel& networks, std::size_t dates, std::size_t cells)
      : variant(rules),
        engine(*variant.rules, networks),
        flags(dates * cells),
        short_micro(dates * cells),
        compliant(networks.networks.size() * dates),
        in_force(networks.networks.size() * dates),
        no_data(networks.networks.size() * dates) {}
};

// Network `n` at every sample date, one check per interval of constant input that holds a date.
void sample_network(draw_worker& w, std::uint32_t n, const std::vector<date>& dates, std::size_t cells) {
  const std::vector<date>& starts = w.engine.interval_starts(n, dates.front(), dates.back());
  std::size_t interval = 0;
  std::size_t checked = starts.size();
  for (std::size_t d = 0; d < dates.size(); ++d) {
    while (interval + 1 < starts.size() && starts[interval + 1] <= dates[d]) ++interval;
    std::uint8_t* f = &w.flags[d * cells];
    std::int64_t* s = &w.short_micro[d * cells];
    if (interval == checked) {
      std::copy(f - cells, f, f);
      std::copy(s - cells, s, s);
      continue;
    }
    detail::outcome_of(*w.variant.rules, w.engine.check().run(n, dates[d]), f, s);
    checked = interval;
  }
}

}  // namespace

uncertainty_partial uncertainty_run::run(std::uint32_t first, std::uint32_t last, unsigned threads,
                                         const progress_callback& progress) const {
  if (last < first) usage("draw range [" + std::to_string(first) + ", " + std::to_string(last) + ") is empty");
  const impl& s = *impl_;
  uncertainty_partial out;
  out.seed = s.options.seed;
  out.first_draw = first;
  out.last_draw = last;
  out.networks = static_cast<std::uint32_t>(s.networks.networks.size());
  out.dates = static_cast<std::uint32_t>(s.dates.size());
  out.cells = static_cast<std::uint32_t>(s.cells);
  const std::size_t per_draw = s.dates.size() * s.cells;
  const std::size_t network_dates = static_cast<std::size_t>(out.networks) * out.dates;
  out.draw_compliant.assign((last - first) * per_draw, 0);
  out.draw_shortfall_micro.assign((last - first) * per_draw, 0);
  out.compliant_draws.assign(network_dates, 0);
  out.in_force_draws.assign(network_dates, 0);
  out.no_data_draws.assign(network_dates, 0);
  if (s.dates.empty() || last == first) return out;

  std::mutex mutex;
  std::vector<std::unique_ptr<draw_worker>> finished;
  struct holder {
    std::unique_ptr<draw_worker> w;
    std::mutex* mutex;
    std::vector<std::unique_ptr<draw_worker>>* finished;
    ~holder() {
      if (!w) return;
      const std::lock_guard lock(*mutex);
      finished->push_back(std::move(w));
    }
    holder(holder&&) noexcept = default;
    holder(std::unique_ptr<draw_worker> p, std::mutex* m, std::vector<std::unique_ptr<draw_worker>>* f)
        : w(std::move(p)), mutex(m), finished(f) {}
  };
  detail::parallel_indices(
      last - first, resolve_threads(threads),
      [&] {
        return holder(std::make_unique<draw_worker>(s.rules, s.networks, s.dates.size(), s.cells), &mutex, &finished);
      },
      [&](holder& h, std::size_t i) {
        draw_worker& w = *h.w;
        const auto draw = static_cast<std::uint32_t>(first + i);
        for (std::size_t k = 0; k < s.values.size(); ++k)
          w.variant.steps[k].at->value = value_of(draw, k);
        std::uint32_t* compliant = &out.draw_compliant[i * per_draw];
        std::int64_t* shortfall = &out.draw_shortfall_micro[i * per_draw];
        for (std::uint32_t n = 0; n < out.networks; ++n) {
          sample_network(w, n, s.dates, s.cells);
          for (std::size_t d = 0; d < s.dates.size(); ++d) {
            const std::uint8_t* f = &w.flags[d * s.cells];
            const std::int64_t* sm = &w.short_micro[d * s.cells];
            const std::size_t nd = static_cast<std::size_t>(n) * s.dates.size() + d;
            if (f[s.cells - 1] & detail::cell_no_data) {
              ++w.no_data[nd];
              continue;
            }
            for (std::size_t c = 0; c < s.cells; ++c) {
              shortfall[d * s.cells + c] += sm[c];
              if ((f[c] & detail::cell_in_force) && !(f[c] & detail::cell_short)) ++compliant[d * s.cells + c];
            }
            const std::uint8_t all = f[s.cells - 1];
            w.in_force[nd] += (all & detail::cell_in_force) ? 1 : 0;
            w.compliant[nd] += (all & detail::cell_in_force) && !(all & detail::cell_short) ? 1 : 0;
          }
        }
      },
      progress);
  // Integer sums: the same whichever thread ran which draw.
  for (const auto& w : finished)
    for (std::size_t j = 0; j < network_dates; ++j) {
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
    if (part.seed != out.seed || part.networks != out.networks || part.dates != out.dates || part.cells != out.cells)
      usage("partial results of different runs (seed, panel or dates differ) cannot be combined");
    if (part.first_draw != out.last_draw)
      usage("partial results leave a gap or overlap at draw " + std::to_string(std::min(part.first_draw, out.last_draw)));
    out.last_draw = part.last_draw;
    out.draw_compliant.insert(out.draw_compliant.end(), part.draw_compliant.begin(), part.draw_compliant.end());
    out.draw_shortfall_micro.insert(out.draw_shortfall_micro.end(), part.draw_shortfall_micro.begin(),
                                    part.draw_shortfall_micro.end());
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

}  // namespace

uncertainty_result uncertainty_run::summarise(const uncertainty_partial& all) const {
  const impl& s = *impl_;
  if (all.dates != s.dates.size() || all.cells != s.cells || all.networks != s.networks.networks.size() ||
      all.seed != s.options.seed)
    usage("partial result is not of this run (seed, panel or dates differ)");
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
  const std::size_t per_draw = s.dates.size() * s.cells;
  std::vector<std::uint32_t> counts(out.draws);
  std::vector<std::int64_t> micro(out.draws);
  for (std::size_t d = 0; d < s.dates.size(); ++d)
    for (const measure_kind kind : {measure_kind::compliant, measure_kind::shortfall})
      for (std::size_t c = 0; c < s.cells; ++c) {
        measure_summary m;
        m.measure = kind;
        m.service = c + 1 == s.cells ? no_index : static_cast<std::uint32_t>(c);
        m.at = s.dates[d];
        m.base = s.base.cells[d * s.cells + c].value(kind);
        for (std::uint32_t i = 0; i < out.draws; ++i) {
          counts[i] = all.draw_compliant[i * per_draw + d * s.cells + c];
          micro[i] = all.draw_shortfall_micro[i * per_draw + d * s.cells + c];
        }
        if (kind == measure_kind::compliant) {
          fill_summary(counts, 1.0, m);
        } else {
          fill_summary(micro, detail::micro_hours, m);
        }
        out.measures.push_back(m);
      }
  return out;
}

uncertainty_result run_uncertainty(const rule_set& rules, const panel& networks, const uncertainty_options& options,
                                   const progress_callback& progress) {
  if (options.draws == 0) usage("the number of draws must be at least 1");
  const uncertainty_run run(rules, networks, options);
  return run.summarise(run.run(0, options.draws, options.threads, progress));
}

}  // namespace descheck
