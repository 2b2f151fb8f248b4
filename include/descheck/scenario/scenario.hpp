#pragma once
/// \file scenario/scenario.hpp
/// Phasing scenarios (SPEC section 6): overlays that change a rule set. A scenario is read and
/// validated whole against its rule set before anything changes; applying it yields a new rule
/// set, and scenarios stack in the order given.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "descheck/rules/rules.hpp"

namespace descheck {

/// What one change does.
enum class change_kind : std::uint8_t { shift, phase, scale, set, delivered_by, remove, role, driver };
/// Name as written in YAML (`shift`, `phase`, ...).
[[nodiscard]] const char* to_string(change_kind k) noexcept;

/// One change of a scenario, validated against the rule set it was read for.
struct scenario_change {
  change_kind kind = change_kind::shift;
  std::string target;                       ///< as written: `service`, `service.requirement`, a role or a driver id
  std::vector<std::uint32_t> requirements;  ///< flat indices the target names (service and requirement targets)
  std::uint32_t service = no_index;         ///< service index of a `remove` of a whole service
  std::uint32_t index = no_index;           ///< role (role), driver (driver), term (set)
  int months = 0;                           ///< shift
  double factor = 1.0;                      ///< scale
  schedule values;                          ///< phase values, set amount
  std::optional<schedule> available_share;  ///< role
  std::optional<schedule> hours_per_wte;    ///< role
  std::optional<derived_default> default_value;  ///< driver
  std::vector<delivery> add;                     ///< delivered_by
  std::vector<role_index> remove_roles;          ///< delivered_by
  std::string note;
  std::string file;  ///< where the change is written
  int line = 0;
  int column = 0;
};

/// A scenario file.
struct scenario {
  std::string id;
  std::string label;
  std::string applies_to;
  std::string notes;
  std::vector<scenario_change> changes;
  std::vector<origin> origins;  ///< origins of the values the scenario writes; its schedules index this table
  std::filesystem::path file;
};

/// Reads a scenario file and validates it against `rules` (the rule set it is to change, after any
/// scenarios stacked before it): schema, unknown keys, targets (with "did you mean"), dates and
/// ranges, `applies_to`. Throws rule_error carrying every problem, each with file, line and column.
[[nodiscard]] scenario load_scenario(const std::filesystem::path& file, const rule_set& rules);

/// Applies the changes of `s` for which `use` is true (all when `use` is empty) to a copy of
/// `rules`. Throws rule_error, positioned at the offending change, when the result is not a valid
/// rule set (a month shift that makes phase dates non-increasing, a requirement active while a
/// schedule it needs is undefined); `rules` is never modified.
[[nodiscard]] rule_set apply_scenario(const rule_set& rules, const scenario& s, const std::vector<bool>& use = {});

/// Loads and applies scenario files in order, each validated against the result of the ones
/// before it. The result's `scenario_id` joins their ids with '+'.
[[nodiscard]] rule_set apply_scenarios(const rule_set& rules, const std::vector<std::filesystem::path>& files,
                                       std::vector<scenario>* loaded = nullptr);

}  // namespace descheck
