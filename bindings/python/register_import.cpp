// descheck._core: the importers of published NHS data (import.hpp): census files to staff rows and
// coverage windows, ePCN files and list sizes to networks. Results come back as the CSV texts the
// command line would write, with everything left out as lists of tuples.
#include <optional>
#include <sstream>

#include "common.hpp"
#include "descheck/import/import.hpp"

namespace descheck::python {

namespace {

py::dict workforce_result(const rule_set& rules, const workforce_import& result) {
  std::ostringstream staff, coverage;
  write_staff_csv(staff, rules, result.rows);
  write_coverage_csv(coverage, result.coverage);
  py::list censuses, unmapped, negative, unknown;
  for (const census_summary& c : result.censuses)
    censuses.append(py::make_tuple(c.file, to_string(c.month), c.end == date::max() ? "" : to_string(c.end), c.rows,
                                   c.fte, c.mapped_fte, c.networks, c.negative_rows));
  for (const unmapped_label& u : result.unmapped)
    unmapped.append(py::make_tuple(u.staff_role, u.detailed_staff_role, u.rows, u.fte));
  for (const negative_total& t : result.negative_totals)
    negative.append(py::make_tuple(t.network_id, rules.roles[t.role].id, to_string(t.month), t.fte));
  for (const unknown_network_staff& u : result.unknown_networks)
    unknown.append(py::make_tuple(u.network_id, u.name, u.rows, u.fte, u.censuses));
  py::dict out;
  out["staff_csv"] = staff.str();
  out["coverage_csv"] = coverage.str();
  out["censuses"] = censuses;
  out["unmapped"] = unmapped;
  out["negative_totals"] = negative;
  out["unknown_networks"] = unknown;
  return out;
}

py::dict networks_result(const networks_import& result) {
  std::ostringstream networks;
  write_networks_csv(networks, result);
  py::list unlisted;
  for (const unlisted_practice& u : result.unlisted) unlisted.append(py::make_tuple(u.practice, u.name, u.network_id));
  py::dict out;
  out["networks_csv"] = networks.str();
  out["at"] = result.at ? py::object(py::str(to_string(*result.at))) : py::object(py::none());
  out["unlisted"] = unlisted;
  out["inactive_links"] = result.inactive_links;
  out["closed_networks"] = result.closed_networks;
  out["unlinked_practices"] = result.unlinked_practices;
  out["unlinked_patients"] = result.unlinked_patients;
  return out;
}

}  // namespace

void register_import(py::module_& m) {
  m.def(
      "import_workforce",
      [](const rule_set& rules, const std::vector<std::string>& census_files,
         const std::optional<std::string>& networks_path, const std::optional<std::string>& until) {
        workforce_options options;
        if (until) options.until = parse_day(*until, "until");
        if (networks_path) options.networks = *networks_path;
        workforce_import result = [&] {
          const py::gil_scoped_release release;
          return import_workforce(rules, paths(census_files), options);
        }();
        return workforce_result(rules, result);
      },
      py::arg("rules"), py::arg("census_files"), py::arg("networks_path") = py::none(), py::arg("until") = py::none());
  m.def(
      "import_networks",
      [](const std::string& pcns, const std::string& partners, const std::string& practices,
         const std::optional<std::string>& at, const std::vector<std::string>& censuses) {
        networks_options options;
        if (at) options.at = parse_day(*at, "at");
        options.censuses = paths(censuses);
        networks_import result = [&] {
          const py::gil_scoped_release release;
          return import_networks(pcns, partners, practices, options);
        }();
        return networks_result(result);
      },
      py::arg("pcns"), py::arg("partners"), py::arg("practices"), py::arg("at") = py::none(),
      py::arg("censuses") = std::vector<std::string>{});
}

}  // namespace descheck::python
