#pragma once
/// \file plan/plan.hpp
/// Minimum-cost recruitment: for one network at one date, the cheapest additional WTE by role that
/// makes it compliant (SPEC 4), costed per WTE a year; or, under a budget, the hires that cover the
/// most hours; or, under the network's ARRS entitlement, whether compliance is fundable (SPEC 10).
/// See docs/plan.md. National plans under a recruitment supply are in supply.hpp.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/io/table.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// Outcome of planning one network at one date.
enum class plan_status : std::uint8_t {
  compliant_already,  ///< nothing to hire (also when no requirement is in force)
  planned,            ///< the hires make the network compliant (within the budget, if any)
  infeasible,         ///< no hires can make it compliant (see plan_result::reason)
  over_budget,        ///< compliance costs more than the budget: the hires cover the most hours it buys
  /// Entitlement budget: the cheapest compliant plan fits the network's ARRS headroom.
  fundable,
  /// Entitlement budget: it does not; the hires cover the most hours the headroom buys.
  not_fundable,
  /// Outside the network's coverage (SPEC 4.6): its staff are unknown, so nothing is planned.
  no_data,
};

/// Name as written in output (`compliant_already`, `planned`, `infeasible`, `over_budget`,
/// `fundable`, `not_fundable`, `no_data`).
[[nodiscard]] const char* to_string(plan_status s) noexcept;

/// What to plan with.
struct plan_options {
  /// Roles that may be hired; empty means every role with a cost on the date.
  std::vector<role_index> roles;
  /// GBP per WTE a year for a role, overriding the rule set's `cost_per_wte` and ARRS maximum.
  std::vector<std::pair<role_index, double>> cost_per_wte;
  /// GBP a year per network: maximise covered hours within it when compliance costs more.
  std::optional<double> budget;
  /// Budget each network by its ARRS headroom (entitlement less the claims of its ARRS posts, see
  /// funding.hpp) in the financial year of the date: only roles ARRS-reimbursable on the date may
  /// be hired, at their maximum reimbursement unless cost_per_wte gives a cost, and the statuses
  /// are compliant_already, fundable, not_fundable and infeasible. Not with `budget`. A plan at one
  /// date: plan_horizon() would not take earlier steps' hires off the headroom.
  bool entitlement_budget = false;
  /// With entitlement_budget: count every post of a reimbursable role as ARRS-funded when working
  /// out the headroom (funding_options::assume_arrs).
  bool assume_arrs = false;
};

/// Additional WTE of one role.
struct hire {
  role_index role = 0;
  double wte = 0.0;
  double cost = 0.0;   ///< GBP a year: wte × cost per WTE
  double hours = 0.0;  ///< hours a week of service work the hire adds
  bool arrs = false;   ///< reimbursable through ARRS on the date (counts towards the entitlement)
  friend bool operator==(const hire&, const hire&) = default;
};

/// The plan for one network at one date.
struct plan_result {
  std::uint32_t network = 0;
  date at;
  plan_status status = plan_status::compliant_already;
  double cost = 0.0;             ///< GBP a year of all hires
  double arrs_cost = 0.0;        ///< of which for ARRS-reimbursable roles
  double demand_hours = 0.0;     ///< workload demand in force, hours a week
  double covered_hours = 0.0;    ///< workload hours a week delivered with the hires (max flow)
  double shortfall_hours = 0.0;  ///< demand_hours − covered_hours
  /// Under a budget with status over_budget: the cost of compliance (0 when it is infeasible).
  double full_cost = 0.0;
  /// True when some staffing requirement was short and the linear program that makes such a plan
  /// exact failed numerically: the plan is then compliant but not proven cheapest (docs/plan.md,
  /// "Staffing requirements"). Never seen in the tests.
  bool staffing_heuristic = false;
  std::vector<hire> hires;  ///< roles with wte > 0, in rule-set order
  /// Infeasible: the first requirement (index into rule_set::flat) that cannot be met, and why.
  std::uint32_t blocked_requirement = no_index;
  std::string reason;
  /// The network's remaining ARRS entitlement (GBP a year) when the caller supplied it, and
  /// whether arrs_cost fits in it.
  std::optional<double> entitlement_headroom;
  std::optional<bool> fits_entitlement;
};

namespace detail {
struct plan_scratch;
}

/// Plans networks of one panel against one rule set. Builds its min-cost-flow graph once and
/// resets capacities and costs per network; use one planner per thread. The rule set and panel
/// must outlive it.
class planner {
 public:
  /// Throws input_error (DC100) for a negative cost or budget.
  planner(const rule_set& rules, const panel& networks, plan_options options = {});
  ~planner();
  planner(planner&&) noexcept;
  planner& operator=(planner&&) noexcept;
  planner(const planner&) = delete;
  planner& operator=(const planner&) = delete;

  /// Plans network `index` at `at`. `entitlement_headroom` (GBP a year left of the network's ARRS
  /// entitlement), when given, fills plan_result::fits_entitlement; under
  /// plan_options::entitlement_budget it is the budget (worked out by entitlement_headroom() when
  /// not given). The result stays valid until the next call. Throws input_error when a driver an
  /// active requirement needs has no value; under entitlement_budget, as arrs_funding() when the
  /// headroom has to be worked out.
  const plan_result& run(std::uint32_t index, date at, std::optional<double> entitlement_headroom = std::nullopt);
  /// Like run(), with `extra_wte[role]` WTE already hired on top of the staff file (ARRS-funded
  /// where the role is reimbursable: they count towards its cap). Used by plan_horizon().
  const plan_result& run(std::uint32_t index, date at, std::optional<double> entitlement_headroom,
                         const std::vector<double>& extra_wte);

  /// Cost per WTE a year of hiring `role` at `at` under these options, or nullopt when it cannot be
  /// hired (no cost, or excluded by plan_options::roles). Where the cost is the ARRS maximum it is
  /// network `network`'s (London weighting, see arrs_maximum) when one is named.
  [[nodiscard]] std::optional<double> cost_per_wte(role_index role, date at, std::uint32_t network = no_index) const;
  /// Most additional WTE of `role` network `index` may hire at `at` under its ARRS cap (infinity
  /// when uncapped).
  [[nodiscard]] double cap_headroom(std::uint32_t index, role_index role, date at) const;
  /// GBP a year of ARRS entitlement network `index` has left in the financial year of `at`:
  /// arrs_funding()'s headroom, with plan_options::assume_arrs. Throws as arrs_funding().
  [[nodiscard]] double entitlement_headroom(std::uint32_t index, date at) const;
  /// The options planned with.
  [[nodiscard]] const plan_options& options() const noexcept { return options_; }

 private:
  const rule_set* rules_;
  const panel* panel_;
  plan_options options_;
  std::unique_ptr<detail::plan_scratch> scratch_;
  plan_result result_;
};

/// A post a horizon plan adds: `wte` of `role` from `start`, open-ended.
struct planned_post {
  role_index role = 0;
  double wte = 0.0;
  date start;
  double cost = 0.0;  ///< GBP a year, at the cost per WTE on `start`
  friend bool operator==(const planned_post&, const planned_post&) = default;
};

/// Hires with start dates that keep one network compliant on every day of a range.
struct horizon_plan {
  std::uint32_t network = 0;
  date from, to;
  /// compliant_already (no hire needed), planned, or infeasible from `blocked_at` (see `reason`);
  /// no_data when the network is outside its coverage on every day of the range (dates outside it
  /// are skipped: nothing is planned for them).
  plan_status status = plan_status::compliant_already;
  std::vector<planned_post> posts;  ///< in start order
  double cost = 0.0;                ///< GBP a year of all posts (each at its start's cost)
  date blocked_at;                  ///< infeasible: the first date no hire can fix
  std::string reason;
};

/// Plans network `index` over [from, to]: at `from` and at every later breakpoint of the inputs
/// (rule set and panel, SPEC 5) it hires, as planner::run, the cheapest top-up given the posts
/// already planned, which stay. Inputs are constant between breakpoints, so every day of the range
/// is then compliant. Greedy in time: each step is cheapest, the schedule as a whole need not be.
[[nodiscard]] horizon_plan plan_horizon(planner& plan, const rule_set& rules, const panel& networks,
                                        std::uint32_t index, date from, date to);

/// National totals of many plans.
struct plan_totals {
  std::uint32_t networks = 0;
  std::uint32_t needing_hires = 0;  ///< plans with at least one hire
  std::uint32_t infeasible = 0;
  std::uint32_t over_budget = 0;
  std::uint32_t fundable = 0;
  std::uint32_t not_fundable = 0;
  std::uint32_t no_data = 0;  ///< plans of networks outside their coverage (nothing planned)
  double cost = 0.0;
  double arrs_cost = 0.0;
  std::vector<double> wte;  ///< by role_index
  /// Adds one plan.
  void add(const plan_result& plan, std::size_t role_count);
};

/// Plans as long rows (docs/plan.md): one `network` row per plan, one `hire` row per hired role:
/// `scenario,network_id,date,row,role,status,wte,cost,hours,demand_hours,covered_hours,`
/// `shortfall_hours,arrs_cost,fits_entitlement,networks,reason`.
[[nodiscard]] table plan_table(const rule_set& rules, const panel& networks, const std::vector<plan_result>& plans);

/// The national totals of plans, in the columns of plan_table(): one `total` row, then a `total` row
/// per role hired anywhere (its `networks` the networks hiring it). Totals are not network rows, so
/// they are a table of their own.
[[nodiscard]] table plan_totals_table(const rule_set& rules, const std::vector<plan_result>& plans);

/// write_table() of plan_table().
void write_plans(std::ostream& out, const rule_set& rules, const panel& networks, const std::vector<plan_result>& plans,
                 table_format format);

/// Writes horizon plans: per network a `network` row (status, total WTE and cost; for an infeasible
/// plan the blocked date in `start` and the reason), then a `post` row per planned post:
/// `scenario,network_id,from,to,row,role,status,wte,start,cost,reason`.
void write_horizon_plans(std::ostream& out, const rule_set& rules, const panel& networks,
                         const std::vector<horizon_plan>& plans, table_format format);

}  // namespace descheck
