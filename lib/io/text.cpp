#include "io/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace descheck::detail {

namespace {

// "Too many levels of symbolic links" -> "too many levels of symbolic links", to follow a colon.
std::string reason(int error) {
  std::string text = std::generic_category().message(error);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' && (text.size() < 2 || text[1] < 'A' || text[1] > 'Z'))
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

// Reads a stream that has no size to ask (standard input, a FIFO, process substitution, a device)
// to its end, stopping one byte past `max_bytes` so that /dev/zero cannot fill the memory.
std::optional<std::string> read_stream(int fd, const std::string& name, std::uintmax_t max_bytes,
                                       std::vector<diagnostic>& out) {
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.push_back({name, 0, 0, codes::io, "cannot read: " + reason(errno)});
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      out.push_back({name, 0, 0, codes::too_large,
                     "input is over the limit of " + std::to_string(max_bytes) + " bytes"});
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::string> read_any(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                    std::vector<diagnostic>& out) {
  if (path == "-") return read_stream(STDIN_FILENO, std::string(standard_input_name), max_bytes, out);
  const std::string name = display_name(path);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    out.push_back({name, 0, 0, codes::io,
                   error == ENOENT ? std::string("cannot open file: no such file") : "cannot open file: " + reason(error)});
    return std::nullopt;
  }
  struct stat st {};
  std::optional<std::string> text;
  if (::fstat(fd, &st) != 0) {
    out.push_back({name, 0, 0, codes::io, "cannot read: " + reason(errno)});
  } else if (S_ISDIR(st.st_mode)) {
    out.push_back({name, 0, 0, codes::io, "cannot read: is a directory, not a file"});
  } else if (S_ISREG(st.st_mode) && static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    out.push_back({name, 0, 0, codes::too_large,
                   "file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                       std::to_string(max_bytes) + " bytes"});
  } else {
    // Regular files, FIFOs, process substitution and devices alike: read to the end, bounded.
    text = read_stream(fd, name, max_bytes, out);
  }
  ::close(fd);
  return text;
}

}  // namespace

std::optional<std::string> read_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                     std::vector<diagnostic>& out, bool allow_empty) {
  std::optional<std::string> text = read_any(path, max_bytes, out);
  if (!text) return std::nullopt;
  if (!allow_empty && text->find_first_not_of(" \t\r\n") == std::string::npos) {
    out.push_back({display_name(path), 1, 1, codes::empty_file,
                   "file is empty"});
    return std::nullopt;
  }
  return text;
}

std::string display_name(const std::filesystem::path& path) {
  return path == "-" ? std::string(standard_input_name) : path.string();
}

bool looks_like_utf16(std::string_view text) noexcept {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) return true;
  const std::size_t n = std::min<std::size_t>(text.size(), 512) & ~std::size_t{1};
  if (n < 4) return false;
  std::size_t even = 0;
  std::size_t odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    even += text[i] == '\0' ? 1 : 0;
    odd += text[i + 1] == '\0' ? 1 : 0;
  }
  // ASCII in UTF-16 puts a NUL in every other byte; text in an 8-bit encoding has almost none.
  return std::max(even, odd) * 4 >= n;
}

diagnostic utf16_diagnostic(const std::string& file) {
  return {file, 1, 1, codes::encoding,
          "the file is UTF-16 (as Excel's 'Unicode Text' writes), not UTF-8: save it as 'CSV UTF-8' or UTF-8"};
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
  // Loaded values are bounded (core/limits.hpp), so a non-finite result is a bug upstream: fail
  // loudly rather than write "inf", "nan" or an empty field into a CSV or JSON file.
  if (!std::isfinite(value)) throw std::range_error("a computed number is not finite (" + std::to_string(value) + ")");
  if (value == 0.0) value = 0.0;  // no "-0.0000"
  decimals = std::clamp(decimals, 0, 17);
  // The largest double has 309 digits before the point: this buffer holds any finite value.
  char buffer[400];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) throw std::range_error("a number could not be formatted");
  std::string out(buffer, ptr);
  if (out.starts_with('-') && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

}  // namespace descheck
