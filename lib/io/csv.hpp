#pragma once
// RFC 4180 CSV reading for the networks and staff loaders and the NHS census importer.
//
// The reader never throws on bad input: every problem becomes a diagnostic appended to the caller's
// vector, and records that cannot be trusted (a stray quote, the wrong number of fields) are left out
// of the result so that callers can still check the others and report every problem in one pass.
//
// Positions: a diagnostic's `line` is the file line (the header is normally line 1). Problems found in
// the raw text (DC004 encoding, DC040 quoting) give the 1-based byte `column` within that line, as an
// editor would show it for ASCII text; problems about a value (DC041 onwards) give the 1-based field
// index as `column` and name the column in the message (`column 'wte': negative WTE -0.5`).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/error.hpp"

namespace descheck::detail {

/// Encoding of a CSV file's bytes.
enum class csv_encoding : std::uint8_t {
  utf8,    ///< strict: an invalid byte is DC004 (a UTF-8 BOM is skipped)
  cp1252,  ///< Windows-1252, as NHS Digital publishes; converted to UTF-8 on reading
};

/// One data record: its fields, and the file line it starts on (a quoted field may span lines).
struct csv_record {
  int line = 0;
  std::vector<std::string> fields;
};

/// A whole CSV file: the header's column names (trimmed of spaces) and the well-formed records.
struct csv_table {
  std::string file;                 ///< name used in diagnostics
  int header_line = 1;              ///< line of the header (after any leading blank lines)
  std::vector<std::string> header;  ///< column names, trimmed of surrounding spaces and tabs
  std::vector<csv_record> records;  ///< every well-formed record, in file order
  /// Problems found beyond `max_diagnostics` and not stored, so callers can say how many were hidden.
  std::size_t unreported = 0;
};

/// Default cap on the diagnostics one file may add, so a file in the wrong format cannot flood memory.
inline constexpr std::size_t csv_default_max_diagnostics = 100;

/// Streaming RFC 4180 parser over text already checked as UTF-8 without a BOM (see csv_text and
/// utf8_body): reads the header, then one record per call.
/// Quoted fields may hold commas, doubled quotes and line breaks; CRLF, LF and lone CR end records;
/// blank lines and records whose fields are all empty are skipped. Reuses the record's strings, so a
/// loop over a large census file allocates little.
class csv_reader {
 public:
  /// `text` must outlive the reader. Diagnostics go to `out`, at most `max_diagnostics` of them.
  csv_reader(std::string_view text, std::string file, std::vector<diagnostic>& out,
             std::size_t max_diagnostics = csv_default_max_diagnostics);

  /// Reads the header; false, with a diagnostic (DC003 none, DC040 bad quoting), when there is none.
  bool read_header();
  /// The header's column names; valid after read_header() returned true.
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  /// Line of the header.
  [[nodiscard]] int header_line() const noexcept { return header_line_; }
  /// Reads the next well-formed record into `rec`, reporting and skipping bad ones; false at the end.
  bool next(csv_record& rec);
  /// Problems found beyond the cap and not stored.
  [[nodiscard]] std::size_t unreported() const noexcept { return unreported_; }
  /// File name used in diagnostics.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  enum class outcome : std::uint8_t { ok, bad, blank, end };
  outcome parse_record(csv_record& rec);  // skips blank records
  outcome parse_one(csv_record& rec);
  void report(int line, int column, const char* code, std::string message);

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;  ///< offset of the current line's first byte, for byte columns
  std::string file_;
  std::vector<diagnostic>& out_;
  std::size_t max_diagnostics_;
  std::size_t reported_ = 0;
  std::size_t unreported_ = 0;
  std::vector<std::string> header_;
  int header_line_ = 1;
};

/// The text without a leading UTF-8 BOM, or nullopt after a DC004 at the first invalid byte (with
/// the hint that the file looks like Windows-1252, which the census importer reads).
[[nodiscard]] std::optional<std::string_view> utf8_body(std::string_view text, const std::string& file_name,
                                                        std::vector<diagnostic>& out);

/// A CSV file's bytes as UTF-8 (converted from Windows-1252 when asked, unless a UTF-8 BOM says
/// otherwise), or nullopt after DC001 unreadable, DC002 over `max_bytes` (checked before reading) or
/// DC003 empty. Pass the result through utf8_body before a csv_reader.
[[nodiscard]] std::optional<std::string> csv_text(const std::filesystem::path& path, csv_encoding encoding,
                                                  std::uintmax_t max_bytes, std::vector<diagnostic>& out);

/// Parses UTF-8 CSV text (a leading BOM is skipped; invalid UTF-8 is DC004). Returns nullopt when the
/// text is unusable as a whole (bad encoding, no header, unterminated quote in the header).
/// The table allocates per record and per long field (about 7x the time of csv_reader on the 4 MB
/// census file): fine for networks and staff files; stream large files with csv_reader instead.
[[nodiscard]] std::optional<csv_table> parse_csv(std::string_view text, std::string file_name,
                                                 std::vector<diagnostic>& out,
                                                 std::size_t max_diagnostics = csv_default_max_diagnostics);

/// Reads and parses a CSV file (csv_text, then parse_csv): DC001 when unreadable, DC002 over
/// `max_bytes`, DC003 when empty, DC004 for invalid UTF-8 in utf8 mode. A file starting with a UTF-8
/// BOM is read as UTF-8 even in cp1252 mode, since the BOM says what it is.
[[nodiscard]] std::optional<csv_table> read_csv(const std::filesystem::path& path, csv_encoding encoding,
                                                std::uintmax_t max_bytes, std::vector<diagnostic>& out,
                                                std::size_t max_diagnostics = csv_default_max_diagnostics);

/// A column a loader knows about.
struct csv_column {
  std::string name;
  bool required = false;
};

/// Marks a known column the file does not have.
inline constexpr std::size_t csv_absent = static_cast<std::size_t>(-1);

/// Field index of each known column (csv_absent where the header lacks it). Reports DC041 for a
/// missing required column (line = header line, column 1), and DC042 for a header name that is not
/// known (unless `allow_unknown`) or appears twice, with a "did you mean" over the known names.
[[nodiscard]] std::vector<std::size_t> map_columns(const csv_table& table, const std::vector<csv_column>& known,
                                                   std::vector<diagnostic>& out, bool allow_unknown = false);

/// A diagnostic about one field: `column` is the 1-based field index and the message starts with
/// `column 'NAME': `.
[[nodiscard]] diagnostic field_diagnostic(const csv_table& table, const csv_record& rec, std::size_t field,
                                          const char* code, std::string_view message);

/// The text without surrounding spaces and tabs.
[[nodiscard]] std::string_view trim_blanks(std::string_view text) noexcept;

}  // namespace descheck::detail
