// descheck._core: the engine for Python. Tables come back as NumPy columns that own their C++
// buffers through capsules (no copy); long runs release the GIL. The idiomatic API on top of this
// lives in descheck/__init__.py.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "column_pool.hpp"
#include "descheck/descheck.hpp"
#include "descheck/report/national.hpp"
#include "descheck/scenario/diff.hpp"

namespace py = pybind11;
using namespace descheck;

namespace {

// ---- Errors: RuleError / InputError (ValueError subclasses) carrying the positions.

PyObject* rule_error_type = nullptr;
PyObject* input_error_type = nullptr;

// A diagnostic's position as the message prints it: a problem with a file as a whole (missing, too
// large) at 1:1; None for one that names no file (a bad argument).
py::object position(const diagnostic& d, int value) {
  if (d.file.empty()) return py::none();
  return py::int_(value > 0 ? value : 1);
}

void raise(PyObject* type, const descheck::error& e) {
  std::string text;
  py::list all;
  for (const diagnostic& d : e.diagnostics()) {
    if (!text.empty()) text += '\n';
    text += format(d);
    all.append(py::make_tuple(d.file, position(d, d.line), position(d, d.column), d.code, d.message));
  }
  py::object instance = py::reinterpret_borrow<py::object>(type)(text);
  const diagnostic& first = e.diagnostics().front();
  instance.attr("file") = first.file;
  instance.attr("line") = position(first, first.line);
  instance.attr("column") = position(first, first.column);
  instance.attr("code") = first.code;
  instance.attr("diagnostics") = all;
  PyErr_SetObject(type, instance.ptr());
}

// ---- Tables: columns built in C++ vectors, handed to NumPy without copying.

template <typename Vector>
py::array owned(Vector values, const char* dtype = nullptr) {
  using T = typename Vector::value_type;
  auto* heap = new Vector(std::move(values));
  py::capsule owner(heap, [](void* p) { delete static_cast<Vector*>(p); });
  py::array out = dtype ? py::array(py::dtype(dtype), {heap->size()}, {sizeof(T)}, heap->data(), owner)
                        : py::array_t<T>({heap->size()}, {sizeof(T)}, heap->data(), owner);
  return out;
}

constexpr std::int64_t not_a_time = std::numeric_limits<std::int64_t>::min();  // NumPy's NaT

class table_builder {
 public:
  template <typename Vector>
  void text(const std::string& name, Vector codes, std::vector<std::string> categories) {
    order_.append(name);
    columns_[name.c_str()] = owned(std::move(codes));
    categories_[name.c_str()] = std::move(categories);
  }
  template <typename Vector>
  void dates(const std::string& name, Vector days) {
    order_.append(name);
    columns_[name.c_str()] = owned(std::move(days), "datetime64[D]");
  }
  template <typename Vector>
  void flags(const std::string& name, Vector values) {
    order_.append(name);
    columns_[name.c_str()] = owned(std::move(values), "bool");
  }
  template <typename Vector>
  void numbers(const std::string& name, Vector values) {
    order_.append(name);
    columns_[name.c_str()] = owned(std::move(values));
  }
  py::tuple done() { return py::make_tuple(columns_, categories_, order_); }

 private:
  py::dict columns_;
  py::dict categories_;
  py::list order_;
};

std::vector<std::string> enum_names(std::initializer_list<const char*> names) { return {names.begin(), names.end()}; }

// Per flat requirement index, the codes of its constant columns; requirement ids repeat across
// services (clinical_lead), so their categories are the distinct ids.
struct requirement_codes {
  std::vector<std::int32_t> of_flat, service_of, kind_of;
  std::vector<std::uint32_t> priority_of;
  std::vector<std::string> ids;
  explicit requirement_codes(const rule_set& rules) {
    std::unordered_map<std::string, std::int32_t> seen;
    for (const requirement_ref ref : rules.flat) {
      const descheck::requirement& q = rules.at(ref);
      const auto [it, added] = seen.emplace(q.id, static_cast<std::int32_t>(ids.size()));
      if (added) ids.push_back(q.id);
      of_flat.push_back(it->second);
      service_of.push_back(static_cast<std::int32_t>(ref.service));
      kind_of.push_back(static_cast<std::int32_t>(q.kind));
      priority_of.push_back(static_cast<std::uint32_t>(q.priority));
    }
  }
};

// One string field of every item, in order.
template <typename Item>
std::vector<std::string> field_of(const std::vector<Item>& items, std::string Item::*field) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const Item& item : items) out.push_back(item.*field);
  return out;
}

std::vector<std::string> network_ids(const panel& p) { return field_of(p.networks, &network::id); }
std::vector<std::string> service_ids(const rule_set& rules) { return field_of(rules.services, &service::id); }

// Rows of one or more runs (one per scenario), accumulated column by column in recycled memory.
struct row_columns {
  template <typename T>
  using column = python::column<T>;
  column<std::int32_t> scenario, network, service, requirement, kind, status;
  column<std::int64_t> from, to;
  column<std::uint32_t> priority, active, unmet;
  column<double> demand, delivered, coverage, shortfall;
  std::vector<std::string> scenarios;

  // Room for `rows` more rows in every column, so that gathering does not reallocate as it goes.
  void reserve(std::size_t rows) {
    for (auto* v : {&scenario, &network, &service, &requirement, &kind, &status}) v->reserve(v->size() + rows);
    for (auto* v : {&from, &to}) v->reserve(v->size() + rows);
    for (auto* v : {&priority, &active, &unmet}) v->reserve(v->size() + rows);
    for (auto* v : {&demand, &delivered, &coverage, &shortfall}) v->reserve(v->size() + rows);
  }

  void add_requirements(const requirement_codes& codes, const result_block& b, std::int32_t scenario_code) {
    for (const requirement_row& r : b.requirements) {
      scenario.push_back(scenario_code);
      network.push_back(static_cast<std::int32_t>(r.network));
      from.push_back(r.from.days);
      to.push_back(r.to.days);
      service.push_back(codes.service_of[r.requirement]);
      requirement.push_back(codes.of_flat[r.requirement]);
      kind.push_back(codes.kind_of[r.requirement]);
      priority.push_back(codes.priority_of[r.requirement]);
      demand.push_back(r.demand);
      delivered.push_back(r.delivered);
      coverage.push_back(r.coverage());
      shortfall.push_back(r.shortfall());
      status.push_back(static_cast<std::int32_t>(r.status));
    }
  }
  void add_networks(const result_block& b, std::int32_t scenario_code) {
    for (const network_row& r : b.networks) {
      scenario.push_back(scenario_code);
      network.push_back(static_cast<std::int32_t>(r.network));
      from.push_back(r.from.days);
      to.push_back(r.to.days);
      status.push_back(static_cast<std::int32_t>(r.state));
      active.push_back(r.active);
      unmet.push_back(r.unmet);
      demand.push_back(r.demand_hours);
      delivered.push_back(r.delivered_hours);
      shortfall.push_back(r.shortfall_hours());
    }
  }
  void add_earliest(const result_block& b, std::int32_t scenario_code) {
    for (const earliest_row& r : b.earliest) {
      scenario.push_back(scenario_code);
      network.push_back(static_cast<std::int32_t>(r.network));
      service.push_back(static_cast<std::int32_t>(r.service));
      status.push_back(static_cast<std::int32_t>(r.status));
      const bool in_force = r.status != earliest_status::not_in_force;
      const bool compliant = r.status == earliest_status::compliant || r.status == earliest_status::compliant_from;
      from.push_back(in_force ? r.in_force_from.days : not_a_time);
      to.push_back(compliant ? r.earliest.days : not_a_time);
    }
  }

  // scenario, network_id, then `from` and `to` for intervals or `date` for samples.
  void key_columns(table_builder& t, const panel& p, bool interval) {
    t.text("scenario", std::move(scenario), scenarios);
    t.text("network_id", std::move(network), network_ids(p));
    if (interval) {
      t.dates("from", std::move(from));
      t.dates("to", std::move(to));
    } else {
      t.dates("date", std::move(from));
    }
  }

  py::tuple requirement_table(const rule_set& rules, const panel& p, const requirement_codes& codes, bool interval) {
    table_builder t;
    key_columns(t, p, interval);
    t.text("service", std::move(service), service_ids(rules));
    t.text("requirement", std::move(requirement), codes.ids);
    t.text("kind", std::move(kind), enum_names({"workload", "staffing"}));
    t.numbers("priority", std::move(priority));
    t.numbers("demand", std::move(demand));
    t.numbers("delivered", std::move(delivered));
    t.numbers("coverage", std::move(coverage));
    t.numbers("shortfall", std::move(shortfall));
    t.text("status", std::move(status), enum_names({"met", "partial", "unmet"}));
    return t.done();
  }
  py::tuple network_table(const panel& p, bool interval) {
    table_builder t;
    key_columns(t, p, interval);
    t.text("state", std::move(status), enum_names({"compliant", "non_compliant", "not_in_force", "no_data"}));
    t.numbers("active", std::move(active));
    t.numbers("unmet", std::move(unmet));
    t.numbers("demand_hours", std::move(demand));
    t.numbers("delivered_hours", std::move(delivered));
    t.numbers("shortfall_hours", std::move(shortfall));
    return t.done();
  }
  py::tuple earliest_table(const rule_set& rules, const panel& p) {
    table_builder t;
    t.text("scenario", std::move(scenario), scenarios);
    t.text("network_id", std::move(network), network_ids(p));
    t.text("service", std::move(service), service_ids(rules));
    t.text("status", std::move(status), enum_names({"compliant", "compliant_from", "not_compliant", "not_in_force"}));
    t.dates("in_force_from", std::move(from));
    t.dates("earliest", std::move(to));
    return t.done();
  }
};

date parse_day(const std::string& text, const char* what) {
  const auto d = parse_date(text);
  if (!d) throw input_error({{"", 0, 0, codes::usage, std::string(what) + " '" + text + "' is not a valid ISO date"}});
  return *d;
}

// Progress reported to Python from the calling thread, with the GIL taken back for the call.
progress_callback python_progress(const py::object& callback) {
  if (callback.is_none()) return {};
  return [callback](std::size_t done, std::size_t total) {
    const py::gil_scoped_acquire gil;
    callback(done, total);
  };
}

// Evaluates every network with `evaluate` and gathers the rows, GIL released.
enum class rows_of : std::uint8_t { requirements, networks, earliest };
void gather(const rule_set& rules, const panel& p, unsigned threads, const py::object& progress, rows_of what,
            std::int32_t scenario_code, std::size_t expected_rows, row_columns& out,
            const std::function<void(series_engine&, std::uint32_t, result_block&)>& evaluate) {
  const requirement_codes codes(rules);
  const progress_callback report = python_progress(progress);
  const py::gil_scoped_release release;
  out.reserve(expected_rows);
  for_each_block(
      rules, p, threads,
      [&](series_engine& engine, result_block& block) {
        for (std::uint32_t n = block.first_network; n < block.last_network; ++n) evaluate(engine, n, block);
      },
      [&](const result_block& block) {
        if (what == rows_of::requirements) out.add_requirements(codes, block, scenario_code);
        if (what == rows_of::networks) out.add_networks(block, scenario_code);
        if (what == rows_of::earliest) out.add_earliest(block, scenario_code);
      },
      report);
}

std::vector<std::filesystem::path> paths(const std::vector<std::string>& files) { return {files.begin(), files.end()}; }

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

// The exception types and the translation of the library's errors into them.
void register_errors(py::module_& m) {
  rule_error_type = PyErr_NewExceptionWithDoc(
      "descheck._core.RuleError", "A rule set or scenario is malformed or inconsistent.", PyExc_ValueError, nullptr);
  input_error_type = PyErr_NewExceptionWithDoc("descheck._core.InputError",
                                               "A networks, staff or other input is malformed, or an argument is "
                                               "out of range.",
                                               PyExc_ValueError, nullptr);
  m.attr("__version__") = DESCHECK_VERSION;
  m.attr("RuleError") = py::handle(rule_error_type);
  m.attr("InputError") = py::handle(input_error_type);
  // NOLINTNEXTLINE(performance-unnecessary-value-param): pybind11 takes a plain function pointer of this type
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const rule_error& e) {
      raise(rule_error_type, e);
    } catch (const input_error& e) {
      raise(input_error_type, e);
    }
  });
}

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

// The comparison of a rule set under scenarios.
void register_diff(py::module_& m) {
  m.def(
      "diff",
      [](const rule_set& rules, const panel& p, const std::vector<std::string>& against, const std::string& start,
         const std::string& end, unsigned threads, const py::object& progress) {
        const date from = parse_day(start, "start");
        const date to = parse_day(end, "end");
        std::vector<scenario> loaded;
        rule_set right = rules;
        for (const std::string& file : against) {
          loaded.push_back(load_scenario(file, right));
          right = apply_scenario(right, loaded.back());
        }
        const progress_callback report_progress = python_progress(progress);
        diff_result result = [&] {
          const py::gil_scoped_release release;
          return diff_outcomes(rules, loaded, p, from, to, threads, report_progress);
        }();
        std::ostringstream text, csv;
        write_diff_text(text, result, p);
        write_diff(csv, result, p, table_format::csv);
        std::vector<std::string> rule_lines, change_labels;
        for (const rule_difference& d : result.rules) rule_lines.push_back(to_string(d));
        for (const change_label& c : result.changes) change_labels.push_back(to_string(c));
        std::vector<std::int32_t> network, left, right_state, sufficient, necessary;
        std::vector<std::int64_t> from_days, to_days;
        std::vector<bool> combination;
        std::vector<std::string> texts;
        std::unordered_map<std::string, std::int32_t> text_code;
        const auto code_of = [&](const std::vector<std::uint32_t>& which) {
          std::string joined;
          for (const std::uint32_t c : which) joined += (joined.empty() ? "" : ";") + change_labels.at(c);
          const auto [it, added] = text_code.emplace(joined, static_cast<std::int32_t>(texts.size()));
          if (added) texts.push_back(joined);
          return it->second;
        };
        for (const outcome_flip& f : result.flips) {
          network.push_back(static_cast<std::int32_t>(f.network));
          from_days.push_back(f.from.days);
          to_days.push_back(f.to.days);
          left.push_back(static_cast<std::int32_t>(f.left_state));
          right_state.push_back(static_cast<std::int32_t>(f.right_state));
          sufficient.push_back(code_of(f.sufficient));
          necessary.push_back(code_of(f.necessary));
          combination.push_back(f.needs_combination);
        }
        const std::vector<std::string> states = enum_names({"compliant", "non_compliant", "not_in_force", "no_data"});
        table_builder flips;
        flips.text("network_id", std::move(network), network_ids(p));
        flips.dates("from", std::move(from_days));
        flips.dates("to", std::move(to_days));
        flips.text("left_state", std::move(left), states);
        flips.text("right_state", std::move(right_state), states);
        std::vector<std::string> texts_copy = texts;
        flips.text("sufficient", std::move(sufficient), texts);
        flips.text("necessary", std::move(necessary), std::move(texts_copy));
        std::vector<std::uint8_t> combination_bytes(combination.begin(), combination.end());
        flips.flags("needs_combination", std::move(combination_bytes));
        py::dict out;
        out["text"] = text.str();
        out["csv"] = csv.str();
        out["rules"] = rule_lines;
        out["changes"] = change_labels;
        out["flips"] = flips.done();
        out["networks_changed"] = result.networks_changed;
        out["networks"] = result.networks;
        return out;
      },
      py::arg("rules"), py::arg("panel"), py::arg("against"), py::arg("start"), py::arg("end"), py::arg("threads") = 0,
      py::arg("progress") = py::none());
}

// The plain-English account of one check, and the result tables' memory pool.
void register_explain_and_memory(py::module_& m) {
  m.def(
      "explain",
      [](const rule_set& rules, const panel& p, const std::string& network_id, const std::string& at) {
        const date day = parse_day(at, "at");
        const std::uint32_t index = p.require_network(network_id);
        const py::gil_scoped_release release;
        return explain(rules, p, index, day);
      },
      py::arg("rules"), py::arg("panel"), py::arg("network_id"), py::arg("at"));
  m.def(
      "release_memory", [] { return python::column_pool::instance().release(); },
      "Give the memory kept from freed result tables back to the system; returns the bytes released.");
  m.def(
      "idle_memory", [] { return python::column_pool::instance().idle_bytes(); },
      "Bytes of freed result-table memory kept for reuse by the next run.");
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "descheck engine (C++). Use the `descheck` package, which wraps this module.";
  register_errors(m);
  register_inputs(m);
  register_checks(m);
  register_report(m);
  register_diff(m);
  register_explain_and_memory(m);
}
