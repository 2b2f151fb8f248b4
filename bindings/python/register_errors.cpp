// descheck._core: RuleError and InputError, and the translation of the library's errors into them.
#include <sstream>

#include "common.hpp"
#include "descheck/version.hpp"

namespace descheck::python {

// The exception types and the translation of the library's errors into them.
void register_errors(py::module_& m) {
  rule_error_type = PyErr_NewExceptionWithDoc(
      "descheck._core.RuleError", "A rule set or scenario is malformed or inconsistent.", PyExc_ValueError, nullptr);
  input_error_type = PyErr_NewExceptionWithDoc("descheck._core.InputError",
                                               "A networks, staff or other input is malformed, or an argument is "
                                               "out of range.",
                                               PyExc_ValueError, nullptr);
  m.attr("__version__") = descheck::version();
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

}  // namespace descheck::python
