#include "io/csv.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "io/text.hpp"

namespace descheck::detail {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_blank(std::string_view s) noexcept { return trim_blanks(s).empty(); }

/// Line and byte column of `offset`, counting CRLF, LF and a lone CR as one line break each, exactly
/// as the reader does (find_invalid_utf8 counts LF only, which differs for old Mac files).
text_position position_of(std::string_view text, std::size_t offset) noexcept {
  text_position pos;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++pos.line;
      line_start = i + 1;
    }
  }
  pos.column = static_cast<int>(offset - line_start) + 1;
  return pos;
}

/// Byte offset of a position as find_invalid_utf8 reports it (lines split at LF only).
std::size_t offset_of_lf_position(std::string_view text, text_position pos) noexcept {
  std::size_t start = 0;
  for (int line = 1; line < pos.line; ++line) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return std::min(text.size(), start + static_cast<std::size_t>(pos.column - 1));
}

}  // namespace

std::string_view trim_blanks(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

csv_reader::csv_reader(std::string_view text, std::string file, std::vector<diagnostic>& out,
                       std::size_t max_diagnostics)
    : text_(text), file_(std::move(file)), out_(out), max_diagnostics_(max_diagnostics) {}

void csv_reader::report(int line, int column, const char* code, std::string message) {
  if (reported_ < max_diagnostics_) {
    out_.push_back({file_, line, column, code, std::move(message)});
    ++reported_;
  } else {
    ++unreported_;
  }
}

csv_reader::outcome csv_reader::parse_record(csv_record& rec) {
  // Spreadsheets leave rows of empty cells (",,,") behind; they carry nothing, like a blank line.
  // A loop, not recursion: a file of a million such rows must not exhaust the stack.
  for (;;) {
    const outcome o = parse_one(rec);
    if (o != outcome::blank) return o;
  }
}

// Kept whole: one pass of the RFC 4180 state machine over a record. Quoted and bare fields, line
// ends and the positions reported for errors share the cursor; split, each piece would need all of
// it, and this is the loader's hot loop.
// NOLINTNEXTLINE(readability-function-size): kept whole for the reason above
csv_reader::outcome csv_reader::parse_one(csv_record& rec) {
  const std::size_t size = text_.size();
  // Records are separated by line breaks; a line with nothing on it is not a record.
  while (pos_ < size && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\r' && pos_ + 1 < size && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }
  if (pos_ >= size) return outcome::end;

  rec.line = line_;
  std::size_t count = 0;
  bool bad = false;
  bool all_blank = true;
  const auto column_name = [this](std::size_t field) {
    return field < header_.size() ? " in column " + detail::single_quoted(header_[field]) : std::string();
  };
  const auto byte_column = [this](std::size_t at) { return static_cast<int>(at - line_start_) + 1; };

  for (;;) {
    if (count == rec.fields.size()) rec.fields.emplace_back();
    std::string& field = rec.fields[count];
    field.clear();
    if (pos_ < size && text_[pos_] == '"') {
      const int quote_line = line_;
      const int quote_column = byte_column(pos_);
      ++pos_;
      for (;;) {
        const std::size_t close = text_.find('"', pos_);
        const std::size_t chunk_end = close == std::string_view::npos ? size : close;
        // Count the line breaks inside the quoted text so later positions stay right.
        for (std::size_t i = pos_; i < chunk_end; ++i) {
          const char c = text_[i];
          if (c == '\n' || (c == '\r' && (i + 1 >= size || text_[i + 1] != '\n'))) {
            ++line_;
            line_start_ = i + 1;
          }
        }
        field.append(text_.substr(pos_, chunk_end - pos_));
        if (close == std::string_view::npos) {
          report(quote_line, quote_column, codes::csv_syntax,
                 "unterminated quoted field" + column_name(count) + ": the quote opened here is never closed");
          pos_ = size;
          return outcome::bad;
        }
        if (close + 1 < size && text_[close + 1] == '"') {
          field.push_back('"');
          pos_ = close + 2;
          continue;
        }
        pos_ = close + 1;
        break;
      }
      if (pos_ < size && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        report(line_, byte_column(pos_), codes::csv_syntax,
               "unexpected text after a closing quote" + column_name(count) +
                   " (a quote inside a quoted field must be doubled)");
        bad = true;
        while (pos_ < size && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
      }
      all_blank = all_blank && field.empty();
    } else {
      const std::size_t start = pos_;
      while (pos_ < size) {
        const char c = text_[pos_];
        if (c == ',' || c == '\n' || c == '\r') break;
        if (c == '"') {
          report(line_, byte_column(pos_), codes::csv_syntax,
                 "quote inside an unquoted field" + column_name(count) +
                     " (quote the whole field and double the quote: \"a \"\"b\"\"\")");
          bad = true;
        }
        ++pos_;
      }
      field.assign(text_.substr(start, pos_ - start));
      all_blank = all_blank && is_blank(field);
    }
    ++count;

    if (pos_ >= size) break;
    const char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // A line break ends the record.
    if (c == '\r' && pos_ + 1 < size && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
    break;
  }
  rec.fields.resize(count);
  if (bad) return outcome::bad;
  return all_blank ? outcome::blank : outcome::ok;
}

bool csv_reader::read_header() {
  csv_record rec;
  const outcome o = parse_record(rec);
  if (o == outcome::end) {
    report(1, 1, codes::empty_file, "file has no header row");
    return false;
  }
  if (o == outcome::bad) return false;
  header_line_ = rec.line;
  header_.clear();
  header_.reserve(rec.fields.size());
  for (const std::string& name : rec.fields) header_.emplace_back(trim_blanks(name));
  return true;
}

bool csv_reader::next(csv_record& rec) {
  for (;;) {
    const outcome o = parse_record(rec);
    if (o == outcome::end) return false;
    if (o == outcome::bad) continue;
    if (rec.fields.size() != header_.size()) {
      const std::size_t first_wrong = std::min(rec.fields.size(), header_.size());
      report(rec.line, static_cast<int>(first_wrong) + 1, codes::csv_field_count,
             "expected " + std::to_string(header_.size()) + " fields as in the header, got " +
                 std::to_string(rec.fields.size()));
      continue;
    }
    return true;
  }
}

std::optional<std::string_view> utf8_body(std::string_view text, const std::string& file_name,
                                          std::vector<diagnostic>& out) {
  if (text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());
  if (looks_like_utf16(text)) {
    out.push_back(utf16_diagnostic(file_name));
    return std::nullopt;
  }
  const auto invalid = find_invalid_utf8(text);
  if (!invalid) return text;
  const std::size_t offset = offset_of_lf_position(text, *invalid);
  const text_position pos = position_of(text, offset);
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", offset < text.size() ? static_cast<unsigned char>(text[offset]) : 0u);
  out.push_back({file_name, pos.line, pos.column, codes::encoding,
                 std::string("invalid UTF-8 (byte ") + byte +
                     "): the file looks like Windows-1252, as Excel and NHS Digital write CSV; save it as "
                     "'CSV UTF-8', or read it with the census importer, which reads Windows-1252"});
  return std::nullopt;
}

std::optional<std::string> csv_text(const std::filesystem::path& path, csv_encoding encoding, std::uintmax_t max_bytes,
                                    std::vector<diagnostic>& out) {
  std::optional<std::string> text = read_file(path, max_bytes, out);
  if (text && looks_like_utf16(*text)) return text;  // parse_csv names it
  if (text && encoding == csv_encoding::cp1252 && !std::string_view(*text).starts_with(utf8_bom)) {
    *text = cp1252_to_utf8(*text);
  }
  return text;
}

std::optional<csv_table> parse_csv(std::string_view text, std::string file_name, std::vector<diagnostic>& out,
                                   std::size_t max_diagnostics) {
  const auto body = utf8_body(text, file_name, out);
  if (!body) return std::nullopt;
  csv_reader reader(*body, file_name, out, max_diagnostics);
  if (!reader.read_header()) return std::nullopt;
  csv_table table;
  table.file = std::move(file_name);
  table.header = reader.header();
  table.header_line = reader.header_line();
  // One record per line is the common case; reserving avoids regrowing a large table.
  table.records.reserve(static_cast<std::size_t>(std::count(body->begin(), body->end(), '\n')));
  csv_record rec;
  while (reader.next(rec)) table.records.push_back(std::move(rec));
  table.unreported = reader.unreported();
  return table;
}

std::optional<csv_table> read_csv(const std::filesystem::path& path, csv_encoding encoding, std::uintmax_t max_bytes,
                                  std::vector<diagnostic>& out, std::size_t max_diagnostics) {
  const std::optional<std::string> text = csv_text(path, encoding, max_bytes, out);
  if (!text) return std::nullopt;
  return parse_csv(*text, display_name(path), out, max_diagnostics);
}

std::vector<std::size_t> map_columns(const csv_table& table, const std::vector<csv_column>& known,
                                     std::vector<diagnostic>& out, bool allow_unknown) {
  std::vector<std::size_t> index(known.size(), csv_absent);
  std::vector<std::size_t> unknown;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const std::string& name = table.header[i];
    const auto it = std::find_if(known.begin(), known.end(), [&](const csv_column& c) { return c.name == name; });
    if (it == known.end()) {
      unknown.push_back(i);
      continue;
    }
    std::size_t& slot = index[static_cast<std::size_t>(it - known.begin())];
    if (slot != csv_absent) {
      out.push_back(
          {table.file, table.header_line, static_cast<int>(i) + 1, codes::csv_unknown_column,
           "column " + detail::single_quoted(name) + " appears twice (also field " + std::to_string(slot + 1) + ")"});
    } else {
      slot = i;
    }
  }
  if (!allow_unknown && !unknown.empty()) {
    // Suggest the known columns the header lacks first: a misspelt column is one of those.
    std::vector<std::string> missing;
    std::vector<std::string> all;
    for (std::size_t k = 0; k < known.size(); ++k) {
      all.push_back(known[k].name);
      if (index[k] == csv_absent) missing.push_back(known[k].name);
    }
    for (const std::size_t i : unknown) {
      const std::string& name = table.header[i];
      std::string hint = did_you_mean(name, missing);
      if (hint.empty()) hint = did_you_mean(name, all);
      out.push_back({table.file, table.header_line, static_cast<int>(i) + 1, codes::csv_unknown_column,
                     name.empty() ? "column " + std::to_string(i + 1) + " has no name in the header"
                                  : "unknown column " + detail::single_quoted(name) + hint});
    }
  }
  for (std::size_t k = 0; k < known.size(); ++k) {
    if (known[k].required && index[k] == csv_absent) {
      out.push_back({table.file, table.header_line, 1, codes::csv_missing_column,
                     "missing required column " + detail::single_quoted(known[k].name)});
    }
  }
  return index;
}

diagnostic field_diagnostic(const csv_table& table, const csv_record& rec, std::size_t field, const char* code,
                            std::string_view message) {
  const std::string name = field < table.header.size() ? table.header[field] : std::to_string(field + 1);
  return {table.file, rec.line, static_cast<int>(field) + 1, code,
          "column " + detail::single_quoted(name) + ": " + std::string(message)};
}

}  // namespace descheck::detail
