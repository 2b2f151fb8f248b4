#pragma once
/// \file io/table.hpp
/// The one output layer: a table of typed columns, rendered as CSV, JSON records, an aligned text
/// table or Markdown. Every row-writing command and writer goes through it, so the formats, their
/// names, the number rules and the alignment are the same everywhere.
///
/// Two ways in: `table` holds rows in memory and `write_table` renders them (small outputs: plans,
/// funding, diffs); `table_writer` streams rows that worker threads format into their own buffers
/// with `table_row` (the national series, millions of rows).

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "descheck/core/date.hpp"

namespace descheck {

/// How a table is written.
enum class table_format : std::uint8_t {
  csv,       ///< RFC 4180, a header line, numbers at their column's decimals
  json,      ///< an array of records; numbers never empty or non-finite (null instead)
  table,     ///< columns aligned by display width; numbers right-aligned, at display decimals
  markdown,  ///< a GitHub pipe table
};

/// `csv`, `json`, `table` or `markdown`.
[[nodiscard]] std::string_view to_string(table_format format) noexcept;

/// Parses a format name; throws input_error (DC060) with a did-you-mean otherwise. `allowed`
/// narrows the choice for outputs that are not tables in every format (empty: all four).
[[nodiscard]] table_format parse_table_format(std::string_view text, const std::vector<table_format>& allowed = {});

/// The format an output file's extension names: `.csv`, `.json`, `.md`/`.markdown`, `.txt`
/// (an aligned table). nullopt for `-` (standard output); input_error (DC060) for any other
/// extension, so that a typo never silently writes CSV.
[[nodiscard]] std::optional<table_format> table_format_of_path(const std::filesystem::path& output);

/// The one default rule: `format` when given; else the extension of `output`; else an aligned
/// table when standard output is a terminal and CSV when it is a pipe or file.
[[nodiscard]] table_format choose_table_format(const std::optional<std::string>& format,
                                               const std::optional<std::string>& output, bool terminal);

/// Columns on screen of UTF-8 text: one per code point, two for East Asian wide and full-width
/// characters, none for combining marks and zero-width characters.
[[nodiscard]] std::size_t display_width(std::string_view text) noexcept;

/// `text` as a JSON string, quotes included (for the structured outputs that are not tables).
[[nodiscard]] std::string json_quoted(std::string_view text);

/// The type of a column, which decides quoting, alignment and the JSON type.
enum class column_type : std::uint8_t { text, integer, number, date, boolean };

/// One column of a table.
struct column {
  std::string name;
  column_type type = column_type::text;
  int decimals = 4;           ///< number columns: places in CSV and JSON
  int display_decimals = -1;  ///< number columns: places in a table and Markdown (-1: as `decimals`)
};

/// One cell: missing, text, a whole number, a number, a date or yes/no.
using table_cell = std::variant<std::monostate, std::string, std::int64_t, double, date, bool>;

/// Rows of typed cells in memory.
class table {
 public:
  explicit table(std::vector<column> columns);
  [[nodiscard]] const std::vector<column>& columns() const noexcept { return columns_; }
  [[nodiscard]] std::size_t rows() const noexcept { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
  /// Adds a row; throws std::invalid_argument when it has the wrong number of cells.
  void add_row(std::vector<table_cell> row);
  /// The cell in row `r` and column `c`.
  [[nodiscard]] const table_cell& at(std::size_t r, std::size_t c) const { return cells_.at(r * columns_.size() + c); }

 private:
  std::vector<column> columns_;
  std::vector<table_cell> cells_;
};

/// Writes a whole table in `format`.
void write_table(std::ostream& out, const table& rows, table_format format);

class table_writer;

/// Appends one row to a text buffer in a writer's format. Rows are formatted here, possibly on
/// another thread (nothing shared is touched), then handed to table_writer::write in order.
/// Cells must come in column order, one per column; the row ends when this object is destroyed.
class table_row {
 public:
  table_row(std::string& out, const table_writer& writer);
  table_row(const table_row&) = delete;
  table_row& operator=(const table_row&) = delete;
  ~table_row();

  void text(std::string_view value);
  /// A text cell already encoded for this format by encode_text() (ids repeated on every row).
  void encoded(std::string_view value);
  /// `count` consecutive cells made once by table_writer::encode_cells() (the same on many rows).
  void encoded_cells(std::string_view cells, std::size_t count);
  void integer(std::int64_t value);
  void number(double value);  ///< non-finite: missing
  void day(date value);
  void boolean(bool value);
  void missing();

 private:
  friend class table_writer;
  table_row(std::string& out, const table_writer& writer, std::size_t first_column);  // a fragment
  void next();
  std::string& out_;
  const table_writer& writer_;
  std::size_t column_ = 0;
  std::size_t first_ = 0;  // the first column of a fragment
  bool fragment_ = false;
};

/// Streams rows: CSV and JSON are written as they come, in large writes; a table and Markdown
/// are laid out at finish(), once every width is known.
class table_writer {
 public:
  table_writer(std::ostream& out, std::vector<column> columns, table_format format);
  table_writer(const table_writer&) = delete;
  table_writer& operator=(const table_writer&) = delete;
  ~table_writer();

  [[nodiscard]] const std::vector<column>& columns() const noexcept;
  [[nodiscard]] table_format format() const noexcept;
  /// `value` as a text cell of this format, for table_row::encoded.
  [[nodiscard]] std::string encode_text(std::string_view value) const;
  /// The cells `write` adds from column `first` on, encoded once for table_row::encoded_cells.
  template <class Write>
  [[nodiscard]] std::string encode_cells(std::size_t first, Write write) const {
    std::string out;
    {
      table_row row(out, *this, first);
      write(row);
    }
    return out;
  }
  /// Writes rows made by table_row, in order.
  void write(std::string_view rows);
  /// Ends the output (and flushes it); call once after the last row.
  void finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  friend class table_row;
};

}  // namespace descheck
