#pragma once
/// \file core/error.hpp
/// Positioned diagnostics with stable codes, and the exception hierarchy thrown at the boundaries.

#include <stdexcept>
#include <string>
#include <vector>

namespace descheck {

/// One problem in an input file. Prints as `FILE:LINE:COL: error[DCnnn]: message`.
/// Lines and columns are 1-based; 0 means "not applicable" (for a whole-file problem).
struct diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string code;     ///< stable code such as "DC006"; see docs/errors.md
  std::string message;  ///< human text, with a "did you mean" where one applies
  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// The one-line form `FILE:LINE:COL: error[DCnnn]: message`.
[[nodiscard]] std::string format(const diagnostic& d);

/// Base of every exception descheck throws: one or more diagnostics, all found in one pass.
class error : public std::runtime_error {
 public:
  explicit error(std::vector<diagnostic> diagnostics);
  /// Every problem found (at least one), in file order.
  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  /// The first problem, for callers that want a single position.
  [[nodiscard]] const diagnostic& first() const noexcept { return diagnostics_.front(); }

 private:
  std::vector<diagnostic> diagnostics_;
};

/// A rule set or scenario is malformed or inconsistent.
class rule_error : public error {
 public:
  using error::error;
};

/// A network, staff or other data file is malformed, or an argument is out of range.
class input_error : public error {
 public:
  using error::error;
};

/// Stable diagnostic codes. Never renumber: tools and tests match on them.
namespace codes {
inline constexpr const char* io = "DC001";                     ///< file missing or unreadable
inline constexpr const char* too_large = "DC002";              ///< file over the size limit
inline constexpr const char* empty_file = "DC003";             ///< file has no content
inline constexpr const char* encoding = "DC004";               ///< not valid UTF-8
inline constexpr const char* yaml_syntax = "DC010";            ///< YAML does not parse
inline constexpr const char* yaml_tab = "DC011";               ///< tab in indentation
inline constexpr const char* yaml_alias = "DC012";             ///< anchors and aliases are refused
inline constexpr const char* yaml_depth = "DC013";             ///< nesting deeper than the limit
inline constexpr const char* duplicate_key = "DC014";          ///< same key twice in one map
inline constexpr const char* unknown_key = "DC015";            ///< key not in the schema
inline constexpr const char* wrong_type = "DC016";             ///< value of the wrong type
inline constexpr const char* missing_key = "DC017";            ///< required key absent
inline constexpr const char* schema = "DC018";                 ///< `schema:` header missing or wrong
inline constexpr const char* bad_date = "DC020";               ///< not a real ISO date
inline constexpr const char* date_order = "DC021";             ///< schedule dates not strictly increasing
inline constexpr const char* out_of_range = "DC022";           ///< number outside its allowed range
inline constexpr const char* bad_status = "DC023";             ///< status/reference/note inconsistent
inline constexpr const char* unknown_role = "DC030";           ///< role id not in roles.yaml
inline constexpr const char* unknown_driver = "DC031";         ///< driver id not in drivers.yaml
inline constexpr const char* unknown_service = "DC032";        ///< service id not in services/
inline constexpr const char* duplicate_id = "DC033";           ///< id defined twice
inline constexpr const char* service_cycle = "DC034";          ///< cycle in depends_on
inline constexpr const char* driver_cycle = "DC035";           ///< cycle in driver defaults
inline constexpr const char* undefined_when_active = "DC036";  ///< temporal lint
inline constexpr const char* csv_syntax = "DC040";             ///< unterminated quote, stray quote
inline constexpr const char* csv_missing_column = "DC041";
inline constexpr const char* csv_unknown_column = "DC042";
inline constexpr const char* csv_field_count = "DC043";  ///< row has the wrong number of fields
inline constexpr const char* csv_bad_number = "DC044";
inline constexpr const char* csv_negative = "DC045";     ///< negative WTE or driver value
inline constexpr const char* csv_empty_value = "DC046";  ///< required value empty
inline constexpr const char* unknown_network = "DC047";  ///< staff row names no known network
inline constexpr const char* duplicate_network = "DC048";
inline constexpr const char* csv_bad_enum = "DC049";          ///< e.g. funding not arrs/core/other
inline constexpr const char* missing_driver_value = "DC050";  ///< no value (or default) for a driver a network needs
inline constexpr const char* usage = "DC060";                 ///< bad command-line arguments
inline constexpr const char* census_month = "DC070";          ///< mixed census months in a file, or one month twice
inline constexpr const char* duplicate_practice = "DC071";    ///< a practice listed twice, or in two networks
inline constexpr const char* label_claimed_twice = "DC072";   ///< two roles claim the same census label
inline constexpr const char* unknown_target =
    "DC080";  ///< scenario target names no service, requirement, role or driver
inline constexpr const char* wrong_rule_set = "DC081";  ///< scenario `applies_to` is another rule set
inline constexpr const char* change_invalid = "DC082";  ///< a change cannot be applied, or leaves an invalid rule set
inline constexpr const char* no_funding_terms =
    "DC090";  ///< no funding.yaml, or no ARRS sum per weighted patient on 1 April of the year asked for
inline constexpr const char* plan_option = "DC100";            ///< plan: unknown role or bad cost or budget
inline constexpr const char* unknown_pool_member = "DC110";    ///< pools file names a network not in the networks file
inline constexpr const char* pool_id_clash = "DC111";          ///< a pool id is also a network id
inline constexpr const char* duplicate_pool_member = "DC112";  ///< a network listed twice in one pool
inline constexpr const char* unknown_supply_role = "DC120";    ///< supply file names no role of the rule set
inline constexpr const char* supply_not_arrs = "DC121";        ///< supply file names a role ARRS does not reimburse
inline constexpr const char* duplicate_supply_role = "DC122";  ///< a role given twice in the supply file
inline constexpr const char* coverage_order = "DC130";         ///< coverage window whose `to` is before its `from`
inline constexpr const char* coverage_overlap = "DC131";       ///< two coverage windows of one network overlap
inline constexpr const char* bad_range = "DC140";              ///< `range` not a list of two finite plain numbers
inline constexpr const char* range_excludes_value = "DC141";   ///< range with low > high, or not holding its value
inline constexpr const char* range_not_allowed = "DC142";      ///< range on a `null` value or beside dated keys
inline constexpr const char* bad_distribution = "DC143";       ///< unknown distribution, or one without a range
inline constexpr const char* assumption_without_range = "DC144";  ///< `validate --strict`: an assumption with no range
inline constexpr const char* unknown_ranged_value = "DC145";      ///< a ranged-value id names no ranged value
inline constexpr const char* inconsistent_panel = "DC150";   ///< a panel built in code does not fit itself or its rules
inline constexpr const char* unknown_requirement = "DC151";  ///< a requirement id given to the API names none
inline constexpr const char* index_out_of_range = "DC152";   ///< an index given to a name lookup is past its table
inline constexpr const char* plan_too_large =
    "DC160";  ///< plan: a network's workload, or a role's cost per hour, beyond the planner's integer arithmetic
inline constexpr const char* demand_too_large =
    "DC161";  ///< a requirement asks more hours a week of one network than limits::max_requirement_hours
}  // namespace codes

}  // namespace descheck
