#pragma once
/// \file panel/panel.hpp
/// Networks (PCNs) with their drivers, and the staff in post, as read from CSV (SPEC section 3).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// How a post is paid for.
enum class funding_kind : std::uint8_t { core, arrs, other };

/// Name as written in CSV (`core`, `arrs`, `other`).
[[nodiscard]] const char* to_string(funding_kind f) noexcept;

/// One Primary Care Network.
struct network {
  std::string id;
  std::string name;
  std::string region;
  /// One schedule per rule-set driver (indexed by driver_index), each empty where the file has no
  /// value; or no schedules at all, every driver then undefined (validate_panel refuses other sizes).
  std::vector<schedule> drivers;
  int line = 0;  ///< the network's first row in the networks file, for errors (0 when built in code)
  friend bool operator==(const network&, const network&) = default;
};

/// One staff row: `wte` whole-time equivalents of `role` in post from `start` to `end` inclusive.
struct post {
  std::uint32_t network = 0;  ///< index into panel::networks
  role_index role = 0;
  double wte = 0.0;
  date start = date::min();
  date end = date::max();
  funding_kind funding = funding_kind::core;
  int line = 0;  ///< line in the staff file, for explanations
  friend bool operator==(const post&, const post&) = default;
};

/// Dates, both inclusive, on which the staff file is a complete record of one network's staff
/// (SPEC section 3: the coverage file).
struct coverage_window {
  date from;
  date to = date::max();  ///< date::max() when open-ended
  friend bool operator==(const coverage_window&, const coverage_window&) = default;
};

/// Networks and their staff, validated against one rule set.
struct panel {
  std::vector<network> networks;          ///< in input order
  std::vector<post> posts;                ///< grouped by network, in input order within a network
  std::vector<std::uint32_t> first_post;  ///< posts of network n are [first_post[n], first_post[n+1])
  std::filesystem::path networks_file;
  std::filesystem::path staff_file;
  int networks_header_line = 1;  ///< line of the networks file's header
  /// Per driver, the 1-based field of its column in the networks file; 0 where the file has none.
  std::vector<int> driver_columns;
  /// Per network, the windows in which its staff are known, ascending and disjoint; empty when no
  /// coverage file was given, and then every network is covered on every date.
  std::vector<std::vector<coverage_window>> coverage;
  std::filesystem::path coverage_file;

  /// Whether network `index`'s staff are known at `at` (SPEC 4.6: outside its coverage a network is
  /// `no_data`).
  [[nodiscard]] bool covered(std::uint32_t index, date at) const noexcept {
    if (coverage.empty()) return true;
    for (const coverage_window& w : coverage[index]) {
      if (at < w.from) return false;
      if (at <= w.to) return true;
    }
    return false;
  }

  /// Index of a network by id, or no_index.
  [[nodiscard]] std::uint32_t find_network(std::string_view key) const noexcept;
  /// Index of a network by id; throws input_error (DC047, with a "did you mean") when unknown.
  [[nodiscard]] std::uint32_t require_network(std::string_view key) const;
  /// Every date at which some network driver or post changes, sorted, unique.
  [[nodiscard]] std::vector<date> breakpoints() const;
};

/// Checks that a panel filled or edited in code fits `rules` and itself, as load_panel's output
/// does; checker, pooled_checker and planner call it when they are made, so that an inconsistent
/// panel is an error rather than a read out of bounds. Throws input_error with every problem:
/// DC150 a vector of the wrong size or an index that points at the wrong network (`drivers` is empty
/// or has one schedule per rule-set driver; `first_post` is empty only without posts), DC030 a role
/// index out of range, DC044 a WTE or driver value that is not finite, DC045 a negative one, DC022
/// one over its bound (core/limits.hpp) or a post that ends before it starts, DC021 driver steps out
/// of order, DC048 a network id twice, DC130 and DC131 coverage windows out of order.
void validate_panel(const rule_set& rules, const panel& networks);

/// Limits on CSV inputs.
struct csv_limits {
  std::uintmax_t max_bytes = 256u << 20;  ///< a larger file is refused with DC002
  std::size_t max_diagnostics = 100;
};

/// Reads a networks CSV and a staff CSV against a rule set. Throws input_error with every problem
/// found (positions are the file's line numbers, header = line 1, and the column's name).
[[nodiscard]] panel load_panel(const rule_set& rules, const std::filesystem::path& networks_csv,
                               const std::filesystem::path& staff_csv, const csv_limits& limits = {});

/// Like load_panel, for CSV text already in memory (e.g. from a DataFrame); diagnostics name the
/// texts `networks_name` and `staff_name`.
[[nodiscard]] panel parse_panel(const rule_set& rules, std::string_view networks_csv, std::string_view staff_csv,
                                const std::string& networks_name = "networks", const std::string& staff_name = "staff",
                                const csv_limits& limits = {});

/// Reads a coverage CSV (`network_id,from,to`; `to` inclusive, empty for open-ended) into
/// `networks.coverage`, replacing any coverage it had. A network the file does not name is covered
/// on no date. Throws input_error with every problem: DC047 an unknown network (with a "did you
/// mean"), DC020 a bad date, DC046 an empty network id or `from`, DC130 `to` before `from`, DC131
/// two windows of one network that overlap.
void load_coverage(panel& networks, const std::filesystem::path& coverage_csv, const csv_limits& limits = {});

/// Like load_coverage, for CSV text already in memory; diagnostics name the text `name`.
void parse_coverage(panel& networks, std::string_view coverage_csv, const std::string& name = "coverage",
                    const csv_limits& limits = {});

/// The most ARRS reimburses a year for one WTE of `role` in `net` at `at`: the role's
/// `london_max_reimbursement` where the network's `london` driver is 1 and that schedule is defined,
/// else its `max_reimbursement`; nullopt where the role is not reimbursable at `at`. A network
/// without a `london` value (or a rule set without the driver) is not weighted.
[[nodiscard]] std::optional<double> arrs_maximum(const rule_set& rules, const network& net, role_index role,
                                                 date at) noexcept;

/// The value of a driver for a network at a date: the network's own value where it has one,
/// else the driver's default estimate (recursively), else nullopt.
[[nodiscard]] std::optional<double> driver_value(const rule_set& rules, const network& net, driver_index driver,
                                                 date at) noexcept;

}  // namespace descheck
