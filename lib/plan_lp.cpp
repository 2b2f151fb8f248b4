// Two-phase tableau simplex with Bland's rule (which cannot cycle): phase 1 minimises the sum of
// artificial variables to find a feasible basis, phase 2 the real cost from there.
#include "plan_lp.hpp"

#include <algorithm>
#include <cmath>

namespace descheck::detail {

namespace {
constexpr double pivot_eps = 1e-9;
constexpr double feasible_eps = 1e-7;
}  // namespace

void dense_lp::reset(std::uint32_t variables) {
  variables_ = variables;
  cost_.assign(variables, 0.0);
  rows_.clear();
}

void dense_lp::add_row(const std::vector<std::pair<std::uint32_t, double>>& terms, sense s, double rhs) {
  rows_.push_back({terms, s, rhs});
}

void dense_lp::pivot(std::uint32_t row, std::uint32_t column, std::uint32_t width) {
  const auto rows = static_cast<std::uint32_t>(rows_.size());
  const double p = at(row, column);
  for (std::uint32_t j = 0; j < width; ++j) at(row, j) /= p;
  for (std::uint32_t i = 0; i <= rows; ++i) {
    if (i == row) continue;
    const double f = at(i, column);
    if (f == 0.0) continue;
    for (std::uint32_t j = 0; j < width; ++j) at(i, j) -= f * at(row, j);
    at(i, column) = 0.0;
  }
  basis_[row] = column;
}

// Pivots until no column below `columns` has a negative reduced cost; false when unbounded or
// out of iterations.
bool dense_lp::pivot_loop(std::uint32_t columns) {
  const auto rows = static_cast<std::uint32_t>(rows_.size());
  const std::uint32_t rhs = width_ - 1;
  for (std::uint32_t iteration = 0; iteration < 100 * (rows + width_); ++iteration) {
    std::uint32_t enter = columns;
    for (std::uint32_t j = 0; j < columns; ++j)
      if (at(rows, j) < -pivot_eps) {
        enter = j;
        break;
      }
    if (enter == columns) return true;
    std::uint32_t leave = rows;
    double best = 0.0;
    for (std::uint32_t i = 0; i < rows; ++i) {
      const double a = at(i, enter);
      if (a <= pivot_eps) continue;
      const double ratio = at(i, rhs) / a;
      if (leave == rows || ratio < best - 1e-12 || (ratio <= best + 1e-12 && basis_[i] < basis_[leave])) {
        leave = i;
        best = ratio;
      }
    }
    if (leave == rows) return false;
    pivot(leave, enter, width_);
  }
  return false;
}

dense_lp::outcome dense_lp::solve(std::vector<double>& x) {
  const auto rows = static_cast<std::uint32_t>(rows_.size());
  for (row_spec& r : rows_)
    if (r.rhs < 0.0) {
      r.rhs = -r.rhs;
      for (auto& t : r.terms) t.second = -t.second;
      if (r.s != sense::equal) r.s = r.s == sense::at_most ? sense::at_least : sense::at_most;
    }
  std::uint32_t slacks = 0, artificials = 0;
  for (const row_spec& r : rows_) {
    if (r.s != sense::equal) ++slacks;
    if (r.s != sense::at_most) ++artificials;
  }
  const std::uint32_t first_slack = variables_, first_artificial = variables_ + slacks;
  width_ = variables_ + slacks + artificials + 1;
  const std::uint32_t rhs = width_ - 1;
  tableau_.assign(static_cast<std::size_t>(rows + 1) * width_, 0.0);
  basis_.assign(rows, 0);
  std::uint32_t slack = first_slack, artificial = first_artificial;
  for (std::uint32_t i = 0; i < rows; ++i) {
    const row_spec& r = rows_[i];
    for (const auto& [j, a] : r.terms) at(i, j) += a;
    at(i, rhs) = r.rhs;
    if (r.s == sense::at_most) {
      at(i, slack) = 1.0;
      basis_[i] = slack++;
    } else {
      if (r.s == sense::at_least) at(i, slack++) = -1.0;
      at(i, artificial) = 1.0;
      basis_[i] = artificial++;
      for (std::uint32_t j = 0; j < width_; ++j) at(rows, j) -= at(i, j);  // phase-1 reduced costs
      at(rows, basis_[i]) = 0.0;
    }
  }
  if (!pivot_loop(first_artificial)) return outcome::iteration_limit;
  if (-at(rows, rhs) > feasible_eps * (1.0 + static_cast<double>(rows))) return outcome::infeasible;
  // Drive artificials (at zero) out of the basis where a real column can replace them.
  for (std::uint32_t i = 0; i < rows; ++i) {
    if (basis_[i] < first_artificial) continue;
    for (std::uint32_t j = 0; j < first_artificial; ++j)
      if (std::fabs(at(i, j)) > pivot_eps) {
        pivot(i, j, width_);
        break;
      }
  }
  // Phase 2: the real costs, reduced against the basis.
  for (std::uint32_t j = 0; j < width_; ++j) at(rows, j) = j < variables_ ? cost_[j] : 0.0;
  for (std::uint32_t i = 0; i < rows; ++i) {
    const std::uint32_t b = basis_[i];
    if (b >= variables_ || cost_[b] == 0.0) continue;
    const double c = cost_[b];
    for (std::uint32_t j = 0; j < width_; ++j) at(rows, j) -= c * at(i, j);
  }
  if (!pivot_loop(first_artificial)) return outcome::unbounded;
  x.assign(variables_, 0.0);
  for (std::uint32_t i = 0; i < rows; ++i)
    if (basis_[i] < variables_) x[basis_[i]] = std::max(0.0, at(i, rhs));
  return outcome::optimal;
}

}  // namespace descheck::detail
