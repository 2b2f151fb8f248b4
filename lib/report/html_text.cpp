// Escaping and the report writers' Markdown subset as HTML (report/html_text.hpp).
#include "report/html_text.hpp"

#include <vector>

#include "core/printable.hpp"
#include "descheck/io/table.hpp"

namespace descheck::detail {

void append_html_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (detail::is_control(byte) && c != '\n' && c != '\t') {
          append_hex_escape(out, byte);
        } else {
          out += c;
        }
      }
    }
  }
}

std::string html_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_html_escaped(out, text);
  return out;
}

std::string script_json_string(std::string_view text) {
  const std::string quoted = json_quoted(text);
  std::string out;
  out.reserve(quoted.size());
  for (const char c : quoted) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// `code` and **bold** within one line; the rest escaped.
std::string inline_html(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '`') {
      const std::size_t end = text.find('`', i + 1);
      if (end != std::string_view::npos) {
        out += "<code>" + html_escaped(text.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
        continue;
      }
    } else if (text.substr(i, 2) == "**") {
      const std::size_t end = text.find("**", i + 2);
      if (end != std::string_view::npos) {
        out += "<strong>" + inline_html(text.substr(i + 2, end - i - 2)) + "</strong>";
        i = end + 2;
        continue;
      }
    }
    append_html_escaped(out, text.substr(i, 1));
    ++i;
  }
  return out;
}

// "| a | b |" -> {"a", "b"}.
std::vector<std::string_view> table_cells(std::string_view line) {
  if (line.starts_with('|')) line.remove_prefix(1);
  if (line.ends_with('|')) line.remove_suffix(1);
  std::vector<std::string_view> cells;
  for (std::size_t from = 0; from <= line.size();) {
    std::size_t bar = line.find('|', from);
    if (bar == std::string_view::npos) bar = line.size();
    std::string_view cell = line.substr(from, bar - from);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    cells.push_back(cell);
    from = bar + 1;
  }
  return cells;
}

bool is_alignment_row(std::string_view line) {
  return line.starts_with('|') && line.find_first_not_of("|-: ") == std::string_view::npos;
}

// A pipe table from its lines: the header, the alignment row (when there is one), the body.
std::string table_html(const std::vector<std::string_view>& lines) {
  std::vector<bool> right;
  const bool aligned = lines.size() > 1 && is_alignment_row(lines[1]);
  if (aligned)
    for (const std::string_view cell : table_cells(lines[1])) right.push_back(cell.ends_with(':'));
  const auto row = [&](std::string_view line, const char* tag) {
    std::string out = "<tr>";
    const std::vector<std::string_view> cells = table_cells(line);
    for (std::size_t c = 0; c < cells.size(); ++c)
      out += std::string("<") + tag + (c < right.size() && right[c] ? " class=\"num\">" : ">") + inline_html(cells[c]) +
             "</" + tag + ">";
    return out + "</tr>\n";
  };
  std::string out = "<table>\n<thead>" + row(lines.front(), "th") + "</thead>\n<tbody>\n";
  for (std::size_t i = aligned ? 2 : 1; i < lines.size(); ++i) out += row(lines[i], "td");
  return out + "</tbody>\n</table>\n";
}

// The number of a "12. item" line's marker (digits and ". "), or 0 when it is not one.
std::size_t ordered_marker(std::string_view line) {
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  return digits > 0 && line.substr(digits, 2) == ". " ? digits + 2 : 0;
}

enum class block : std::uint8_t { none, bullets, numbers, table };

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  std::string out;
  block open = block::none;
  std::vector<std::string_view> table_lines;
  const auto close = [&] {
    if (open == block::bullets) out += "</ul>\n";
    if (open == block::numbers) out += "</ol>\n";
    if (open == block::table) out += table_html(table_lines);
    table_lines.clear();
    open = block::none;
  };
  const auto enter = [&](block b, const char* tag) {
    if (open == b) return;
    close();
    open = b;
    if (tag) out += tag;
  };
  for (std::size_t from = 0; from < markdown.size();) {
    std::size_t end = markdown.find('\n', from);
    if (end == std::string_view::npos) end = markdown.size();
    const std::string_view line = markdown.substr(from, end - from);
    from = end + 1;
    std::size_t level = 0;
    while (level < line.size() && line[level] == '#') ++level;
    if (line.empty()) {
      close();
    } else if (level > 0 && level <= 6 && line.substr(level, 1) == " ") {
      close();
      const std::string tag = "h" + std::to_string(level);
      out += '<';
      out += tag;
      out += '>';
      out += inline_html(line.substr(level + 1));
      out += "</";
      out += tag;
      out += ">\n";
    } else if (line.starts_with('|')) {
      enter(block::table, nullptr);
      table_lines.push_back(line);
    } else if (line.starts_with("- ")) {
      enter(block::bullets, "<ul>\n");
      out += "<li>" + inline_html(line.substr(2)) + "</li>\n";
    } else if (const std::size_t marker = ordered_marker(line)) {
      enter(block::numbers, "<ol>\n");
      out += "<li>" + inline_html(line.substr(marker)) + "</li>\n";
    } else {
      close();
      out += "<p>" + inline_html(line) + "</p>\n";
    }
  }
  close();
  return out;
}

}  // namespace descheck::detail
