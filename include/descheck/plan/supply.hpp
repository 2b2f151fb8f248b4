#pragma once
/// \file plan/supply.hpp
/// National recruitment under a supply limit (SPEC 10): every network has a budget (its ARRS
/// headroom, or a sum in GBP), every ARRS role a national limit on the WTE that can be recruited,
/// and one linear program shares the limits out so as to cover the most workload hours in the
/// country. See docs/plan.md, "National supply".

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck {

/// The national limit on one role's recruitment.
struct supply_limit {
  role_index role = 0;
  double wte = 0.0;  ///< WTE that can be recruited nationally
  int line = 0;      ///< line and field of the role in the supply file, for errors found later
  int column = 0;
  friend bool operator==(const supply_limit&, const supply_limit&) = default;
};

/// A supply file: CSV `role,wte`, one row per ARRS role. Roles it does not list have no national
/// limit.
struct recruitment_supply {
  std::string file;                  ///< name used in errors
  std::vector<supply_limit> limits;  ///< in file order, one per role
  /// The limit of `role`, if the file gives one.
  [[nodiscard]] std::optional<double> limit(role_index role) const noexcept;
};

/// Reads a supply file. Throws input_error with every problem: the CSV codes (DC041 a missing
/// column, DC044 a WTE that is not a number, DC045 a negative one, DC022 one over
/// limits::max_supply_wte), DC120 a role the rule set does
/// not have (with a "did you mean"), DC121 a role that is never ARRS-reimbursable, DC122 a role
/// given twice.
[[nodiscard]] recruitment_supply load_supply(const rule_set& rules, const std::filesystem::path& supply_csv,
                                             const csv_limits& limits = {});
/// Like load_supply, for CSV text in memory named `name` in errors.
[[nodiscard]] recruitment_supply parse_supply(const rule_set& rules, std::string_view supply_csv,
                                              const std::string& name = "supply", const csv_limits& limits = {});

/// One network in a national plan.
struct supply_network_plan {
  std::uint32_t network = 0;
  std::optional<double> budget;  ///< GBP a year it may spend (none: unlimited)
  double demand_hours = 0.0;     ///< workload hours a week in force
  double covered_before = 0.0;   ///< hours a week covered with the staff in post (max flow)
  double covered_hours = 0.0;    ///< with the hires
  double cost = 0.0;             ///< GBP a year of the hires
  bool compliant_before = false;
  /// Compliant with the hires: every workload demand covered and every staffing minimum met. The
  /// program maximises hours, so a network can gain hours without becoming compliant.
  bool compliant_after = false;
  std::vector<hire> hires;  ///< roles with wte > 0, in rule-set order
};

/// One role's national use of its supply.
struct supply_use {
  role_index role = 0;
  std::optional<double> limit;  ///< the supply file's WTE, if any
  double wte = 0.0;             ///< WTE the plan recruits
  double cost = 0.0;            ///< GBP a year
  std::uint32_t networks = 0;   ///< networks recruiting it
};

/// Outcome of the national program.
enum class supply_status : std::uint8_t {
  optimal,  ///< the plan covers the most hours the budgets and supply allow, at the least cost
  failed,   ///< the solver gave up (never seen); plans are then those of the staff in post
};

/// A national plan at one date.
struct supply_plan {
  date at;
  supply_status status = supply_status::optimal;
  std::vector<supply_network_plan> networks;  ///< in the order asked for, less those without data
  std::uint32_t no_data = 0;                  ///< networks asked for but outside their coverage at `at`
  std::vector<supply_use> roles;              ///< roles that could be recruited, in rule-set order
  std::uint32_t compliant_before = 0;
  std::uint32_t compliant_after = 0;
  double demand_hours = 0.0, covered_before = 0.0, covered_hours = 0.0, cost = 0.0;
};

/// Plans the networks `which` (all of the panel when empty) at `at` as one linear program (docs/plan.md):
/// maximise the workload hours covered in total, subject in each network to the check's flow
/// (demands, max_share, capacity in post plus hires) and its budget, and to each role's national
/// supply and ARRS caps; among the plans covering the most hours, the cheapest. Budgets:
/// options.entitlement_budget (each network's ARRS headroom, ARRS roles only) or options.budget;
/// neither means that only the supply limits. Hireable roles and costs are as planner's. Staffing
/// minimums are not bought (as under a budget), so a network short of one is not made compliant.
/// Throws input_error DC121 (at the supply file's line) for a limited role that is not
/// ARRS-reimbursable on `at`, DC100 for bad options, and as planner::run.
[[nodiscard]] supply_plan plan_nationally(const rule_set& rules, const panel& networks, date at,
                                          const plan_options& options, const recruitment_supply& supply,
                                          const std::vector<std::uint32_t>& which = {});

/// A national plan as long rows: per network a `network` row (status `compliant_already`,
/// `compliant` once its hires make it so, or `short`) and a `hire` row per role:
/// `scenario,network_id,date,row,role,status,wte,limit,cost,hours,budget,demand_hours,covered_before,`
/// `covered_hours,compliant_before,compliant_after,networks`.
[[nodiscard]] table supply_plan_table(const rule_set& rules, const panel& networks, const supply_plan& plan);

/// Its national rows, in the same columns: a `supply` row per role that could be recruited (WTE used
/// against the limit) and one `total` row (status `optimal` or `failed`; compliant_before and
/// compliant_after count the networks compliant before and after).
[[nodiscard]] table supply_totals_table(const rule_set& rules, const supply_plan& plan);

/// write_table() of supply_plan_table().
void write_supply_plan(std::ostream& out, const rule_set& rules, const panel& networks, const supply_plan& plan,
                       table_format format);

}  // namespace descheck
