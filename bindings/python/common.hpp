// Shared pieces of descheck._core's register_<topic>.cpp files: the exception types and their
// translation, result tables as NumPy columns that own their C++ buffers (no copy), dates, progress
// callbacks and the gathering of rows from the series engine with the GIL released.
#pragma once

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "column_pool.hpp"
#include "descheck/descheck.hpp"

namespace descheck::python {

namespace py = pybind11;

// ---- Errors: RuleError / InputError (ValueError subclasses) carrying the positions.

inline PyObject* rule_error_type = nullptr;
inline PyObject* input_error_type = nullptr;

// A diagnostic's position as the message prints it: a problem with a file as a whole (missing, too
// large) at 1:1; None for one that names no file (a bad argument).
inline py::object position(const diagnostic& d, int value) {
  if (d.file.empty()) return py::none();
  return py::int_(value > 0 ? value : 1);
}

inline void raise(PyObject* type, const descheck::error& e) {
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
inline py::array owned(Vector values, const char* dtype = nullptr) {
  using T = typename Vector::value_type;
  auto* heap = new Vector(std::move(values));
  py::capsule owner(heap, [](void* p) { delete static_cast<Vector*>(p); });
  py::array out = dtype ? py::array(py::dtype(dtype), {heap->size()}, {sizeof(T)}, heap->data(), owner)
                        : py::array_t<T>({heap->size()}, {sizeof(T)}, heap->data(), owner);
  return out;
}

inline constexpr std::int64_t not_a_time = std::numeric_limits<std::int64_t>::min();  // NumPy's NaT

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

inline std::vector<std::string> enum_names(std::initializer_list<const char*> names) {
  return {names.begin(), names.end()};
}

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
inline std::vector<std::string> field_of(const std::vector<Item>& items, std::string Item::*field) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const Item& item : items) out.push_back(item.*field);
  return out;
}

inline std::vector<std::string> network_ids(const panel& p) { return field_of(p.networks, &network::id); }
inline std::vector<std::string> service_ids(const rule_set& rules) { return field_of(rules.services, &service::id); }

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

inline date parse_day(const std::string& text, const char* what) {
  const auto d = parse_date(text);
  if (!d) throw input_error({{"", 0, 0, codes::usage, std::string(what) + " '" + text + "' is not a valid ISO date"}});
  return *d;
}

// Progress reported to Python from the calling thread, with the GIL taken back for the call.
inline progress_callback python_progress(const py::object& callback) {
  if (callback.is_none()) return {};
  return [callback](std::size_t done, std::size_t total) {
    const py::gil_scoped_acquire gil;
    callback(done, total);
  };
}

// Evaluates every network with `evaluate` and gathers the rows, GIL released.
enum class rows_of : std::uint8_t { requirements, networks, earliest };
inline void gather(const rule_set& rules, const panel& p, unsigned threads, const py::object& progress, rows_of what,
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

inline std::vector<std::filesystem::path> paths(const std::vector<std::string>& files) {
  return {files.begin(), files.end()};
}

/// Each topic's bindings (register_<topic>.cpp).
void register_errors(py::module_& m);
void register_inputs(py::module_& m);
void register_checks(py::module_& m);
void register_report(py::module_& m);
void register_diff(py::module_& m);
void register_explain_and_memory(py::module_& m);
void register_plan(py::module_& m);
void register_funding(py::module_& m);
void register_pools(py::module_& m);
void register_import(py::module_& m);
void register_analysis(py::module_& m);

}  // namespace descheck::python
