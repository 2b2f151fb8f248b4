// descheck._core: the engine for Python, registered topic by topic (register_<topic>.cpp). Tables come
// back as NumPy columns that own their C++ buffers through capsules (no copy); long runs release the
// GIL. The idiomatic API on top of this is the pure-Python package in descheck/.
#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  using namespace descheck::python;
  m.doc() = "descheck engine (C++). Use the `descheck` package, which wraps this module.";
  register_errors(m);
  register_inputs(m);
  register_checks(m);
  register_report(m);
  register_diff(m);
  register_explain_and_memory(m);
  register_plan(m);
  register_funding(m);
  register_pools(m);
  register_import(m);
  register_analysis(m);
}
