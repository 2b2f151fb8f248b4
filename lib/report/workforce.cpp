// The census against published national ARRS counts (workforce.hpp).
#include "descheck/report/workforce.hpp"

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <string>

#include "io/text.hpp"

namespace descheck {

namespace {

bool reimbursable(const role& r, date d) { return r.arrs && r.arrs->max_reimbursement.at(d).has_value(); }

std::string grouped(double value) { return detail::group_thousands(detail::format_fixed(value, 0)); }

std::string share(double part, double whole) {
  return whole > 0.0 ? detail::format_fixed(100.0 * part / whole, 1) + "%" : std::string("-");
}

// Published counts cited in the section, numbered in order of first use.
class citations {
 public:
  explicit citations(const rule_set& rules) : rules_(rules) {}
  std::string mark(origin_id source) {
    if (!rules_.origin_of(source)) return {};
    auto it = std::find(used_.begin(), used_.end(), source);
    if (it == used_.end()) it = used_.insert(used_.end(), source);
    return " [" + std::to_string(it - used_.begin() + 1) + "]";
  }
  void write(std::ostream& out) const {
    if (used_.empty()) return;
    out << "\nSources of the published figures (reference; basis):\n\n";
    for (std::size_t i = 0; i < used_.size(); ++i) {
      const origin& o = *rules_.origin_of(used_[i]);
      out << i + 1 << ". " << (o.reference.empty() ? std::string("no reference") : o.reference) << " ("
          << to_string(o.status) << ")";
      if (!o.note.empty()) out << "; " << o.note;
      out << '\n';
    }
  }

 private:
  const rule_set& rules_;
  std::vector<origin_id> used_;
};

std::string count_cells(const std::optional<published_count>& c, double census, citations& cite) {
  if (!c) return "- | - | -";
  return grouped(c->value) + " | " + to_string(c->on) + cite.mark(c->source) + " | " + share(census, c->value);
}

}  // namespace

std::optional<published_count> nearest_count(const schedule& counts, date d, std::int32_t max_days) noexcept {
  std::optional<published_count> best;
  const auto distance = [d](date at) { return std::abs(static_cast<long long>(at.days) - d.days); };
  for (const step& s : counts.steps()) {
    if (!s.value || distance(s.from) > max_days) continue;
    if (!best || distance(s.from) < distance(best->on)) best = published_count{s.from, *s.value, s.source};
  }
  return best;
}

bool has_workforce_figures(const rule_set& rules) noexcept {
  if (rules.funding && (!rules.funding->reported_workforce.empty() || !rules.funding->recruitment_target.empty()))
    return true;
  return std::any_of(rules.roles.begin(), rules.roles.end(), [](const role& r) { return !r.reported_wte.empty(); });
}

std::vector<date> census_dates(const panel& networks, date from, date to) {
  std::vector<date> out;
  for (const date d : networks.breakpoints())
    if (d >= from && d <= to && to_ymd(d).day == 1) out.push_back(d);
  return out;
}

workforce_comparison compare_workforce(const rule_set& rules, const panel& networks, date from, date to) {
  workforce_comparison c;
  c.networks = static_cast<std::uint32_t>(networks.networks.size());
  const auto census_at = [&](date d, std::vector<double>& by_role) {
    by_role.assign(rules.roles.size(), 0.0);
    for (const post& p : networks.posts)
      if (p.start <= d && d <= p.end && p.role < rules.roles.size() && reimbursable(rules.roles[p.role], d) &&
          networks.covered(p.network, d))
        by_role[p.role] += p.wte;
  };
  std::vector<double> by_role;
  for (const date d : census_dates(networks, from, to)) {
    workforce_point& pt = c.points.emplace_back();
    pt.on = d;
    census_at(d, by_role);
    for (const double w : by_role) pt.census_wte += w;
    for (std::uint32_t n = 0; n < c.networks; ++n) pt.networks_with_data += networks.covered(n, d) ? 1u : 0u;
    if (rules.funding) {
      pt.reported = nearest_count(rules.funding->reported_workforce, d);
      pt.target = rules.funding->recruitment_target.at(d);
    }
  }
  if (c.points.empty()) return c;
  const date last = c.points.back().on;
  census_at(last, by_role);
  for (role_index k = 0; k < rules.roles.size(); ++k) {
    const role& r = rules.roles[k];
    if (!reimbursable(r, last) && r.reported_wte.empty()) continue;
    c.roles.push_back({k, by_role[k], nearest_count(r.reported_wte, last)});
  }
  return c;
}

void write_workforce_markdown(std::ostream& out, const rule_set& rules, const workforce_comparison& c) {
  citations cite(rules);
  out << "\n## ARRS workforce: the census against published counts and the target\n\n";
  if (c.points.empty()) {
    out << "No census dates in the range.\n";
    return;
  }
  const workforce_point& last = c.points.back();
  out << "The census holds " << grouped(last.census_wte) << " WTE of ARRS roles on " << to_string(last.on) << " ("
      << grouped(last.networks_with_data) << " of " << grouped(c.networks) << " networks with data)";
  if (last.reported) {
    out << ", about " << share(last.census_wte, last.reported->value) << " of the " << grouped(last.reported->value)
        << " FTE NHS England reported for " << to_string(last.reported->on);
    if (last.census_wte < 0.95 * last.reported->value)
      out << ". It is a partial record: sums computed from it as if it were complete (claims, unclaimed "
             "entitlement) are bounds, and the unclaimed sums are upper bounds, not underspends.\n";
    else
      out << ".\n";
  } else {
    out << "; the rule set has no published national count within a year of it.\n";
  }
  out << "\nCensus WTE: posts in force on the date of roles ARRS-reimbursable on it, in networks with data on it, "
         "whoever pays for them. Published: the national ARRS count nearest in date, if one is within a year (the "
         "sources say on what "
         "basis each was counted: claims and workforce returns together count more than the workforce "
         "returns alone). Target: the additional staff the scheme was to fund, in force on the date.\n\n";
  out << "| date | networks with data | census WTE | published FTE | counted on | census share | target (FTE) |\n"
         "|---|---:|---:|---:|---|---:|---:|\n";
  for (const workforce_point& p : c.points)
    out << "| " << to_string(p.on) << " | " << grouped(p.networks_with_data) << " | " << grouped(p.census_wte) << " | "
        << count_cells(p.reported, p.census_wte, cite) << " | " << (p.target ? grouped(*p.target) : std::string("-"))
        << " |\n";
  out << "\n### By role on " << to_string(last.on) << "\n\n";
  out << "| role | census WTE | published FTE | counted on | census share |\n|---|---:|---:|---|---:|\n";
  for (const role_workforce& r : c.roles)
    out << "| " << rules.roles[r.role].id << " | " << grouped(r.census_wte) << " | "
        << count_cells(r.reported, r.census_wte, cite) << " |\n";
  cite.write(out);
}

}  // namespace descheck
