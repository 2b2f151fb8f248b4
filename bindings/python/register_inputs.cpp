// descheck._core: rule sets, scenarios and panels.
#include <sstream>

#include "common.hpp"

namespace descheck::python {

namespace {

// A synthetic panel and the CSV texts it was made from.
py::tuple make_synthetic(const rule_set& rules, std::uint64_t seed, std::uint32_t networks) {
  synthetic_options options;
  options.networks = networks;
  synthetic_panel generated = [&] {
    const py::gil_scoped_release release;
    return make_synthetic_panel(rules, seed, options);
  }();
  return py::make_tuple(std::move(generated.networks), std::move(generated.networks_csv),
                        std::move(generated.staff_csv));
}

}  // namespace

// Rule sets, scenarios and panels: loading, parsing, the synthetic panel.
void register_inputs(py::module_& m) {
  py::class_<rule_set>(m, "RuleSet", "A loaded rule set (immutable).")
      .def_readonly("id", &rule_set::id)
      .def_readonly("label", &rule_set::label)
      .def_readonly("version", &rule_set::version)
      .def_readonly("scenario_id", &rule_set::scenario_id)
      .def_property_readonly("services", [](const rule_set& r) { return service_ids(r); })
      .def_property_readonly("service_labels", [](const rule_set& r) { return field_of(r.services, &service::label); })
      .def_property_readonly("requirements",
                             [](const rule_set& r) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const requirement_ref ref : r.flat)
                                 out.emplace_back(r.services[ref.service].id, r.at(ref).id);
                               return out;
                             })
      .def_property_readonly("roles", [](const rule_set& r) { return field_of(r.roles, &role::id); })
      .def_property_readonly("role_labels", [](const rule_set& r) { return field_of(r.roles, &role::label); })
      .def_property_readonly("drivers", [](const rule_set& r) { return field_of(r.drivers, &driver::id); })
      .def_property_readonly("drivers_with_default",
                             [](const rule_set& r) {
                               std::vector<std::string> out;
                               for (const driver& d : r.drivers)
                                 if (d.default_value) out.push_back(d.id);
                               return out;
                             })
      .def(
          "doc", [](const rule_set& r) { return rule_set_markdown(r); }, "The rule set as a Markdown page.");

  py::class_<panel>(m, "Panel", "Networks and their staff, validated against a rule set.")
      .def_property_readonly("network_ids", [](const panel& p) { return network_ids(p); })
      .def_property_readonly("names", [](const panel& p) { return field_of(p.networks, &network::name); })
      .def_property_readonly("regions", [](const panel& p) { return field_of(p.networks, &network::region); })
      .def_property_readonly("size", [](const panel& p) { return p.networks.size(); });

  m.def(
      "load_rules",
      [](const std::string& directory, const std::vector<std::string>& scenarios) {
        const py::gil_scoped_release release;
        return apply_scenarios(load_rule_set(directory), paths(scenarios));
      },
      py::arg("directory"), py::arg("scenarios") = std::vector<std::string>{});
  m.def(
      "apply_scenarios",
      [](const rule_set& rules, const std::vector<std::string>& scenarios) {
        const py::gil_scoped_release release;
        return apply_scenarios(rules, paths(scenarios));
      },
      py::arg("rules"), py::arg("scenarios"));
  m.def(
      "scenario_label",
      [](const rule_set& rules, const std::string& file) {
        const scenario s = load_scenario(file, rules);
        return s.label.empty() ? s.id : s.label;
      },
      py::arg("rules"), py::arg("path"));
  m.def(
      "load_panel",
      [](const rule_set& rules, const std::string& networks, const std::string& staff,
         const std::optional<std::string>& coverage) {
        const py::gil_scoped_release release;
        panel p = load_panel(rules, networks, staff);
        if (coverage) load_coverage(p, *coverage);
        return p;
      },
      py::arg("rules"), py::arg("networks_path"), py::arg("staff_path"), py::arg("coverage_path") = py::none());
  m.def(
      "parse_panel",
      [](const rule_set& rules, const std::string& networks, const std::string& staff, const std::string& networks_name,
         const std::string& staff_name, const std::optional<std::string>& coverage, const std::string& coverage_name) {
        const py::gil_scoped_release release;
        panel p = parse_panel(rules, networks, staff, networks_name, staff_name);
        if (coverage) parse_coverage(p, *coverage, coverage_name);
        return p;
      },
      py::arg("rules"), py::arg("networks_csv"), py::arg("staff_csv"), py::arg("networks_name") = "networks",
      py::arg("staff_name") = "staff", py::arg("coverage_csv") = py::none(), py::arg("coverage_name") = "coverage");
  m.def("synthetic_panel", &make_synthetic, py::arg("rules"), py::arg("seed") = 1, py::arg("networks") = 1250);
}

}  // namespace descheck::python
