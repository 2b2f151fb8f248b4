// Clp behind the planner's linear programs (plan/lp.hpp). Clp is COIN-OR's simplex solver: a
// maintained library with a Debian package, double precision with bound-shifting tolerances of
// 1e-7 (far below the penny and the tick the plans are reported to), and a basis that can be kept
// from one solve to the next. docs/plan.md says why it was chosen over GLPK.
#include "plan/lp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <coin/ClpSimplex.hpp>

namespace descheck::detail {

struct clp_lp::model {
  ClpSimplex simplex;
  int loaded_rows = -1, loaded_columns = -1;
  std::vector<unsigned char> basis;  // status array of the last optimal solve
  model() { simplex.setLogLevel(0); }
};

clp_lp::clp_lp() : model_(std::make_unique<model>()) {}
clp_lp::~clp_lp() = default;
clp_lp::clp_lp(clp_lp&&) noexcept = default;
clp_lp& clp_lp::operator=(clp_lp&&) noexcept = default;

void clp_lp::reset(std::uint32_t variables) {
  cost_.assign(variables, 0.0);
  upper_.assign(variables, std::numeric_limits<double>::infinity());
  row_start_.assign(1, 0);
  entry_var_.clear();
  entry_value_.clear();
  row_lo_.clear();
  row_hi_.clear();
}

void clp_lp::grow(std::uint32_t variables) {
  cost_.resize(variables, 0.0);
  upper_.resize(variables, std::numeric_limits<double>::infinity());
}

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
std::pair<double, double> bounds_of(clp_lp::sense s, double rhs) {
  switch (s) {
    case clp_lp::sense::at_most:
      return {-inf, rhs};
    case clp_lp::sense::at_least:
      return {rhs, inf};
    case clp_lp::sense::equal:
      break;
  }
  return {rhs, rhs};
}
// Clp's own infinity, COIN_DBL_MAX, for an unbounded side.
double clp_bound(double v) {
  return std::isinf(v) ? (v > 0 ? std::numeric_limits<double>::max() : -std::numeric_limits<double>::max()) : v;
}
}  // namespace

void clp_lp::add_row(const terms& row, sense s, double rhs) {
  for (const auto& [j, a] : row) {
    entry_var_.push_back(j);
    entry_value_.push_back(a);
  }
  row_start_.push_back(static_cast<std::uint32_t>(entry_var_.size()));
  const auto [lo, hi] = bounds_of(s, rhs);
  row_lo_.push_back(clp_bound(lo));
  row_hi_.push_back(clp_bound(hi));
}

clp_lp::outcome clp_lp::solve(std::vector<double>& x) {
  const auto columns = static_cast<int>(cost_.size());
  const auto rows = static_cast<int>(row_lo_.size());
  // Rows to columns by counting sort (Clp's loadProblem takes column-major arrays).
  col_start_.assign(static_cast<std::size_t>(columns) + 1, 0);
  for (const std::uint32_t j : entry_var_) ++col_start_[j + 1];
  for (int j = 0; j < columns; ++j) col_start_[j + 1] += col_start_[j];
  col_row_.resize(entry_var_.size());
  col_value_.resize(entry_var_.size());
  fill_.assign(col_start_.begin(), col_start_.end() - 1);
  for (int i = 0; i < rows; ++i)
    for (std::uint32_t e = row_start_[i]; e < row_start_[i + 1]; ++e) {
      const int at = fill_[entry_var_[e]]++;
      col_row_[at] = i;
      col_value_[at] = entry_value_[e];
    }
  lower_.assign(cost_.size(), 0.0);
  for (double& u : upper_) u = clp_bound(u);

  model& m = *model_;
  const bool same_shape = m.loaded_rows == rows && m.loaded_columns == columns && !m.basis.empty();
  m.simplex.loadProblem(columns, rows, col_start_.data(), col_row_.data(), col_value_.data(), lower_.data(),
                        upper_.data(), cost_.data(), row_lo_.data(), row_hi_.data());
  m.loaded_rows = rows;
  m.loaded_columns = columns;
  if (same_shape) m.simplex.copyinStatus(m.basis.data());
  m.simplex.dual();
  int status = m.simplex.status();
  if (status != 0 && status != 1 && status != 2) {  // numerical trouble: once more, from scratch
    m.simplex.allSlackBasis(true);
    m.simplex.primal();
    status = m.simplex.status();
  }
  return finish(status, x);
}

clp_lp::outcome clp_lp::reoptimise(const terms& row, sense s, double rhs, const std::vector<double>& cost,
                                   std::vector<double>& x) {
  model& m = *model_;
  col_row_.clear();
  col_value_.clear();
  for (const auto& [j, a] : row) {
    col_row_.push_back(static_cast<int>(j));
    col_value_.push_back(a);
  }
  const auto [lo, hi] = bounds_of(s, rhs);
  m.simplex.addRow(static_cast<int>(row.size()), col_row_.data(), col_value_.data(), clp_bound(lo), clp_bound(hi));
  for (std::size_t j = 0; j < cost.size(); ++j) m.simplex.setObjectiveCoefficient(static_cast<int>(j), cost[j]);
  m.loaded_rows = -1;  // a different shape from any problem solve() loads
  m.simplex.primal(1);
  return finish(m.simplex.status(), x);
}

clp_lp::outcome clp_lp::finish(int status, std::vector<double>& x) {
  model& m = *model_;
  if (status == 1) return outcome::infeasible;
  if (status == 2) return outcome::unbounded;
  if (status != 0) return outcome::failed;
  const auto columns = static_cast<std::size_t>(m.simplex.numberColumns());
  const double* solution = m.simplex.primalColumnSolution();
  x.assign(solution, solution + columns);
  // Clp's tolerances leave values like 1e-12 where the answer is 0; clamp them to the bounds.
  for (double& v : x)
    if (v < 1e-9) v = 0.0;
  objective_ = m.simplex.objectiveValue();
  const unsigned char* basis = m.simplex.statusArray();
  m.basis.assign(basis, basis + columns + static_cast<std::size_t>(m.simplex.numberRows()));
  return outcome::optimal;
}

}  // namespace descheck::detail
