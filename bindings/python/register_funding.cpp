// descheck._core: ARRS entitlement, claims and headroom per network and nationally (funding.hpp),
// and the test of the December 2019 claim (claim.hpp).
#include <sstream>

#include "common.hpp"
#include "descheck/funding/funding.hpp"
#include "descheck/report/claim.hpp"

namespace descheck::python {

namespace {

py::tuple role_claims(const rule_set& rules, const std::vector<role_claim>& claims) {
  std::vector<std::int32_t> role;
  std::vector<double> wte_years, claim, uncapped;
  for (const role_claim& c : claims) {
    role.push_back(static_cast<std::int32_t>(c.role));
    wte_years.push_back(c.wte_years);
    claim.push_back(c.claim);
    uncapped.push_back(c.uncapped);
  }
  table_builder t;
  t.text("role", std::move(role), field_of(rules.roles, &role::id));
  t.numbers("wte_years", std::move(wte_years));
  t.numbers("claim", std::move(claim));
  t.numbers("uncapped", std::move(uncapped));
  return t.done();
}

py::dict funding_tables(const rule_set& rules, const panel& p, const funding_report& report) {
  std::vector<std::int32_t> network;
  std::vector<double> weighted, entitlement, claims, headroom, unclaimed, wte_years;
  std::vector<std::uint32_t> days;
  for (const network_funding& f : report.networks) {
    network.push_back(static_cast<std::int32_t>(f.network));
    weighted.push_back(f.weighted_patients);
    entitlement.push_back(f.entitlement);
    claims.push_back(f.claims);
    headroom.push_back(f.headroom());
    unclaimed.push_back(f.headroom() > 0.0 ? f.headroom() : 0.0);
    double years = 0.0;
    for (const role_claim& c : f.roles) years += c.wte_years;
    wte_years.push_back(years);
    days.push_back(static_cast<std::uint32_t>(f.days_with_data));
  }
  const national_funding& n = report.national;
  table_builder t;
  t.text("scenario", std::vector<std::int32_t>(network.size(), 0), {report.scenario});
  t.text("year", std::vector<std::int32_t>(network.size(), 0), {n.year.label()});
  t.text("network_id", std::move(network), network_ids(p));
  t.numbers("weighted_patients", std::move(weighted));
  t.numbers("entitlement", std::move(entitlement));
  t.numbers("claims", std::move(claims));
  t.numbers("headroom", std::move(headroom));
  t.numbers("unclaimed", std::move(unclaimed));
  t.numbers("arrs_wte_years", std::move(wte_years));
  t.numbers("days_with_data", std::move(days));
  py::dict totals;
  totals["year"] = n.year.label();
  totals["networks"] = n.networks;
  totals["weighted_patients"] = n.weighted_patients;
  totals["entitlement"] = n.entitlement;
  totals["claims"] = n.claims;
  totals["headroom"] = n.headroom();
  totals["paid"] = n.paid();
  totals["unclaimed"] = n.unclaimed;
  totals["over_claimed"] = n.over_claimed;
  totals["networks_with_headroom"] = n.networks_with_headroom;
  totals["networks_over"] = n.networks_over;
  totals["national_pot"] = n.national_pot ? py::object(py::float_(*n.national_pot)) : py::object(py::none());
  totals["networks_without_data"] = n.networks_without_data;
  totals["entitlement_without_data"] = n.entitlement_without_data;
  py::dict out;
  out["networks"] = t.done();
  out["roles"] = role_claims(rules, n.roles);
  out["totals"] = totals;
  std::ostringstream markdown;
  write_funding(markdown, rules, p, {report}, table_format::markdown);
  out["markdown"] = markdown.str();
  return out;
}

py::dict claim_tables(const rule_set& rules, const claim_report& report) {
  std::vector<std::int32_t> timeline, year;
  std::vector<std::int64_t> at, supply_from, supply_to;
  std::vector<std::uint32_t> with_data, in_force, compliant, fundable, supplied;
  std::vector<double> supply_wte;
  std::vector<std::string> labels, years;
  for (std::size_t i = 0; i < report.timelines.size(); ++i) {
    labels.push_back(report.timelines[i].label);
    for (const claim_year& y : report.timelines[i].years) {
      timeline.push_back(static_cast<std::int32_t>(i));
      const std::string label = financial_year_starting(y.year).label();
      auto it = std::find(years.begin(), years.end(), label);
      if (it == years.end()) it = years.insert(years.end(), label);
      year.push_back(static_cast<std::int32_t>(it - years.begin()));
      at.push_back(y.at.days);
      with_data.push_back(y.with_data);
      in_force.push_back(y.in_force);
      compliant.push_back(y.compliant);
      fundable.push_back(y.fundable);
      supplied.push_back(y.supplied);
      supply_from.push_back(y.supply_from.days);
      supply_to.push_back(y.supply_to.days);
      supply_wte.push_back(y.supply_wte());
    }
  }
  table_builder t;
  t.text("timeline", std::move(timeline), labels);
  t.text("year", std::move(year), years);
  t.dates("date", std::move(at));
  t.numbers("with_data", std::move(with_data));
  t.numbers("in_force", std::move(in_force));
  t.numbers("compliant", std::move(compliant));
  t.numbers("fundable", std::move(fundable));
  t.numbers("supplied", std::move(supplied));
  t.dates("supply_from", std::move(supply_from));
  t.dates("supply_to", std::move(supply_to));
  t.numbers("supply_wte", std::move(supply_wte));
  std::ostringstream markdown;
  write_claim_section(markdown, rules, report);
  py::dict out;
  out["years"] = t.done();
  out["markdown"] = markdown.str();
  return out;
}

}  // namespace

void register_funding(py::module_& m) {
  m.def(
      "funding",
      [](const rule_set& rules, const panel& p, int year, bool assume_arrs) {
        funding_options options;
        options.assume_arrs = assume_arrs;
        funding_report report = [&] {
          const py::gil_scoped_release release;
          return summarise_funding(rules, p, year, options);
        }();
        return funding_tables(rules, p, report);
      },
      py::arg("rules"), py::arg("panel"), py::arg("year"), py::arg("assume_arrs") = false);
  m.def(
      "claim",
      [](const rule_set& rules, const panel& p, const std::string& draft_file, const std::vector<std::string>& services,
         bool assume_arrs) {
        claim_options options;
        if (!services.empty()) options.services = services;
        options.assume_arrs = assume_arrs;
        claim_report report;
        report.services = options.services;
        {
          const py::gil_scoped_release release;
          const rule_set draft = apply_scenarios(rules, {draft_file});
          report.timelines.push_back(test_claim(rules, p, options, "as enacted"));
          report.timelines.push_back(test_claim(draft, p, options, "on the timeline of `" + draft.scenario_id + "`"));
        }
        return claim_tables(rules, report);
      },
      py::arg("rules"), py::arg("panel"), py::arg("draft"), py::arg("services") = std::vector<std::string>{},
      py::arg("assume_arrs") = false);
}

}  // namespace descheck::python
