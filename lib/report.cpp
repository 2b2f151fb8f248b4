// Result rows (SPEC 7) as CSV, JSON or an aligned table, and atomic file writing.
#include "descheck/report.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <system_error>

#include "text.hpp"

namespace descheck {

output_format parse_output_format(std::string_view text) {
  if (text == "csv") return output_format::csv;
  if (text == "json") return output_format::json;
  if (text == "table") return output_format::table;
  throw input_error({{"", 0, 0, codes::usage,
                      "unknown format '" + std::string(text) + "'" +
                          detail::did_you_mean(text, {"csv", "json", "table"}) + "; use csv, json or table"}});
}

std::string_view csv_header(row_kind kind) noexcept {
  return kind == row_kind::requirements
             ? "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status"
             : "scenario,network_id,date,state,active,unmet,demand_hours,delivered_hours,shortfall_hours";
}

namespace {

enum class cell_kind : std::uint8_t { text, number };
struct cell {
  std::string value;
  cell_kind kind;
};

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string json_escape(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
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
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + '"';
}

// Display width of UTF-8 text (code points; good enough for names and ids).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

struct row_writer::impl {
  std::ostream& out;
  const rule_set& rules;
  const panel& networks;
  row_kind kind;
  output_format format;
  std::string scenario;
  std::vector<std::string> names;
  std::vector<std::vector<cell>> table;  // buffered rows, table format only
  bool first = true;
  bool finished = false;

  void emit(std::vector<cell>& row) {
    switch (format) {
      case output_format::csv:
        for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << csv_escape(row[i].value);
        out << '\n';
        break;
      case output_format::json:
        out << (first ? "[\n  {" : ",\n  {");
        for (std::size_t i = 0; i < row.size(); ++i) {
          out << (i ? ", " : "") << json_escape(names[i]) << ": "
              << (row[i].kind == cell_kind::number ? row[i].value : json_escape(row[i].value));
        }
        out << '}';
        break;
      case output_format::table:
        table.push_back(std::move(row));
        break;
    }
    first = false;
  }
};

row_writer::row_writer(std::ostream& out, const rule_set& rules, const panel& networks, row_kind kind,
                       output_format format, std::string scenario)
    : impl_(
          std::make_unique<impl>(impl{out, rules, networks, kind, format, std::move(scenario), {}, {}, true, false})) {
  const std::string_view header = csv_header(kind);
  std::size_t start = 0;
  while (start <= header.size()) {
    const std::size_t comma = header.find(',', start);
    impl_->names.emplace_back(
        header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (format == output_format::csv) out << header << '\n';
}

row_writer::~row_writer() = default;

void row_writer::add(const check_result& result) {
  impl& w = *impl_;
  const int decimals = w.format == output_format::table ? 2 : 4;
  auto number = [&](double v) { return cell{detail::format_fixed(v, decimals), cell_kind::number}; };
  auto text = [](std::string v) { return cell{std::move(v), cell_kind::text}; };
  const std::string& network_id = w.networks.networks.at(result.network).id;
  const std::string day = to_string(result.at);
  if (w.kind == row_kind::networks) {
    std::vector<cell> row{text(w.scenario),
                          text(network_id),
                          text(day),
                          text(to_string(result.state)),
                          cell{std::to_string(result.active), cell_kind::number},
                          cell{std::to_string(result.unmet), cell_kind::number},
                          number(result.demand_hours),
                          number(result.delivered_hours),
                          number(result.shortfall_hours())};
    w.emit(row);
    return;
  }
  for (const requirement_result& r : result.requirements) {
    const requirement_ref ref = w.rules.flat[r.requirement];
    const service& svc = w.rules.services[ref.service];
    const requirement& req = svc.requirements[ref.requirement];
    std::vector<cell> row{text(w.scenario),
                          text(network_id),
                          text(day),
                          text(svc.id),
                          text(req.id),
                          text(to_string(req.kind)),
                          cell{std::to_string(req.priority), cell_kind::number},
                          number(r.demand),
                          number(r.delivered),
                          number(r.coverage()),
                          number(r.shortfall()),
                          text(to_string(r.status))};
    w.emit(row);
  }
}

void row_writer::finish() {
  impl& w = *impl_;
  if (w.finished) return;
  w.finished = true;
  if (w.format == output_format::json) {
    w.out << (w.first ? "[]\n" : "\n]\n");
  } else if (w.format == output_format::table) {
    std::vector<std::size_t> widths(w.names.size());
    for (std::size_t i = 0; i < w.names.size(); ++i) widths[i] = width(w.names[i]);
    for (const auto& row : w.table)
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i].value));
    auto line = [&](auto value_of, auto is_number) {
      std::string text;
      for (std::size_t i = 0; i < widths.size(); ++i) {
        const std::string v = value_of(i);
        const std::string pad(widths[i] - width(v), ' ');
        text += (i ? "  " : "") + (is_number(i) ? pad + v : v + pad);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      w.out << text << '\n';
    };
    line([&](std::size_t i) { return w.names[i]; }, [](std::size_t) { return false; });
    for (const auto& row : w.table)
      line([&](std::size_t i) { return row[i].value; },
           [&](std::size_t i) { return row[i].kind == cell_kind::number; });
    if (w.table.empty()) w.out << "(no rows)\n";
  }
  w.out.flush();
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string pattern = (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw input_error(
        {{path.string(), 0, 0, codes::io,
          "cannot create a file in " + directory.string() + ": " + std::generic_category().message(errno)}});
  }
  // mkstemp makes the file private; give the result the permissions a plain create would have.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  const std::filesystem::path temporary = pattern;
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      write(out);
      out.flush();
      if (!out) throw input_error({{path.string(), 0, 0, codes::io, "cannot write file (disk full?)"}});
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw input_error({{path.string(), 0, 0, codes::io, "cannot replace file: " + ec.message()}});
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace descheck
