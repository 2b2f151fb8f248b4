// The plain-English account of one check (SPEC 4.7): what is in force, how each demand is
// derived, who delivers it, and why anything falls short, with the source behind every number.
#include "descheck/check/explain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "descheck/rules/ranges.hpp"
#include "io/text.hpp"

namespace descheck {
namespace {

// Thousands separators for readability of list sizes and cohorts.
std::string number(double v, int decimals = 1) { return detail::group_thousands(detail::format_fixed(v, decimals)); }

// Rates such as 0.03 or 0.000005 in plain decimals, trailing zeros trimmed.
std::string rate(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.8f", v);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string percent(double share) {
  return number(share * 100.0, share * 100.0 == std::floor(share * 100.0) ? 0 : 1) + "%";
}

class narrator {
 public:
  narrator(const rule_set& rules, const panel& networks, const network& net, date at)
      : rules_(rules), networks_(networks), net_(net), at_(at) {}

  // "[assumption: note; smr.yaml:14]" for the value a schedule has at the date.
  std::string source(const schedule& s) const {
    const step* st = s.step_at(at_);
    if (!st) return "";
    const origin* o = rules_.origin_of(st->source);
    if (!o) return "";  // a built-in default (37.5 hours a WTE, full availability): nothing to cite
    std::string text = " [";
    text += o->status == value_status::unspecified ? "unannotated" : to_string(o->status);
    if (!o->reference.empty()) text += ": " + o->reference;
    if (!o->note.empty()) text += (o->reference.empty() ? ": " : "; ") + o->note;
    if (o->range) text += "; plausible " + to_string(*o->range);
    text += "; " + std::filesystem::path(o->file).filename().string() + ":" + std::to_string(o->line) + "]";
    return text;
  }

  // The value of a driver and where it came from.
  std::string driver(driver_index d, int depth = 0) const {
    const struct driver& drv = rules_.drivers[d];
    const auto value = driver_value(rules_, net_, d, at_);
    std::string text = number(value.value_or(0.0), value && *value < 100.0 ? 2 : 0) + " " + label(drv);
    if (net_.drivers.size() > d && net_.drivers[d].at(at_)) {
      const std::string file = networks_.networks_file.filename().string();
      text += file.empty() ? " (from the networks table)" : " (from " + file + ")";
    } else if (drv.default_value && depth < 8) {
      const auto& def = *drv.default_value;
      text += " (estimated as " + rate(def.ratio.at(at_).value_or(0.0)) + " x " + driver(def.driver, depth + 1) +
              source(def.ratio) + ")";
    }
    return text;
  }

  static std::string label(const struct driver& d) { return d.unit.empty() ? d.id : d.unit + " (" + d.id + ")"; }
  std::string role_name(role_index k) const {
    const role& r = rules_.roles[k];
    return r.label.empty() ? r.id : r.label;
  }
  std::string requirement_name(std::uint32_t flat) const {
    const requirement_ref ref = rules_.flat[flat];
    const service& svc = rules_.services[ref.service];
    const requirement& req = svc.requirements[ref.requirement];
    return (req.label.empty() ? req.id : req.label) + " (" + svc.id + "." + req.id + ")";
  }

 private:
  const rule_set& rules_;
  const panel& networks_;
  const network& net_;
  date at_;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

// The first line: the network's state on the date. False when nothing more is to be said.
bool write_state(std::ostream& out, const panel& networks, const network& net, const check_result& result, date at) {
  out << "Network " << net.id << (net.name.empty() ? "" : " (" + net.name + ")") << " on " << to_string(at) << ": ";
  switch (result.state) {
    case network_state::not_in_force:
      out << "no requirement is in force on this date.\n";
      return false;
    case network_state::no_data:
      out << "NO DATA: the staff file is not a complete record of this network's staff on this date (it is "
             "outside the network's windows in "
          << networks.coverage_file.string() << "), so nothing is evaluated.\n";
      return false;
    case network_state::compliant:
      out << "COMPLIANT: all " << result.active << " requirements in force are met.\n";
      break;
    case network_state::non_compliant:
      out << "NOT COMPLIANT: " << result.unmet << " of " << result.active << " requirements in force fall short.\n";
      break;
  }
  return true;
}

void write_capacity(std::ostream& out, const narrator& say, const rule_set& rules, const check_result& result,
                    date at) {
  out << "\nStaff time available for network services (hours a week):\n";
  for (const role_capacity& c : result.capacities) {
    const role& r = rules.roles[c.role];
    out << "  - " << say.role_name(c.role) << ": " << number(c.wte, 2) << " WTE";
    if (c.defaulted)
      out << " (estimated: no post in force; " << say.driver(r.default_wte->driver) << " x "
          << rate(r.default_wte->ratio.at(at).value_or(0.0)) << say.source(r.default_wte->ratio) << ")";
    out << " x " << number(r.hours_per_wte.at(at).value_or(0.0), 1) << " h" << say.source(r.hours_per_wte);
    const double share = r.available_share.at(at).value_or(0.0);
    if (share != 1.0) out << " x " << percent(share) << " available" << say.source(r.available_share);
    out << " = " << number(c.hours) << " h/week, of which " << number(c.used) << " h used\n";
  }
}

// One requirement in force: how its demand is derived, what is delivered and by whom.
void write_requirement(std::ostream& out, const narrator& say, const rule_set& rules, const check_result& result,
                       const requirement_result& row, date at) {
  const requirement_ref ref = rules.flat[row.requirement];
  const requirement& req = rules.services[ref.service].requirements[ref.requirement];
  const bool workload = req.kind == requirement_kind::workload;
  const char* unit = workload ? " h/week" : " WTE";
  out << "\n* " << say.requirement_name(row.requirement) << ", " << to_string(req.kind) << ", priority " << req.priority
      << ": " << to_string(row.status) << "\n";
  out << "  Demand:";
  for (const term& t : req.terms) {
    out << "\n    ";
    if (t.driver != no_index) out << say.driver(t.driver) << " x ";
    out << rate(t.amount.at(at).value_or(0.0)) << (workload ? " h" : " WTE");
    if (workload) out << " per " << t.per;
    out << say.source(t.amount);
  }
  out << "\n    x phase " << percent(req.phase.at(at).value_or(0.0)) << say.source(req.phase) << "\n";
  out << "    = " << number(row.demand, 2) << unit << "\n";
  if (workload) {
    std::vector<std::string> by;
    for (const flow_entry& f : result.flows)
      if (f.requirement == row.requirement) by.push_back(say.role_name(f.role) + " " + number(f.hours) + " h");
    out << "  Delivered: " << number(row.delivered, 2) << unit << " (" << percent(row.coverage()) << ")"
        << (by.empty() ? "" : " by " + join(by)) << "\n";
  } else {
    out << "  In post: " << number(row.delivered, 2) << unit << "\n";
  }
  std::vector<std::string> who;
  for (const delivery& d : req.delivered_by)
    who.push_back(say.role_name(d.role) +
                  (d.max_share ? " (at most " + percent(d.max_share->at(at).value_or(0.0)) + ")" : std::string()));
  out << "  May be delivered by: " << (who.empty() ? std::string("nobody") : join(who)) << "\n";
  if (row.status != requirement_status::met) out << "  Short by " << number(row.shortfall(), 2) << unit << "\n";
}

// Why requirements fall short: each bottleneck group, then each short staffing minimum.
void write_shortfalls(std::ostream& out, const narrator& say, const rule_set& rules, const check_result& result) {
  if (!result.bottlenecks.empty()) {
    out << "\nWhy requirements fall short:\n";
    for (const bottleneck_group& g : result.bottlenecks) {
      std::vector<std::string> reqs, roles;
      for (const std::uint32_t r : g.requirements) reqs.push_back(say.requirement_name(r));
      for (const role_index k : g.roles) {
        double hours = 0.0;
        for (const role_capacity& c : result.capacities)
          if (c.role == k) hours = c.hours;
        roles.push_back(say.role_name(k) + (hours > 0.0 ? " (" + number(hours) + " h)" : " (none in post)"));
      }
      out << "  - " << join(reqs) << (g.requirements.size() == 1 ? " needs " : " need ") << number(g.demand_hours)
          << " h/week";
      if (roles.empty()) {
        out << ", but no role that may deliver " << (g.requirements.size() == 1 ? "it" : "them")
            << " has any staff time.\n";
      } else {
        out << " from " << join(roles) << ", who have " << number(g.capacity_hours)
            << " h/week between them, all of it in use.\n";
      }
    }
  }
  for (const requirement_result& row : result.requirements) {
    const requirement_ref ref = rules.flat[row.requirement];
    const requirement& req = rules.services[ref.service].requirements[ref.requirement];
    if (req.kind == requirement_kind::staffing && row.status != requirement_status::met)
      out << "  - " << say.requirement_name(row.requirement) << " needs " << number(row.demand, 2)
          << " WTE in post from its roles; they have " << number(row.delivered, 2) << " WTE.\n";
  }
}

}  // namespace

std::string explain(const rule_set& rules, const panel& networks, std::uint32_t index, date at) {
  checker check(rules, networks);
  const check_result& result = check.run(index, at, {.bottlenecks = true});
  const network& net = networks.networks.at(index);
  const narrator say(rules, networks, net, at);
  std::ostringstream out;
  if (!write_state(out, networks, net, result, at)) return out.str();
  write_capacity(out, say, rules, result, at);
  out << "\nRequirements in force:\n";
  for (const requirement_result& row : result.requirements) write_requirement(out, say, rules, result, row, at);
  write_shortfalls(out, say, rules, result);
  return out.str();
}

}  // namespace descheck
