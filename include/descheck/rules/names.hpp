#pragma once
/// \file rules/names.hpp
/// Readable ids for the indices that results carry, and back. A check_result names requirements by
/// their index into rule_set::flat and roles by role_index; these turn each into the id the output
/// and the rule-set files use (`smr.reviews`, `clinical_pharmacist`), and an id into its index with
/// the loaders' errors and "did you mean" hints.
///
/// \code
///   const check_result& r = check.run(n, at);
///   for (const requirement_result& q : r.requirements)
///     std::cout << descheck::requirement_id(rules, q.requirement) << ' ' << to_string(q.status) << '\n';
///   const std::uint32_t reviews = descheck::require_requirement(rules, "smr.reviews");
/// \endcode

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "descheck/rules/rules.hpp"

namespace descheck {

/// `service.requirement` of flat requirement `index` (e.g. `smr.reviews`), as scenario targets
/// write it. Throws input_error (DC152) when `index` is not below `rules.flat.size()`.
[[nodiscard]] std::string requirement_id(const rule_set& rules, std::uint32_t index);
/// Flat index of `service.requirement`, or nullopt.
[[nodiscard]] std::optional<std::uint32_t> find_requirement(const rule_set& rules, std::string_view id) noexcept;
/// Flat index of `service.requirement`; throws input_error (DC151, with a "did you mean") when
/// the rule set has no such requirement.
[[nodiscard]] std::uint32_t require_requirement(const rule_set& rules, std::string_view id);

/// Id of role `index`; throws input_error (DC152) when out of range.
[[nodiscard]] const std::string& role_id(const rule_set& rules, role_index index);
/// Index of a role; throws input_error (DC030, with a "did you mean") when unknown.
[[nodiscard]] role_index require_role(const rule_set& rules, std::string_view id);

/// Id of driver `index`; throws input_error (DC152) when out of range.
[[nodiscard]] const std::string& driver_id(const rule_set& rules, driver_index index);
/// Index of a driver; throws input_error (DC031, with a "did you mean") when unknown.
[[nodiscard]] driver_index require_driver(const rule_set& rules, std::string_view id);

/// Id of service `index` (into rule_set::services); throws input_error (DC152) when out of range.
[[nodiscard]] const std::string& service_id(const rule_set& rules, std::uint32_t index);
/// Index of a service; throws input_error (DC032, with a "did you mean") when unknown.
[[nodiscard]] std::uint32_t require_service(const rule_set& rules, std::string_view id);

}  // namespace descheck
