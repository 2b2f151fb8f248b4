#pragma once
/// \file report/report.hpp
/// Writing check results as the requirement and network rows of SPEC section 7.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "descheck/check/check.hpp"
#include "descheck/time/series.hpp"

namespace descheck {

/// Output formats of result rows.
enum class output_format : std::uint8_t { csv, json, table };

/// Parses `csv`, `json` or `table`; throws input_error (DC060) otherwise.
[[nodiscard]] output_format parse_output_format(std::string_view text);

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

/// Streams rows of one kind in one format. CSV and JSON go straight to the stream; a table holds
/// back its first `table_look_ahead` rows to measure the columns, then streams every row padded to
/// those widths (a later, wider cell overflows its column). Numbers print with 4 decimals (2 in
/// tables); control characters in table cells print as \xNN.
///
/// Formatting and writing are separate so that threads can format blocks of rows concurrently
/// (format() is const and touches nothing shared) while one thread writes them in order.
class row_writer {
 public:
  /// Rows a table measures before it starts writing: memory stays bounded on any panel.
  static constexpr std::size_t table_look_ahead = 4096;

  /// `scenario` fills the scenario column; empty means the rule set's own scenario_id.
  row_writer(std::ostream& out, const rule_set& rules, const panel& networks, row_kind kind, output_format format,
             std::string scenario = {});
  row_writer(const row_writer&) = delete;
  row_writer& operator=(const row_writer&) = delete;
  ~row_writer();

  /// Changes the scenario column of the rows formatted from now on (for several scenarios in one output).
  void set_scenario(std::string scenario);
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
  void lay_out_table(bool header_only = false);
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace descheck
