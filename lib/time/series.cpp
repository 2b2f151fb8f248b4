// Results over time (SPEC 5): one check per interval of constant input, reused for every date in it.
#include "descheck/time/series.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace descheck {

cadence parse_cadence(std::string_view text) {
  if (text == "month") return cadence::month;
  if (text == "quarter") return cadence::quarter;
  throw input_error({{"", 0, 0, codes::usage, "unknown cadence '" + std::string(text) + "'; use month or quarter"}});
}

std::vector<date> sample_dates(date from, date to, cadence every) {
  std::vector<date> out;
  if (to < from) return out;
  const year_month_day start = to_ymd(from);
  date d = from_ymd(start.year, start.month, 1);
  if (d < from) d = add_months(d, 1);
  if (every == cadence::quarter) {
    while ((to_ymd(d).month - 1) % 3 != 0) d = add_months(d, 1);
  }
  const int step = every == cadence::month ? 1 : 3;
  for (; d <= to; d = add_months(d, step)) out.push_back(d);
  return out;
}

const char* to_string(earliest_status s) noexcept {
  switch (s) {
    case earliest_status::compliant:
      return "compliant";
    case earliest_status::compliant_from:
      return "compliant_from";
    case earliest_status::not_compliant:
      return "not_compliant";
    case earliest_status::not_in_force:
      break;
  }
  return "not_in_force";
}

struct series_engine::impl {
  const rule_set& rules;
  const panel& networks;
  checker check;
  std::vector<date> rule_breakpoints;
  std::vector<date> starts;                         // interval_starts() result, reused
  std::vector<std::uint32_t> open_requirement;      // flat index -> row in out.requirements, or no_index
  std::vector<char> service_in_force, service_met;  // per service, at the current interval
  struct service_track {
    std::optional<date> in_force_from;   // start of the current in-force stretch
    std::optional<date> compliant_from;  // start of the current compliant stretch
    bool short_seen = false;             // short (or without data) on some in-force date of the range
  };
  std::vector<service_track> tracks;

  impl(const rule_set& r, const panel& p) : rules(r), networks(p), check(r, p), rule_breakpoints(r.breakpoints()) {}

  // Steps of timeline(): requirement rows continued or opened for one interval, and the
  // in-force and compliant stretches of every service.
  void extend_requirement_rows(const check_result& r, date begin, date end, result_block& out);
  void track_services(const check_result& r, date begin);

  void add_network_breakpoints(std::uint32_t n, date from, date to) {
    const auto inside = [&](date d) { return from < d && d <= to; };
    for (const schedule& s : networks.networks[n].drivers)
      for (const step& st : s.steps())
        if (inside(st.from)) starts.push_back(st.from);
    const std::uint32_t first = networks.first_post.empty() ? 0 : networks.first_post[n];
    const std::uint32_t last = networks.first_post.empty() ? 0 : networks.first_post[n + 1];
    for (std::uint32_t p = first; p < last; ++p) {
      const post& row = networks.posts[p];
      if (inside(row.start)) starts.push_back(row.start);
      // from <= end < to puts the day after the post ends inside (from, to].
      if (from <= row.end && row.end < to) starts.push_back(add_days(row.end, 1));
    }
    if (networks.coverage.empty()) return;
    for (const coverage_window& w : networks.coverage[n]) {
      if (inside(w.from)) starts.push_back(w.from);
      if (from <= w.to && w.to < to) starts.push_back(add_days(w.to, 1));
    }
  }
};

series_engine::series_engine(const rule_set& rules, const panel& networks)
    : impl_(std::make_unique<impl>(rules, networks)) {}
series_engine::~series_engine() = default;
series_engine::series_engine(series_engine&&) noexcept = default;
series_engine& series_engine::operator=(series_engine&&) noexcept = default;

checker& series_engine::check() noexcept { return impl_->check; }

const std::vector<date>& series_engine::interval_starts(std::uint32_t n, date from, date to) {
  impl& s = *impl_;
  s.starts.clear();
  s.starts.push_back(from);
  const auto lo = std::upper_bound(s.rule_breakpoints.begin(), s.rule_breakpoints.end(), from);
  const auto hi = std::upper_bound(lo, s.rule_breakpoints.end(), to);
  s.starts.insert(s.starts.end(), lo, hi);
  s.add_network_breakpoints(n, from, to);
  std::sort(s.starts.begin(), s.starts.end());
  s.starts.erase(std::unique(s.starts.begin(), s.starts.end()), s.starts.end());
  return s.starts;
}

namespace {

network_row network_row_of(const check_result& r, date from, date to) {
  return {r.network, from, to, r.state, r.active, r.unmet, r.demand_hours, r.delivered_hours};
}

requirement_row requirement_row_of(const check_result& r, const requirement_result& q, date from, date to) {
  return {r.network, from, to, q.requirement, q.demand, q.delivered, q.status};
}

}  // namespace

void series_engine::sample(std::uint32_t n, const std::vector<date>& dates, const series_options& options,
                           result_block& out) {
  if (dates.empty()) return;
  impl& s = *impl_;
  const std::vector<date>& starts = interval_starts(n, dates.front(), dates.back());
  // Each date takes the result of the interval it falls in; one check per interval that holds a date.
  std::size_t interval = 0;
  std::size_t checked = starts.size();  // interval whose result is in the checker
  std::size_t first_row = 0;            // its requirement rows in `out`
  std::size_t row_count = 0;
  for (const date d : dates) {
    while (interval + 1 < starts.size() && starts[interval + 1] <= d) ++interval;
    if (interval != checked) {
      const check_result& r = s.check.run(n, d);
      checked = interval;
      out.networks.push_back(network_row_of(r, d, d));
      if (options.requirements) {
        first_row = out.requirements.size();
        row_count = r.requirements.size();
        for (const requirement_result& q : r.requirements) out.requirements.push_back(requirement_row_of(r, q, d, d));
      }
      continue;
    }
    network_row again = out.networks.back();
    again.from = again.to = d;
    out.networks.push_back(again);
    if (options.requirements) {
      const std::size_t copy_from = first_row;
      first_row = out.requirements.size();
      for (std::size_t i = 0; i < row_count; ++i) {
        requirement_row row = out.requirements[copy_from + i];
        row.from = row.to = d;
        out.requirements.push_back(row);
      }
    }
  }
}

namespace {

// The earliest-compliance row of one service from its tracked stretches.
earliest_row earliest_row_of(std::uint32_t n, std::uint32_t svc, const std::optional<date>& in_force_from,
                             const std::optional<date>& compliant_from, bool short_seen) {
  earliest_row row;
  row.network = n;
  row.service = svc;
  if (!in_force_from) {
    row.status = earliest_status::not_in_force;
    return row;
  }
  row.in_force_from = *in_force_from;
  if (!compliant_from) {
    row.status = earliest_status::not_compliant;
  } else {
    row.earliest = *compliant_from;
    // `compliant` means compliant on every date the service is in force in the range (docs/time.md):
    // a short stretch before an out-of-force gap still makes it `compliant_from`.
    row.status =
        row.earliest == row.in_force_from && !short_seen ? earliest_status::compliant : earliest_status::compliant_from;
  }
  return row;
}

}  // namespace

void series_engine::impl::extend_requirement_rows(const check_result& r, date begin, date end, result_block& out) {
  // A requirement's open row continues while its outcome is unchanged; a requirement that is
  // not active in this interval closes its row.
  const auto flat_count = static_cast<std::uint32_t>(rules.flat.size());
  std::uint32_t next = 0;
  for (std::uint32_t f = 0; f < flat_count; ++f) {
    const requirement_result* q =
        next < r.requirements.size() && r.requirements[next].requirement == f ? &r.requirements[next++] : nullptr;
    std::uint32_t& open = open_requirement[f];
    if (!q) {
      open = no_index;
      continue;
    }
    const requirement_row candidate = requirement_row_of(r, *q, begin, end);
    if (open != no_index && out.requirements[open].same_outcome(candidate)) {
      out.requirements[open].to = end;
    } else {
      open = static_cast<std::uint32_t>(out.requirements.size());
      out.requirements.push_back(candidate);
    }
  }
}

void series_engine::impl::track_services(const check_result& r, date begin) {
  std::fill(service_in_force.begin(), service_in_force.end(), 0);
  std::fill(service_met.begin(), service_met.end(), 1);
  // Without data a service in force by its phases is not known to be met: a compliant stretch
  // can only start once the data does.
  if (r.state == network_state::no_data) {
    for (const requirement_ref& ref : rules.flat) {
      if (!(rules.at(ref).phase.at(begin).value_or(0.0) > 0.0)) continue;
      service_in_force[ref.service] = 1;
      service_met[ref.service] = 0;
    }
  }
  for (const requirement_result& q : r.requirements) {
    const std::uint32_t svc = rules.flat[q.requirement].service;
    service_in_force[svc] = 1;
    if (q.status != requirement_status::met) service_met[svc] = 0;
  }
  for (std::uint32_t svc = 0; svc < service_in_force.size(); ++svc) {
    service_track& t = tracks[svc];
    if (!service_in_force[svc]) {
      t.in_force_from.reset();
      t.compliant_from.reset();
      continue;
    }
    if (!t.in_force_from) t.in_force_from = begin;
    if (!service_met[svc]) {
      t.compliant_from.reset();
      t.short_seen = true;
    } else if (!t.compliant_from) {
      t.compliant_from = begin;
    }
  }
}

void series_engine::timeline(std::uint32_t n, date from, date to, const series_options& options, result_block& out) {
  if (to < from) return;
  impl& s = *impl_;
  const std::vector<date>& starts = interval_starts(n, from, to);
  const std::size_t first_network_row = out.networks.size();
  const std::size_t first_requirement_row = out.requirements.size();
  const auto flat_count = static_cast<std::uint32_t>(s.rules.flat.size());
  const auto service_count = static_cast<std::uint32_t>(s.rules.services.size());
  s.open_requirement.assign(flat_count, no_index);
  if (options.earliest) s.tracks.assign(service_count, {});
  s.service_in_force.assign(service_count, 0);
  s.service_met.assign(service_count, 1);

  for (std::size_t i = 0; i < starts.size(); ++i) {
    const date begin = starts[i];
    const date end = i + 1 < starts.size() ? add_days(starts[i + 1], -1) : to;
    const check_result& r = s.check.run(n, begin);
    const network_row row = network_row_of(r, begin, end);
    if (out.networks.size() > first_network_row && out.networks.back().same_outcome(row)) {
      out.networks.back().to = end;
    } else {
      out.networks.push_back(row);
    }
    if (options.requirements) s.extend_requirement_rows(r, begin, end, out);
    if (options.earliest) s.track_services(r, begin);
  }

  // Requirement rows come out in (date, service, requirement) order, as SPEC 7 asks.
  if (options.requirements) {
    std::stable_sort(out.requirements.begin() + static_cast<std::ptrdiff_t>(first_requirement_row),
                     out.requirements.end(), [](const requirement_row& a, const requirement_row& b) {
                       return a.from != b.from ? a.from < b.from : a.requirement < b.requirement;
                     });
  }
  if (options.earliest)
    for (std::uint32_t svc = 0; svc < service_count; ++svc)
      out.earliest.push_back(
          earliest_row_of(n, svc, s.tracks[svc].in_force_from, s.tracks[svc].compliant_from, s.tracks[svc].short_seen));
}

namespace {

// The largest block filled so far. A slot filled for the first time is given that room at once,
// rather than growing to it by doubling (copying its rows and touching fresh pages on every step).
struct block_sizes {
  std::size_t networks = 0, requirements = 0, earliest = 0, text = 0;
  void note(const result_block& b) noexcept {
    networks = std::max(networks, b.networks.size());
    requirements = std::max(requirements, b.requirements.size());
    earliest = std::max(earliest, b.earliest.size());
    text = std::max(text, b.text.size());
  }
  void reserve_in(result_block& b) const {
    b.networks.reserve(networks);
    b.requirements.reserve(requirements);
    b.earliest.reserve(earliest);
    b.text.reserve(text);
  }
};

}  // namespace

unsigned resolve_threads(unsigned threads) noexcept {
  if (threads > 0) return threads;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? cores : 1;
}

// Kept whole: the workers, the ordered consumer and the shutdown on failure share one mutex,
// condition variable and window of slots; read together, the locking can be checked in one place.
// NOLINTNEXTLINE(readability-function-size): kept whole for the reason above
void for_each_block(const rule_set& rules, const panel& networks, unsigned threads,
                    const std::function<void(series_engine&, result_block&)>& work,
                    const std::function<void(const result_block&)>& consume, const progress_callback& progress) {
  const auto total = static_cast<std::uint32_t>(networks.networks.size());
  const unsigned workers = std::max(1u, std::min(resolve_threads(threads), total == 0 ? 1u : total));
  // Blocks small enough to balance the threads, large enough to amortise the hand-over.
  const std::uint32_t block_size = std::max<std::uint32_t>(1, std::min<std::uint32_t>(64, total / (workers * 8) + 1));
  const std::uint32_t block_count = total == 0 ? 0 : (total + block_size - 1) / block_size;
  const auto fill = [&](series_engine& engine, result_block& block, std::uint32_t b) {
    block.clear();
    block.first_network = b * block_size;
    block.last_network = std::min(total, block.first_network + block_size);
    work(engine, block);
  };

  if (workers == 1) {
    series_engine engine(rules, networks);
    result_block block;
    for (std::uint32_t b = 0; b < block_count; ++b) {
      fill(engine, block, b);
      consume(block);
      if (progress) progress(block.last_network, total);
    }
    return;
  }

  // A window of slots: block b goes to slot b % window, and a worker may start it only once the
  // consumer is done with block b - window, so memory stays bounded however many networks there are.
  const std::uint32_t window = workers * 4;
  std::vector<result_block> slots(window);
  std::vector<std::int64_t> ready(window, -1);  // block whose rows a slot holds, -1 while being filled
  std::mutex mutex;
  std::condition_variable changed;
  std::uint32_t next_block = 0;
  std::uint32_t consumed = 0;
  std::exception_ptr failure;
  bool stop = false;
  block_sizes largest;

  const auto worker = [&] {
    series_engine engine(rules, networks);
    for (;;) {
      std::uint32_t b = 0;
      block_sizes room;
      {
        std::unique_lock lock(mutex);
        if (stop || next_block >= block_count) return;
        b = next_block++;
        changed.wait(lock, [&] { return stop || b < consumed + window; });
        if (stop) return;
        room = largest;
      }
      result_block& slot = slots[b % window];
      try {
        room.reserve_in(slot);
        fill(engine, slot, b);
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        changed.notify_all();
        return;
      }
      const std::lock_guard lock(mutex);
      largest.note(slot);
      ready[b % window] = b;
      changed.notify_all();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) pool.emplace_back(worker);
  const auto finish = [&] {
    {
      const std::lock_guard lock(mutex);
      stop = true;
      changed.notify_all();
    }
    for (std::thread& t : pool) t.join();
  };
  try {
    for (std::uint32_t b = 0; b < block_count; ++b) {
      const std::uint32_t slot = b % window;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || ready[slot] == static_cast<std::int64_t>(b); });
        if (failure) break;
      }
      consume(slots[slot]);
      if (progress) progress(slots[slot].last_network, total);
      const std::lock_guard lock(mutex);
      ready[slot] = -1;
      ++consumed;
      changed.notify_all();
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace descheck
