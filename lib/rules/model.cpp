// Lookups and breakpoints of a loaded rule set; loading lives in rules/load.cpp.
#include <algorithm>

#include "descheck/rules/rules.hpp"
#include "descheck/rules/schedule.hpp"

namespace descheck {

const char* to_string(value_status s) noexcept {
  switch (s) {
    case value_status::published:
      return "published";
    case value_status::draft:
      return "draft";
    case value_status::assumption:
      return "assumption";
    case value_status::unspecified:
      break;
  }
  return "unspecified";
}

const char* to_string(requirement_kind k) noexcept { return k == requirement_kind::workload ? "workload" : "staffing"; }

schedule schedule::constant(double value, origin_id source) {
  return schedule(std::vector<step>{step{date::min(), value, source}});
}

namespace {
template <class Range>
std::uint32_t index_of(const Range& items, std::string_view id) noexcept {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return static_cast<std::uint32_t>(i);
  return no_index;
}

void add_keys(const schedule& s, std::vector<date>& out) {
  for (const step& st : s.steps())
    if (st.from > date::min()) out.push_back(st.from);
}
void add_keys(const std::optional<derived_default>& d, std::vector<date>& out) {
  if (d) add_keys(d->ratio, out);
}
}  // namespace

role_index rule_set::find_role(std::string_view key) const noexcept { return index_of(roles, key); }
driver_index rule_set::find_driver(std::string_view key) const noexcept { return index_of(drivers, key); }
std::uint32_t rule_set::find_service(std::string_view key) const noexcept { return index_of(services, key); }

std::vector<date> rule_set::breakpoints() const {
  std::vector<date> out;
  for (const role& r : roles) {
    add_keys(r.hours_per_wte, out);
    add_keys(r.available_share, out);
    add_keys(r.default_wte, out);
  }
  for (const driver& d : drivers) add_keys(d.default_value, out);
  for (const service& s : services)
    for (const requirement& r : s.requirements) {
      add_keys(r.phase, out);
      for (const term& t : r.terms) add_keys(t.amount, out);
      for (const delivery& d : r.delivered_by)
        if (d.max_share) add_keys(*d.max_share, out);
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace descheck
