#pragma once
// Internals of the rule-set loader, shared by rules/load.cpp (files and assembly),
// rules/schema.cpp (typed reading of YAML nodes), rules/services.cpp (service specifications)
// and rules/lint.cpp (cycles, temporal lint).

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/core/error.hpp"
#include "descheck/rules/rules.hpp"
#include "descheck/rules/schedule.hpp"
#include "rules/yaml_tree.hpp"

namespace descheck::detail {

/// Allowed values of a number or of every value of a schedule.
enum class value_range : std::uint8_t {
  any,
  non_negative,  ///< >= 0: hours, WTE, ratios, money
  positive,      ///< > 0: hours_per_wte
  unit,          ///< [0, 1]: phases and shares
};

/// Reads typed values out of one file's tree, reporting problems at their positions and recording
/// the origin of every schedule value. One reader per file.
class schema_reader {
 public:
  schema_reader(std::string file, std::vector<diagnostic>& out, std::vector<origin>& origins)
      : file_(std::move(file)), out_(out), origins_(origins) {}

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// Problems reported through this reader so far.
  [[nodiscard]] std::size_t errors() const noexcept { return errors_; }
  /// Reports a problem at `at`.
  void error(const yaml_node& at, const char* code, std::string message);

  /// Checks the `schema: descheck/<kind>/v1` line (DC018). False when the file cannot be checked
  /// further: not a map, or a schema of another kind or version, whose format we do not know.
  bool check_schema(const yaml_node& root, std::string_view kind);
  /// Checks that `node` is a map of any keys (DC016 otherwise).
  bool expect_map(const yaml_node& node, std::string_view what);
  /// Checks that `node` is a map whose keys are all `allowed` and that holds every `required`
  /// key; false (after reporting DC016) only when it is not a map at all.
  bool check_map(const yaml_node& node, std::string_view what, std::initializer_list<std::string_view> allowed,
                 std::initializer_list<std::string_view> required = {});
  /// Text from a scalar (quoted or not).
  std::optional<std::string> text(const yaml_node& node, std::string_view what);
  /// An identifier: letters, digits, '_' and '-' (dots separate ids in scenario targets).
  std::optional<std::string> id(const yaml_node& node, std::string_view what);
  /// A list of texts.
  std::vector<std::string> text_list(const yaml_node& node, std::string_view what);
  /// A plain (unquoted) number within `range`.
  std::optional<double> number(const yaml_node& node, std::string_view what, value_range range);
  /// A whole number >= `minimum`.
  std::optional<int> integer(const yaml_node& node, std::string_view what, int minimum);
  /// A date scalar.
  std::optional<date> date_value(const yaml_node& node, std::string_view what);
  /// A schedule (SPEC section 1). Returns an empty schedule after reporting when malformed.
  schedule read_schedule(const yaml_node& node, std::string_view what, value_range range);
  /// " (did you mean 'x'?)" while this file has few errors. Each suggestion costs an edit distance
  /// per candidate, and past the first hundred problems none would be shown anyway.
  [[nodiscard]] std::string suggest(std::string_view word, const std::vector<std::string>& candidates) const;
  /// Appends an origin for a value written at `at` and returns its id.
  origin_id add_origin(const yaml_node& at, value_status status = value_status::unspecified, std::string reference = {},
                       std::string note = {});

 private:
  struct annotated_value {
    std::optional<double> value;
    origin_id source = no_origin;
  };
  std::optional<annotated_value> annotated(const yaml_node& node, std::string_view what, value_range range,
                                           bool allow_null);
  std::optional<double> check_range(const yaml_node& node, std::string_view what, double value, value_range range);
  // `range` and `distribution` of an annotated value, validated against its value and `range`.
  std::optional<plausible_range> read_spread(const yaml_node& node, std::string_view what, const yaml_node& value_node,
                                             std::optional<double> value, value_range range);
  std::optional<double> bound(const yaml_node& node, std::string_view what, value_range range);

  std::string file_;
  std::vector<diagnostic>& out_;
  std::vector<origin>& origins_;
  std::size_t errors_ = 0;
};

/// Ids the rule set's files define, for resolving references across files. When a file could not
/// be parsed its ids are unknown, and references to them are not reported (no cascades).
struct rule_names {
  std::vector<std::string> roles;     ///< in roles.yaml order: role_index values
  std::vector<std::string> drivers;   ///< in drivers.yaml order: driver_index values
  std::vector<std::string> services;  ///< file stems, sorted: service indices
  bool roles_known = false;
  bool drivers_known = false;

  /// Builds the lookup tables; call once the lists are filled. Hash lookups keep a hostile file
  /// with 100,000 references from costing 100,000 scans of 100,000 names.
  void index();
  /// The role `node` names; DC030 with a suggestion when unknown.
  role_index role(schema_reader& r, const yaml_node& node, const std::string& what) const;
  /// The driver `node` names; DC031 with a suggestion when unknown.
  driver_index driver(schema_reader& r, const yaml_node& node, const std::string& what) const;
  /// Index of a service id, or no_index.
  [[nodiscard]] std::uint32_t service(const std::string& id) const;

 private:
  std::unordered_map<std::string, std::uint32_t> role_at_, driver_at_, service_at_;
};

/// Reads `{driver: X, ratio: schedule}`.
std::optional<derived_default> read_derived_default(schema_reader& r, const rule_names& names, const yaml_node& node,
                                                    const std::string& what);

/// A directed edge of a dependency graph (depends_on, driver defaults), with where it is written.
struct graph_edge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::string file;
  int line = 0;
  int column = 0;
};

/// Reads one service file into `svc`, whose id is preset to the file's stem and whose index in
/// the sorted services is `index`. Its depends_on edges are appended to `edges`.
void read_service(schema_reader& r, const yaml_node& root, const rule_names& names, std::uint32_t index, service& svc,
                  std::vector<graph_edge>& edges);

/// Reports each cycle of the graph over `names` once, naming its members ("a -> b -> a"), at the
/// position of the edge that leaves the cycle's alphabetically first member.
void check_cycles(const std::vector<std::string>& names, const std::vector<graph_edge>& edges, const char* code,
                  std::string_view what, std::vector<diagnostic>& out);

/// Temporal lint (DC036): while a requirement is active, every schedule it needs is defined.
/// Services flagged in `skip` (their file had errors) and, when `roles_usable` is false, role
/// schedules are not linted, so one mistake does not cascade into many.
void check_temporal(const rule_set& rules, const std::vector<bool>& skip, bool roles_usable,
                    std::vector<diagnostic>& out);

/// Sorts by file, line, column (stable) and caps at `limit`, adding a note of how many were cut.
void finish_diagnostics(std::vector<diagnostic>& out, std::size_t limit);

}  // namespace descheck::detail
