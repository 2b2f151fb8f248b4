// Result rows (SPEC 7) as CSV, JSON or an aligned table.
#include "descheck/report/report.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <system_error>

#include "io/text.hpp"

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
  switch (kind) {
    case row_kind::requirements:
      return "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status";
    case row_kind::networks:
      return "scenario,network_id,date,state,active,unmet,demand_hours,delivered_hours,shortfall_hours";
    case row_kind::requirement_intervals:
      return "scenario,network_id,from,to,service,requirement,kind,priority,demand,delivered,coverage,shortfall,"
             "status";
    case row_kind::network_intervals:
      return "scenario,network_id,from,to,state,active,unmet,demand_hours,delivered_hours,shortfall_hours";
    case row_kind::earliest:
      break;
  }
  return "scenario,network_id,service,status,in_force_from,earliest";
}

namespace {

void append_json(std::string& out, std::string_view s) {
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
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_fixed(std::string& out, double value, int decimals) {
  out += format_fixed(value, decimals);  // never empty, never "nan" or "inf" (io/text.hpp)
}

void append_integer(std::string& out, std::uint64_t value) {
  char buffer[24];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ptr);
}

void append_date(std::string& out, date d) {
  const year_month_day ymd = to_ymd(d);
  if (ymd.year < 0 || ymd.year > 9999) {
    out += to_string(d);
    return;
  }
  char buffer[10] = {static_cast<char>('0' + ymd.year / 1000),
                     static_cast<char>('0' + ymd.year / 100 % 10),
                     static_cast<char>('0' + ymd.year / 10 % 10),
                     static_cast<char>('0' + ymd.year % 10),
                     '-',
                     static_cast<char>('0' + ymd.month / 10),
                     static_cast<char>('0' + ymd.month % 10),
                     '-',
                     static_cast<char>('0' + ymd.day / 10),
                     static_cast<char>('0' + ymd.day % 10)};
  out.append(buffer, sizeof buffer);
}

// Display width of UTF-8 text (code points; good enough for names and ids).
std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// Text for a terminal: a line break, ESC or other control byte in a name prints as \xNN (as in
// diagnostics) so that a cell can neither start a line nor drive the terminal; it also keeps the
// cell separator below out of cells.
void append_printable(std::string& out, std::string_view s) {
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    } else {
      out += c;
    }
  }
}

// Table cells and rows inside formatted text: unit and record separators, never in ids or names
// (the loaders refuse control characters).
constexpr char cell_end = '\x1f';

// Writes the cells of one row in the chosen format.
class row_text {
 public:
  row_text(std::string& out, output_format format, const std::vector<std::string>& names)
      : out_(out), format_(format), names_(names) {
    if (format_ == output_format::json) out_ += ",\n  {";
  }
  void text(std::string_view v) {
    next();
    if (format_ == output_format::json) {
      append_json(out_, v);
    } else if (format_ == output_format::csv) {
      detail::append_csv_field(out_, v);
    } else {
      append_printable(out_, v);
    }
  }
  void number(double v) {
    next();
    append_fixed(out_, v, format_ == output_format::table ? 2 : 4);
  }
  void integer(std::uint64_t v) {
    next();
    append_integer(out_, v);
  }
  void day(date d) {
    next();
    if (format_ == output_format::json) out_ += '"';
    append_date(out_, d);
    if (format_ == output_format::json) out_ += '"';
  }
  void missing() {
    next();
    if (format_ == output_format::json) out_ += "null";
  }
  void end() {
    if (format_ == output_format::json) {
      out_ += '}';
    } else {
      if (format_ == output_format::table) out_ += cell_end;
      out_ += '\n';
    }
  }

 private:
  void next() {
    if (format_ == output_format::json) {
      if (column_ > 0) out_ += ", ";
      append_json(out_, names_[column_]);
      out_ += ": ";
    } else if (format_ == output_format::csv) {
      if (column_ > 0) out_ += ',';
    } else if (column_ > 0) {
      out_ += cell_end;
    }
    ++column_;
  }

  std::string& out_;
  output_format format_;
  const std::vector<std::string>& names_;
  std::size_t column_ = 0;
};

}  // namespace

struct row_writer::impl {
  std::ostream& out;
  const rule_set& rules;
  const panel& networks;
  row_kind kind;
  output_format format;
  std::string scenario;
  std::vector<std::string> names;
  std::vector<char> numeric;  // per column, for right alignment in tables
  std::string table;          // formatted table rows not yet laid out (at most table_look_ahead)
  std::size_t table_rows = 0;  // rows in `table`
  std::vector<std::size_t> widths;  // column widths, fixed by the first rows once the header is out
  std::string scratch;        // reused by add()
  bool first = true;
  bool finished = false;

  void requirement_cells(row_text& row, const requirement_row& r, bool interval) const {
    const requirement_ref ref = rules.flat[r.requirement];
    const service& svc = rules.services[ref.service];
    const requirement& req = svc.requirements[ref.requirement];
    row.text(scenario);
    row.text(networks.networks[r.network].id);
    row.day(r.from);
    if (interval) row.day(r.to);
    row.text(svc.id);
    row.text(req.id);
    row.text(to_string(req.kind));
    row.integer(static_cast<std::uint64_t>(req.priority));
    row.number(r.demand);
    row.number(r.delivered);
    row.number(r.coverage());
    row.number(r.shortfall());
    row.text(to_string(r.status));
    row.end();
  }

  void network_cells(row_text& row, const network_row& r, bool interval) const {
    row.text(scenario);
    row.text(networks.networks[r.network].id);
    row.day(r.from);
    if (interval) row.day(r.to);
    row.text(to_string(r.state));
    row.integer(r.active);
    row.integer(r.unmet);
    row.number(r.demand_hours);
    row.number(r.delivered_hours);
    row.number(r.shortfall_hours());
    row.end();
  }

  void earliest_cells(row_text& row, const earliest_row& r) const {
    row.text(scenario);
    row.text(networks.networks[r.network].id);
    row.text(rules.services[r.service].id);
    row.text(to_string(r.status));
    if (r.status == earliest_status::not_in_force) {
      row.missing();
    } else {
      row.day(r.in_force_from);
    }
    if (r.status == earliest_status::compliant || r.status == earliest_status::compliant_from) {
      row.day(r.earliest);
    } else {
      row.missing();
    }
    row.end();
  }
};

row_writer::row_writer(std::ostream& out, const rule_set& rules, const panel& networks, row_kind kind,
                       output_format format, std::string scenario)
    : impl_(std::make_unique<impl>(
          impl{out, rules, networks, kind, format, std::move(scenario), {}, {}, {}, 0, {}, {}, true, false})) {
  if (impl_->scenario.empty()) impl_->scenario = rules.scenario_id;
  static constexpr std::string_view number_columns[] = {
      "priority", "demand", "delivered",    "coverage",        "shortfall",
      "active",   "unmet",  "demand_hours", "delivered_hours", "shortfall_hours"};
  const std::string_view header = csv_header(kind);
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = header.find(',', start);
    const std::string_view name =
        header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    impl_->names.emplace_back(name);
    impl_->numeric.push_back(std::find(std::begin(number_columns), std::end(number_columns), name) !=
                             std::end(number_columns));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (format == output_format::csv) out << header << '\n';
}

row_writer::~row_writer() = default;

void row_writer::set_scenario(std::string scenario) { impl_->scenario = std::move(scenario); }

void row_writer::format(const result_block& block, std::string& text) const {
  const impl& w = *impl_;
  const auto row = [&] { return row_text(text, w.format, w.names); };
  switch (w.kind) {
    case row_kind::requirements:
    case row_kind::requirement_intervals:
      for (const requirement_row& r : block.requirements) {
        row_text cells = row();
        w.requirement_cells(cells, r, w.kind == row_kind::requirement_intervals);
      }
      break;
    case row_kind::networks:
    case row_kind::network_intervals:
      for (const network_row& r : block.networks) {
        row_text cells = row();
        w.network_cells(cells, r, w.kind == row_kind::network_intervals);
      }
      break;
    case row_kind::earliest:
      for (const earliest_row& r : block.earliest) {
        row_text cells = row();
        w.earliest_cells(cells, r);
      }
      break;
  }
}

void row_writer::write(std::string_view text) {
  impl& w = *impl_;
  if (text.empty()) return;
  if (w.format == output_format::table) {
    w.table += text;
    w.table_rows += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (w.table_rows >= table_look_ahead) lay_out_table();
  } else if (w.format == output_format::json && w.first) {
    w.out << '[' << text.substr(1);  // the first row's ",\n  {" becomes "[\n  {"
  } else {
    w.out << text;
  }
  w.first = false;
}

void row_writer::add(const result_block& block) {
  impl_->scratch.clear();
  format(block, impl_->scratch);
  write(impl_->scratch);
}

void row_writer::add(const check_result& result) {
  result_block block;
  block.first_network = result.network;
  block.last_network = result.network + 1;
  block.networks.push_back({result.network, result.at, result.at, result.state, result.active, result.unmet,
                            result.demand_hours, result.delivered_hours});
  for (const requirement_result& r : result.requirements)
    block.requirements.push_back(
        {result.network, result.at, result.at, r.requirement, r.demand, r.delivered, r.status});
  add(block);
}

void row_writer::lay_out_table(bool header_only) {
  // Streams the table: the first rows (up to table_look_ahead) fix the column widths and the header
  // goes out with them; later rows are padded to those widths, a wider cell overflowing its column
  // rather than holding every row of a national series in memory to measure them all.
  impl& w = *impl_;
  if (w.table.empty() && !header_only) return;
  std::vector<std::string_view> cells;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < w.table.size(); ++i) {
    if (w.table[i] == cell_end) {
      cells.emplace_back(w.table.data() + begin, i - begin);
      begin = i + 1;
    } else if (w.table[i] == '\n') {
      begin = i + 1;
    }
  }
  const std::size_t columns = w.names.size();
  std::string line;
  const auto put = [&](std::size_t c, std::string_view v, bool right) {
    if (c > 0) line += "  ";
    const std::size_t have = width(v);
    const std::string pad(w.widths[c] > have ? w.widths[c] - have : 0, ' ');
    if (right) line += pad;
    line += v;
    if (!right) line += pad;
    if (c + 1 == columns) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      line += '\n';
      w.out << line;
      line.clear();
    }
  };
  if (w.widths.empty()) {
    w.widths.resize(columns);
    for (std::size_t c = 0; c < columns; ++c) w.widths[c] = width(w.names[c]);
    for (std::size_t i = 0; i < cells.size(); ++i)
      w.widths[i % columns] = std::max(w.widths[i % columns], width(cells[i]));
    for (std::size_t c = 0; c < columns; ++c) put(c, w.names[c], false);
  }
  for (std::size_t i = 0; i < cells.size(); ++i) put(i % columns, cells[i], w.numeric[i % columns] != 0);
  w.table.clear();
  w.table_rows = 0;
}

void row_writer::finish() {
  impl& w = *impl_;
  if (w.finished) return;
  w.finished = true;
  if (w.format == output_format::json) {
    w.out << (w.first ? "[]\n" : "\n]\n");
  } else if (w.format == output_format::table) {
    lay_out_table();
    if (w.widths.empty()) {  // no rows at all: the header alone
      lay_out_table(true);
      w.out << "(no rows)\n";
    }
  }
  w.out.flush();
}

}  // namespace descheck
