// The December 2019 claim: staff in post, free recruitment within the ARRS entitlement, and
// recruitment limited to what the censuses show was recruited, per financial year (docs/claim.md).
#include "descheck/report/claim.hpp"

#include <algorithm>

#include "descheck/check/check.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

/// The last month in which the panel's staff change: the latest census, for imported staff.
date latest_post_start(const panel& networks) {
  date latest = date::min();
  for (const post& p : networks.posts) latest = std::max(latest, p.start);
  return latest;
}

/// WTE of each role in force at `d` in network `n`, added to `wte`.
void add_wte(const panel& networks, std::uint32_t n, date d, std::vector<double>& wte) {
  for (std::uint32_t p = networks.first_post[n]; p < networks.first_post[n + 1]; ++p) {
    const post& row = networks.posts[p];
    if (row.start <= d && d <= row.end) wte[row.role] += row.wte;
  }
}

/// National recruitment limits: per ARRS role reimbursable at `at`, the census WTE gained over
/// [from, to] in the networks with data at both ends (a loss counts as no recruitment).
std::vector<claim_supply> census_recruitment(const rule_set& rules, const panel& networks, date at, date from,
                                             date to) {
  std::vector<double> before(rules.roles.size(), 0.0), after(rules.roles.size(), 0.0);
  if (!networks.first_post.empty()) {
    for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
      if (!networks.covered(n, from) || !networks.covered(n, to)) continue;
      add_wte(networks, n, from, before);
      add_wte(networks, n, to, after);
    }
  }
  std::vector<claim_supply> out;
  for (role_index k = 0; k < rules.roles.size(); ++k) {
    const role& r = rules.roles[k];
    if (!(r.arrs && r.arrs->max_reimbursement.at(at))) continue;
    out.push_back({k, std::max(0.0, after[k] - before[k])});
  }
  return out;
}

claim_year test_year(const rule_set& rules, const panel& networks, const claim_options& options, int year,
                     date latest) {
  claim_year out;
  out.year = year;
  out.at = from_ymd(year + 1, 3, 31);
  checker check(rules, networks);
  plan_options entitled;
  entitled.entitlement_budget = true;
  entitled.assume_arrs = options.assume_arrs;
  planner plan(rules, networks, entitled);
  std::vector<std::uint32_t> in_force;
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    const check_result& r = check.run(n, out.at);
    if (r.state == network_state::no_data) continue;
    ++out.with_data;
    if (r.state == network_state::not_in_force) continue;
    ++out.in_force;
    in_force.push_back(n);
    if (r.state == network_state::compliant) {
      ++out.compliant;
      ++out.fundable;
      continue;
    }
    if (plan.run(n, out.at).status == plan_status::fundable) ++out.fundable;
  }

  // The censuses end before the later years: the window is the last twelve months they cover.
  out.supply_to = std::min(out.at, latest);
  out.supply_from = add_months(out.supply_to, -12);
  out.supply = census_recruitment(rules, networks, out.at, out.supply_from, out.supply_to);
  recruitment_supply limits;
  limits.file = "census recruitment";
  for (const claim_supply& s : out.supply) limits.limits.push_back({s.role, s.wte, 0, 0});
  const supply_plan national = plan_nationally(rules, networks, out.at, entitled, limits, in_force);
  for (const supply_network_plan& p : national.networks) out.supplied += p.compliant_after ? 1u : 0u;
  return out;
}

std::string count(std::uint32_t n) { return detail::group_thousands(std::to_string(n)); }

}  // namespace

rule_set only_services(const rule_set& rules, const std::vector<std::string>& services) {
  std::vector<std::string> known;
  for (const service& s : rules.services) known.push_back(s.id);
  std::vector<diagnostic> problems;
  for (const std::string& id : services)
    if (rules.find_service(id) == no_index)
      problems.push_back({"", 0, 0, codes::unknown_service,
                          "no service " + detail::single_quoted(id) + detail::did_you_mean(id, known)});
  if (!problems.empty()) throw rule_error(std::move(problems));
  rule_set out = rules;
  for (service& s : out.services) {
    if (std::find(services.begin(), services.end(), s.id) != services.end()) continue;
    for (requirement& q : s.requirements) q.phase = schedule();
  }
  return out;
}

claim_timeline test_claim(const rule_set& rules, const panel& networks, const claim_options& options,
                          std::string label) {
  const rule_set tested = only_services(rules, options.services);
  const date latest = latest_post_start(networks);
  claim_timeline out;
  out.label = std::move(label);
  for (int year = options.first_year; year <= options.last_year; ++year)
    out.years.push_back(test_year(tested, networks, options, year, latest));
  return out;
}

void write_claim_section(std::ostream& out, const rule_set& rules, const claim_report& report) {
  out << "\n## The December 2019 claim: \"more than sufficient capacity\" with the ARRS entitlement\n\n";
  std::string names;
  for (std::size_t i = 0; i < report.services.size(); ++i) {
    const std::uint32_t s = rules.find_service(report.services[i]);
    names += (i == 0 ? "" : i + 1 == report.services.size() ? " and " : ", ");
    names += s == no_index ? report.services[i] : rules.services[s].label;
  }
  out << "Services: " << names << ". Each year is counted on 31 March, when every requirement phased in "
      << "during the year is in force, over the networks with data on that day.\n\n";
  if (report.timelines.empty() || report.timelines.front().years.empty()) return;
  for (std::size_t y = 0; y < report.timelines.front().years.size(); ++y) {
    const claim_year& first = report.timelines.front().years[y];
    out << "- **" << financial_year_starting(first.year).label() << "**:";
    for (std::size_t t = 0; t < report.timelines.size(); ++t) {
      const claim_year& c = report.timelines[t].years[y];
      out << (t == 0 ? " " : "; ") << report.timelines[t].label << ", " << count(c.compliant) << " of "
          << count(c.in_force) << " networks with data and the services in force had the staff in post for all of "
          << "them; spending their ARRS entitlement on free recruitment could have made " << count(c.fundable)
          << " compliant, and " << count(c.supplied) << " with recruitment limited to the "
          << detail::group_thousands(detail::format_fixed(c.supply_wte(), 0))
          << " WTE the censuses show was recruited nationally from " << to_string(c.supply_from) << " to "
          << to_string(c.supply_to);
    }
    out << ".\n";
  }
  out << "\nWhat drives it: hires cost their maximum ARRS reimbursement; each network spends its whole "
         "headroom (entitlement less the claims of its ARRS posts in force) on these services; only "
         "ARRS-reimbursable roles can be hired, so a network short of GP or clinical director time cannot "
         "be made compliant (GP time is the rule set's estimate, see `roles.yaml`); under the supply "
         "limit one linear program shares each role's census recruitment out to cover the most hours, "
         "and staffing minimums are not bought. Where the staff file ends before a year does, the "
         "supply comes from the last twelve months it covers.\n\n";
  out << "| year | timeline | with data | in force | compliant in post | fundable | with census supply | supply (WTE) "
         "|\n"
      << "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (std::size_t y = 0; y < report.timelines.front().years.size(); ++y)
    for (const claim_timeline& t : report.timelines) {
      const claim_year& c = t.years[y];
      out << "| " << financial_year_starting(c.year).label() << " | " << t.label << " | " << count(c.with_data) << " | "
          << count(c.in_force) << " | " << count(c.compliant) << " | " << count(c.fundable) << " | "
          << count(c.supplied) << " | " << detail::group_thousands(detail::format_fixed(c.supply_wte(), 0)) << " |\n";
    }
}

}  // namespace descheck
