#include "io/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace descheck::detail {

std::optional<std::string> read_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                     std::vector<diagnostic>& out, bool allow_empty) {
  const std::string name = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    out.push_back({name, 0, 0, codes::io, "cannot open file: no such file"});
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    out.push_back({name, 0, 0, codes::io, "cannot read: not a regular file"});
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    out.push_back({name, 0, 0, codes::io, "cannot read file: " + ec.message()});
    return std::nullopt;
  }
  if (size > max_bytes) {
    out.push_back(
        {name, 0, 0, codes::too_large,
         "file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(max_bytes) + " bytes"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.push_back({name, 0, 0, codes::io, "cannot open file for reading"});
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) {
    out.push_back({name, 0, 0, codes::io, "file changed or could not be read completely"});
    return std::nullopt;
  }
  if (!allow_empty && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    out.push_back({name, 1, 1, codes::empty_file, "file is empty"});
    return std::nullopt;
  }
  return text;
}

std::optional<text_position> find_invalid_utf8(std::string_view text) noexcept {
  text_position pos;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return pos;
    }
    if (i + len > n) return pos;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return pos;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return pos;
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      pos.column += static_cast<int>(len);
    }
    i += len;
  }
  return std::nullopt;
}

std::string cp1252_to_utf8(std::string_view text) {
  // Code points of 0x80..0x9F in Windows-1252; 0 marks the five undefined bytes.
  static constexpr std::uint16_t high[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                             0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                             0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                             0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    std::uint32_t cp = c;
    if (c >= 0x80 && c < 0xA0) cp = high[c - 0x80];
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same =
          std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (!best) return std::nullopt;
  const std::size_t limit = std::max<std::size_t>(2, std::max(word.size(), best->size()) / 3);
  const bool prefix = !word.empty() && (best->starts_with(word) || word.starts_with(*best));
  if (best_distance <= limit || prefix) return best;
  return std::nullopt;
}

std::string single_quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

void append_csv_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string group_thousands(std::string_view plain) {
  const std::size_t sign = plain.starts_with('-') ? 1 : 0;
  const std::size_t dot = std::min(plain.find('.'), plain.size());
  std::string grouped(plain.substr(0, sign));
  for (std::size_t i = sign; i < dot; ++i) {
    grouped += plain[i];
    const std::size_t left = dot - i - 1;
    if (left > 0 && left % 3 == 0) grouped += ',';
  }
  grouped += plain.substr(dot);
  return grouped;
}

}  // namespace descheck::detail

namespace descheck {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto best = detail::closest(word, candidates);
  return best ? " (did you mean '" + *best + "'?)" : std::string();
}

std::optional<double> parse_number(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_fixed(double value, int decimals) {
  if (value == 0.0) value = 0.0;  // no "-0.0000"
  char buffer[64];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "nan";
  std::string out(buffer, ptr);
  if (out.starts_with('-') && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

}  // namespace descheck
