// descheck._core: explanations and the result tables' memory pool.
#include <sstream>

#include "common.hpp"

namespace descheck::python {

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

}  // namespace descheck::python
