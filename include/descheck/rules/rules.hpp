#pragma once
/// \file rules/rules.hpp
/// The rule set: roles, drivers and service specifications, as loaded from a rule-set directory
/// (SPEC section 2). A loaded rule set is immutable and safe to share across threads.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/error.hpp"
#include "descheck/rules/schedule.hpp"

namespace descheck {

/// Index of a role in rule_set::roles.
using role_index = std::uint32_t;
/// Index of a driver in rule_set::drivers.
using driver_index = std::uint32_t;
/// Marks "no driver" in a term (a fixed term).
inline constexpr std::uint32_t no_index = 0xFFFF'FFFFu;

/// An estimate of one quantity from a driver: value = ratio(d) × driver(d).
struct derived_default {
  driver_index driver = no_index;
  schedule ratio;
  friend bool operator==(const derived_default&, const derived_default&) = default;
};

/// The most WTE of a role a network may have reimbursed through ARRS (`arrs.cap` in YAML): `wte(d)`,
/// or `above_wte(d)` for a network whose `driver` is over `threshold` (e.g. 100,000 patients).
/// Undefined on a date (or a `null` sunset): no cap then.
struct wte_cap {
  schedule wte;                    ///< cap for every network
  driver_index driver = no_index;  ///< no_index when there is no larger cap for larger networks
  double threshold = 0.0;          ///< the larger cap applies where driver(d) > threshold
  schedule above_wte;              ///< cap for networks over the threshold
  friend bool operator==(const wte_cap&, const wte_cap&) = default;
};

/// ARRS reimbursement of a role.
struct arrs_terms {
  schedule max_reimbursement;  ///< GBP per WTE a year; defined where the role is reimbursable
  schedule reimbursed_share;   ///< share of cost the PCN can claim, in [0, 1]
  /// GBP per WTE a year for a network in London (driver `london` of 1), where defined; elsewhere
  /// and on other dates max_reimbursement applies (`arrs.london_max_reimbursement` in YAML).
  schedule london_max_reimbursement;
  friend bool operator==(const arrs_terms&, const arrs_terms&) = default;
};

/// A staff role.
struct role {
  std::string id;
  std::string label;
  schedule hours_per_wte;                      ///< default 37.5
  schedule available_share;                    ///< share of a WTE available for service work, default 1
  std::optional<derived_default> default_wte;  ///< staff assumed where a network has no rows
  std::vector<std::string> workforce_labels;   ///< census STAFF_ROLE / DETAILED_STAFF_ROLE values
  std::optional<arrs_terms> arrs;
  /// `arrs.cap`: the most WTE of the role a network may claim for (kept beside `arrs` so that
  /// arrs_terms stays a two-field aggregate).
  std::optional<wte_cap> arrs_cap;
  /// GBP per WTE a year that hiring one costs (`cost_per_wte`); empty: the ARRS maximum is used.
  schedule cost_per_wte;
  /// `arrs.reported_wte`: national FTE of the role that NHS England published, keyed by the date each
  /// count refers to. For comparison with a census only (workforce.hpp); no check reads it.
  schedule reported_wte;
  friend bool operator==(const role&, const role&) = default;
};

/// A number each network supplies (or that is estimated from another driver).
struct driver {
  std::string id;
  std::string label;
  std::string unit;
  std::optional<derived_default> default_value;
  friend bool operator==(const driver&, const driver&) = default;
};

/// Workload is hours of work; staffing is a minimum number of WTE in post.
enum class requirement_kind : std::uint8_t { workload, staffing };

/// Name as written in YAML and output (`workload`, `staffing`).
[[nodiscard]] const char* to_string(requirement_kind k) noexcept;

/// One demand term. Workload: `amount` hours per `per` (× driver). Staffing: `amount` WTE (× driver).
struct term {
  driver_index driver = no_index;  ///< no_index for a fixed term
  schedule amount;                 ///< hours (workload) or WTE (staffing)
  double weeks_per_period = 1.0;   ///< 1 for week, 365.25/7/12 for month, 365.25/7 for year
  std::string per = "week";        ///< as written: week, month or year (empty for staffing)
  friend bool operator==(const term&, const term&) = default;
};

/// A role allowed to deliver a requirement.
struct delivery {
  role_index role = no_index;
  std::optional<schedule> max_share;  ///< at most this share of the requirement's demand
  friend bool operator==(const delivery&, const delivery&) = default;
};

/// One requirement of a service specification.
struct requirement {
  std::string id;
  std::string label;
  requirement_kind kind = requirement_kind::workload;
  int priority = 1;  ///< lower is served first
  schedule phase;    ///< share of the full requirement in force, in [0, 1]
  std::vector<term> terms;
  std::vector<delivery> delivered_by;
  std::vector<std::string> indicators;
  origin_id source = no_origin;  ///< where the requirement is declared
  /// Net shift of the phase dates by the scenarios applied so far: stacked shifts stay within
  /// ±limits::max_shift_months as one shift must.
  int shifted_months = 0;
  /// Net scale of the terms by the scenarios applied so far, within limits::max_scale_factor.
  double scaled_by = 1.0;
  friend bool operator==(const requirement&, const requirement&) = default;
};

/// A reference to a published document.
struct document_ref {
  std::string title;
  std::string href;
  friend bool operator==(const document_ref&, const document_ref&) = default;
};

/// One service specification (one file in services/).
struct service {
  std::string id;
  std::string label;
  document_ref reference;
  std::vector<std::uint32_t> depends_on;  ///< indices into rule_set::services
  std::vector<requirement> requirements;
  origin_id source = no_origin;
  friend bool operator==(const service&, const service&) = default;
};

/// Position of a requirement: service index and index within the service.
struct requirement_ref {
  std::uint32_t service = 0;
  std::uint32_t requirement = 0;
  friend bool operator==(const requirement_ref&, const requirement_ref&) = default;
};

/// ARRS funding terms (funding.yaml).
struct funding_terms {
  schedule per_weighted_patient;  ///< GBP a year per weighted patient
  schedule national_pot;          ///< GBP a year, for reference
  /// Additional staff (FTE) the scheme is to fund nationally, as the target in force from each date.
  schedule recruitment_target;
  /// Published national ARRS FTE, keyed by the date each count refers to; each value's note gives its
  /// basis (claims plus the National Workforce Reporting Service, or that service alone).
  schedule reported_workforce;
  friend bool operator==(const funding_terms&, const funding_terms&) = default;
};

/// Optional default date range of a rule set.
struct date_range {
  date from;
  date to;
  friend bool operator==(const date_range&, const date_range&) = default;
};

/// A whole rule set. Built by load_rule_set(); immutable afterwards.
struct rule_set {
  std::string id;
  std::string label;
  std::string version;
  std::optional<date_range> default_range;
  std::vector<role> roles;
  std::vector<driver> drivers;
  std::vector<service> services;  ///< sorted by id
  std::optional<funding_terms> funding;
  std::vector<origin> origins;        ///< table that origin_id values index
  std::vector<requirement_ref> flat;  ///< every requirement, ordered by (service id, requirement id)
  /// `baseline`, or the ids of the scenarios applied, joined by '+' (the `scenario` output column).
  std::string scenario_id = "baseline";
  std::filesystem::path directory;

  /// Index of a role by its id, or no_index.
  [[nodiscard]] role_index find_role(std::string_view key) const noexcept;
  /// Index of a driver by id, or no_index.
  [[nodiscard]] driver_index find_driver(std::string_view key) const noexcept;
  /// Index of a service by id, or no_index.
  [[nodiscard]] std::uint32_t find_service(std::string_view key) const noexcept;
  /// The requirement a flat index names.
  [[nodiscard]] const requirement& at(requirement_ref r) const {
    return services.at(r.service).requirements.at(r.requirement);
  }
  /// Origin of a value, or nullptr for built-in defaults.
  [[nodiscard]] const origin* origin_of(origin_id source) const noexcept {
    return source < origins.size() ? &origins[source] : nullptr;
  }
  /// Every date at which some schedule of the rule set changes value, sorted, unique.
  [[nodiscard]] std::vector<date> breakpoints() const;
};

/// Limits the loaders enforce on input files.
struct load_limits {
  std::uintmax_t max_yaml_bytes = 4u << 20;  ///< a rule-set file larger than this is refused
  int max_yaml_depth = 32;                   ///< deeper nesting is refused
  std::size_t max_diagnostics = 100;         ///< at most this many problems per run are reported
};

/// Loads and fully validates a rule-set directory. Throws rule_error carrying every problem found
/// (syntax, schema, references, cycles, temporal lint), each with file, line, column and code.
[[nodiscard]] rule_set load_rule_set(const std::filesystem::path& directory, const load_limits& limits = {});

/// Like load_rule_set but returns the problems instead of throwing; empty means valid.
[[nodiscard]] std::vector<diagnostic> validate_rule_set(const std::filesystem::path& directory,
                                                        const load_limits& limits = {});

}  // namespace descheck
