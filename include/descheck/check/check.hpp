#pragma once
/// \file check/check.hpp
/// Checking one network at one date (SPEC section 4): demand, capacity, the max-min fair
/// allocation of staff to requirements, statuses and bottleneck groups.

#include <cstdint>
#include <memory>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// Outcome of one requirement.
enum class requirement_status : std::uint8_t { met, partial, unmet };
/// Outcome of one network.
/// `no_data`: outside the network's coverage (SPEC 3, 4.6), so nothing was evaluated.
enum class network_state : std::uint8_t { compliant, non_compliant, not_in_force, no_data };

/// Names as written in output (`met`, `partial`, `unmet`; `compliant`, ...).
[[nodiscard]] const char* to_string(requirement_status s) noexcept;
[[nodiscard]] const char* to_string(network_state s) noexcept;

/// Tolerance in hours per week below which a shortfall counts as met (SPEC 4.5).
inline constexpr double met_tolerance_hours = 0.01;

/// One active requirement's result.
struct requirement_result {
  std::uint32_t requirement = 0;  ///< index into rule_set::flat
  double demand = 0.0;            ///< hours/week (workload) or WTE (staffing)
  double delivered = 0.0;         ///< hours/week (workload) or WTE (staffing)
  requirement_status status = requirement_status::met;
  /// Index into check_result::bottlenecks, or -1 when the requirement is met or staffing.
  std::int32_t bottleneck = -1;
  [[nodiscard]] double shortfall() const noexcept { return demand > delivered ? demand - delivered : 0.0; }
  /// Share of the demand covered, in [0, 1] (a staffing surplus does not count above 1).
  [[nodiscard]] double coverage() const noexcept {
    return demand > delivered && demand > 0.0 ? delivered / demand : 1.0;
  }
};

/// Hours a week one role gives one requirement in the reported allocation.
struct flow_entry {
  role_index role = 0;
  std::uint32_t requirement = 0;  ///< index into rule_set::flat
  double hours = 0.0;
};

/// Weekly capacity of one role at the date.
struct role_capacity {
  role_index role = 0;
  double wte = 0.0;        ///< posts in force, or the default where the network has no rows
  bool defaulted = false;  ///< true when `wte` comes from the role's default_wte (no post in force)
  double hours = 0.0;      ///< wte × hours_per_wte × available_share
  double used = 0.0;       ///< hours allocated
};

/// Why some requirements fall short: together they need more than the roles that can reach them
/// (all fully used) can give.
struct bottleneck_group {
  std::vector<std::uint32_t> requirements;  ///< flat indices
  std::vector<role_index> roles;
  double demand_hours = 0.0;    ///< summed demand of the group's requirements
  double capacity_hours = 0.0;  ///< summed capacity of its roles
};

/// Everything one check produces. Buffers are reused from check to check.
struct check_result {
  std::uint32_t network = 0;
  date at;
  network_state state = network_state::not_in_force;
  std::uint32_t active = 0;
  std::uint32_t unmet = 0;  ///< active requirements not met (partial or unmet)
  double demand_hours = 0.0;
  double delivered_hours = 0.0;
  std::vector<requirement_result> requirements;  ///< active ones, in rule_set::flat order
  std::vector<flow_entry> flows;                 ///< non-zero entries only
  std::vector<role_capacity> capacities;         ///< every role with capacity or use
  std::vector<bottleneck_group> bottlenecks;     ///< filled when asked for
  [[nodiscard]] double shortfall_hours() const noexcept {
    return demand_hours > delivered_hours ? demand_hours - delivered_hours : 0.0;
  }
};

/// What a check computes beyond the statuses.
struct check_options {
  bool bottlenecks = false;  ///< compute bottleneck groups (costs one residual search)
};

namespace detail {
struct check_scratch;
}

/// Checks networks of one panel against one rule set. Holds solver scratch space, so a warm
/// check allocates nothing; use one checker per thread. The rule set and panel must outlive it.
class checker {
 public:
  checker(const rule_set& rules, const panel& networks);
  ~checker();
  checker(checker&&) noexcept;
  checker& operator=(checker&&) noexcept;
  checker(const checker&) = delete;
  checker& operator=(const checker&) = delete;

  /// Checks network `index` at `at`. The result stays valid until the next call.
  /// Throws input_error when a driver an active requirement needs has no value for the network.
  const check_result& run(std::uint32_t index, date at, const check_options& options = {});

 private:
  const rule_set* rules_;
  const panel* panel_;
  std::unique_ptr<detail::check_scratch> scratch_;
  check_result result_;
};

}  // namespace descheck
