// Comparing a rule set with itself under further scenarios: rule differences, changes of state per
// network and date, and which changes of the scenarios explain each change of state.
#include "descheck/scenario/diff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <ostream>

#include "io/text.hpp"

namespace descheck {

namespace {

// Numbers as people wrote them: up to 10 significant digits, no trailing zeros. Two values that differ
// by more than diff_relative_tolerance (1e-9 of the larger) never print the same: a unit in the 10th
// significant digit is at most 1e-9 of the value, so the two round to different texts.
std::string number(double value) {
  char buffer[64];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10);
  return ec == std::errc() ? std::string(buffer, ptr) : std::string("?");
}

std::string value_text(std::optional<double> v) { return v ? number(*v) : std::string("undefined"); }

// Two values are the same when both are undefined, or both defined and within the relative tolerance
// (0.75 × 0.8 × 1.25 is 0.75 to the last bit or two, not a change).
bool same_value(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return !a && !b;
  return std::fabs(*a - *b) <= diff_relative_tolerance * std::max(std::fabs(*a), std::fabs(*b));
}

// First date at which two step functions disagree: both are constant between their step dates, so
// comparing at the union of those dates is enough. Undefined against defined is a difference.
std::optional<date> first_difference(const schedule& a, const schedule& b) {
  std::vector<date> keys;
  for (const step& s : a.steps()) keys.push_back(s.from);
  for (const step& s : b.steps()) keys.push_back(s.from);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const date d : keys)
    if (!same_value(a.at(d), b.at(d))) return d;
  return std::nullopt;
}

struct differ {
  const rule_set& left;
  const rule_set& right;
  std::vector<rule_difference> out;

  void add(const std::string& target, std::string aspect, difference_kind kind, std::optional<date> from, std::string l,
           std::string r) {
    out.push_back({target, std::move(aspect), kind, from, std::move(l), std::move(r)});
  }

  // `suffix` follows each value (" × registered_patients" for a ratio).
  void compare(const std::string& target, const std::string& aspect, const schedule& a, const schedule& b,
               const std::string& suffix = {}) {
    if (const auto d = first_difference(a, b)) {
      const auto a_at = a.at(*d);
      const auto b_at = b.at(*d);
      add(target, aspect, difference_kind::differs, d, value_text(a_at) + (a_at ? suffix : ""),
          value_text(b_at) + (b_at ? suffix : ""));
    }
  }

  static std::string first_value(const schedule& s, const std::string& suffix = {}) {
    if (s.empty()) return "undefined";
    const step& first = s.steps().front();
    std::string text = value_text(first.value) + (first.value ? suffix : "");
    if (first.from != date::min()) text += " from " + to_string(first.from);
    return text;
  }

  std::string estimate(const rule_set& rules, const derived_default& d) const {
    return first_value(d.ratio, " × " + rules.drivers.at(d.driver).id);
  }

  void compare_default(const std::string& target, const std::string& aspect, const std::optional<derived_default>& a,
                       const std::optional<derived_default>& b) {
    if (!a && !b) return;
    if (!a || !b) {
      add(target, aspect, difference_kind::differs, std::nullopt, a ? estimate(left, *a) : "none",
          b ? estimate(right, *b) : "none");
      return;
    }
    const std::string& a_driver = left.drivers.at(a->driver).id;
    const std::string& b_driver = right.drivers.at(b->driver).id;
    if (a_driver != b_driver) {
      add(target, aspect, difference_kind::differs, std::nullopt, estimate(left, *a), estimate(right, *b));
      return;
    }
    compare(target, aspect, a->ratio, b->ratio, " × " + a_driver);
  }

  static std::string term_shape(const rule_set& rules, const term& t) {
    std::string text = t.per.empty() ? "wte" : "hours per " + t.per;
    if (t.driver != no_index) text += " × " + rules.drivers.at(t.driver).id;
    return text;
  }

  std::string delivery_text(const rule_set& rules, const delivery& d) const {
    std::string text = rules.roles.at(d.role).id;
    if (d.max_share) text += " (max_share " + first_value(*d.max_share) + ")";
    return text;
  }

  void compare_requirement(const std::string& name, const requirement& a, const requirement& b) {
    if (a.kind != b.kind)
      add(name, "kind", difference_kind::differs, std::nullopt, to_string(a.kind), to_string(b.kind));
    compare(name, "phase", a.phase, b.phase);
    if (a.priority != b.priority)
      add(name, "priority", difference_kind::differs, std::nullopt, std::to_string(a.priority),
          std::to_string(b.priority));
    const char* word = a.kind == requirement_kind::workload ? "demand term " : "minimum term ";
    const std::size_t common = std::min(a.terms.size(), b.terms.size());
    for (std::size_t i = 0; i < common; ++i) {
      const std::string aspect = word + std::to_string(i);
      const std::string a_shape = term_shape(left, a.terms[i]);
      const std::string b_shape = term_shape(right, b.terms[i]);
      if (a_shape != b_shape) {
        add(name, aspect, difference_kind::differs, std::nullopt, a_shape, b_shape);
      } else {
        compare(name, aspect, a.terms[i].amount, b.terms[i].amount);
      }
    }
    for (std::size_t i = common; i < a.terms.size(); ++i)
      add(name, word + std::to_string(i), difference_kind::removes, std::nullopt, term_shape(left, a.terms[i]), {});
    for (std::size_t i = common; i < b.terms.size(); ++i)
      add(name, word + std::to_string(i), difference_kind::adds, std::nullopt, {}, term_shape(right, b.terms[i]));

    // Delivering roles, matched by id: removed ones in the left's order, then changed, then added.
    const auto find = [](const rule_set& rules, const requirement& q, const std::string& id) -> const delivery* {
      for (const delivery& d : q.delivered_by)
        if (rules.roles.at(d.role).id == id) return &d;
      return nullptr;
    };
    for (const delivery& d : a.delivered_by)
      if (!find(right, b, left.roles.at(d.role).id))
        add(name, "delivered_by", difference_kind::removes, std::nullopt, delivery_text(left, d), {});
    for (const delivery& d : a.delivered_by) {
      const std::string& id = left.roles.at(d.role).id;
      const delivery* e = find(right, b, id);
      if (!e) continue;
      const std::string aspect = "max_share of " + id;
      if (d.max_share && e->max_share) {
        compare(name, aspect, *d.max_share, *e->max_share);
      } else if (d.max_share || e->max_share) {
        add(name, aspect, difference_kind::differs, std::nullopt, d.max_share ? first_value(*d.max_share) : "no cap",
            e->max_share ? first_value(*e->max_share) : "no cap");
      }
    }
    for (const delivery& e : b.delivered_by)
      if (!find(left, a, right.roles.at(e.role).id))
        add(name, "delivered_by", difference_kind::adds, std::nullopt, {}, delivery_text(right, e));
  }

  static std::string name_of(const rule_set& rules, requirement_ref r) {
    return rules.services.at(r.service).id + "." + rules.at(r).id;
  }

  void run() {
    std::map<std::string, requirement_ref> right_requirements;
    for (const requirement_ref r : right.flat) right_requirements.emplace(name_of(right, r), r);
    std::map<std::string, char> seen;
    for (const requirement_ref r : left.flat) {
      const std::string name = name_of(left, r);
      seen.emplace(name, 1);
      const auto it = right_requirements.find(name);
      if (it == right_requirements.end()) {
        add(name, {}, difference_kind::removes, std::nullopt, name, {});
      } else {
        compare_requirement(name, left.at(r), right.at(it->second));
      }
    }
    for (const requirement_ref r : right.flat)
      if (const std::string name = name_of(right, r); !seen.count(name))
        add(name, {}, difference_kind::adds, std::nullopt, {}, name);

    for (const role& k : left.roles) {
      const role_index j = right.find_role(k.id);
      if (j == no_index) {
        add(k.id, {}, difference_kind::removes, std::nullopt, k.id, {});
        continue;
      }
      const role& other = right.roles[j];
      compare(k.id, "hours_per_wte", k.hours_per_wte, other.hours_per_wte);
      compare(k.id, "available_share", k.available_share, other.available_share);
      compare_default(k.id, "default_wte", k.default_wte, other.default_wte);
    }
    for (const role& k : right.roles)
      if (left.find_role(k.id) == no_index) add(k.id, {}, difference_kind::adds, std::nullopt, {}, k.id);

    for (const driver& d : left.drivers) {
      const driver_index j = right.find_driver(d.id);
      if (j == no_index) {
        add(d.id, {}, difference_kind::removes, std::nullopt, d.id, {});
        continue;
      }
      compare_default(d.id, "default", d.default_value, right.drivers[j].default_value);
    }
    for (const driver& d : right.drivers)
      if (left.find_driver(d.id) == no_index) add(d.id, {}, difference_kind::adds, std::nullopt, {}, d.id);
  }
};

// Maximal intervals over which the two timelines' states differ and stay the same pair.
void flips_of(std::uint32_t n, const std::vector<network_row>& a, const std::vector<network_row>& b,
              std::vector<outcome_flip>& out) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const date begin = std::max(a[i].from, b[j].from);
    const date end = std::min(a[i].to, b[j].to);
    if (a[i].state != b[j].state) {
      outcome_flip* last = out.empty() ? nullptr : &out.back();
      if (last && last->network == n && add_days(last->to, 1) == begin && last->left_state == a[i].state &&
          last->right_state == b[j].state) {
        last->to = end;
      } else {
        outcome_flip f;
        f.network = n;
        f.from = begin;
        f.to = end;
        f.left_state = a[i].state;
        f.right_state = b[j].state;
        out.push_back(std::move(f));
      }
    }
    if (a[i].to == end) ++i;
    if (b[j].to == end) ++j;
  }
}

// The left with some changes of the scenarios: `keep(scenario, change)` says which. Empty when the
// result is not a valid rule set, with the reason in `why`.
std::optional<rule_set> variant(const rule_set& left, const std::vector<scenario>& against,
                                const std::function<bool(std::size_t, std::size_t)>& keep, std::string& why) {
  rule_set current = left;
  try {
    for (std::size_t s = 0; s < against.size(); ++s) {
      std::vector<bool> use(against[s].changes.size());
      for (std::size_t c = 0; c < use.size(); ++c) use[c] = keep(s, c);
      current = apply_scenario(current, against[s], use);
    }
  } catch (const rule_error& e) {
    why = format(e.first());
    return std::nullopt;
  }
  return current;
}

// Rule sets and checkers of one block's attribution, created when the block first needs them.
struct judge {
  const std::vector<std::optional<rule_set>>& rules;
  const panel& networks;
  std::vector<std::unique_ptr<checker>> checkers;

  judge(const std::vector<std::optional<rule_set>>& r, const panel& p) : rules(r), networks(p), checkers(r.size()) {}

  // The state of network n at d under variant v; nullopt, with the reason, when it cannot be judged.
  std::optional<network_state> state(std::size_t v, std::uint32_t n, date d, std::string& why) {
    if (!rules[v]) return std::nullopt;
    if (!checkers[v]) checkers[v] = std::make_unique<checker>(*rules[v], networks);
    try {
      return checkers[v]->run(n, d).state;
    } catch (const input_error& e) {
      why = e.first().message;
      return std::nullopt;
    }
  }
};

void attribute(outcome_flip& f, judge& alone, judge& without, const std::vector<change_label>& changes) {
  for (std::uint32_t i = 0; i < changes.size(); ++i) {
    std::string why;
    if (const auto s = alone.state(i, f.network, f.from, why)) {
      if (*s == f.right_state) f.sufficient.push_back(i);
    } else {
      f.not_judged.emplace_back(i, why.empty() ? "cannot be applied alone" : "alone: " + why);
    }
    why.clear();
    if (const auto s = without.state(i, f.network, f.from, why)) {
      if (*s == f.left_state) f.necessary.push_back(i);
    } else {
      f.not_judged.emplace_back(i, why.empty() ? "cannot be left out" : "left out: " + why);
    }
  }
  f.needs_combination = f.sufficient.empty();
}

}  // namespace

std::string to_string(const rule_difference& d) {
  std::string text = d.target + ": ";
  if (d.aspect.empty()) {
    text += d.kind == difference_kind::adds      ? "only in the right rule set"
            : d.kind == difference_kind::removes ? "only in the left rule set"
                                                 : "differs";
    return text;
  }
  text += d.aspect;
  switch (d.kind) {
    case difference_kind::adds:
      return text + " adds " + d.right;
    case difference_kind::removes:
      return text + " removes " + d.left;
    case difference_kind::differs:
      break;
  }
  text += " differs";
  if (d.from) text += *d.from == date::min() ? " from the start" : " from " + to_string(*d.from);
  return text + " (left " + d.left + " -> right " + d.right + ")";
}

std::vector<rule_difference> diff_rules(const rule_set& left, const rule_set& right) {
  differ d{left, right, {}};
  d.run();
  return std::move(d.out);
}

std::string to_string(const change_label& c) {
  return c.scenario + "#" + std::to_string(c.index) + ":" + to_string(c.kind) + ":" + c.target;
}

diff_result diff_outcomes(const rule_set& left, const std::vector<scenario>& against, const panel& networks, date from,
                          date to, unsigned threads, const progress_callback& progress) {
  diff_result result;
  result.from = from;
  result.to = to;
  result.left_scenario = left.scenario_id;
  rule_set right = left;
  for (const scenario& s : against) right = apply_scenario(right, s);
  result.right_scenario = right.scenario_id;
  result.rules = diff_rules(left, right);

  // Every change, with the left plus that change alone and the right without it.
  std::vector<std::optional<rule_set>> alone;
  std::vector<std::optional<rule_set>> without;
  for (std::size_t s = 0; s < against.size(); ++s) {
    for (std::size_t c = 0; c < against[s].changes.size(); ++c) {
      const scenario_change& change = against[s].changes[c];
      change_label label;
      label.scenario = against[s].id;
      label.index = static_cast<std::uint32_t>(c + 1);
      label.kind = change.kind;
      label.target = change.target;
      label.note = change.note;
      label.file = change.file;
      label.line = change.line;
      alone.push_back(variant(
          left, against, [&](std::size_t ks, std::size_t kc) { return ks == s && kc == c; }, label.alone_error));
      without.push_back(variant(
          left, against, [&](std::size_t ks, std::size_t kc) { return ks != s || kc != c; }, label.without_error));
      result.changes.push_back(std::move(label));
    }
  }

  const auto total = static_cast<std::uint32_t>(networks.networks.size());
  result.networks = total;
  if (to < from) return result;
  // Each network's flips land in its own slot, so workers never share one; read after the run.
  std::vector<std::vector<outcome_flip>> found(total);
  series_options what;
  what.requirements = false;
  for_each_block(
      left, networks, threads,
      [&](series_engine& engine, result_block& block) {
        // A series_engine is bound to one rule set: the right one, and the variants' checkers, are
        // made per block (a handful of allocations against up to 64 networks' timelines).
        series_engine right_engine(right, networks);
        judge judge_alone(alone, networks);
        judge judge_without(without, networks);
        result_block a;
        result_block b;
        for (std::uint32_t n = block.first_network; n < block.last_network; ++n) {
          a.clear();
          b.clear();
          engine.timeline(n, from, to, what, a);
          right_engine.timeline(n, from, to, what, b);
          std::vector<outcome_flip>& flips = found[n];
          flips_of(n, a.networks, b.networks, flips);
          for (outcome_flip& f : flips) attribute(f, judge_alone, judge_without, result.changes);
        }
      },
      [](const result_block&) {}, progress);

  for (std::vector<outcome_flip>& flips : found) {
    if (flips.empty()) continue;
    ++result.networks_changed;
    std::move(flips.begin(), flips.end(), std::back_inserter(result.flips));
  }
  return result;
}

std::string_view diff_csv_header() noexcept {
  return "network_id,from,to,left_state,right_state,sufficient,necessary,note";
}

namespace {

std::string labels(const diff_result& r, const std::vector<std::uint32_t>& which, const char* separator) {
  std::string text;
  for (const std::uint32_t i : which) {
    if (!text.empty()) text += separator;
    text += to_string(r.changes.at(i));
  }
  return text;
}

std::string not_judged_text(const diff_result& r, const outcome_flip& f, const char* separator) {
  std::string text;
  for (const auto& [i, why] : f.not_judged) {
    if (!text.empty()) text += separator;
    text += to_string(r.changes.at(i)) + " " + why;
  }
  return text;
}

std::string csv_note(const diff_result& r, const outcome_flip& f) {
  std::string note;
  if (f.needs_combination)
    note = f.necessary.empty() ? "needs a combination; no single change is necessary" : "needs a combination";
  if (const std::string other = not_judged_text(r, f, "; "); !other.empty()) note += (note.empty() ? "" : "; ") + other;
  return note;
}

std::string summary(const diff_result& r) {
  return std::to_string(r.networks_changed) + " of " + std::to_string(r.networks) +
         " networks change state on some date";
}

void write_text(std::ostream& out, const diff_result& r, const panel& networks) {
  out << "# " << r.left_scenario << " against " << r.right_scenario << ", " << to_string(r.from) << " to "
      << to_string(r.to) << "\n\n";

  out << "## Rule differences\n\n";
  if (r.rules.empty()) out << "The two rule sets do not differ.\n";
  for (const rule_difference& d : r.rules) out << to_string(d) << '\n';

  out << "\n## Outcome differences\n\n" << summary(r) << ".\n";
  if (!r.flips.empty()) {
    std::vector<std::vector<std::string>> rows{{"network_id", "from", "to", "left", "right"}};
    for (const outcome_flip& f : r.flips)
      rows.push_back({networks.networks.at(f.network).id, to_string(f.from), to_string(f.to), to_string(f.left_state),
                      to_string(f.right_state)});
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& row : rows)
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    out << '\n';
    for (const auto& row : rows) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        line += row[c];
        if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
      }
      out << line << '\n';
    }
  }

  out << "\n## Attribution\n\nChanges compared (scenario#change:kind:target):\n";
  if (r.changes.empty()) out << "  none\n";
  for (const change_label& c : r.changes) {
    out << "  " << to_string(c) << "  (" << c.file << ':' << c.line << ')';
    if (!c.note.empty()) out << ' ' << c.note;
    out << '\n';
    if (!c.alone_error.empty()) out << "    cannot be applied alone: " << c.alone_error << '\n';
    if (!c.without_error.empty()) out << "    cannot be left out: " << c.without_error << '\n';
  }
  if (r.flips.empty()) {
    out << "\nNo network changes state, so there is nothing to attribute.\n";
    return;
  }
  out << "\nEach interval is judged at its start date. Sufficient: the left rule set with that change alone "
         "gives the right's state. Necessary: the right rule set without that change gives the left's state.\n";
  for (const outcome_flip& f : r.flips) {
    out << '\n'
        << networks.networks.at(f.network).id << ' ' << to_string(f.from) << " to " << to_string(f.to) << " ("
        << to_string(f.left_state) << " -> " << to_string(f.right_state) << ")\n";
    if (f.needs_combination) {
      out << "  needs a combination: no single change suffices alone\n";
    } else {
      out << "  sufficient alone: " << labels(r, f.sufficient, ", ") << '\n';
    }
    out << "  necessary: " << (f.necessary.empty() ? "none on its own" : labels(r, f.necessary, ", ")) << '\n';
    if (!f.not_judged.empty()) out << "  not judged: " << not_judged_text(r, f, "; ") << '\n';
  }
}

}  // namespace

table diff_table(const diff_result& result, const panel& networks) {
  table rows({{"network_id"},
              {"from", column_type::date},
              {"to", column_type::date},
              {"left_state"},
              {"right_state"},
              {"sufficient"},
              {"necessary"},
              {"note"}});
  for (const outcome_flip& f : result.flips)
    rows.add_row({networks.networks.at(f.network).id, f.from, f.to, to_string(f.left_state), to_string(f.right_state),
                  labels(result, f.sufficient, ";"), labels(result, f.necessary, ";"), csv_note(result, f)});
  return rows;
}

void write_diff_text(std::ostream& out, const diff_result& result, const panel& networks) {
  write_text(out, result, networks);
}

void write_diff(std::ostream& out, const diff_result& result, const panel& networks, table_format format) {
  write_table(out, diff_table(result, networks), format);
}

}  // namespace descheck
