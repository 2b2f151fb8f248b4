// descheck._core: the national report.
#include <sstream>

#include "common.hpp"
#include "descheck/report/national.hpp"

namespace descheck::python {

namespace {

py::tuple national_cells(const rule_set& rules, const std::vector<labelled_report>& reports) {
  std::vector<std::int32_t> scenario, service, roles;
  std::vector<std::int64_t> day;
  std::vector<std::uint32_t> in_force, compliant;
  std::vector<double> share, shortfall;
  std::vector<std::string> scenarios, role_texts;
  std::unordered_map<std::string, std::int32_t> role_code;
  std::vector<std::string> services = service_ids(rules);
  services.emplace_back("all");
  for (std::size_t i = 0; i < reports.size(); ++i) {
    scenarios.push_back(reports[i].report.scenario);
    for (const national_cell& c : reports[i].report.cells) {
      scenario.push_back(static_cast<std::int32_t>(i));
      service.push_back(c.service == no_index ? static_cast<std::int32_t>(services.size() - 1)
                                              : static_cast<std::int32_t>(c.service));
      day.push_back(c.at.days);
      in_force.push_back(c.in_force);
      compliant.push_back(c.compliant);
      share.push_back(c.share_compliant());
      shortfall.push_back(c.shortfall_hours);
      std::string text;
      for (const role_tally& t : c.bottleneck_roles)
        text += (text.empty() ? "" : ";") + rules.roles[t.role].id + ":" + std::to_string(t.networks);
      const auto [it, added] = role_code.emplace(text, static_cast<std::int32_t>(role_texts.size()));
      if (added) role_texts.push_back(text);
      roles.push_back(it->second);
    }
  }
  table_builder t;
  t.text("scenario", std::move(scenario), scenarios);
  t.text("service", std::move(service), services);
  t.dates("date", std::move(day));
  t.numbers("networks_in_force", std::move(in_force));
  t.numbers("compliant", std::move(compliant));
  t.numbers("share_compliant", std::move(share));
  t.numbers("shortfall_hours", std::move(shortfall));
  t.text("bottleneck_roles", std::move(roles), role_texts);
  return t.done();
}

py::tuple national_years(const std::vector<labelled_report>& reports) {
  std::vector<std::int32_t> scenario, year;
  std::vector<std::int64_t> from, to;
  std::vector<std::uint32_t> in_force, compliant;
  std::vector<std::string> scenarios, years;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    scenarios.push_back(reports[i].report.scenario);
    for (const national_year& y : reports[i].report.years) {
      const std::string label = y.label();
      auto it = std::find(years.begin(), years.end(), label);
      if (it == years.end()) it = years.insert(years.end(), label);
      scenario.push_back(static_cast<std::int32_t>(i));
      year.push_back(static_cast<std::int32_t>(it - years.begin()));
      from.push_back(y.from.days);
      to.push_back(y.to.days);
      in_force.push_back(y.in_force);
      compliant.push_back(y.compliant);
    }
  }
  table_builder t;
  t.text("scenario", std::move(scenario), scenarios);
  t.text("year", std::move(year), years);
  t.dates("from", std::move(from));
  t.dates("to", std::move(to));
  t.numbers("networks_in_force", std::move(in_force));
  t.numbers("compliant", std::move(compliant));
  return t.done();
}

}  // namespace

// The national report.
void register_report(py::module_& m) {
  m.def(
      "report",
      [](const rule_set& rules, const panel& p, const std::string& start, const std::string& end,
         const std::string& every, const std::vector<std::string>& compare, unsigned threads,
         const py::object& progress) {
        national_options what;
        what.from = parse_day(start, "start");
        what.to = parse_day(end, "end");
        what.every = parse_cadence(every);
        what.threads = threads;
        std::vector<rule_set> variants{rules};
        std::vector<std::string> labels{rules.scenario_id == "baseline" ? rules.label
                                                                        : "scenario " + rules.scenario_id};
        for (const std::string& file : compare) {
          const scenario s = load_scenario(file, rules);
          variants.push_back(apply_scenario(rules, s));
          labels.push_back(s.label.empty() ? s.id : s.label);
        }
        std::vector<labelled_report> reports;
        const progress_callback report_progress = python_progress(progress);
        {
          const py::gil_scoped_release release;
          for (std::size_t i = 0; i < variants.size(); ++i)
            reports.push_back({&variants[i], labels[i], summarise_nation(variants[i], p, what, report_progress)});
        }
        std::ostringstream markdown, csv;
        if (reports.size() == 1) {
          write_national_report(markdown, rules, reports[0].report, table_format::markdown);
        } else {
          write_national_comparison(markdown, reports, table_format::markdown);
        }
        write_national_comparison(csv, reports, table_format::csv);
        py::dict out;
        out["markdown"] = markdown.str();
        out["csv"] = csv.str();
        out["cells"] = national_cells(rules, reports);
        out["years"] = national_years(reports);
        return out;
      },
      py::arg("rules"), py::arg("panel"), py::arg("start"), py::arg("end"), py::arg("every") = "quarter",
      py::arg("compare") = std::vector<std::string>{}, py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace descheck::python
