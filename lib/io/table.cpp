// The one output layer (descheck/io/table.hpp): typed cells to CSV, JSON, aligned tables and Markdown.
//
// Speed matters here: the national series writes millions of rows, so cells are appended to reused
// strings with std::to_chars (and an integer fast path for fixed decimals), and text reaches the
// stream in large writes; nothing goes through iostream formatting per cell.
#include "descheck/io/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ostream>
#include <stdexcept>

#include "descheck/core/error.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

constexpr char cell_end = '\x1f';  // ends each cell of a table or Markdown row until layout
constexpr std::size_t large_write = std::size_t{1} << 20;
// Tables and Markdown fix their column widths from the header and the first `table_lookahead`
// rows, then pad every row to those widths as it comes: memory stays bounded however many rows
// follow, and an output of at most this many rows is laid out exactly to its widest cell. A later
// cell wider than its column pushes the rest of its row to the right.
constexpr std::size_t table_lookahead = 4096;

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[(c >> 4) & 0xF];
          out += hex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_unsigned(std::string& out, std::uint64_t value) {
  char buffer[24];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ptr);
}

// Fixed notation, never "-0.00" and never "nan" (the caller handles non-finite values). The
// integer path gives exactly what std::to_chars gives (the correctly rounded decimal) whenever the
// scaled value is not within rounding error of a tie; near a tie, to_chars decides.
void append_fixed(std::string& out, double value, int decimals) {
  static constexpr double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  if (decimals >= 0 && decimals <= 6) {
    const double scaled = value * scale[decimals];
    if (std::fabs(scaled) < 1e12) {
      const double floor = std::floor(scaled);
      const double fraction = scaled - floor;
      if (std::fabs(fraction - 0.5) > 1e-3) {
        const auto whole = static_cast<std::int64_t>(floor) + (fraction > 0.5 ? 1 : 0);
        std::uint64_t magnitude = whole < 0 ? static_cast<std::uint64_t>(-whole) : static_cast<std::uint64_t>(whole);
        // Digits right to left into a local buffer, then one append.
        char text[32];
        char* p = text + sizeof text;
        int n = 0;
        do {
          if (n == decimals && decimals > 0) *--p = '.';
          *--p = static_cast<char>('0' + magnitude % 10);
          magnitude /= 10;
          ++n;
        } while (magnitude > 0 || n <= decimals);
        if (whole < 0) *--p = '-';
        out.append(p, static_cast<std::size_t>(text + sizeof text - p));
        return;
      }
    }
  }
  char buffer[400];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  std::string_view text(buffer, ec == std::errc() ? static_cast<std::size_t>(ptr - buffer) : 0);
  if (text.starts_with('-') && text.find_first_not_of("-0.") == std::string_view::npos) text.remove_prefix(1);
  out += text;
}

void append_date(std::string& out, date d) {
  // Rows repeat a handful of dates: remember the last one formatted on this thread.
  thread_local date last{date::min().days - 1};
  thread_local std::string last_text;
  if (d != last) {
    last = d;
    const year_month_day ymd = to_ymd(d);
    if (ymd.year < 0 || ymd.year > 9999) {
      last_text = to_string(d);
    } else {
      const char text[10] = {static_cast<char>('0' + ymd.year / 1000),
                             static_cast<char>('0' + ymd.year / 100 % 10),
                             static_cast<char>('0' + ymd.year / 10 % 10),
                             static_cast<char>('0' + ymd.year % 10),
                             '-',
                             static_cast<char>('0' + ymd.month / 10),
                             static_cast<char>('0' + ymd.month % 10),
                             '-',
                             static_cast<char>('0' + ymd.day / 10),
                             static_cast<char>('0' + ymd.day % 10)};
      last_text.assign(text, sizeof text);
    }
  }
  out += last_text;
}

bool right_aligned(column_type type) { return type == column_type::integer || type == column_type::number; }

// A code point is wide (two columns) in East Asian scripts, full-width forms and emoji; combining
// marks and zero-width characters take none. Ranges from Unicode's EastAsianWidth (W and F).
int code_point_width(char32_t c) {
  if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF) return 0;
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
      (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0xFE00 && c <= 0xFE0F))
    return 0;
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

}  // namespace

std::size_t display_width(std::string_view text) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {  // ASCII, nearly every cell: one column each
      ++width;
      ++i;
      continue;
    }
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    width += static_cast<std::size_t>(code_point_width(c));
    i += length;
  }
  return width;
}

std::string json_quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string_view to_string(table_format format) noexcept {
  switch (format) {
    case table_format::csv:
      return "csv";
    case table_format::json:
      return "json";
    case table_format::table:
      return "table";
    case table_format::markdown:
      break;
  }
  return "markdown";
}

table_format parse_table_format(std::string_view text, const std::vector<table_format>& allowed) {
  std::vector<table_format> choices = allowed;
  if (choices.empty()) choices = {table_format::csv, table_format::json, table_format::table, table_format::markdown};
  std::vector<std::string> names;
  for (const table_format f : choices) {
    names.emplace_back(to_string(f));
    if (text == names.back()) return f;
  }
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i)
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  throw input_error({{"", 0, 0, codes::usage,
                      "unknown format '" + std::string(text) + "'" + did_you_mean(text, names) + "; use " + list}});
}

std::optional<table_format> table_format_of_path(const std::filesystem::path& output) {
  if (output == "-") return std::nullopt;
  const std::string ext = output.extension().string();
  if (ext == ".csv") return table_format::csv;
  if (ext == ".json") return table_format::json;
  if (ext == ".md" || ext == ".markdown") return table_format::markdown;
  if (ext == ".txt") return table_format::table;
  throw input_error({{"", 0, 0, codes::usage,
                      "--output '" + output.string() +
                          "': " + (ext.empty() ? std::string("no extension") : "unknown extension '" + ext + "'") +
                          " to tell the format by; name it .csv, .json, .md or .txt, or give --format"}});
}

table_format choose_table_format(const std::optional<std::string>& format, const std::optional<std::string>& output,
                                 bool terminal) {
  if (format) return parse_table_format(*format);
  if (output)
    if (const auto by_name = table_format_of_path(*output)) return *by_name;
  return terminal ? table_format::table : table_format::csv;
}

// ---------------------------------------------------------------------------------------------
// Streaming

struct table_writer::impl {
  std::ostream& out;
  std::vector<column> columns;
  table_format format;
  std::vector<std::string> json_keys;  // `"name": ` per column
  std::string pending;                 // CSV and JSON text not yet written
  std::string laid_out;                // table and Markdown cells not yet laid out
  bool first = true;
  bool finished = false;
  std::size_t buffered_cells = 0;       // cells in laid_out while the widths are not yet fixed
  std::vector<std::size_t> widths;      // of each column, once fixed (empty before)
  std::vector<std::string_view> cells;  // views into laid_out, reused
  std::string line;                     // one row being padded, reused
  bool any_row = false;

  void flush_pending() {
    if (!pending.empty()) out.write(pending.data(), static_cast<std::streamsize>(pending.size()));
    pending.clear();
  }
  [[nodiscard]] bool markdown() const noexcept { return format == table_format::markdown; }
  [[nodiscard]] std::size_t escapes(std::string_view v) const noexcept {
    return markdown() ? static_cast<std::size_t>(
                            std::count_if(v.begin(), v.end(), [](char c) { return c == '|' || c == '\\'; }))
                      : 0;
  }
  [[nodiscard]] std::size_t width_of(std::string_view v) const noexcept { return display_width(v) + escapes(v); }
  void lay_out(std::string_view text, bool last);
  void fix_widths();
  void put(std::size_t c, std::string_view v);
};

table_writer::table_writer(std::ostream& out, std::vector<column> columns, table_format format)
    : impl_(std::make_unique<impl>(
          impl{out, std::move(columns), format, {}, {}, {}, true, false, 0, {}, {}, {}, false})) {
  for (const column& c : impl_->columns) {
    std::string key;
    append_json_string(key, c.name);
    impl_->json_keys.push_back(key + ": ");
  }
  if (format == table_format::csv) {
    for (std::size_t i = 0; i < impl_->columns.size(); ++i) {
      if (i > 0) impl_->pending += ',';
      detail::append_csv_field(impl_->pending, impl_->columns[i].name);
    }
    impl_->pending += '\n';
  }
  impl_->pending.reserve(large_write + (large_write >> 2));
}

table_writer::~table_writer() = default;

const std::vector<column>& table_writer::columns() const noexcept { return impl_->columns; }
table_format table_writer::format() const noexcept { return impl_->format; }

std::string table_writer::encode_text(std::string_view value) const {
  std::string out;
  switch (impl_->format) {
    case table_format::csv:
      detail::append_csv_field(out, value);
      break;
    case table_format::json:
      append_json_string(out, value);
      break;
    case table_format::table:
    case table_format::markdown:
      out = value;
  }
  return out;
}

void table_writer::write(std::string_view rows) {
  impl& w = *impl_;
  if (rows.empty()) return;
  if (w.format == table_format::table || w.format == table_format::markdown) {
    if (!w.widths.empty()) {  // widths fixed: straight from the rows, no copy
      w.lay_out(rows, false);
      return;
    }
    w.laid_out += rows;
    // Counted as they come, so that waiting for the look-ahead is linear in the rows.
    w.buffered_cells += static_cast<std::size_t>(std::count(rows.begin(), rows.end(), cell_end));
    if (w.buffered_cells < table_lookahead * std::max<std::size_t>(w.columns.size(), 1)) return;
    w.lay_out(w.laid_out, false);
    w.laid_out.clear();
    return;
  }
  if (w.format == table_format::json && w.first) {
    w.pending += "[";
    rows.remove_prefix(1);  // the first row's ",\n  {" becomes "[\n  {"
  }
  w.first = false;
  if (rows.size() >= large_write) {
    w.flush_pending();
    w.out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    return;
  }
  w.pending += rows;
  if (w.pending.size() >= large_write) w.flush_pending();
}

void table_writer::finish() {
  impl& w = *impl_;
  if (w.finished) return;
  w.finished = true;
  if (w.format == table_format::json) w.pending += w.first ? "[]\n" : "\n]\n";
  if (w.format == table_format::table || w.format == table_format::markdown) {
    w.lay_out(w.laid_out, true);
    w.laid_out.clear();
  }
  w.flush_pending();
  w.out.flush();
}

// Pads cell `v` of column `c` to its width and, after a row's last cell, queues the row. Markdown
// escapes `|` and `\\` as it writes.
void table_writer::impl::put(std::size_t c, std::string_view v) {
  const bool md = markdown();
  const std::size_t n = columns.size();
  const bool right = right_aligned(columns[c].type);
  line += md ? (c == 0 ? "| " : " | ") : (c == 0 ? "" : "  ");
  const std::size_t pad = widths[c] - std::min(widths[c], width_of(v));
  if (right) line.append(pad, ' ');
  if (escapes(v) > 0) {
    for (const char ch : v) {
      if (ch == '|' || ch == '\\') line += '\\';
      line += ch;
    }
  } else {
    line += v;
  }
  if (!right) line.append(pad, ' ');
  if (c + 1 == n) {
    if (md) {
      line += " |";
    } else {
      while (!line.empty() && line.back() == ' ') line.pop_back();
    }
    line += '\n';
    pending += line;
    line.clear();
    if (pending.size() >= large_write) flush_pending();
  }
}

// Measures the header and the first table_lookahead rows of `cells`, then writes the header (and
// Markdown's rule under it).
void table_writer::impl::fix_widths() {
  const bool md = markdown();
  const std::size_t n = columns.size();
  widths.assign(n, md ? 3 : 0);
  for (std::size_t c = 0; c < n; ++c) widths[c] = std::max(widths[c], width_of(columns[c].name));
  const std::size_t measured = std::min(cells.size(), table_lookahead * n);
  for (std::size_t i = 0; i < measured; ++i) widths[i % n] = std::max(widths[i % n], width_of(cells[i]));
  for (std::size_t c = 0; c < n; ++c) put(c, columns[c].name);
  if (md) {
    for (std::size_t c = 0; c < n; ++c) {
      const bool right = right_aligned(columns[c].type);
      line += '|';
      line.append(widths[c] + (right ? 1 : 2), '-');
      if (right) line += ':';
    }
    line += "|\n";
    pending += line;
    line.clear();
  }
}

// Splits `text` (whole rows) into cells, fixes the widths when not yet done, and pads and writes
// every row. `last`: the output ends here.
void table_writer::impl::lay_out(std::string_view text, bool last) {
  const std::size_t n = columns.size();
  if (n == 0) return;
  cells.clear();
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == cell_end) {
      cells.push_back(text.substr(begin, i - begin));
      begin = i + 1;
    } else if (text[i] == '\n') {
      begin = i + 1;
    }
  }
  if (widths.empty()) fix_widths();
  for (std::size_t i = 0; i < cells.size(); ++i) put(i % n, cells[i]);
  any_row = any_row || !cells.empty();
  if (last && !any_row && !markdown()) pending += "(no rows)\n";
  cells.clear();
  if (last) flush_pending();
}

// ---------------------------------------------------------------------------------------------
// Rows

table_row::table_row(std::string& out, const table_writer& writer) : out_(out), writer_(writer) {
  if (writer_.impl_->format == table_format::json) out_ += ",\n  {";
}

table_row::table_row(std::string& out, const table_writer& writer, std::size_t first_column)
    : out_(out), writer_(writer), column_(first_column), first_(first_column), fragment_(true) {}

table_row::~table_row() {
  if (fragment_) return;
  switch (writer_.impl_->format) {
    case table_format::json:
      out_ += '}';
      break;
    case table_format::csv:
      out_ += '\n';
      break;
    case table_format::table:
    case table_format::markdown:
      out_ += cell_end;
      out_ += '\n';
  }
}

void table_row::next() {
  const table_writer::impl& w = *writer_.impl_;
  if (column_ >= w.columns.size())  // a writer bug, never the input's: a row longer than the header
    throw std::logic_error("table row with more than " + std::to_string(w.columns.size()) + " cells");
  if (fragment_ && column_ == first_) {  // the row using the fragment writes what leads its first cell
    ++column_;
    return;
  }
  switch (w.format) {
    case table_format::json:
      if (column_ > 0) out_ += ", ";
      out_ += w.json_keys[column_];
      break;
    case table_format::csv:
      if (column_ > 0) out_ += ',';
      break;
    case table_format::table:
    case table_format::markdown:
      if (column_ > 0) out_ += cell_end;
  }
  ++column_;
}

void table_row::text(std::string_view value) {
  next();
  switch (writer_.impl_->format) {
    case table_format::csv:
      detail::append_csv_field(out_, value);
      break;
    case table_format::json:
      append_json_string(out_, value);
      break;
    case table_format::table:
    case table_format::markdown:
      out_ += value;
  }
}

void table_row::encoded(std::string_view value) {
  next();
  out_ += value;
}

void table_row::encoded_cells(std::string_view cells, std::size_t count) {
  if (column_ + count > writer_.impl_->columns.size())
    throw std::logic_error("table row with more than " + std::to_string(writer_.impl_->columns.size()) + " cells");
  next();
  out_ += cells;
  column_ += count - 1;
}

void table_row::integer(std::int64_t value) {
  next();
  if (value < 0) {
    out_ += '-';
    append_unsigned(out_, static_cast<std::uint64_t>(-(value + 1)) + 1);
  } else {
    append_unsigned(out_, static_cast<std::uint64_t>(value));
  }
}

void table_row::number(double value) {
  if (!std::isfinite(value)) {
    missing();
    return;
  }
  const column& c = writer_.impl_->columns[column_];
  next();
  const table_format f = writer_.impl_->format;
  const bool display = f == table_format::table || f == table_format::markdown;
  append_fixed(out_, value, display && c.display_decimals >= 0 ? c.display_decimals : c.decimals);
}

void table_row::day(date value) {
  next();
  const bool json = writer_.impl_->format == table_format::json;
  if (json) out_ += '"';
  append_date(out_, value);
  if (json) out_ += '"';
}

void table_row::boolean(bool value) {
  next();
  if (writer_.impl_->format == table_format::json) {
    out_ += value ? "true" : "false";
  } else {
    out_ += value ? "yes" : "no";
  }
}

void table_row::missing() {
  next();
  if (writer_.impl_->format == table_format::json) out_ += "null";
}

// ---------------------------------------------------------------------------------------------
// Tables in memory

table::table(std::vector<column> columns) : columns_(std::move(columns)) {}

void table::add_row(std::vector<table_cell> row) {
  if (row.size() != columns_.size())
    throw std::invalid_argument("table row of " + std::to_string(row.size()) + " cells for " +
                                std::to_string(columns_.size()) + " columns");
  cells_.insert(cells_.end(), std::make_move_iterator(row.begin()), std::make_move_iterator(row.end()));
}

void write_table(std::ostream& out, const table& rows, table_format format) {
  table_writer writer(out, rows.columns(), format);
  std::string text;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    table_row row(text, writer);
    for (std::size_t c = 0; c < rows.columns().size(); ++c) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              row.missing();
            } else if constexpr (std::is_same_v<T, std::string>) {
              row.text(v);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              row.integer(v);
            } else if constexpr (std::is_same_v<T, double>) {
              row.number(v);
            } else if constexpr (std::is_same_v<T, date>) {
              row.day(v);
            } else {
              row.boolean(v);
            }
          },
          rows.at(r, c));
    }
  }
  writer.write(text);
  writer.finish();
}

}  // namespace descheck
