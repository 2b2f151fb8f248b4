// Reading a scenario file (SPEC 6) and validating every change against the rule set it changes.
#include <algorithm>

#include "descheck/core/limits.hpp"
#include "descheck/scenario/scenario.hpp"
#include "io/text.hpp"
#include "rules/load.hpp"

namespace descheck {

const char* to_string(change_kind k) noexcept {
  switch (k) {
    case change_kind::shift:
      return "shift";
    case change_kind::phase:
      return "phase";
    case change_kind::scale:
      return "scale";
    case change_kind::set:
      return "set";
    case change_kind::delivered_by:
      return "delivered_by";
    case change_kind::remove:
      return "remove";
    case change_kind::role:
      return "role";
    case change_kind::driver:
      break;
  }
  return "driver";
}

namespace {

using detail::schema_reader;
using detail::value_range;
using detail::yaml_entry;
using detail::yaml_node;

constexpr change_kind all_kinds[] = {change_kind::shift, change_kind::phase,        change_kind::scale,
                                     change_kind::set,   change_kind::delivered_by, change_kind::remove,
                                     change_kind::role,  change_kind::driver};

class scenario_reader {
 public:
  scenario_reader(const rule_set& rules, scenario& out, std::vector<diagnostic>& problems)
      : rules_(rules), out_(out), r_(out.file.string(), problems, out.origins) {
    for (const role& k : rules.roles) names_.roles.push_back(k.id);
    for (const driver& d : rules.drivers) names_.drivers.push_back(d.id);
    for (const service& s : rules.services) {
      names_.services.push_back(s.id);
      targets_.push_back(s.id);
      for (const requirement& q : s.requirements) targets_.push_back(s.id + "." + q.id);
    }
    names_.roles_known = names_.drivers_known = true;
    names_.index();
  }

  void read(const yaml_node& root) {
    if (!r_.check_schema(root, "scenario")) return;
    r_.check_map(root, "scenario", {"schema", "id", "label", "applies_to", "notes", "changes"},
                 {"id", "label", "applies_to", "changes"});
    if (const yaml_node* n = root.find("id")) {
      if (auto v = r_.id(*n, "id")) {
        out_.id = *v;
        if (out_.id != out_.file.stem().string())
          r_.error(*n, codes::duplicate_id,
                   "scenario id " + detail::quote(out_.id) + " differs from its file name " +
                       detail::quote(out_.file.filename().string()) + "; rename one so they agree");
      }
    }
    if (const yaml_node* n = root.find("label")) out_.label = r_.text(*n, "label").value_or("");
    if (const yaml_node* n = root.find("notes")) out_.notes = r_.text(*n, "notes").value_or("");
    if (const yaml_node* n = root.find("applies_to")) {
      if (auto v = r_.text(*n, "applies_to"); v && *v != rules_.id)
        r_.error(*n, codes::wrong_rule_set,
                 "scenario applies to rule set " + detail::quote(*v) + ", not " + detail::quote(rules_.id));
    }
    const yaml_node* changes = root.find("changes");
    if (!changes) return;
    if (!changes->is_sequence()) {
      r_.error(*changes, codes::wrong_type, "'changes' must be a list of changes");
      return;
    }
    for (const yaml_node& item : changes->items) read_change(item);
  }

 private:
  void read_change(const yaml_node& item) {
    if (!r_.expect_map(item, "change")) return;
    std::string note;
    const yaml_entry* kind_entry = find_kind(item, note);
    if (!kind_entry) {
      if (r_.errors() == 0) r_.error(item, codes::missing_key, "change names no kind (shift, phase, scale, ...)");
      return;
    }
    scenario_change c;
    c.kind = *std::find_if(std::begin(all_kinds), std::end(all_kinds),
                           [&](change_kind k) { return kind_entry->key.text == to_string(k); });
    c.note = std::move(note);
    c.file = r_.file();
    c.line = kind_entry->key.line;
    c.column = kind_entry->key.column;
    const std::size_t errors_before = r_.errors();
    read_body(kind_entry->value, c);
    if (r_.errors() == errors_before) out_.changes.push_back(std::move(c));
  }

  // The one change kind of a list item (and its note); unknown and repeated kinds are reported.
  const yaml_entry* find_kind(const yaml_node& item, std::string& note) {
    const yaml_entry* kind_entry = nullptr;
    std::vector<std::string> kinds;
    for (const change_kind k : all_kinds) kinds.emplace_back(to_string(k));
    for (const yaml_entry& e : item.entries) {
      if (e.key.text == "note") {
        note = r_.text(e.value, "note").value_or("");
      } else if (std::find(kinds.begin(), kinds.end(), e.key.text) != kinds.end()) {
        if (kind_entry) {
          r_.error(e.key, codes::unknown_key,
                   "one change per list item: " + detail::quote(e.key.text) + " follows " +
                       detail::quote(kind_entry->key.text) + "; start a new item with '- '");
          continue;
        }
        kind_entry = &e;
      } else {
        r_.error(e.key, codes::unknown_key,
                 "unknown change " + detail::quote(e.key.text) + r_.suggest(e.key.text, kinds) +
                     "; a change is one of shift, phase, scale, set, delivered_by, remove, role, driver");
      }
    }
    return kind_entry;
  }

  // The body of a change of kind c.kind.
  void read_body(const yaml_node& body, scenario_change& c) {
    const std::string what = to_string(c.kind);
    switch (c.kind) {
      case change_kind::shift:
        if (!r_.check_map(body, what, {"target", "months"}, {"target", "months"})) break;
        requirement_target(body, c);
        if (const yaml_node* n = body.find("months")) {
          if (auto v = r_.integer(*n, "shift.months", -limits::max_shift_months)) c.months = *v;
          if (c.months > limits::max_shift_months) r_.error(*n, codes::out_of_range, "shift.months must be within ±1200");
        }
        break;
      case change_kind::phase:
        if (!r_.check_map(body, what, {"target", "values"}, {"target", "values"})) break;
        requirement_target(body, c);
        if (const yaml_node* n = body.find("values"))
          c.values = r_.read_schedule(*n, "phase.values", value_range::unit);
        break;
      case change_kind::scale:
        if (!r_.check_map(body, what, {"target", "factor"}, {"target", "factor"})) break;
        requirement_target(body, c);
        if (const yaml_node* n = body.find("factor"))
          if (const auto f = r_.number(*n, "scale.factor", value_range::non_negative)) {
            if (*f > limits::max_scale_factor) {
              r_.error(*n, codes::out_of_range, "scale.factor is " + n->text + ", over the limit of 1000");
            } else {
              c.factor = *f;
            }
          }
        break;
      case change_kind::set:
        read_set(body, c);
        break;
      case change_kind::delivered_by:
        read_delivered_by(body, c);
        break;
      case change_kind::remove:
        if (!r_.check_map(body, what, {"target"}, {"target"})) break;
        requirement_target(body, c);
        break;
      case change_kind::role:
        if (!r_.check_map(body, what, {"target", "available_share", "hours_per_wte"}, {"target"})) break;
        if (const yaml_node* n = body.find("target")) {
          c.target = n->text;
          c.index = names_.role(r_, *n, "role.target");
        }
        if (const yaml_node* n = body.find("available_share"))
          c.available_share = r_.read_schedule(*n, "role.available_share", value_range::unit);
        if (const yaml_node* n = body.find("hours_per_wte"))
          c.hours_per_wte = r_.read_schedule(*n, "role.hours_per_wte", value_range::positive);
        if (!c.available_share && !c.hours_per_wte)
          r_.error(body, codes::missing_key, "a role change sets available_share, hours_per_wte or both");
        break;
      case change_kind::driver:
        if (!r_.check_map(body, what, {"target", "default"}, {"target", "default"})) break;
        if (const yaml_node* n = body.find("target")) {
          c.target = n->text;
          c.index = names_.driver(r_, *n, "driver.target");
        }
        if (const yaml_node* n = body.find("default"))
          c.default_value = detail::read_derived_default(r_, names_, *n, "driver.default");
        break;
    }
  }

  // `service` or `service.requirement`: the flat indices it names.
  void requirement_target(const yaml_node& body, scenario_change& c) {
    const yaml_node* n = body.find("target");
    if (!n) return;
    const auto text = r_.text(*n, std::string(to_string(c.kind)) + ".target");
    if (!text) return;
    c.target = *text;
    const std::size_t dot = text->find('.');
    const std::string service_id = text->substr(0, dot);
    const std::uint32_t s = rules_.find_service(service_id);
    std::uint32_t q = no_index;
    if (s != no_index && dot != std::string::npos) {
      const auto& reqs = rules_.services[s].requirements;
      for (std::uint32_t i = 0; i < reqs.size(); ++i)
        if (reqs[i].id == text->substr(dot + 1)) q = i;
    }
    if (s == no_index || (dot != std::string::npos && q == no_index)) {
      r_.error(*n, codes::unknown_target,
               "target " + detail::quote(*text) + " names no service or requirement of " + rules_.id +
                   r_.suggest(*text, targets_));
      return;
    }
    if (dot == std::string::npos && c.kind == change_kind::remove) c.service = s;
    for (std::uint32_t f = 0; f < rules_.flat.size(); ++f)
      if (rules_.flat[f].service == s && (q == no_index || rules_.flat[f].requirement == q))
        c.requirements.push_back(f);
  }

  void read_set(const yaml_node& body, scenario_change& c) {
    if (!r_.check_map(body, "set", {"target", "term", "hours", "wte"}, {"target", "term"})) return;
    requirement_target(body, c);
    const yaml_node* hours = body.find("hours");
    const yaml_node* wte = body.find("wte");
    if (!hours && !wte) {
      r_.error(body, codes::missing_key, "'set' needs 'hours' (a workload term) or 'wte' (a staffing term)");
      return;
    }
    if (hours && wte) {
      r_.error(*body.find_key("wte"), codes::unknown_key, "'set' takes 'hours' or 'wte', not both");
      return;
    }
    const yaml_node& amount = hours ? *hours : *wte;
    c.values = r_.read_schedule(amount, hours ? "set.hours" : "set.wte", value_range::non_negative);
    const yaml_node* term_node = body.find("term");
    if (!term_node || c.requirements.size() != 1) {
      if (term_node && !c.requirements.empty())
        r_.error(*body.find("target"), codes::unknown_target,
                 "'set' changes one term of one requirement: write the target as service.requirement");
      return;
    }
    const auto term_index = r_.integer(*term_node, "set.term", 0);
    if (!term_index) return;
    const requirement& req = rules_.at(rules_.flat[c.requirements[0]]);
    if (static_cast<std::size_t>(*term_index) >= req.terms.size()) {
      r_.error(*term_node, codes::out_of_range,
               c.target + " has " + std::to_string(req.terms.size()) + " term(s), numbered from 0");
      return;
    }
    const bool staffing = req.kind == requirement_kind::staffing;
    if (staffing != (wte != nullptr))
      r_.error(*body.find_key(hours ? "hours" : "wte"), codes::wrong_type,
               c.target + " is a " + to_string(req.kind) + " requirement: its terms are set with '" +
                   (staffing ? "wte" : "hours") + "'");
    c.index = static_cast<std::uint32_t>(*term_index);
  }

  void read_delivered_by(const yaml_node& body, scenario_change& c) {
    if (!r_.check_map(body, "delivered_by", {"target", "add", "remove"}, {"target"})) return;
    requirement_target(body, c);
    const yaml_node* add = body.find("add");
    const yaml_node* remove = body.find("remove");
    if (!add && !remove) r_.error(body, codes::missing_key, "'delivered_by' needs 'add', 'remove' or both");
    if (add && add->is_sequence()) {
      for (const yaml_node& role_node : add->items)
        if (const role_index k = names_.role(r_, role_node, "delivered_by.add"); k != no_index)
          c.add.push_back({k, std::nullopt});
    } else if (add && r_.expect_map(*add, "delivered_by.add")) {
      for (const yaml_entry& e : add->entries) {
        const role_index k = names_.role(r_, e.key, "delivered_by.add");
        if (!r_.check_map(e.value, "delivered_by.add." + e.key.text, {"max_share"})) continue;
        delivery d{k, std::nullopt};
        if (const yaml_node* share = e.value.find("max_share"))
          d.max_share = r_.read_schedule(*share, "max_share", value_range::unit);
        if (k != no_index) c.add.push_back(std::move(d));
      }
    }
    if (remove) {
      if (!remove->is_sequence()) {
        r_.error(*remove, codes::wrong_type, "'delivered_by.remove' must be a list of roles");
      } else {
        for (const yaml_node& role_node : remove->items)
          if (const role_index k = names_.role(r_, role_node, "delivered_by.remove"); k != no_index)
            c.remove_roles.push_back(k);
      }
    }
  }

  const rule_set& rules_;
  scenario& out_;
  schema_reader r_;
  detail::rule_names names_;
  std::vector<std::string> targets_;
};

}  // namespace

scenario load_scenario(const std::filesystem::path& file, const rule_set& rules) {
  scenario s;
  s.file = file;
  std::vector<diagnostic> problems;
  const auto tree = detail::load_yaml_file(file, {}, problems);
  if (tree) scenario_reader(rules, s, problems).read(*tree);
  if (!problems.empty()) {
    detail::finish_diagnostics(problems, 100);
    throw rule_error(std::move(problems));
  }
  return s;
}

}  // namespace descheck
