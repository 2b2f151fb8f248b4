#pragma once
/// \file report/report.hpp
/// Writing check results as the requirement and network rows of SPEC section 7.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "descheck/check/check.hpp"
#include "descheck/io/table.hpp"
#include "descheck/time/series.hpp"

namespace descheck {

/// Which rows to write.
enum class row_kind : std::uint8_t {
  requirements,           ///< one row per active requirement and date (SPEC 7)
  networks,               ///< one row per network and date (SPEC 7)
  requirement_intervals,  ///< requirement rows over intervals of constant outcome (`from`, `to`)
  network_intervals,      ///< network rows over intervals of constant outcome
  earliest,               ///< earliest compliant date per network and service
};

/// The CSV header of a row kind (for requirements and networks exactly as SPEC section 7 gives it).
[[nodiscard]] std::string_view csv_header(row_kind kind) noexcept;

/// The typed columns of a row kind (the names of csv_header()).
[[nodiscard]] std::vector<column> result_columns(row_kind kind);

/// Streams rows of one kind in one format through a table_writer (descheck/io/table.hpp). CSV and
/// JSON go straight to the stream; a table and Markdown are laid out at finish(). Numbers print
/// with 4 decimals (2 in tables and Markdown).
///
/// Formatting and writing are separate so that threads can format blocks of rows concurrently
/// (format() is const and touches nothing shared) while one thread writes them in order.
class row_writer {
 public:
  /// `scenario` fills the scenario column; empty means the rule set's own scenario_id.
  row_writer(std::ostream& out, const rule_set& rules, const panel& networks, row_kind kind, table_format format,
             const std::string& scenario = {});
  row_writer(const row_writer&) = delete;
  row_writer& operator=(const row_writer&) = delete;
  ~row_writer();

  /// Changes the scenario column of the rows formatted from now on (for several scenarios in one output).
  void set_scenario(const std::string& scenario);
  /// Formats and writes the rows of one check (kinds requirements and networks).
  void add(const check_result& result);
  /// Formats and writes the rows of a block.
  void add(const result_block& block);
  /// Appends the formatted rows of a block to `text`; pass the text to write() later, in order.
  void format(const result_block& block, std::string& text) const;
  /// Writes text made by format().
  void write(std::string_view text);
  /// Ends the output; call once after the last row.
  void finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace descheck
