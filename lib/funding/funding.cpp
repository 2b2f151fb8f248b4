// ARRS money: entitlement from the weighted population, claims from ARRS posts prorated by day,
// headroom between them, per network and for the panel (docs/funding.md).
#include "descheck/funding/funding.hpp"

#include <algorithm>
#include <ostream>
#include <string>

#include "check/check_internal.hpp"
#include "core/calendar.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

// Below half a penny a network has neither headroom nor an over-claim (rounding of the sums).
constexpr double penny = 0.005;

// Adds the dates at which `s` changes inside (lo, hi].
void add_steps(const schedule& s, date lo, date hi, std::vector<date>& out) {
  for (const step& st : s.steps())
    if (st.from > lo && st.from <= hi) out.push_back(st.from);
}

void sort_unique(std::vector<date>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string year_label(int start) {
  const int next = (start + 1) % 100;
  return std::to_string(start) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

// The per-weighted-patient rate of the year, or rule_error DC090.
double rate_of(const rule_set& rules, const financial_year& fy) {
  const std::string file = (rules.directory / "funding.yaml").string();
  if (!rules.funding)
    throw rule_error({{file, 0, 0, codes::no_funding_terms,
                       "rule set " + rules.id + " has no ARRS funding terms (funding.yaml), needed for " + fy.label() +
                           " entitlements"}});
  const schedule& s = rules.funding->per_weighted_patient;
  if (const auto v = s.at(fy.from)) return *v;
  const origin* where = s.empty() ? nullptr : rules.origin_of(s.steps().front().source);
  throw rule_error(
      {{where ? where->file : file, where ? where->line : 0, where ? where->column : 0, codes::no_funding_terms,
        "arrs.per_weighted_patient is undefined on " + to_string(fy.from) + ", so " + fy.label() +
            " entitlements cannot be computed"}});
}

driver_index weighted_driver(const rule_set& rules) {
  const driver_index w = rules.find_driver("weighted_patients");
  if (w == no_index)
    throw rule_error({{(rules.directory / "drivers.yaml").string(), 0, 0, codes::unknown_driver,
                       "rule set " + rules.id + " has no driver 'weighted_patients', which ARRS entitlements need"}});
  return w;
}

void check_costs(const rule_set& rules, const funding_options& options) {
  for (std::size_t k = 0; k < options.cost_per_wte.size(); ++k)
    for (const step& st : options.cost_per_wte[k].steps())
      if (k >= rules.roles.size() || (st.value && !(*st.value >= 0.0)))
        throw input_error(
            {{"", 0, 0, codes::out_of_range,
              k >= rules.roles.size() ? "a cost is given for role index " + std::to_string(k) +
                                            " but the rule set has " + std::to_string(rules.roles.size()) + " roles"
                                      : "the cost per WTE of role " + rules.roles[k].id + " is negative"}});
}

// Day-weighted average of the network's weighted population over the year.
double average_weighted(const rule_set& rules, const panel& networks, const network& net, driver_index w,
                        const financial_year& fy) {
  std::vector<date> cuts{fy.from};
  for (const schedule& s : net.drivers) add_steps(s, fy.from, fy.to, cuts);
  for (const driver& d : rules.drivers)
    if (d.default_value) add_steps(d.default_value->ratio, fy.from, fy.to, cuts);
  sort_unique(cuts);
  double sum = 0.0;  // patient-days
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    const date a = cuts[i];
    const date b = i + 1 < cuts.size() ? add_days(cuts[i + 1], -1) : fy.to;
    const auto v = driver_value(rules, net, w, a);
    if (!v)
      throw input_error({detail::missing_driver(
          rules, networks, net, w, "on " + to_string(a) + " (needed for its " + fy.label() + " ARRS entitlement)")});
    sum += *v * (b.days - a.days + 1);
  }
  return sum / fy.days();
}

// The WTE cap of a role for this network on day `a` (`arrs.cap`, the larger one above the threshold),
// or nullopt where the role has no cap then. Read as plan::cap_headroom reads it.
std::optional<double> cap_on(const rule_set& rules, const network& net, const role& r, date a) {
  if (!r.arrs_cap) return std::nullopt;
  const wte_cap& cap = *r.arrs_cap;
  std::optional<double> limit = cap.wte.at(a);
  if (cap.driver != no_index) {
    const auto size = driver_value(rules, net, cap.driver, a);
    if (size && *size > cap.threshold)
      if (const auto above = cap.above_wte.at(a)) limit = above;
  }
  return limit;
}

// One role's claim in the year from its claiming posts `posts` (indices into panel::posts). The
// posts are summed per interval of constant terms, so that the WTE above the role's cap in force
// (summed over the role's claiming posts, as plan counts them) claims nothing.
role_claim claim_role(const rule_set& rules, const panel& networks, const network& net, role_index k,
                      const std::vector<std::uint32_t>& posts, const schedule* cost, const financial_year& fy) {
  const role& r = rules.roles.at(k);
  const arrs_terms& terms = *r.arrs;
  role_claim claim;
  claim.role = k;
  std::vector<date> cuts{fy.from};
  for (const std::uint32_t i : posts) {
    const post& p = networks.posts[i];
    if (p.start > fy.from && p.start <= fy.to) cuts.push_back(p.start);
    if (p.end >= fy.from && p.end < fy.to) cuts.push_back(add_days(p.end, 1));
  }
  add_steps(terms.max_reimbursement, fy.from, fy.to, cuts);
  add_steps(terms.london_max_reimbursement, fy.from, fy.to, cuts);
  // A network built in code may have no driver schedules at all (panel.hpp).
  if (const driver_index london = rules.find_driver("london"); london < net.drivers.size())
    add_steps(net.drivers[london], fy.from, fy.to, cuts);
  add_steps(terms.reimbursed_share, fy.from, fy.to, cuts);
  if (cost) add_steps(*cost, fy.from, fy.to, cuts);
  if (r.arrs_cap) {
    add_steps(r.arrs_cap->wte, fy.from, fy.to, cuts);
    add_steps(r.arrs_cap->above_wte, fy.from, fy.to, cuts);
    if (r.arrs_cap->driver != no_index) {  // where the network's size may cross the threshold
      for (const schedule& s : net.drivers) add_steps(s, fy.from, fy.to, cuts);
      for (const driver& d : rules.drivers)
        if (d.default_value) add_steps(d.default_value->ratio, fy.from, fy.to, cuts);
    }
  }
  sort_unique(cuts);
  for (std::size_t c = 0; c < cuts.size(); ++c) {
    const date a = cuts[c];
    const date b = c + 1 < cuts.size() ? add_days(cuts[c + 1], -1) : fy.to;
    const auto max = arrs_maximum(rules, net, k, a);
    if (!max) continue;  // not reimbursable on these days
    double wte = 0.0;
    for (const std::uint32_t i : posts) {
      const post& p = networks.posts[i];
      if (p.start <= a && a <= p.end) wte += p.wte;
    }
    if (wte <= 0.0) continue;
    const auto limit = cap_on(rules, net, r, a);
    const double claimed_wte = limit ? std::min(wte, std::max(0.0, *limit)) : wte;
    // The maximum is already after the reimbursed share (a mental health practitioner's £27,835 is
    // the network's 50%), so the share applies to a cost only; without one the claim is the maximum.
    const auto cost_a = cost ? cost->at(a) : std::nullopt;
    const double uncapped = cost_a ? *cost_a * terms.reimbursed_share.at(a).value_or(1.0) : *max;
    const double years = static_cast<double>(b.days - a.days + 1) / fy.days();
    claim.wte_years += wte * years;
    claim.claim += claimed_wte * years * std::min(uncapped, *max);
    claim.uncapped += wte * years * uncapped;
  }
  return claim;
}

network_funding compute(const rule_set& rules, const panel& networks, std::uint32_t n, const financial_year& fy,
                        double rate, driver_index w, const funding_options& options) {
  const network& net = networks.networks.at(n);
  network_funding out;
  out.network = n;
  out.year = fy.start;
  out.weighted_patients = average_weighted(rules, networks, net, w, fy);
  out.entitlement = rate * out.weighted_patients;
  std::vector<std::vector<std::uint32_t>> posts_of(rules.roles.size());  // claiming posts by role
  const std::uint32_t first = networks.first_post.size() > n ? networks.first_post[n] : 0;
  const std::uint32_t last = networks.first_post.size() > n + 1 ? networks.first_post[n + 1] : 0;
  for (std::uint32_t i = first; i < last; ++i) {
    const post& p = networks.posts[i];
    if (!rules.roles.at(p.role).arrs) continue;  // a role with no ARRS terms claims nothing, whatever its funding says
    if (p.funding != funding_kind::arrs && !options.assume_arrs) continue;
    if (p.end < fy.from || p.start > fy.to) continue;
    posts_of[p.role].push_back(i);
  }
  for (std::size_t k = 0; k < posts_of.size(); ++k) {
    if (posts_of[k].empty()) continue;
    const schedule* cost =
        k < options.cost_per_wte.size() && !options.cost_per_wte[k].empty() ? &options.cost_per_wte[k] : nullptr;
    const role_claim c = claim_role(rules, networks, net, static_cast<role_index>(k), posts_of[k], cost, fy);
    if (c.wte_years <= 0.0) continue;
    out.claims += c.claim;
    out.roles.push_back(c);
  }
  return out;
}

}  // namespace

namespace {

// Days of the year on which the network's staff are known (all of them without a coverage file).
std::int32_t days_with_data(const panel& networks, std::uint32_t network, const financial_year& fy) {
  if (networks.coverage.empty()) return fy.days();
  std::int32_t days = 0;
  for (const coverage_window& w : networks.coverage[network]) {
    const date from = std::max(w.from, fy.from);
    const date to = std::min(w.to, fy.to);
    if (from <= to) days += to.days - from.days + 1;
  }
  return days;
}

}  // namespace

std::string financial_year::label() const { return year_label(start); }

financial_year financial_year_starting(int start) {
  if (start < 1 || start > 9998)
    throw input_error(
        {{"", 0, 0, codes::out_of_range, "financial year " + std::to_string(start) + " is outside 1 to 9998"}});
  return {start, calendar::financial_year_first_day(start), calendar::financial_year_last_day(start)};
}

financial_year financial_year_of(date d) { return financial_year_starting(calendar::financial_year_start(d)); }

network_funding arrs_funding(const rule_set& rules, const panel& networks, std::uint32_t network, int year,
                             const funding_options& options) {
  const financial_year fy = financial_year_starting(year);
  const double rate = rate_of(rules, fy);
  const driver_index w = weighted_driver(rules);
  check_costs(rules, options);
  network_funding f = compute(rules, networks, network, fy, rate, w, options);
  f.days_with_data = days_with_data(networks, network, fy);
  return f;
}

funding_report summarise_funding(const rule_set& rules, const panel& networks, int year,
                                 const funding_options& options) {
  validate_panel(rules, networks);  // once for the panel: compute() indexes it without checking
  const financial_year fy = financial_year_starting(year);
  const double rate = rate_of(rules, fy);
  const driver_index w = weighted_driver(rules);
  check_costs(rules, options);
  funding_report report;
  report.scenario = rules.scenario_id;
  report.assume_arrs = options.assume_arrs;
  national_funding& nat = report.national;
  nat.year = fy;
  if (rules.funding) nat.national_pot = rules.funding->national_pot.at(fy.from);
  std::vector<role_claim> by_role(rules.roles.size());
  report.networks.reserve(networks.networks.size());
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    network_funding f = compute(rules, networks, n, fy, rate, w, options);
    f.days_with_data = days_with_data(networks, n, fy);
    if (f.days_with_data < fy.days()) {  // unknown claims: counted apart, never as unclaimed
      ++nat.networks_without_data;
      nat.entitlement_without_data += f.entitlement;
      report.networks.push_back(std::move(f));
      continue;
    }
    ++nat.networks;
    nat.weighted_patients += f.weighted_patients;
    nat.entitlement += f.entitlement;
    nat.claims += f.claims;
    const double h = f.headroom();
    if (h > 0.0) nat.unclaimed += h;
    if (h < 0.0) nat.over_claimed -= h;
    if (h >= penny) ++nat.networks_with_headroom;
    if (h <= -penny) ++nat.networks_over;
    for (const role_claim& c : f.roles) {
      role_claim& t = by_role[c.role];
      t.role = c.role;
      t.wte_years += c.wte_years;
      t.claim += c.claim;
      t.uncapped += c.uncapped;
    }
    report.networks.push_back(std::move(f));
  }
  for (const role_claim& c : by_role)
    if (c.wte_years > 0.0) nat.roles.push_back(c);
  return report;
}

// ---------------------------------------------------------------------------------------------
// Writers

namespace {

// £1,234,567 for tables a person reads.
std::string pounds(double v) {
  const std::string plain = detail::group_thousands(detail::format_fixed(v < 0 ? -v : v, 0));
  return (v <= -0.5 ? "-£" : "£") + plain;
}
// £64.0m for prose.
std::string millions(double v) {
  return (v <= -0.05e6 ? "-£" : "£") + detail::group_thousands(detail::format_fixed((v < 0 ? -v : v) / 1e6, 1)) + "m";
}
std::string share(double part, double whole) {
  return whole == 0.0 ? std::string("-") : detail::format_fixed(100.0 * part / whole, 1) + "%";
}
// "1 network", "1,250 networks"
std::string networks_text(std::uint32_t n) {
  return detail::group_thousands(std::to_string(n)) + (n == 1 ? " network" : " networks");
}
double wte_years_of(const std::vector<role_claim>& roles) {
  double sum = 0.0;
  for (const role_claim& c : roles) sum += c.wte_years;
  return sum;
}

std::vector<column> funding_columns(bool coverage) {
  std::vector<column> out{{"scenario"},
                          {"year"},
                          {"network_id"},
                          {"name"},
                          {"weighted_patients", column_type::number, 2},
                          {"entitlement", column_type::number, 2},
                          {"claims", column_type::number, 2},
                          {"headroom", column_type::number, 2},
                          {"unclaimed", column_type::number, 2},
                          {"arrs_wte_years", column_type::number, 4}};
  if (coverage) out.push_back({"days_with_data", column_type::integer});
  return out;
}

// Markdown text: | and other markup characters are escaped.
std::string md(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

// Kept whole (a little over 80 lines): the page top to bottom, in the order it reads.
void write_markdown(std::ostream& out, const rule_set& rules, const panel& networks,
                    const std::vector<funding_report>& reports) {
  out << "# ARRS funding: " << md(rules.label) << "\n\n";
  if (reports.empty()) {
    out << "No financial years asked for.\n";
    return;
  }
  const funding_report& first = reports.front();
  const bool coverage = !networks.coverage.empty();
  out << networks_text(static_cast<std::uint32_t>(networks.networks.size()));
  if (first.scenario != "baseline") out << ", scenario `" << first.scenario << "`";
  out << ". Claims come from "
      << (first.assume_arrs ? "every post of an ARRS-reimbursable role (all counted as ARRS-funded)"
                            : "the posts marked `funding: arrs`")
      << ", at the maximum reimbursement per WTE unless a cost is given, prorated by day.\n\n";
  for (const funding_report& r : reports) {
    const national_funding& t = r.national;
    out << "- " << t.year.label() << ": entitled to " << millions(t.entitlement) << " between them";
    if (t.national_pot) out << " (national pot " << millions(*t.national_pot) << ")";
    out << "; ARRS posts would claim " << millions(t.claims) << ", leaving " << millions(t.unclaimed) << " ("
        << share(t.unclaimed, t.entitlement) << " of the entitlement) unclaimed in "
        << networks_text(t.networks_with_headroom);
    if (t.networks_over > 0)
      out << "; claims would exceed the entitlement by " << millions(t.over_claimed) << " in "
          << networks_text(t.networks_over);
    if (coverage)
      out << "; " << networks_text(t.networks_without_data) << " without data on some day of the year (entitled to "
          << pounds(t.entitlement_without_data)
          << ") left out of these figures, since their claims are unknown, not zero";
    out << ".\n";
  }
  out << "\n| year | networks | weighted patients | entitlement | national pot | claims | paid | unclaimed | "
         "unclaimed share | networks with headroom | networks over | over-claimed |\n"
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const funding_report& r : reports) {
    const national_funding& t = r.national;
    out << "| " << t.year.label() << " | " << detail::group_thousands(std::to_string(t.networks)) << " | "
        << detail::group_thousands(detail::format_fixed(t.weighted_patients, 0)) << " | " << pounds(t.entitlement)
        << " | " << (t.national_pot ? pounds(*t.national_pot) : std::string("-")) << " | " << pounds(t.claims) << " | "
        << pounds(t.paid()) << " | " << pounds(t.unclaimed) << " | " << share(t.unclaimed, t.entitlement) << " | "
        << detail::group_thousands(std::to_string(t.networks_with_headroom)) << " | "
        << detail::group_thousands(std::to_string(t.networks_over)) << " | " << pounds(t.over_claimed) << " |\n";
  }
  out << "\nEntitlement: the ARRS sum per weighted patient on 1 April × the network's weighted population "
         "(day-weighted average over the year). Claims: WTE × maximum reimbursement (after the reimbursed "
         "share) × days in post and reimbursable / days in the year. Paid: claims up to each network's "
         "entitlement. Unclaimed: entitlement no claim uses, summed over networks with headroom; a network's "
         "over-claim does not use another's. See docs/funding.md.\n";

  for (const funding_report& r : reports) {
    const national_funding& t = r.national;
    out << "\n## Claims by role, " << t.year.label() << "\n\n";
    if (t.roles.empty()) {
      out << "No ARRS posts in the year.\n";
      continue;
    }
    bool capped = false;
    for (const role_claim& c : t.roles) capped = capped || c.uncapped - c.claim >= penny;
    out << "| role | WTE-years | claims |" << (capped ? " without the cap |" : "") << "\n|---|---:|---:|"
        << (capped ? "---:|" : "") << "\n";
    for (const role_claim& c : t.roles) {
      out << "| " << md(rules.roles.at(c.role).label) << " | "
          << detail::group_thousands(detail::format_fixed(c.wte_years, 1)) << " | " << pounds(c.claim) << " |";
      if (capped) out << ' ' << pounds(c.uncapped) << " |";
      out << '\n';
    }
  }
  for (const funding_report& r : reports) {
    out << "\n## Networks, " << r.national.year.label() << "\n\n"
        << "| network | name | weighted patients | entitlement | claims | headroom |"
        << (coverage ? " days with data |" : "") << "\n|---|---|---:|---:|---:|---:|" << (coverage ? "---:|" : "")
        << '\n';
    for (const network_funding& f : r.networks) {
      const network& net = networks.networks.at(f.network);
      out << "| " << md(net.id) << " | " << md(net.name) << " | "
          << detail::group_thousands(detail::format_fixed(f.weighted_patients, 0)) << " | " << pounds(f.entitlement)
          << " | " << pounds(f.claims) << " | " << pounds(f.headroom()) << " |";
      if (coverage) out << ' ' << f.days_with_data << " of " << r.national.year.days() << " |";
      out << '\n';
    }
  }
}

}  // namespace

table funding_table(const panel& networks, const std::vector<funding_report>& reports) {
  const bool coverage = !networks.coverage.empty();
  table rows(funding_columns(coverage));
  for (const funding_report& r : reports) {
    const std::string label = r.national.year.label();
    for (const network_funding& f : r.networks) {
      const network& net = networks.networks.at(f.network);
      std::vector<table_cell> row{r.scenario,
                                  label,
                                  net.id,
                                  net.name,
                                  f.weighted_patients,
                                  f.entitlement,
                                  f.claims,
                                  f.headroom(),
                                  std::max(0.0, f.headroom()),
                                  wte_years_of(f.roles)};
      if (coverage) row.emplace_back(static_cast<std::int64_t>(f.days_with_data));
      rows.add_row(std::move(row));
    }
  }
  return rows;
}

table funding_totals_table(const std::vector<funding_report>& reports) {
  table rows({{"scenario"},
              {"year"},
              {"networks", column_type::integer},
              {"weighted_patients", column_type::number, 2},
              {"entitlement", column_type::number, 2},
              {"claims", column_type::number, 2},
              {"headroom", column_type::number, 2},
              {"unclaimed", column_type::number, 2},
              {"arrs_wte_years", column_type::number, 4}});
  for (const funding_report& r : reports) {
    const national_funding& t = r.national;
    rows.add_row({r.scenario, t.year.label(), static_cast<std::int64_t>(t.networks), t.weighted_patients, t.entitlement,
                  t.claims, t.headroom(), t.unclaimed, wte_years_of(t.roles)});
  }
  return rows;
}

void write_funding(std::ostream& out, const rule_set& rules, const panel& networks,
                   const std::vector<funding_report>& reports, table_format format) {
  if (format == table_format::markdown) {
    write_markdown(out, rules, networks, reports);
  } else {
    write_table(out, funding_table(networks, reports), format);
  }
}

}  // namespace descheck
