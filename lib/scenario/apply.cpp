// Applying scenarios to a copy of a rule set, and checking that the result is still a valid one.
#include <algorithm>

#include "descheck/core/limits.hpp"
#include "descheck/io/text.hpp"
#include "descheck/scenario/scenario.hpp"
#include "rules/load.hpp"

namespace descheck {

namespace {

[[noreturn]] void fail(const scenario_change& c, std::string message) {
  throw rule_error({{c.file, c.line, c.column, codes::change_invalid, std::move(message)}});
}

// The scenario's own origins are appended to the rule set's table; its schedules move with them.
schedule rebased(schedule s, origin_id offset) {
  for (step& st : s.steps())
    if (st.source != no_origin) st.source += offset;
  return s;
}

void shift_phase(requirement& q, const scenario_change& c, const std::string& name, origin_id change_origin) {
  std::vector<step>& steps = q.phase.steps();
  for (step& st : steps) {
    if (st.from == date::min() || st.from == date::max()) continue;
    st.from = add_months(st.from, c.months);
    st.source = change_origin;  // the date is now the scenario's
  }
  for (std::size_t i = 1; i < steps.size(); ++i)
    if (!(steps[i - 1].from < steps[i].from))
      fail(c, "shifting " + name + " by " + std::to_string(c.months) + " months puts two of its phase dates on " +
                  to_string(steps[i].from) + " (days are clamped to the month's end)");
}

void apply_change(rule_set& out, const scenario_change& c, origin_id offset, origin_id change_origin) {
  for (const std::uint32_t f : c.requirements) {
    requirement& q = out.services[out.flat[f].service].requirements[out.flat[f].requirement];
    const std::string name = out.services[out.flat[f].service].id + "." + q.id;
    switch (c.kind) {
      case change_kind::shift:
        q.shifted_months += c.months;  // both within ±1200: no overflow
        if (q.shifted_months > limits::max_shift_months || q.shifted_months < -limits::max_shift_months)
          fail(c, "the shifts of " + name + " add up to " + std::to_string(q.shifted_months) +
                      " months, beyond the limit of ±" + std::to_string(limits::max_shift_months) +
                      " for one shift or several");
        shift_phase(q, c, name, change_origin);
        break;
      case change_kind::phase:
        q.phase = rebased(c.values, offset);
        break;
      case change_kind::scale:
        q.scaled_by *= c.factor;
        if (q.scaled_by > limits::max_scale_factor)
          fail(c, "the scales of " + name + " multiply to " + format_fixed(q.scaled_by, 2) +
                      ", beyond the limit of " + format_fixed(limits::max_scale_factor, 0) +
                      " for one scale or several");
        for (term& t : q.terms)
          for (step& st : t.amount.steps()) {
            if (st.value) *st.value *= c.factor;
            st.source = change_origin;
          }
        break;
      case change_kind::set:
        q.terms.at(c.index).amount = rebased(c.values, offset);
        break;
      case change_kind::delivered_by:
        for (const role_index k : c.remove_roles) {
          const auto it = std::find_if(q.delivered_by.begin(), q.delivered_by.end(),
                                       [&](const delivery& d) { return d.role == k; });
          if (it == q.delivered_by.end())
            fail(c, "cannot remove " + out.roles[k].id + " from " + name + ": it is not among the roles delivering it");
          q.delivered_by.erase(it);
        }
        for (const delivery& added : c.add) {
          if (q.kind == requirement_kind::staffing && added.max_share)
            fail(c, name + " is a staffing requirement, which takes no max_share");
          delivery d{added.role, added.max_share ? std::optional(rebased(*added.max_share, offset)) : std::nullopt};
          const auto it = std::find_if(q.delivered_by.begin(), q.delivered_by.end(),
                                       [&](const delivery& e) { return e.role == d.role; });
          if (it != q.delivered_by.end()) {
            *it = std::move(d);  // adding a role already listed replaces its options
          } else {
            q.delivered_by.push_back(std::move(d));
          }
        }
        break;
      case change_kind::remove:
        q.phase = schedule();  // never in force; indices stay put, so results stay comparable
        break;
      case change_kind::role:
      case change_kind::driver:
        break;
    }
  }
  if (c.kind == change_kind::role) {
    role& k = out.roles.at(c.index);
    if (c.available_share) k.available_share = rebased(*c.available_share, offset);
    if (c.hours_per_wte) k.hours_per_wte = rebased(*c.hours_per_wte, offset);
  } else if (c.kind == change_kind::driver) {
    derived_default d = *c.default_value;
    d.ratio = rebased(d.ratio, offset);
    out.drivers.at(c.index).default_value = std::move(d);
  }
}

// A changed rule set must still be one `validate` would accept where scenarios can break it:
// driver defaults without cycles, and every schedule an active requirement needs defined.
void check_result(const rule_set& out, const scenario& s) {
  std::vector<diagnostic> problems;
  std::vector<detail::graph_edge> edges;
  std::vector<std::string> drivers;
  for (std::uint32_t i = 0; i < out.drivers.size(); ++i) {
    drivers.push_back(out.drivers[i].id);
    if (out.drivers[i].default_value) edges.push_back({i, out.drivers[i].default_value->driver, s.file.string(), 1, 1});
  }
  detail::check_cycles(drivers, edges, codes::driver_cycle, "driver defaults", problems);
  detail::check_temporal(out, std::vector<bool>(out.services.size(), false), true, problems);
  if (problems.empty()) return;
  // The lint speaks of the rule set's files; the fault is the scenario's, so point there.
  const scenario_change& first = s.changes.front();
  for (diagnostic& d : problems) {
    d.message =
        "with scenario '" + s.id + "' applied: " + d.message + " (" + d.file + ":" + std::to_string(d.line) + ")";
    d.file = first.file;
    d.line = first.line;
    d.column = first.column;
    d.code = codes::change_invalid;
  }
  throw rule_error(std::move(problems));
}

}  // namespace

rule_set apply_scenario(const rule_set& rules, const scenario& s, const std::vector<bool>& use) {
  rule_set out = rules;
  const auto offset = static_cast<origin_id>(out.origins.size());
  out.origins.insert(out.origins.end(), s.origins.begin(), s.origins.end());
  for (std::size_t i = 0; i < s.changes.size(); ++i) {
    if (!use.empty() && (i >= use.size() || !use[i])) continue;
    const scenario_change& c = s.changes[i];
    origin change_at{
        c.file,      c.line,
        c.column,    value_status::assumption,
        {},          "scenario " + s.id + ": " + (c.note.empty() ? std::string(to_string(c.kind)) : c.note),
        std::nullopt};
    out.origins.push_back(std::move(change_at));
    apply_change(out, c, offset, static_cast<origin_id>(out.origins.size() - 1));
  }
  if (!s.changes.empty()) check_result(out, s);
  out.scenario_id = rules.scenario_id == "baseline" ? s.id : rules.scenario_id + "+" + s.id;
  return out;
}

rule_set apply_scenarios(const rule_set& rules, const std::vector<std::filesystem::path>& files,
                         std::vector<scenario>* loaded) {
  rule_set current = rules;
  for (const auto& file : files) {
    scenario s = load_scenario(file, current);
    current = apply_scenario(current, s);
    if (loaded) loaded->push_back(std::move(s));
  }
  return current;
}

}  // namespace descheck
