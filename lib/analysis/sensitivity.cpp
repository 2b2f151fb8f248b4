// One-at-a-time sensitivity (SPEC 9): each ranged value at low and at high, the rest at its value.
#include "descheck/analysis/sensitivity.hpp"

#include <algorithm>

#include "analysis/evaluate.hpp"

namespace descheck {

namespace {

// The base run, kept per network and interval of constant input, so that a variant checks again
// only the intervals in which its value is in force.
struct base_intervals {
  std::size_t cells = 0;
  std::vector<std::size_t> first;  // per network, index of its first interval; one extra at the end
  std::vector<date> begin, end;
  std::vector<std::uint8_t> flags;  // [interval * cells + c]
  std::vector<std::int64_t> short_micro;
};

base_intervals run_base(const rule_set& rules, const panel& networks, const measure_window& window) {
  base_intervals out;
  out.cells = rules.services.size() + 1;
  series_engine engine(rules, networks);
  const auto count = static_cast<std::uint32_t>(networks.networks.size());
  for (std::uint32_t n = 0; n < count; ++n) {
    out.first.push_back(out.begin.size());
    const std::vector<date>& starts = engine.interval_starts(n, window.from, window.to);
    for (std::size_t i = 0; i < starts.size(); ++i) {
      out.begin.push_back(starts[i]);
      out.end.push_back(i + 1 < starts.size() ? add_days(starts[i + 1], -1) : window.to);
      out.flags.resize(out.flags.size() + out.cells);
      out.short_micro.resize(out.short_micro.size() + out.cells);
      detail::outcome_of(rules, engine.check().run(n, starts[i]), &out.flags[out.flags.size() - out.cells],
                         &out.short_micro[out.short_micro.size() - out.cells]);
    }
  }
  out.first.push_back(out.begin.size());
  return out;
}

// Per thread: a rule set of its own, a checker on it, and scratch.
struct worker {
  detail::variant_rules variant;
  checker check;
  detail::interval_outcome fresh;
  detail::window_fold fold;
  detail::window_counts counts;
  worker(const rule_set& rules, const panel& networks, std::size_t cells)
      : variant(rules), check(*variant.rules, networks), fresh(cells) {}
};

// The measure with the current values of `w`'s rule set, checking again only the intervals that
// meet [from, until).
double measure_variant(worker& w, const base_intervals& base, const sensitivity_options& options, date from,
                       date until) {
  const std::size_t cells = base.cells;
  w.counts.reset(cells);
  const auto count = static_cast<std::uint32_t>(base.first.size() - 1);
  for (std::uint32_t n = 0; n < count; ++n) {
    w.fold.reset(cells);
    for (std::size_t i = base.first[n]; i < base.first[n + 1]; ++i) {
      const std::int32_t days = detail::days_in(base.begin[i], base.end[i]);
      if (base.begin[i] < until && from <= base.end[i]) {
        detail::outcome_of(*w.variant.rules, w.check.run(n, base.begin[i]), w.fresh.flags.data(),
                           w.fresh.short_micro.data());
        w.fold.add(w.fresh.flags.data(), w.fresh.short_micro.data(), days);
      } else {
        w.fold.add(&base.flags[i * cells], &base.short_micro[i * cells], days);
      }
    }
    w.counts.add(w.fold);
  }
  const std::size_t c = options.service == no_index ? cells - 1 : options.service;
  return w.counts.cell(c, options.service, detail::days_in(options.window.from, options.window.to))
      .value(options.measure);
}

}  // namespace

sensitivity_result run_sensitivity(const rule_set& rules, const panel& networks, const sensitivity_options& options,
                                   const progress_callback& progress) {
  if (options.service != no_index && options.service >= rules.services.size())
    throw input_error({{"", 0, 0, codes::usage, "service index out of range"}});
  sensitivity_result out;
  out.options = options;
  out.scenario = rules.scenario_id;
  const std::vector<ranged_value> values = ranged_values(rules);
  const base_intervals base = run_base(rules, networks, options.window);
  {
    worker probe(rules, networks, base.cells);
    out.base = measure_variant(probe, base, options, date::max(), date::max());
  }
  out.rows.resize(values.size());
  std::vector<char> skipped(values.size(), 0);
  detail::parallel_indices(
      values.size(), resolve_threads(options.threads),
      [&] { return worker(rules, networks, base.cells); },
      [&](worker& w, std::size_t k) {
        const detail::ranged_step& st = w.variant.steps[k];
        sensitivity_row& row = out.rows[k];
        row.value = values[k];
        const bool can_change = st.feeds_check && st.at->from <= options.window.to && options.window.from < st.until;
        if (!can_change) {
          row.low = row.high = out.base;
          skipped[k] = 1;
          return;
        }
        const double value = *st.at->value;
        st.at->value = values[k].range.low;
        row.low = measure_variant(w, base, options, st.at->from, st.until);
        st.at->value = values[k].range.high;
        row.high = measure_variant(w, base, options, st.at->from, st.until);
        st.at->value = value;
      },
      progress);
  out.skipped = static_cast<std::uint32_t>(std::count(skipped.begin(), skipped.end(), 1));
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const sensitivity_row& a, const sensitivity_row& b) {
    return a.swing() != b.swing() ? a.swing() > b.swing() : a.value.id < b.value.id;
  });
  return out;
}

}  // namespace descheck
