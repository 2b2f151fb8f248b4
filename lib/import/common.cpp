#include "import/common.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

#include "io/text.hpp"

namespace descheck::detail {

void import_log::add(diagnostic d) {
  if (has_room()) {
    kept_.push_back(std::move(d));
  } else {
    if (hidden_ == 0) first_hidden_ = std::move(d);
    ++hidden_;
  }
}

void import_log::add_all(std::vector<diagnostic>& found, std::size_t unreported) {
  for (diagnostic& d : found) add(std::move(d));
  found.clear();
  if (unreported > 0 && hidden_ == 0 && !kept_.empty()) first_hidden_ = kept_.back();
  hidden_ += unreported;
}

void import_log::sort_from(std::size_t start) {
  std::stable_sort(kept_.begin() + static_cast<std::ptrdiff_t>(std::min(start, kept_.size())), kept_.end(),
                   [](const diagnostic& x, const diagnostic& y) {
                     return x.line != y.line ? x.line < y.line : x.column < y.column;
                   });
}

void import_log::raise() {
  if (hidden_ > 0) {
    kept_.push_back(
        {first_hidden_.file, first_hidden_.line, first_hidden_.column, first_hidden_.code,
         std::to_string(hidden_) + " more problem" + (hidden_ == 1 ? "" : "s") + " not shown, the first of them here"});
  }
  throw input_error(std::move(kept_));
}

namespace {
/// cp1252_to_utf8 for text that is mostly ASCII: copies ASCII runs whole, eight bytes per test, and
/// converts only the bytes above 0x7F (a census has a few hundred in 4 MB). Four times faster.
std::string windows_1252_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    std::size_t j = i;
    for (std::uint64_t word = 0; j + 8 <= size; j += 8) {
      std::memcpy(&word, data + j, 8);
      if (word & 0x8080808080808080ULL) break;
    }
    while (j < size && static_cast<unsigned char>(data[j]) < 0x80) ++j;
    out.append(data + i, j - i);
    if (j == size) break;
    out += cp1252_to_utf8(text.substr(j, 1));  // at most three bytes: no allocation
    i = j + 1;
  }
  return out;
}
}  // namespace

std::optional<published_text> read_published_text(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                                  std::vector<diagnostic>& out) {
  std::optional<std::string> bytes = read_file(path, max_bytes, out);
  if (!bytes) return std::nullopt;
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (std::string_view(*bytes).starts_with(bom)) bytes->erase(0, bom.size());
  if (looks_like_utf16(*bytes)) {
    out.push_back(utf16_diagnostic(display_name(path)));
    return std::nullopt;
  }
  published_text result;
  // Windows-1252 text with any byte above 0x7F is almost never valid UTF-8 (its en dash, 0x96, is a
  // lone continuation byte), so valid UTF-8 is taken as UTF-8: a census re-saved as UTF-8 still reads.
  // A decoded file keeps its bytes (the memory the decoding already needed) to map byte columns back.
  if (find_invalid_utf8(*bytes)) {
    result.text = windows_1252_to_utf8(*bytes);
    result.raw = std::move(*bytes);
  } else {
    result.text = std::move(*bytes);
  }
  return result;
}

namespace {
/// Bytes of UTF-8 that one byte of Windows-1252 decodes to.
std::size_t decoded_width(char byte) {
  return static_cast<unsigned char>(byte) < 0x80 ? 1 : cp1252_to_utf8(std::string_view(&byte, 1)).size();
}

/// Offset just past the line break at or after `pos` (CRLF, LF or a lone CR, as csv_reader counts).
std::size_t next_line(std::string_view text, std::size_t pos) {
  while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r') ++pos;
  if (pos < text.size() && text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
  return std::min(pos + 1, text.size());
}
}  // namespace

void to_file_columns(const published_text& text, std::vector<diagnostic>& found, std::size_t from) {
  if (text.raw.empty()) return;
  std::vector<std::size_t> byte_columns;
  for (std::size_t i = from; i < found.size(); ++i)
    if (found[i].code == codes::csv_syntax && found[i].line > 0 && found[i].column > 0) byte_columns.push_back(i);
  std::stable_sort(byte_columns.begin(), byte_columns.end(),
                   [&](std::size_t a, std::size_t b) { return found[a].line < found[b].line; });
  // Line breaks are ASCII, so lines are the same in both texts: one pass over the file's bytes finds
  // each line, then the line's bytes are walked until their decoded widths reach the column.
  const std::string_view raw = text.raw;
  std::size_t line_start = 0;
  int line = 1;
  for (const std::size_t i : byte_columns) {
    diagnostic& d = found[i];
    for (; line < d.line && line_start < raw.size(); ++line) line_start = next_line(raw, line_start);
    std::size_t at = line_start;
    for (std::size_t decoded = 1; decoded < static_cast<std::size_t>(d.column) && at < raw.size(); ++at)
      decoded += decoded_width(raw[at]);
    d.column = static_cast<int>(at - line_start) + 1;
  }
}

namespace {
bool same_without_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

std::vector<std::size_t> find_columns(const csv_reader& reader, const std::vector<published_column>& columns,
                                      std::vector<diagnostic>& out) {
  const std::vector<std::string>& header = reader.header();
  std::vector<std::size_t> index(columns.size(), csv_absent);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    for (std::size_t i = 0; i < header.size() && index[k] == csv_absent; ++i) {
      for (const std::string_view name : columns[k].names) {
        if (same_without_case(header[i], name)) {
          index[k] = i;
          break;
        }
      }
    }
    if (index[k] == csv_absent && columns[k].required) {
      out.push_back({reader.file(), reader.header_line(), 1, codes::csv_missing_column,
                     "missing required column " + single_quoted(columns[k].names.front()) +
                         did_you_mean(columns[k].names.front(), header)});
    }
  }
  return index;
}

diagnostic field_problem(const csv_reader& reader, const csv_record& rec, std::size_t field, const char* code,
                         std::string_view message) {
  const std::vector<std::string>& header = reader.header();
  const std::string name = field < header.size() ? header[field] : std::to_string(field + 1);
  return {reader.file(), rec.line, static_cast<int>(field) + 1, code,
          "column " + single_quoted(name) + ": " + std::string(message)};
}

std::string_view field_text(const csv_record& rec, std::size_t column) noexcept {
  return column == csv_absent || column >= rec.fields.size() ? std::string_view() : trim_blanks(rec.fields[column]);
}

namespace {
std::optional<int> digits(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<date> make_date(std::optional<int> y, std::optional<int> m, std::optional<int> d) noexcept {
  if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
  const auto month = static_cast<unsigned>(*m);
  const auto day = static_cast<unsigned>(*d);
  if (!is_valid_ymd(*y, month, day)) return std::nullopt;
  return from_ymd(*y, month, day);
}
}  // namespace

std::optional<date> parse_published_date(std::string_view text) noexcept {
  text = trim_blanks(text);
  if (text.size() == 8 && digits(text)) {
    return make_date(digits(text.substr(0, 4)), digits(text.substr(4, 2)), digits(text.substr(6, 2)));
  }
  if (text.size() == 9) {  // 01JAN2021
    static constexpr std::array<std::string_view, 12> months = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                                "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    const std::string_view name = text.substr(2, 3);
    for (std::size_t m = 0; m < months.size(); ++m) {
      if (same_without_case(name, months[m])) {
        return make_date(digits(text.substr(5, 4)), static_cast<int>(m) + 1, digits(text.substr(0, 2)));
      }
    }
    return std::nullopt;
  }
  return parse_date(text);
}

std::optional<std::int64_t> parse_count(std::string_view text) noexcept {
  text = trim_blanks(text);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0 || text.front() == '-') return std::nullopt;
  return value;
}

double round_to(double value, int decimals) noexcept {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(value * scale) / scale;
  return r == 0.0 ? 0.0 : r;
}

std::string format_rounded(double value, int decimals) {
  char buffer[64];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, round_to(value, decimals));
  return ec == std::errc() ? std::string(buffer, ptr) : std::string("nan");
}

double shortest_within(double value, int decimals, double tolerance) noexcept {
  for (int d = 0; d < decimals; ++d) {
    const double rounded = round_to(value, d);
    if (std::fabs(rounded - value) <= tolerance) return rounded;
  }
  return round_to(value, decimals);
}

}  // namespace descheck::detail
