#pragma once
// A small dense linear-programming solver (two-phase tableau simplex, Bland's rule) for the plans
// whose staffing requirements make recruitment a linear program rather than a flow (docs/plan.md).
// Problems there have tens of variables and rows; the tableau is reused between solves.

#include <cstdint>
#include <utility>
#include <vector>

namespace descheck::detail {

class dense_lp {
 public:
  enum class sense : std::uint8_t { at_most, at_least, equal };
  enum class outcome : std::uint8_t { optimal, infeasible, unbounded, iteration_limit };

  /// Starts a problem: minimise Σ cost_j x_j over x >= 0, `variables` of them, no rows yet.
  void reset(std::uint32_t variables);
  void set_cost(std::uint32_t variable, double cost) { cost_[variable] = cost; }
  /// Adds the row Σ coef x (sense) rhs; `terms` are (variable, coefficient) pairs.
  void add_row(const std::vector<std::pair<std::uint32_t, double>>& terms, sense s, double rhs);
  /// Solves; on `optimal`, x holds the solution.
  outcome solve(std::vector<double>& x);

 private:
  struct row_spec {
    std::vector<std::pair<std::uint32_t, double>> terms;
    sense s;
    double rhs;
  };
  bool pivot_loop(std::uint32_t columns);
  void pivot(std::uint32_t row, std::uint32_t column, std::uint32_t width);
  double& at(std::uint32_t row, std::uint32_t column) { return tableau_[row * width_ + column]; }

  std::uint32_t variables_ = 0;
  std::vector<double> cost_;
  std::vector<row_spec> rows_;
  // Tableau: rows_.size() constraint rows then the objective row; columns are the variables,
  // slacks, artificials, then the right-hand side.
  std::vector<double> tableau_;
  std::uint32_t width_ = 0;
  std::vector<std::uint32_t> basis_;
};

}  // namespace descheck::detail
