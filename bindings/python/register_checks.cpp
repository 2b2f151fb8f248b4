// descheck._core: check, series and timeline.
#include <sstream>

#include "common.hpp"

namespace descheck::python {

// One date, a series of dates and timelines of constant state.
void register_checks(py::module_& m) {
  m.def(
      "check",
      [](const rule_set& rules, const panel& p, const std::string& at, bool summary) {
        const date day = parse_day(at, "at");
        row_columns rows;
        rows.scenarios = {rules.scenario_id};
        const std::vector<date> dates{day};
        series_options what;
        what.requirements = !summary;
        gather(
            rules, p, 1, py::none(), summary ? rows_of::networks : rows_of::requirements, 0,
            p.networks.size() * (summary ? 1 : rules.flat.size()), rows,
            [&](series_engine& engine, std::uint32_t n, result_block& block) { engine.sample(n, dates, what, block); });
        return summary ? rows.network_table(p, false)
                       : rows.requirement_table(rules, p, requirement_codes(rules), false);
      },
      py::arg("rules"), py::arg("panel"), py::arg("at"), py::arg("summary") = false);
  m.def(
      "series",
      [](const rule_set& rules, const panel& p, const std::string& start, const std::string& end,
         const std::string& every, bool summary, unsigned threads, const py::object& progress) {
        const std::vector<date> dates =
            sample_dates(parse_day(start, "start"), parse_day(end, "end"), parse_cadence(every));
        row_columns rows;
        rows.scenarios = {rules.scenario_id};
        series_options what;
        what.requirements = !summary;
        gather(
            rules, p, threads, progress, summary ? rows_of::networks : rows_of::requirements, 0,
            p.networks.size() * dates.size() * (summary ? 1 : rules.flat.size()), rows,
            [&](series_engine& engine, std::uint32_t n, result_block& block) { engine.sample(n, dates, what, block); });
        return summary ? rows.network_table(p, false)
                       : rows.requirement_table(rules, p, requirement_codes(rules), false);
      },
      py::arg("rules"), py::arg("panel"), py::arg("start"), py::arg("end"), py::arg("every") = "month",
      py::arg("summary") = false, py::arg("threads") = 0, py::arg("progress") = py::none());
  m.def(
      "timeline",
      [](const rule_set& rules, const panel& p, const std::string& start, const std::string& end, bool requirements,
         bool earliest, unsigned threads, const py::object& progress) {
        const date from = parse_day(start, "start");
        const date to = parse_day(end, "end");
        if (requirements && earliest)
          throw input_error({{"", 0, 0, codes::usage, "requirements and earliest are separate tables"}});
        row_columns rows;
        rows.scenarios = {rules.scenario_id};
        series_options what;
        what.requirements = requirements;
        what.earliest = earliest;
        const rows_of kind = earliest ? rows_of::earliest : requirements ? rows_of::requirements : rows_of::networks;
        gather(rules, p, threads, progress, kind, 0, p.networks.size() * (earliest ? rules.services.size() : 4), rows,
               [&](series_engine& engine, std::uint32_t n, result_block& block) {
                 engine.timeline(n, from, to, what, block);
               });
        if (earliest) return rows.earliest_table(rules, p);
        return requirements ? rows.requirement_table(rules, p, requirement_codes(rules), true)
                            : rows.network_table(p, true);
      },
      py::arg("rules"), py::arg("panel"), py::arg("start"), py::arg("end"), py::arg("requirements") = false,
      py::arg("earliest") = false, py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace descheck::python
