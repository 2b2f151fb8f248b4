#pragma once
/// \file report.hpp
/// Writing check results as the requirement and network rows of SPEC section 7.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "descheck/check.hpp"

namespace descheck {

/// Output formats of result rows.
enum class output_format : std::uint8_t { csv, json, table };

/// Parses `csv`, `json` or `table`; throws input_error (DC060) otherwise.
[[nodiscard]] output_format parse_output_format(std::string_view text);

/// Which rows to write.
enum class row_kind : std::uint8_t { requirements, networks };

/// The CSV header of a row kind, exactly as SPEC section 7 gives it.
[[nodiscard]] std::string_view csv_header(row_kind kind) noexcept;

/// Streams result rows in one format. Rows come out in the order they are added; numbers print
/// with 4 decimals. `finish()` closes JSON arrays and lays out tables.
class row_writer {
 public:
  row_writer(std::ostream& out, const rule_set& rules, const panel& networks, row_kind kind, output_format format,
             std::string scenario = "baseline");
  row_writer(const row_writer&) = delete;
  row_writer& operator=(const row_writer&) = delete;
  ~row_writer();
  /// Adds the rows of one check.
  void add(const check_result& result);
  /// Ends the output; call once after the last add().
  void finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Writes a file atomically: `write` fills a temporary file beside `path`, which then replaces
/// `path` in one rename. On any exception the temporary file is removed and `path` is untouched.
/// Throws input_error (DC001) when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace descheck
