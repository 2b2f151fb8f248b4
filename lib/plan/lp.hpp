#pragma once
// Linear programs of the planner (docs/plan.md), solved by COIN-OR Clp: the per-network plans whose
// staffing requirements make recruitment a linear program rather than a flow, and the national plan
// under a recruitment supply. Clp stays behind this header so that its types reach neither the
// public headers nor the rest of lib/.
//
// A problem is built row by row, then loaded into one ClpSimplex that the object keeps: its
// buffers are reused, and a problem of the same shape as the last one starts from the last basis
// (a warm start), which is what a planner run network after network mostly sees.

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace descheck::detail {

class clp_lp {
 public:
  enum class sense : std::uint8_t { at_most, at_least, equal };
  enum class outcome : std::uint8_t { optimal, infeasible, unbounded, failed };
  using terms = std::vector<std::pair<std::uint32_t, double>>;

  clp_lp();
  ~clp_lp();
  clp_lp(clp_lp&&) noexcept;
  clp_lp& operator=(clp_lp&&) noexcept;
  clp_lp(const clp_lp&) = delete;
  clp_lp& operator=(const clp_lp&) = delete;

  /// Starts a problem: minimise Σ cost_j x_j over 0 <= x_j (< +inf), `variables` of them, no rows.
  void reset(std::uint32_t variables);
  /// Adds variables (cost 0, no upper bound) up to `variables` in all.
  void grow(std::uint32_t variables);
  void set_cost(std::uint32_t variable, double cost) { cost_[variable] = cost; }
  /// Bounds x_j above (a column bound, cheaper than a row).
  void set_upper(std::uint32_t variable, double upper) { upper_[variable] = upper; }
  /// Adds the row Σ coef x (sense) rhs; `row` holds (variable, coefficient) pairs.
  void add_row(const terms& row, sense s, double rhs);
  [[nodiscard]] std::uint32_t rows() const noexcept { return static_cast<std::uint32_t>(row_lo_.size()); }
  [[nodiscard]] std::uint32_t variables() const noexcept { return static_cast<std::uint32_t>(cost_.size()); }

  /// Loads the problem into Clp and solves it; on `optimal`, x holds the solution.
  outcome solve(std::vector<double>& x);

  /// After an optimal solve(): keeps its optimum, adds one row and replaces the costs by `cost`
  /// (one per variable), then re-solves from the last basis. Used to pick, among the plans that
  /// cover the most hours, the cheapest.
  outcome reoptimise(const terms& row, sense s, double rhs, const std::vector<double>& cost, std::vector<double>& x);

  /// Objective value of the last optimal solve.
  [[nodiscard]] double objective() const noexcept { return objective_; }

 private:
  struct model;
  outcome finish(int status, std::vector<double>& x);

  std::vector<double> cost_, upper_;
  // Rows, compressed: row i's terms are entries [row_start_[i], row_start_[i + 1]).
  std::vector<std::uint32_t> row_start_{0};
  std::vector<std::uint32_t> entry_var_;
  std::vector<double> entry_value_, row_lo_, row_hi_;
  // Column-major copy handed to Clp.
  std::vector<int> col_start_, col_row_;
  std::vector<double> col_value_, lower_;
  std::vector<int> fill_;
  std::unique_ptr<model> model_;
  double objective_ = 0.0;
};

}  // namespace descheck::detail
