#pragma once
/// \file pools/pools.hpp
/// Shared workforce pools (SPEC sections 3 and 4): staff rows on a pool id are capacity that every
/// member network may use. The networks of a connected component of pools (pools sharing a network
/// are one component) are checked jointly, with the max-min fair rule of SPEC 4.4 over the union of
/// their requirements. Also: what pooling a set of networks' ARRS staff would gain (`pool-gain`).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/check/check.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// One pool of shared staff.
struct pool {
  std::string id;
  std::vector<std::uint32_t> members;  ///< network indices, in pools-file order, no repeats
  /// The pool's staff. Here post::network is the network whose staffing minima the post counts
  /// towards (its employer, as in pool_gain), or no_index for a row of the staff file on the pool id,
  /// which counts towards no network's staffing minimum.
  std::vector<post> posts;
  int line = 0;  ///< first line of the pool in the pools file, 0 when built in code
  friend bool operator==(const pool&, const pool&) = default;
};

/// Every pool of a panel.
struct pool_set {
  std::vector<pool> pools;  ///< in order of first appearance in the pools file
  std::filesystem::path file;
  /// Index of a pool by id, or no_index.
  [[nodiscard]] std::uint32_t find_pool(std::string_view key) const noexcept;
};

/// A panel whose staff file may name pools, with its pools.
struct pooled_panel {
  panel networks;
  pool_set pools;
};

/// Reads the networks, staff and pools (`pool_id,network_id`) CSVs. Staff rows on a pool id become
/// the pool's posts. Throws input_error with every problem: the CSV errors of panel.hpp, and DC110
/// (a member that is not a network, with a "did you mean"), DC111 (a pool id that is also a network
/// id), DC112 (a network listed twice in one pool).
[[nodiscard]] pooled_panel load_pooled_panel(const rule_set& rules, const std::filesystem::path& networks_csv,
                                             const std::filesystem::path& staff_csv,
                                             const std::filesystem::path& pools_csv, const csv_limits& limits = {});

/// Like load_pooled_panel, for CSV text in memory; diagnostics name the texts as given.
[[nodiscard]] pooled_panel parse_pooled_panel(const rule_set& rules, std::string_view networks_csv,
                                              std::string_view staff_csv, std::string_view pools_csv,
                                              const std::string& networks_name = "networks",
                                              const std::string& staff_name = "staff",
                                              const std::string& pools_name = "pools", const csv_limits& limits = {});

/// Hours a week a network drew from one role of one pool.
struct pool_use {
  std::uint32_t pool = 0;
  role_index role = 0;
  double hours = 0.0;
};

namespace detail {
struct pooled_scratch;
}

/// Checks every network of a panel with pools at one date. Networks in no pool get exactly the
/// result of checker; the networks of one pool component are solved together. Holds scratch space
/// (use one per thread); the rule set, panel and pools must outlive it.
class pooled_checker {
 public:
  pooled_checker(const rule_set& rules, const panel& networks, const pool_set& pools);
  ~pooled_checker();
  pooled_checker(pooled_checker&&) noexcept;
  pooled_checker& operator=(pooled_checker&&) noexcept;
  pooled_checker(const pooled_checker&) = delete;
  pooled_checker& operator=(const pooled_checker&) = delete;

  /// Checks every network at `at`; result n is network n's (input order), in checker's shape:
  /// `capacities` are the network's own staff (used = hours its own staff gave), `flows` sum own and
  /// pooled hours per (role, requirement), and a bottleneck group of a pooled network names its own
  /// requirements but sums demand and capacity over the whole group, which may span the component.
  /// Valid until the next call. Throws input_error as checker::run does.
  const std::vector<check_result>& run(date at, const check_options& options = {});

  /// Hours network n drew from pools at the last run, by pool and role (empty for a network in no pool).
  [[nodiscard]] const std::vector<pool_use>& pool_uses(std::uint32_t network) const;
  /// Component of a network, or no_index for a network in no pool.
  [[nodiscard]] std::uint32_t component(std::uint32_t network) const;
  /// Number of pool components.
  [[nodiscard]] std::uint32_t component_count() const;

 private:
  std::unique_ptr<detail::pooled_scratch> s_;
};

/// What pooling a group of networks' staff of some roles would gain at one date.
struct pool_gain_row {
  std::vector<role_index> roles;  ///< the roles pooled in this row
  double pooled_wte = 0.0;        ///< WTE in force moved into the pool
  std::uint32_t active = 0;       ///< active requirements of the group's networks
  std::uint32_t met_before = 0, met_after = 0;
  std::uint32_t compliant_before = 0, compliant_after = 0;  ///< networks of the group
  double delivered_hours_before = 0.0, delivered_hours_after = 0.0;
};

/// For the networks `group` (indices), pools their posts of each role of `roles` alone, then of all
/// of `roles` together (the last row, present when there are several roles), and compares with no
/// pool. Pooled posts are those funded `arrs`, or every post of the role when `any_funding`. A
/// pooled post leaves its network's own rows (so a role's default_wte does not start to apply) and
/// still counts towards its network's staffing minima: shared recruitment and rotational posts keep
/// their employer. Throws input_error as checker::run does.
[[nodiscard]] std::vector<pool_gain_row> pool_gain(const rule_set& rules, const panel& networks,
                                                   const std::vector<std::uint32_t>& group,
                                                   const std::vector<role_index>& roles, date at,
                                                   bool any_funding = false);

}  // namespace descheck
