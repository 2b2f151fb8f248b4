// The ranged values of a rule set: enumeration by stable id, and setting one of them.
#include "descheck/rules/ranges.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>

#include "io/text.hpp"
#include "rules/ranged_steps.hpp"

namespace descheck {

namespace {

// Calls `visit(path, schedule, checked)` for every schedule of the rule set that a value can be written
// in, in the documented order; `checked` when the check reads it (the schedules of
// rule_set::breakpoints()), not when it feeds only funding and planning. One walk serves the const
// enumeration and the mutable setter.
template <class Rules, class Visit>
void for_each_schedule(Rules& rules, Visit&& visit) {
  for (auto& k : rules.roles) {
    const std::string at = "roles." + k.id + ".";
    visit(at + "hours_per_wte", k.hours_per_wte, true);
    visit(at + "available_share", k.available_share, true);
    if (k.default_wte) visit(at + "default_wte.ratio", k.default_wte->ratio, true);
    if (k.arrs) {
      visit(at + "arrs.max_reimbursement", k.arrs->max_reimbursement, false);
      visit(at + "arrs.london_max_reimbursement", k.arrs->london_max_reimbursement, false);
      visit(at + "arrs.reimbursed_share", k.arrs->reimbursed_share, false);
    }
    if (k.arrs_cap) {
      visit(at + "arrs.cap.wte", k.arrs_cap->wte, false);
      visit(at + "arrs.cap.above.wte", k.arrs_cap->above_wte, false);
    }
    visit(at + "arrs.reported_wte", k.reported_wte, false);
    visit(at + "cost_per_wte", k.cost_per_wte, false);
  }
  for (auto& d : rules.drivers)
    if (d.default_value) visit("drivers." + d.id + ".default.ratio", d.default_value->ratio, true);
  for (auto& svc : rules.services) {
    for (auto& q : svc.requirements) {
      const std::string at = svc.id + "." + q.id + ".";
      visit(at + "phase", q.phase, true);
      const bool staffing = q.kind == requirement_kind::staffing;
      for (std::size_t i = 0; i < q.terms.size(); ++i)
        visit(at + (staffing ? "minimum[" : "demand[") + std::to_string(i) + (staffing ? "].wte" : "].hours"),
              q.terms[i].amount, true);
      for (auto& d : q.delivered_by)
        if (d.max_share && d.role < rules.roles.size())
          visit(at + "delivered_by." + rules.roles[d.role].id + ".max_share", *d.max_share, true);
    }
  }
  if (rules.funding) {
    visit("funding.arrs.per_weighted_patient", rules.funding->per_weighted_patient, false);
    visit("funding.arrs.national_pot", rules.funding->national_pot, false);
    visit("funding.arrs.recruitment_target", rules.funding->recruitment_target, false);
    visit("funding.arrs.reported_workforce", rules.funding->reported_workforce, false);
  }
}

std::string step_id(const std::string& path, const step& st) {
  return st.from == date::min() ? path : path + "@" + to_string(st.from);
}

// The shortest decimal that reads back as the same double, thousands grouped (as in the docs).
std::string number(double v) {
  std::array<char, 512> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed);
  if (result.ec != std::errc{}) return std::to_string(v);
  return detail::group_thousands(std::string_view(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())));
}

}  // namespace

const char* to_string(value_distribution d) noexcept {
  return d == value_distribution::uniform ? "uniform" : "triangular";
}

std::string to_string(const plausible_range& range) {
  std::string out = number(range.low) + "–" + number(range.high);
  if (range.distribution != value_distribution::triangular) out += std::string(", ") + to_string(range.distribution);
  return out;
}

std::vector<ranged_value> ranged_values(const rule_set& rules) {
  std::vector<ranged_value> out;
  for_each_schedule(rules, [&](const std::string& path, const schedule& s, bool) {
    for (const step& st : s.steps()) {
      const origin* o = rules.origin_of(st.source);
      if (!o || !o->range || !st.value) continue;
      out.push_back({step_id(path, st), o->file, o->line, o->column, *st.value, *o->range, o->status});
    }
  });
  return out;
}

std::vector<diagnostic> unranged_assumptions(const rule_set& rules) {
  std::vector<diagnostic> out;
  for_each_schedule(rules, [&](const std::string& path, const schedule& s, bool) {
    for (const step& st : s.steps()) {
      const origin* o = rules.origin_of(st.source);
      if (!o || o->status != value_status::assumption || o->range || !st.value) continue;
      out.push_back({o->file, o->line, o->column, codes::assumption_without_range,
                     "assumption " + step_id(path, st) +
                         " has no range: add 'range: [low, high]' and give its basis in the note"});
    }
  });
  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  return out;
}

bool set_ranged_value(rule_set& rules, std::string_view id, double value) {
  bool found = false;
  const std::vector<origin>& origins = rules.origins;
  for_each_schedule(rules, [&](const std::string& path, schedule& s, bool) {
    if (found || !id.starts_with(path)) return;
    for (step& st : s.steps()) {
      const bool ranged = st.source < origins.size() && origins[st.source].range && st.value;
      if (ranged && step_id(path, st) == id) {
        st.value = value;
        found = true;
        return;
      }
    }
  });
  return found;
}

namespace detail {

std::vector<ranged_step> ranged_steps(rule_set& rules) {
  std::vector<ranged_step> out;
  const std::vector<origin>& origins = rules.origins;
  for_each_schedule(rules, [&](const std::string&, schedule& s, bool checked) {
    std::vector<step>& steps = s.steps();
    for (std::size_t i = 0; i < steps.size(); ++i) {
      step& st = steps[i];
      if (st.source >= origins.size() || !origins[st.source].range || !st.value) continue;
      out.push_back({&st, i + 1 < steps.size() ? steps[i + 1].from : date::max(), checked});
    }
  });
  return out;
}

}  // namespace detail

rule_set with_ranged_value(const rule_set& rules, std::string_view id, double value) {
  rule_set out = rules;
  if (!set_ranged_value(out, id, value)) {
    std::vector<std::string> ids;
    for (const ranged_value& r : ranged_values(rules)) ids.push_back(r.id);
    throw input_error({{"", 0, 0, codes::unknown_ranged_value,
                        "no ranged value " + detail::single_quoted(id) + " in rule set " + rules.id +
                            detail::did_you_mean(id, ids)}});
  }
  return out;
}

}  // namespace descheck
