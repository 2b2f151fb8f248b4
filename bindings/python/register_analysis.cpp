// descheck._core: sensitivity (one ranged value at a time) and uncertainty (joint draws, split by draw
// range). Partial results pickle as plain integers, so draw ranges can run in other processes (Dask).
#include <pybind11/operators.h>
#include <algorithm>

#include <cmath>
#include <cstring>
#include <sstream>

#include "common.hpp"
#include "descheck/analysis/sensitivity.hpp"
#include "descheck/analysis/uncertainty.hpp"

namespace descheck::python {

namespace {

[[noreturn]] void usage(const std::string& message) { throw input_error({{"", 0, 0, codes::usage, message}}); }

// A text column whose labels are the values themselves, in order of first appearance.
struct text_codes {
  std::vector<std::int32_t> codes;
  std::vector<std::string> labels;
  std::unordered_map<std::string, std::int32_t> seen;
  void add(const std::string& text) {
    const auto [it, added] = seen.emplace(text, static_cast<std::int32_t>(labels.size()));
    if (added) labels.push_back(text);
    codes.push_back(it->second);
  }
};

std::uint32_t service_index(const rule_set& rules, const std::optional<std::string>& id) {
  if (!id) return no_index;
  const std::uint32_t s = rules.find_service(*id);
  if (s == no_index) usage("unknown service '" + *id + "'" + did_you_mean(*id, service_ids(rules)));
  return s;
}

py::tuple tornado_table(const sensitivity_result& result, std::size_t count) {
  std::vector<std::uint32_t> rank;
  text_codes id, source, status, distribution;
  std::vector<double> value, low, high, base, measure_low, measure_high, swing;
  for (std::size_t i = 0; i < count; ++i) {
    const sensitivity_row& r = result.rows[i];
    rank.push_back(static_cast<std::uint32_t>(i + 1));
    id.add(r.value.id);
    source.add(r.value.file + ":" + std::to_string(r.value.line));
    status.add(to_string(r.value.status));
    value.push_back(r.value.value);
    low.push_back(r.value.range.low);
    high.push_back(r.value.range.high);
    distribution.add(to_string(r.value.range.distribution));
    base.push_back(result.base);
    measure_low.push_back(r.low);
    measure_high.push_back(r.high);
    swing.push_back(r.swing());
  }
  table_builder t;
  t.numbers("rank", std::move(rank));
  t.text("id", std::move(id.codes), std::move(id.labels));
  t.text("source", std::move(source.codes), std::move(source.labels));
  t.text("status", std::move(status.codes), std::move(status.labels));
  t.numbers("value", std::move(value));
  t.numbers("range_low", std::move(low));
  t.numbers("range_high", std::move(high));
  t.text("distribution", std::move(distribution.codes), std::move(distribution.labels));
  t.numbers("base", std::move(base));
  t.numbers("measure_low", std::move(measure_low));
  t.numbers("measure_high", std::move(measure_high));
  t.numbers("swing", std::move(swing));
  return t.done();
}

py::dict sensitivity(const rule_set& rules, const panel& p, const std::string& window, bool year,
                     const std::string& measure, const std::optional<std::string>& service, std::size_t top,
                     unsigned threads, const py::object& progress) {
  sensitivity_options what;
  what.window = year ? parse_financial_year(window) : at_date(parse_day(window, "at"));
  what.measure = parse_measure(measure);
  what.service = service_index(rules, service);
  what.threads = threads;
  const progress_callback report = python_progress(progress);
  sensitivity_result result;
  std::ostringstream csv, markdown;
  {
    const py::gil_scoped_release release;
    result = run_sensitivity(rules, p, what, report);
    write_tornado(csv, rules, result, analysis_format::csv, top);
    write_tornado(markdown, rules, result, analysis_format::markdown, top);
  }
  py::dict out;
  out["table"] = tornado_table(result, top > 0 ? std::min(top, result.rows.size()) : result.rows.size());
  out["csv"] = csv.str();
  out["markdown"] = markdown.str();
  out["base"] = result.base;
  out["skipped"] = result.skipped;
  out["values"] = result.rows.size();
  out["scenario"] = result.scenario;
  out["window"] = to_string(what.window);
  return out;
}

// An uncertainty run prepared once, with the rule set and panel it reads (kept alive by Python).
struct prepared_run {
  const rule_set* rules;
  const panel* networks;
  uncertainty_run run;
  prepared_run(const rule_set& r, const panel& p, const uncertainty_options& o)
      : rules(&r), networks(&p), run(r, p, o) {}
};

py::tuple network_table(const panel& p, const uncertainty_result& r) {
  std::vector<std::int32_t> network;
  std::vector<std::int64_t> day;
  std::vector<std::uint32_t> draws, in_force, compliant, no_data;
  std::vector<double> probability;
  for (const network_probability& n : r.networks) {
    network.push_back(static_cast<std::int32_t>(n.network));
    day.push_back(n.at.days);
    draws.push_back(n.draws);
    in_force.push_back(n.in_force);
    compliant.push_back(n.compliant);
    no_data.push_back(n.no_data);
    probability.push_back(n.draws > n.no_data ? n.probability() : std::nan(""));
  }
  table_builder t;
  t.text("network_id", std::move(network), network_ids(p));
  t.dates("date", std::move(day));
  t.numbers("draws", std::move(draws));
  t.numbers("in_force", std::move(in_force));
  t.numbers("compliant", std::move(compliant));
  t.numbers("no_data", std::move(no_data));
  t.numbers("probability", std::move(probability));
  return t.done();
}

// The columns a per-date and a per-year measure summary share: measure, service, and the value at
// every value's value with the mean and percentiles over the draws.
struct spread_columns {
  std::vector<std::string> services;
  std::vector<std::int32_t> measure, service;
  std::vector<double> base, mean, p5, p50, p95;

  explicit spread_columns(const rule_set& rules) : services(service_ids(rules)) { services.emplace_back("all"); }

  template <typename Summary>
  void add(const Summary& m) {
    measure.push_back(static_cast<std::int32_t>(m.measure));
    service.push_back(m.service == no_index ? static_cast<std::int32_t>(services.size() - 1)
                                            : static_cast<std::int32_t>(m.service));
    base.push_back(m.base);
    mean.push_back(m.mean);
    p5.push_back(m.p5);
    p50.push_back(m.p50);
    p95.push_back(m.p95);
  }
  void add_keys(table_builder& t) {
    t.text("measure", std::move(measure), enum_names({"compliant", "shortfall"}));
    t.text("service", std::move(service), services);
  }
  void add_spread(table_builder& t) {
    t.numbers("base", std::move(base));
    t.numbers("mean", std::move(mean));
    t.numbers("p5", std::move(p5));
    t.numbers("p50", std::move(p50));
    t.numbers("p95", std::move(p95));
  }
};

py::tuple measure_table(const rule_set& rules, const uncertainty_result& r) {
  spread_columns columns(rules);
  std::vector<std::int64_t> day;
  for (const measure_summary& m : r.measures) {
    columns.add(m);
    day.push_back(m.at.days);
  }
  table_builder t;
  columns.add_keys(t);
  t.dates("date", std::move(day));
  columns.add_spread(t);
  return t.done();
}

py::tuple year_table(const rule_set& rules, const uncertainty_result& r) {
  spread_columns columns(rules);
  std::vector<std::int32_t> year;
  std::vector<std::int64_t> from, to;
  std::vector<std::string> years;
  for (const year_measure_summary& m : r.year_measures) {
    const auto known = std::find(years.begin(), years.end(), m.financial_year);
    year.push_back(static_cast<std::int32_t>(known - years.begin()));
    if (known == years.end()) years.push_back(m.financial_year);
    columns.add(m);
    from.push_back(m.window.from.days);
    to.push_back(m.window.to.days);
  }
  table_builder t;
  columns.add_keys(t);
  t.text("financial_year", std::move(year), years);
  t.dates("from", std::move(from));
  t.dates("to", std::move(to));
  columns.add_spread(t);
  return t.done();
}

// Everything of a summarised run that Python keeps: plain values, picklable.
py::dict summarise(const prepared_run& prepared, const uncertainty_partial& all) {
  uncertainty_result result;
  std::ostringstream networks_csv, measures_csv, year_measures_csv, markdown;
  {
    const py::gil_scoped_release release;
    result = prepared.run.summarise(all);
    write_network_probabilities(networks_csv, *prepared.networks, result, false);
    write_measure_summary(measures_csv, *prepared.rules, result, analysis_format::csv);
    write_measure_summary(markdown, *prepared.rules, result, analysis_format::markdown);
    if (!result.year_measures.empty())
      write_year_measures(year_measures_csv, *prepared.rules, result, table_format::csv);
  }
  py::dict out;
  out["networks"] = network_table(*prepared.networks, result);
  out["measures"] = measure_table(*prepared.rules, result);
  out["networks_csv"] = networks_csv.str();
  out["measures_csv"] = measures_csv.str();
  out["year_measures"] = year_table(*prepared.rules, result);
  out["year_measures_csv"] = year_measures_csv.str();
  out["markdown"] = markdown.str();
  out["scenario"] = result.scenario;
  out["seed"] = result.seed;
  out["draws"] = result.draws;
  out["values"] = result.values;
  return out;
}

template <typename T>
py::bytes bytes_of(const std::vector<T>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}

template <typename T>
std::vector<T> vector_of(const py::bytes& b) {
  const std::string s = b;
  if (s.size() % sizeof(T) != 0) usage("partial result: a column's length is not a whole number of values");
  std::vector<T> out(s.size() / sizeof(T));
  if (!s.empty()) std::memcpy(out.data(), s.data(), s.size());
  return out;
}

void register_partial(py::module_& m) {
  using partial = uncertainty_partial;
  py::class_<partial>(m, "UncertaintyPartial",
                      "What draws [first_draw, last_draw) of an uncertainty run produced, in integers (picklable).")
      .def_readonly("seed", &partial::seed, "The run's seed.")
      .def_readonly("first_draw", &partial::first_draw, "The first draw of the range.")
      .def_readonly("last_draw", &partial::last_draw, "One past the last draw of the range.")
      .def_readonly("networks", &partial::networks, "Networks of the panel.")
      .def_readonly("dates", &partial::dates, "Sample dates.")
      .def_readonly("cells", &partial::cells, "Services + 1 (all services) per date.")
      .def_property_readonly(
          "compliant_draws", [](const partial& p) { return owned(p.compliant_draws); },
          "Per network and date (n * dates + d): draws in which it was compliant.")
      .def_property_readonly(
          "in_force_draws", [](const partial& p) { return owned(p.in_force_draws); },
          "Per network and date: draws in which something was in force.")
      .def_property_readonly(
          "no_data_draws", [](const partial& p) { return owned(p.no_data_draws); },
          "Per network and date: draws without data.")
      .def_property_readonly(
          "draw_compliant", [](const partial& p) { return owned(p.draw_compliant); },
          "Per draw, date and cell (i * dates * cells + d * cells + c): networks compliant.")
      .def_property_readonly(
          "draw_shortfall_micro", [](const partial& p) { return owned(p.draw_shortfall_micro); },
          "Per draw, date and cell: hours a week short, in whole micro-hours.")
      .def_readonly("years", &partial::years, "Financial years overlapping the run's range.")
      .def_property_readonly(
          "draw_year_compliant", [](const partial& p) { return owned(p.draw_year_compliant); },
          "Per draw, financial year and cell (i * years * cells + y * cells + c): networks compliant all year.")
      .def_property_readonly(
          "draw_year_shortfall_micro_days", [](const partial& p) { return owned(p.draw_year_shortfall_micro_days); },
          "Per draw, financial year and cell: micro-hours a week short, summed over the year's days.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__repr__",
           [](const partial& p) {
             return "<UncertaintyPartial draws [" + std::to_string(p.first_draw) + ", " + std::to_string(p.last_draw) +
                    "), seed " + std::to_string(p.seed) + ", " + std::to_string(p.networks) + " networks, " +
                    std::to_string(p.dates) + " dates>";
           })
      .def(py::pickle(
          [](const partial& p) {
            return py::make_tuple(p.seed, p.first_draw, p.last_draw, p.networks, p.dates, p.cells,
                                  bytes_of(p.compliant_draws), bytes_of(p.in_force_draws), bytes_of(p.no_data_draws),
                                  bytes_of(p.draw_compliant), bytes_of(p.draw_shortfall_micro), p.years,
                                  bytes_of(p.draw_year_compliant), bytes_of(p.draw_year_shortfall_micro_days));
          },
          [](const py::tuple& t) {
            if (t.size() != 14) usage("partial result: not a pickled UncertaintyPartial");
            partial p;
            p.seed = t[0].cast<std::uint64_t>();
            p.first_draw = t[1].cast<std::uint32_t>();
            p.last_draw = t[2].cast<std::uint32_t>();
            p.networks = t[3].cast<std::uint32_t>();
            p.dates = t[4].cast<std::uint32_t>();
            p.cells = t[5].cast<std::uint32_t>();
            p.compliant_draws = vector_of<std::uint32_t>(t[6]);
            p.in_force_draws = vector_of<std::uint32_t>(t[7]);
            p.no_data_draws = vector_of<std::uint32_t>(t[8]);
            p.draw_compliant = vector_of<std::uint32_t>(t[9]);
            p.draw_shortfall_micro = vector_of<std::int64_t>(t[10]);
            p.years = t[11].cast<std::uint32_t>();
            p.draw_year_compliant = vector_of<std::uint32_t>(t[12]);
            p.draw_year_shortfall_micro_days = vector_of<std::int64_t>(t[13]);
            return p;
          }));
  m.def(
      "combine_partials",
      [](std::vector<partial> parts) {
        const py::gil_scoped_release release;
        return combine(std::move(parts));
      },
      py::arg("parts"));
}

void register_run(py::module_& m) {
  py::class_<prepared_run>(m, "UncertaintyRun", "An uncertainty run prepared once; runs any range of draws.")
      .def(py::init([](const rule_set& rules, const panel& p, const std::string& start, const std::string& end,
                       const std::string& every, std::uint64_t seed) {
             uncertainty_options o;
             o.from = parse_day(start, "start");
             o.to = parse_day(end, "end");
             if (o.to < o.from) usage("end " + end + " is before start " + start);
             o.every = parse_cadence(every);
             o.seed = seed;
             const py::gil_scoped_release release;
             return std::make_unique<prepared_run>(rules, p, o);
           }),
           py::arg("rules"), py::arg("panel"), py::arg("start"), py::arg("end"), py::arg("every"), py::arg("seed"),
           py::keep_alive<1, 2>(), py::keep_alive<1, 3>())
      .def_property_readonly(
          "values", [](const prepared_run& r) { return field_of(r.run.values(), &ranged_value::id); },
          "Ids of the ranged values every draw sets.")
      .def_property_readonly("dates",
                             [](const prepared_run& r) {
                               std::vector<std::string> out;
                               for (const date d : r.run.dates()) out.push_back(to_string(d));
                               return out;
                             })
      .def(
          "run",
          [](const prepared_run& r, std::uint32_t first, std::uint32_t last, unsigned threads,
             const py::object& progress) {
            const progress_callback report = python_progress(progress);
            const py::gil_scoped_release release;
            return r.run.run(first, last, threads, report);
          },
          py::arg("first"), py::arg("last"), py::arg("threads") = 0, py::arg("progress") = py::none())
      .def("summarise", &summarise, py::arg("all"));
}

}  // namespace

// Sensitivity and uncertainty.
void register_analysis(py::module_& m) {
  m.def("sensitivity", &sensitivity, py::arg("rules"), py::arg("panel"), py::arg("window"), py::arg("year"),
        py::arg("measure") = "compliant", py::arg("service") = py::none(), py::arg("top") = 0, py::arg("threads") = 0,
        py::arg("progress") = py::none());
  m.def(
      "default_range",
      [](const rule_set& rules) -> py::object {
        if (!rules.default_range) return py::none();
        return py::make_tuple(to_string(rules.default_range->from), to_string(rules.default_range->to));
      },
      py::arg("rules"));
  register_partial(m);
  register_run(m);
}

}  // namespace descheck::python
