// National measures (SPEC 9): per window and service, networks compliant and hours short.
#include "descheck/analysis/measures.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "analysis/evaluate.hpp"
#include "core/calendar.hpp"

namespace descheck {

namespace {
[[noreturn]] void usage(const std::string& message) { throw input_error({{"", 0, 0, codes::usage, message}}); }
}  // namespace

measure_kind parse_measure(std::string_view text) {
  if (text == "compliant") return measure_kind::compliant;
  if (text == "shortfall") return measure_kind::shortfall;
  usage("unknown measure '" + std::string(text) + "'; use compliant or shortfall");
}

const char* to_string(measure_kind k) noexcept { return k == measure_kind::compliant ? "compliant" : "shortfall"; }

analysis_format parse_analysis_format(std::string_view text) {
  if (text == "table") return analysis_format::table;
  if (text == "csv") return analysis_format::csv;
  if (text == "json") return analysis_format::json;
  if (text == "markdown") return analysis_format::markdown;
  usage("unknown format '" + std::string(text) + "'; use table, csv, json or markdown");
}

measure_window parse_financial_year(std::string_view text) {
  int first = 0;
  int next = 0;
  const char* end = text.data() + text.size();
  const auto a = std::from_chars(text.data(), end, first);
  const bool shape = text.size() == 7 && a.ptr == text.data() + 4 && *a.ptr == '/' &&
                     std::from_chars(a.ptr + 1, end, next).ptr == end && first >= 1900 && first <= 2200;
  if (!shape || next != (first + 1) % 100)
    usage("financial year '" + std::string(text) + "' is not of the form YYYY/YY with consecutive years, e.g. 2021/22");
  return {from_ymd(first, 4, 1), from_ymd(first + 1, 3, 31)};
}

std::string to_string(const measure_window& w) {
  if (w.from == w.to) return to_string(w.from);
  const year_month_day a = to_ymd(w.from);
  const year_month_day b = to_ymd(w.to);
  if (a.month == 4 && a.day == 1 && b.year == a.year + 1 && b.month == 3 && b.day == 31) {
    const int next = b.year % 100;
    return std::to_string(a.year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
  }
  return to_string(w.from) + ".." + to_string(w.to);
}

std::vector<measure_window> financial_year_windows(date from, date to) {
  std::vector<measure_window> out;
  if (to < from) return out;
  for (int start = calendar::financial_year_start(from); calendar::financial_year_first_day(start) <= to; ++start)
    out.push_back({std::max(calendar::financial_year_first_day(start), from),
                   std::min(calendar::financial_year_last_day(start), to)});
  return out;
}

std::string financial_year_label(date d) {
  const int first = calendar::financial_year_start(d);
  const int next = (first + 1) % 100;
  return std::to_string(first) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

namespace detail {

void outcome_of(const rule_set& rules, const check_result& r, std::uint8_t* flags, std::int64_t* short_micro) {
  const std::size_t services = rules.services.size();
  std::fill(flags, flags + services + 1, std::uint8_t{0});
  std::fill(short_micro, short_micro + services + 1, std::int64_t{0});
  if (r.state == network_state::no_data) {
    std::fill(flags, flags + services + 1, cell_no_data);
    return;
  }
  for (const requirement_result& q : r.requirements) {
    const requirement_ref ref = rules.flat[q.requirement];
    const bool is_short = q.status != requirement_status::met;
    const std::int64_t by =
        rules.at(ref).kind == requirement_kind::workload ? std::llround(q.shortfall() * micro_hours) : 0;
    for (const std::size_t c : {static_cast<std::size_t>(ref.service), services}) {
      flags[c] |= cell_in_force | (is_short ? cell_short : 0);
      short_micro[c] += by;
    }
  }
}

measure_cell window_counts::cell(std::size_t c, std::uint32_t service, std::int32_t days) const {
  measure_cell out;
  out.service = service;
  out.in_force = in_force[c];
  out.compliant = compliant[c];
  out.no_data = no_data;
  out.shortfall_hours = static_cast<double>(short_micro_days[c]) / static_cast<double>(days) / micro_hours;
  return out;
}

}  // namespace detail

national_measures measure_nation(const rule_set& rules, const panel& networks,
                                 const std::vector<measure_window>& windows, unsigned threads,
                                 const progress_callback& progress) {
  national_measures out;
  out.windows = windows;
  out.services = static_cast<std::uint32_t>(rules.services.size());
  const std::size_t cells = out.services + 1;
  // Per network, its window folds; added up in network order afterwards.
  const auto network_count = static_cast<std::uint32_t>(networks.networks.size());
  std::vector<detail::window_fold> folds(static_cast<std::size_t>(network_count) * windows.size());
  struct state {
    series_engine engine;
    detail::interval_outcome scratch;
  };
  detail::parallel_indices(
      network_count, resolve_threads(threads),
      [&] { return state{series_engine(rules, networks), detail::interval_outcome(cells)}; },
      [&](state& s, std::size_t n) {
        for (std::size_t w = 0; w < windows.size(); ++w) {
          detail::window_fold& fold = folds[n * windows.size() + w];
          fold.reset(cells);
          const auto idx = static_cast<std::uint32_t>(n);
          const std::vector<date>& starts = s.engine.interval_starts(idx, windows[w].from, windows[w].to);
          for (std::size_t i = 0; i < starts.size(); ++i) {
            const date end = i + 1 < starts.size() ? add_days(starts[i + 1], -1) : windows[w].to;
            detail::outcome_of(rules, s.engine.check().run(idx, starts[i]), s.scratch.flags.data(),
                               s.scratch.short_micro.data());
            fold.add(s.scratch.flags.data(), s.scratch.short_micro.data(), detail::days_in(starts[i], end));
          }
        }
      },
      progress);
  for (std::size_t w = 0; w < windows.size(); ++w) {
    detail::window_counts counts;
    counts.reset(cells);
    for (std::uint32_t n = 0; n < network_count; ++n) counts.add(folds[n * windows.size() + w]);
    const std::int32_t days = detail::days_in(windows[w].from, windows[w].to);
    for (std::size_t c = 0; c < cells; ++c)
      out.cells.push_back(counts.cell(c, c == out.services ? no_index : static_cast<std::uint32_t>(c), days));
  }
  return out;
}

}  // namespace descheck
