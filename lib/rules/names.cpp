// Readable ids of rule-set indices and back (rules/names.hpp), with the loaders' errors and hints.
#include "descheck/rules/names.hpp"

#include <string>
#include <vector>

#include "io/text.hpp"

namespace descheck {

namespace {

[[noreturn]] void no_index_in(std::string_view table, std::uint32_t index, std::size_t size) {
  throw input_error({{"", 0, 0, codes::index_out_of_range,
                      std::string(table) + " index " + std::to_string(index) + " is out of range (the rule set has " +
                          std::to_string(size) + ")"}});
}

template <class Item>
std::vector<std::string> ids_of(const std::vector<Item>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const Item& item : items) ids.push_back(item.id);
  return ids;
}

[[noreturn]] void unknown(const char* code, std::string_view what, std::string_view id,
                          const std::vector<std::string>& ids) {
  throw input_error(
      {{"", 0, 0, code,
        "unknown " + std::string(what) + " " + detail::single_quoted(id) + detail::did_you_mean(id, ids)}});
}

}  // namespace

std::string requirement_id(const rule_set& rules, std::uint32_t index) {
  if (index >= rules.flat.size()) no_index_in("requirement", index, rules.flat.size());
  const requirement_ref r = rules.flat[index];
  return rules.services.at(r.service).id + "." + rules.at(r).id;
}

std::optional<std::uint32_t> find_requirement(const rule_set& rules, std::string_view id) noexcept {
  const std::size_t dot = id.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view service_part = id.substr(0, dot);
  const std::string_view requirement_part = id.substr(dot + 1);
  for (std::uint32_t i = 0; i < rules.flat.size(); ++i) {
    const requirement_ref r = rules.flat[i];
    if (r.service < rules.services.size() && rules.services[r.service].id == service_part &&
        r.requirement < rules.services[r.service].requirements.size() &&
        rules.services[r.service].requirements[r.requirement].id == requirement_part)
      return i;
  }
  return std::nullopt;
}

std::uint32_t require_requirement(const rule_set& rules, std::string_view id) {
  if (const auto found = find_requirement(rules, id)) return *found;
  std::vector<std::string> ids;
  ids.reserve(rules.flat.size());
  for (std::uint32_t i = 0; i < rules.flat.size(); ++i) ids.push_back(requirement_id(rules, i));
  throw input_error({{"", 0, 0, codes::unknown_requirement,
                      "unknown requirement " + detail::single_quoted(id) + " (written service.requirement)" +
                          detail::did_you_mean(id, ids)}});
}

const std::string& role_id(const rule_set& rules, role_index index) {
  if (index >= rules.roles.size()) no_index_in("role", index, rules.roles.size());
  return rules.roles[index].id;
}

role_index require_role(const rule_set& rules, std::string_view id) {
  const role_index found = rules.find_role(id);
  if (found == no_index) unknown(codes::unknown_role, "role", id, ids_of(rules.roles));
  return found;
}

const std::string& driver_id(const rule_set& rules, driver_index index) {
  if (index >= rules.drivers.size()) no_index_in("driver", index, rules.drivers.size());
  return rules.drivers[index].id;
}

driver_index require_driver(const rule_set& rules, std::string_view id) {
  const driver_index found = rules.find_driver(id);
  if (found == no_index) unknown(codes::unknown_driver, "driver", id, ids_of(rules.drivers));
  return found;
}

const std::string& service_id(const rule_set& rules, std::uint32_t index) {
  if (index >= rules.services.size()) no_index_in("service", index, rules.services.size());
  return rules.services[index].id;
}

std::uint32_t require_service(const rule_set& rules, std::string_view id) {
  const std::uint32_t found = rules.find_service(id);
  if (found == no_index) unknown(codes::unknown_service, "service", id, ids_of(rules.services));
  return found;
}

}  // namespace descheck
