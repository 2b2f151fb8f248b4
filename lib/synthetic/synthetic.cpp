// The synthetic national panel (docs/synthetic-panel.md): invented networks whose list sizes follow
// the published distribution and whose staff add up, role by role and quarter by quarter, to the
// national totals of the NHS Digital PCN workforce census (synthetic/totals.cpp).
#include "descheck/synthetic/synthetic.hpp"
#include "descheck/io/file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string_view>
#include <system_error>

#include "synthetic/totals.hpp"

namespace descheck {

const std::vector<census_total>& census_totals() {
  static const std::vector<census_total> totals = [] {
    std::vector<census_total> out;
    for (const detail::census_total_row& row : detail::census_total_rows())
      out.push_back(
          {std::string(row.role), parse_date(row.census).value_or(date{}), row.fte, row.networks, row.interpolated});
    return out;
  }();
  return totals;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers. Our own generator and transforms: the algorithms behind std::*_distribution are
// implementation-defined, so a seed would not give the same panel with another standard library.

/// splitmix64's finaliser: a bijective mix of 64 bits.
constexpr std::uint64_t mix(std::uint64_t z) noexcept {
  z += 0x9E37'79B9'7F4A'7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58'476D'1CE4'E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D0'49BB'1331'11EBull;
  return z ^ (z >> 31);
}

/// FNV-1a of a role id, so that a role's draws depend on its name, not its position in a table.
constexpr std::uint64_t hash_id(std::string_view text) noexcept {
  std::uint64_t h = 0xCBF2'9CE4'8422'2325ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x0000'0100'0000'01B3ull;
  }
  return h;
}

/// What a stream is for: each purpose draws from its own streams.
enum class purpose : std::uint64_t { list_jitter = 1, list_order, regions, beds, staff };

/// xoshiro256** (Blackman and Vigna), seeded through splitmix64.
class random_stream {
 public:
  /// An independent stream for one purpose and one item (a network, a role): a network's draws do
  /// not depend on how much else is generated, or in which order.
  random_stream(std::uint64_t seed, purpose what, std::uint64_t item = 0, std::uint64_t part = 0) noexcept {
    std::uint64_t state = mix(mix(mix(mix(seed) ^ static_cast<std::uint64_t>(what)) ^ item) ^ part);
    for (std::uint64_t& word : s_) {
      state += 0x9E37'79B9'7F4A'7C15ull;
      word = mix(state);
    }
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform on [0, 1) with 53 random bits: exact arithmetic, the same everywhere.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, bound) by multiply-shift (bias below bound / 2^32: negligible here).
  std::uint32_t below(std::uint32_t bound) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32);
  }
  /// Standard normal by the Box–Muller transform (one value of the pair).
  double normal() noexcept {
    const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  /// Exponential with mean 1, by inversion.
  double exponential() noexcept { return -std::log(1.0 - uniform()); }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4] = {};
};

/// Fisher–Yates with our own stream.
template <class T>
void shuffle(std::vector<T>& items, random_stream& rng) {
  for (std::size_t i = items.size(); i > 1; --i)
    std::swap(items[i - 1], items[rng.below(static_cast<std::uint32_t>(i))]);
}

/// Splits `total` into integer parts proportional to `weights` (Hamilton's largest remainders,
/// ties to the earlier item), so the parts add up to `total` exactly.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (total <= 0 || weights.empty() || !(sum > 0)) return parts;
  std::vector<double> remainder(weights.size());
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double quota = static_cast<double>(total) * (weights[i] / sum);
    parts[i] = std::min<std::int64_t>(total - given, static_cast<std::int64_t>(std::floor(quota)));
    given += parts[i];
    remainder[i] = quota - std::floor(quota);
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t i = 0; given < total; i = (i + 1) % order.size(), ++given) ++parts[order[i]];
  return parts;
}

// ---------------------------------------------------------------------------------------------
// List sizes: a quantile function through the published points.
//
//   [0, 0.1]    min + (p10 - min) (u / 0.1)^0.4: most of the lowest decile is close to p10, as in
//               the real lists (a few very small rural networks);
//   [0.1, 0.9]  monotone cubic Hermite (Fritsch–Carlson slopes) through p10, median and p90;
//   [0.9, 1]    p90 ((0.1 + c) / (1 - u + c))^k, a Pareto-like tail; c makes it end at the maximum
//               and k is fitted so the whole distribution's mean is the published mean.

class list_size_curve {
 public:
  explicit list_size_curve(const list_size_facts& facts) : f_(facts) {
    double lo = 0.01, hi = 0.99;  // mean() increases with the tail's shape k
    for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
      set_tail((lo + hi) / 2);
      (mean() > f_.mean ? hi : lo) = (lo + hi) / 2;
    }
    set_tail((lo + hi) / 2);
  }

  [[nodiscard]] double operator()(double u) const noexcept {
    u = std::clamp(u, 0.0, 1.0);
    if (u <= low_) return f_.min + (f_.p10 - f_.min) * std::pow(u / low_, beta_);
    if (u >= high_) return f_.p90 * std::pow((1 - high_ + c_) / (1 - u + c_), k_);
    const bool first = u < mid_;
    const double x0 = first ? low_ : mid_, h = first ? mid_ - low_ : high_ - mid_;
    const double y0 = first ? f_.p10 : f_.median, y1 = first ? f_.median : f_.p90;
    const double a = first ? m0_ : m1_, b = first ? m1_ : m2_;
    const double t = (u - x0) / h, t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * h * a + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * h * b;
  }

 private:
  void set_tail(double k) noexcept {
    k_ = k;
    c_ = (1 - high_) / (std::pow(f_.max / f_.p90, 1 / k) - 1);
    const double d0 = (f_.median - f_.p10) / (mid_ - low_), d1 = (f_.p90 - f_.median) / (high_ - mid_);
    m1_ = 2 / (1 / d0 + 1 / d1);  // harmonic mean of the secants (Fritsch–Carlson)
    // End slopes follow the neighbouring pieces, limited to 3 secants so the cubic stays monotone.
    m0_ = std::min((f_.p10 - f_.min) * beta_ / low_, 3 * d0);
    m2_ = std::min(f_.p90 * k / (1 - high_ + c_), 3 * d1);
  }

  /// The distribution's mean: the integral of the quantile function, piece by piece in closed form.
  [[nodiscard]] double mean() const noexcept {
    const double lower = low_ * (f_.min + (f_.p10 - f_.min) / (beta_ + 1));
    const auto hermite = [](double h, double y0, double y1, double a, double b) {
      return h * (y0 + y1) / 2 + h * h * (a - b) / 12;
    };
    const double middle =
        hermite(mid_ - low_, f_.p10, f_.median, m0_, m1_) + hermite(high_ - mid_, f_.median, f_.p90, m1_, m2_);
    const double top = 1 - high_ + c_;
    const double tail = f_.p90 * std::pow(top, k_) * (std::pow(top, 1 - k_) - std::pow(c_, 1 - k_)) / (1 - k_);
    return lower + middle + tail;
  }

  list_size_facts f_;
  double low_ = 0.1, mid_ = 0.5, high_ = 0.9;
  double beta_ = 0.4;
  double k_ = 0.3, c_ = 0.001;
  double m0_ = 0, m1_ = 0, m2_ = 0;
};

const list_size_curve& published_curve() {
  static const list_size_curve curve(published_list_sizes);
  return curve;
}

/// `n` list sizes at stratified uniforms (one draw in each of n equal slices of [0, 1], the first
/// and last pinned to 0 and 1 so the published minimum and maximum appear), in random order.
std::vector<std::int64_t> list_sizes(std::uint32_t n, std::uint64_t seed) {
  const list_size_curve& curve = published_curve();
  std::vector<std::int64_t> sizes(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    double u = 0.5;
    if (n > 1) {
      random_stream rng(seed, purpose::list_jitter, i);
      u = i == 0 ? 0.0 : i == n - 1 ? 1.0 : (i + rng.uniform()) / n;
    }
    sizes[i] = std::llround(curve(u));
  }
  random_stream order(seed, purpose::list_order);
  shuffle(sizes, order);
  return sizes;
}

/// One region per network, in the proportions of the census, in random order.
std::vector<std::string_view> regions(std::uint32_t n, std::uint64_t seed) {
  std::vector<double> weights;
  for (const detail::census_region_row& r : detail::census_region_rows()) weights.push_back(r.networks);
  const std::vector<std::int64_t> counts = apportion(n, weights);
  std::vector<std::string_view> out;
  out.reserve(n);
  for (std::size_t i = 0; i < counts.size(); ++i)
    out.insert(out.end(), static_cast<std::size_t>(counts[i]), detail::census_region_rows()[i].region);
  random_stream rng(seed, purpose::regions);
  shuffle(out, rng);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Staff: each role's national total of each quarter, shared among networks.

/// Log-scale spread of a network's staffing per patient around the national rate: the standard
/// deviation of log(pharmacist FTE per patient) across PCNs in the September 2022 census is 0.62.
constexpr double staff_spread = 0.6;
/// Quarter-to-quarter drift of a network's log staffing rate (a random walk): small, so that a
/// network's staff evolve like recruitment rather than noise.
constexpr double staff_drift = 0.1;
/// Care-home beds per registered patient (458,900 CQC beds, Feb 2021, over about 60.5 million
/// patients), as in the default of the `care_home_beds` driver; spread lognormally around it.
constexpr double beds_per_patient = 0.0076;
constexpr double beds_spread = 0.5;

/// One role of the census table the rule set defines.
struct role_plan {
  role_index role = no_index;
  std::string_view id;
  std::vector<const detail::census_total_row*> quarters;  ///< per census date; nullptr where absent
};

/// Thousandths of a WTE of one role for every (quarter, network): `n` networks per quarter.
///
/// Which networks have the role: each network's adoption "time" is exponential with a rate
/// proportional to its list size (fixed for the whole series), and in each quarter the k earliest
/// adopters have it, k being the census count of networks with the role scaled to the panel. So
/// bigger networks are less likely to have none, and a network keeps a role once it has it
/// (unless the national count falls).
///
/// How much: every holder gets 0.1 WTE, and the rest of the national total goes in 0.1 WTE units
/// in proportion to list size × a lognormal multiplier that is fixed per network and role and
/// drifts slowly (largest remainders, so the units add up exactly); the national total's last
/// sub-0.1 remainder goes to the biggest holder, so the panel's total equals the census total to
/// the thousandth.
std::vector<std::int64_t> share_role(const role_plan& plan, const std::vector<std::int64_t>& sizes,
                                     std::uint64_t seed) {
  const std::size_t n = sizes.size(), quarters = plan.quarters.size();
  const double median = published_list_sizes.median;
  std::vector<double> adoption(n);
  std::vector<double> log_weight(n * quarters);  // [network][quarter]
  const std::uint64_t role_key = hash_id(plan.id);
  for (std::size_t j = 0; j < n; ++j) {
    random_stream rng(seed, purpose::staff, j, role_key);
    const double size = static_cast<double>(sizes[j]);
    adoption[j] = rng.exponential() * median / size;
    const double level = std::log(size) + staff_spread * rng.normal();
    double drift = 0;
    for (std::size_t q = 0; q < quarters; ++q) {
      if (q > 0) drift += staff_drift * rng.normal();
      log_weight[j * quarters + q] = level + drift;
    }
  }
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return adoption[a] < adoption[b]; });

  const double scale = static_cast<double>(n) / census_reference_networks;
  std::vector<std::int64_t> milli(quarters * n, 0);
  std::vector<double> weights;
  for (std::size_t q = 0; q < quarters; ++q) {
    const detail::census_total_row* row = plan.quarters[q];
    if (!row) continue;
    const std::int64_t total = std::llround(row->fte * scale * 1000);
    if (total <= 0) continue;
    const std::int64_t units = total / 100, rest = total % 100;
    // Every holder gets at least a unit, so there are no more holders than units (or networks).
    const std::int64_t most = std::min<std::int64_t>(static_cast<std::int64_t>(n), std::max<std::int64_t>(units, 1));
    const auto k = static_cast<std::size_t>(std::clamp<std::int64_t>(std::llround(row->networks * scale), 1, most));
    weights.assign(k, 0.0);
    double top = -HUGE_VAL;
    for (std::size_t h = 0; h < k; ++h) top = std::max(top, log_weight[order[h] * quarters + q]);
    std::size_t biggest = 0;
    for (std::size_t h = 0; h < k; ++h) {
      weights[h] = std::exp(log_weight[order[h] * quarters + q] - top);
      if (weights[h] > weights[biggest]) biggest = h;
    }
    const std::int64_t base = units >= static_cast<std::int64_t>(k) ? 1 : 0;
    const std::vector<std::int64_t> extra = apportion(units - base * static_cast<std::int64_t>(k), weights);
    std::int64_t* slice = milli.data() + q * n;
    for (std::size_t h = 0; h < k; ++h) slice[order[h]] = 100 * (base + extra[h]);
    slice[order[biggest]] += rest;
  }
  return milli;
}

// ---------------------------------------------------------------------------------------------
// Text output: integers and thousandths printed exactly, without floating-point formatting.

void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

/// Thousandths as a decimal with one to three places: 1200 -> "1.2", 1000 -> "1.0", 2347 -> "2.347".
void append_milli(std::string& out, std::int64_t milli) {
  append_int(out, milli / 1000);
  out += '.';
  std::int64_t fraction = milli % 1000;
  int places = 3;
  while (places > 1 && fraction % 10 == 0) {
    fraction /= 10;
    --places;
  }
  const std::size_t at = out.size();
  append_int(out, fraction);
  out.insert(at, static_cast<std::size_t>(places) - (out.size() - at), '0');
}

std::string padded(std::uint32_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace

double synthetic_list_size_quantile(double u) { return published_curve()(u); }

namespace {

// Census dates and the roles of the table the rule set knows, in table order; roles it does not
// know go to skipped_roles.
std::vector<role_plan> plan_roles(const rule_set& rules, synthetic_panel& out) {
  for (const detail::census_total_row& row : detail::census_total_rows())
    out.census_dates.push_back(parse_date(row.census).value_or(date{}));
  std::sort(out.census_dates.begin(), out.census_dates.end());
  out.census_dates.erase(std::unique(out.census_dates.begin(), out.census_dates.end()), out.census_dates.end());
  const std::size_t quarters = out.census_dates.size();
  std::vector<role_plan> plans;
  for (const detail::census_total_row& row : detail::census_total_rows()) {
    if (plans.empty() || plans.back().id != row.role) {
      const role_index r = rules.find_role(row.role);
      if (r == no_index) {
        if (std::find(out.skipped_roles.begin(), out.skipped_roles.end(), row.role) == out.skipped_roles.end())
          out.skipped_roles.emplace_back(row.role);
        continue;
      }
      plans.push_back({r, row.role, std::vector<const detail::census_total_row*>(quarters, nullptr)});
    }
    const auto at = std::lower_bound(out.census_dates.begin(), out.census_dates.end(), *parse_date(row.census));
    plans.back().quarters[static_cast<std::size_t>(at - out.census_dates.begin())] = &row;
  }
  return plans;
}

// The networks, with list sizes `sizes` and (when the rule set has the driver) care home beds.
void make_networks(const rule_set& rules, std::uint64_t seed, const std::vector<std::int64_t>& sizes,
                   driver_index patients, driver_index beds, synthetic_panel& out) {
  const auto n = static_cast<std::uint32_t>(sizes.size());
  const std::vector<std::string_view> region = regions(n, seed);
  const std::size_t width = std::max<std::size_t>(4, std::to_string(n).size());
  std::string& net_csv = out.networks_csv;
  net_csv = beds == no_index ? "network_id,name,region,registered_patients\n"
                             : "network_id,name,region,registered_patients,care_home_beds\n";
  out.networks.networks.reserve(n);
  for (std::uint32_t j = 0; j < n; ++j) {
    network net;
    const std::string number = padded(j + 1, width);
    net.id = "SYN" + number;
    net.name = "Synthetic PCN " + number;
    net.line = static_cast<int>(j) + 2;  // its row in networks_csv
    net.region = std::string(region[j]);
    net.drivers.assign(rules.drivers.size(), schedule());
    net.drivers[patients] = schedule::constant(static_cast<double>(sizes[j]));
    net_csv += net.id + ',' + net.name + ',' + net.region + ',';
    append_int(net_csv, sizes[j]);
    if (beds != no_index) {
      random_stream rng(seed, purpose::beds, j);
      const double multiplier = std::exp(beds_spread * rng.normal() - beds_spread * beds_spread / 2);
      const std::int64_t count = std::llround(static_cast<double>(sizes[j]) * beds_per_patient * multiplier);
      net.drivers[beds] = schedule::constant(static_cast<double>(count));
      net_csv += ',';
      append_int(net_csv, count);
    }
    net_csv += '\n';
    out.networks.networks.push_back(std::move(net));
  }
}

// Staff: shares of each role's national totals, written network by network, role, quarter.
void make_staff(const rule_set& rules, std::uint64_t seed, const std::vector<role_plan>& plans,
                const std::vector<std::int64_t>& sizes, synthetic_panel& out) {
  const auto n = static_cast<std::uint32_t>(sizes.size());
  const std::size_t quarters = out.census_dates.size();
  std::vector<std::vector<std::int64_t>> milli;
  milli.reserve(plans.size());
  for (const role_plan& plan : plans) milli.push_back(share_role(plan, sizes, seed));
  std::vector<std::string> starts, ends;
  for (std::size_t q = 0; q < quarters; ++q) {
    starts.push_back(to_string(out.census_dates[q]));
    ends.push_back(q + 1 < quarters ? to_string(add_days(out.census_dates[q + 1], -1)) : std::string());
  }
  std::vector<funding_kind> funding(plans.size() * quarters, funding_kind::core);
  for (std::size_t r = 0; r < plans.size(); ++r) {
    const role& def = rules.roles[plans[r].role];
    for (std::size_t q = 0; q < quarters; ++q)
      if (def.arrs && def.arrs->max_reimbursement.at(out.census_dates[q]))
        funding[r * quarters + q] = funding_kind::arrs;
  }

  std::string& staff_csv = out.staff_csv;
  staff_csv = "network_id,role,wte,start,end,funding\n";
  std::vector<post>& posts = out.networks.posts;
  out.networks.first_post.assign(n + 1, 0);
  int line = 1;
  for (std::uint32_t j = 0; j < n; ++j) {
    out.networks.first_post[j] = static_cast<std::uint32_t>(posts.size());
    for (std::size_t r = 0; r < plans.size(); ++r) {
      for (std::size_t q = 0; q < quarters; ++q) {
        const std::int64_t amount = milli[r][q * n + j];
        if (amount <= 0) continue;
        const funding_kind paid = funding[r * quarters + q];
        staff_csv += out.networks.networks[j].id;
        staff_csv += ',';
        staff_csv += plans[r].id;
        staff_csv += ',';
        append_milli(staff_csv, amount);
        staff_csv += ',' + starts[q] + ',' + ends[q] + ',' + to_string(paid) + '\n';
        post p;
        p.network = j;
        p.role = plans[r].role;
        p.wte = static_cast<double>(amount) / 1000.0;
        p.start = out.census_dates[q];
        p.end = q + 1 < quarters ? add_days(out.census_dates[q + 1], -1) : date::max();
        p.funding = paid;
        p.line = ++line;
        posts.push_back(p);
      }
    }
  }
  out.networks.first_post[n] = static_cast<std::uint32_t>(posts.size());
}

}  // namespace

synthetic_panel make_synthetic_panel(const rule_set& rules, std::uint64_t seed, const synthetic_options& options) {
  const std::uint32_t n = options.networks;
  if (n == 0 || n > synthetic_options::max_networks) {
    throw input_error({{"", 0, 0, codes::out_of_range,
                        "a synthetic panel has 1 to " + std::to_string(synthetic_options::max_networks) +
                            " networks, not " + std::to_string(n)}});
  }
  const driver_index patients = rules.find_driver("registered_patients");
  if (patients == no_index) {
    throw input_error({{(rules.directory / "drivers.yaml").string(), 0, 0, codes::unknown_driver,
                        "a synthetic panel needs the driver 'registered_patients', which rule set '" + rules.id +
                            "' does not define"}});
  }
  const driver_index beds = rules.find_driver("care_home_beds");

  synthetic_panel out;
  out.seed = seed;
  const std::vector<role_plan> plans = plan_roles(rules, out);
  const std::vector<std::int64_t> sizes = list_sizes(n, seed);
  make_networks(rules, seed, sizes, patients, beds, out);
  make_staff(rules, seed, plans, sizes, out);
  return out;
}

synthetic_files write_synthetic_panel(const synthetic_panel& generated, const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec || !std::filesystem::is_directory(directory)) {
    throw input_error({{directory.string(), 0, 0, codes::io,
                        "cannot create the output directory" + (ec ? ": " + ec.message() : std::string())}});
  }
  synthetic_files files{directory / "networks.csv", directory / "staff.csv"};
  write_file_atomically(files.networks, [&](std::ostream& out) { out << generated.networks_csv; });
  write_file_atomically(files.staff, [&](std::ostream& out) { out << generated.staff_csv; });
  return files;
}

}  // namespace descheck
