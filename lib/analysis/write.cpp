// Sensitivity and uncertainty tables as an aligned table, CSV, JSON or Markdown.
#include <array>
#include <charconv>
#include <cmath>
#include <ostream>
#include <sstream>

#include "descheck/analysis/sensitivity.hpp"
#include "descheck/analysis/uncertainty.hpp"
#include "io/text.hpp"

namespace descheck {

namespace {

// A typed table of already formatted cells: numbers are right-aligned and unquoted in JSON.
struct grid {
  struct column {
    std::string name;
    bool number = false;
  };
  std::vector<column> columns;
  std::vector<std::vector<std::string>> rows;
};

// Display width of UTF-8 text: one per code point (the ids and file names are ASCII; "–" is one).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      std::array<char, 8> buffer{};
      std::snprintf(buffer.data(), buffer.size(), "\\u%04x", static_cast<unsigned>(c));
      out += buffer.data();
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void write_csv(std::ostream& out, const grid& g) {
  std::string line;
  for (std::size_t i = 0; i < g.columns.size(); ++i) {
    if (i > 0) line += ',';
    detail::append_csv_field(line, g.columns[i].name);
  }
  out << line << '\n';
  for (const auto& row : g.rows) {
    line.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += ',';
      detail::append_csv_field(line, row[i]);
    }
    out << line << '\n';
  }
}

void write_json_rows(std::ostream& out, const grid& g, const std::string& indent) {
  out << "[";
  for (std::size_t r = 0; r < g.rows.size(); ++r) {
    out << (r == 0 ? "\n" : ",\n") << indent << "  {";
    for (std::size_t i = 0; i < g.columns.size(); ++i) {
      const std::string& v = g.rows[r][i];
      out << (i == 0 ? "" : ", ") << json_string(g.columns[i].name) << ": "
          << (g.columns[i].number ? (v.empty() ? std::string("null") : v) : json_string(v));
    }
    out << "}";
  }
  out << (g.rows.empty() ? "]" : "\n" + indent + "]");
}

void write_aligned(std::ostream& out, const grid& g, bool markdown) {
  std::vector<std::size_t> widths;
  for (const auto& c : g.columns) widths.push_back(width(c.name));
  for (const auto& row : g.rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text = markdown ? "| " : "";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(widths[i] - width(cells[i]), ' ');
      text += g.columns[i].number ? pad + cells[i] : cells[i] + pad;
      if (i + 1 < cells.size()) text += markdown ? " | " : "  ";
    }
    if (markdown) text += " |";
    while (!markdown && !text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  std::vector<std::string> header;
  for (const auto& c : g.columns) header.push_back(c.name);
  line(header);
  std::vector<std::string> rule;
  for (std::size_t i = 0; i < g.columns.size(); ++i) {
    std::string dashes(std::max<std::size_t>(widths[i], 3), '-');
    if (markdown && g.columns[i].number) dashes.back() = ':';
    rule.push_back(markdown ? dashes : std::string(widths[i], '-'));
  }
  if (markdown) {
    for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = std::max<std::size_t>(widths[i], 3);
  }
  line(rule);
  for (const auto& row : g.rows) line(row);
}

// The shortest decimal that reads back as the same double.
std::string shortest(double v) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed);
  return {buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())};
}

int decimals(measure_kind k) { return k == measure_kind::compliant ? 0 : 2; }

std::string service_id(const rule_set& rules, std::uint32_t service) {
  return service == no_index ? std::string("all") : rules.services.at(service).id;
}

}  // namespace

void write_tornado(std::ostream& out, const rule_set& rules, const sensitivity_result& result, analysis_format format,
                   std::size_t top) {
  const measure_kind kind = result.options.measure;
  const int places = decimals(kind);
  grid g;
  g.columns = {{"rank", true},  {"id", false},         {"source", false},      {"status", false},
               {"value", true}, {"range_low", true},   {"range_high", true},   {"distribution", false},
               {"base", true},  {"measure_low", true}, {"measure_high", true}, {"swing", true}};
  const std::size_t count = top > 0 ? std::min(top, result.rows.size()) : result.rows.size();
  for (std::size_t i = 0; i < count; ++i) {
    const sensitivity_row& r = result.rows[i];
    g.rows.push_back({std::to_string(i + 1), r.value.id, r.value.file + ":" + std::to_string(r.value.line),
                      to_string(r.value.status), shortest(r.value.value), shortest(r.value.range.low),
                      shortest(r.value.range.high), to_string(r.value.range.distribution),
                      detail::format_fixed(result.base, places), detail::format_fixed(r.low, places),
                      detail::format_fixed(r.high, places), detail::format_fixed(r.swing(), places)});
  }
  const std::string what =
      std::string(kind == measure_kind::compliant ? "networks compliant" : "shortfall hours a week") + " (" +
      service_id(rules, result.options.service) + ") " +
      (result.options.window.from == result.options.window.to ? "at " : "in ") + to_string(result.options.window);
  switch (format) {
    case analysis_format::csv:
      write_csv(out, g);
      return;
    case analysis_format::json:
      out << "{\"scenario\": " << json_string(result.scenario) << ", \"measure\": " << json_string(to_string(kind))
          << ", \"service\": " << json_string(service_id(rules, result.options.service))
          << ", \"window\": " << json_string(to_string(result.options.window))
          << ", \"base\": " << detail::format_fixed(result.base, places) << ", \"values\": " << result.rows.size()
          << ", \"rows\": ";
      write_json_rows(out, g, "");
      out << "}\n";
      return;
    case analysis_format::markdown:
      out << "Sensitivity of " << what << ", scenario " << result.scenario << ": base "
          << detail::format_fixed(result.base, places) << ".\n\n";
      write_aligned(out, g, true);
      break;
    case analysis_format::table:
      write_aligned(out, g, false);
      out << "\nbase: " << detail::format_fixed(result.base, places) << " " << what << " (scenario " << result.scenario
          << ")\n";
      break;
  }
  if (count < result.rows.size())
    out << (format == analysis_format::markdown ? "\n" : "") << result.rows.size() - count
        << " more ranged values not shown (--top)\n";
}

void write_network_probabilities(std::ostream& out, const panel& networks, const uncertainty_result& result,
                                 bool json) {
  grid g;
  g.columns = {{"network_id", false}, {"date", false},   {"draws", true},      {"in_force", true},
               {"compliant", true},   {"no_data", true}, {"probability", true}};
  g.rows.reserve(result.networks.size());
  for (const network_probability& p : result.networks)
    g.rows.push_back({networks.networks.at(p.network).id, to_string(p.at), std::to_string(p.draws),
                      std::to_string(p.in_force), std::to_string(p.compliant), std::to_string(p.no_data),
                      p.draws > p.no_data ? detail::format_fixed(p.probability(), 4) : std::string()});
  if (json) {
    write_json_rows(out, g, "");
    out << '\n';
  } else {
    write_csv(out, g);
  }
}

void write_measure_summary(std::ostream& out, const rule_set& rules, const uncertainty_result& result,
                           analysis_format format) {
  grid g;
  g.columns = {{"measure", false}, {"service", false}, {"date", false}, {"base", true},
               {"mean", true},     {"p5", true},       {"p50", true},   {"p95", true}};
  for (const measure_summary& m : result.measures) {
    const int places = decimals(m.measure);
    g.rows.push_back({to_string(m.measure), service_id(rules, m.service), to_string(m.at),
                      detail::format_fixed(m.base, places), detail::format_fixed(m.mean, 1),
                      detail::format_fixed(m.p5, places), detail::format_fixed(m.p50, places),
                      detail::format_fixed(m.p95, places)});
  }
  const std::string headline = std::to_string(result.draws) + " draws of " + std::to_string(result.values) +
                               " ranged values, seed " + std::to_string(result.seed) + ", scenario " + result.scenario;
  const bool years = !result.year_measures.empty();
  constexpr const char* years_note =
      "Financial years: compliant on every day of the year (within the range) on which something is in force; "
      "shortfall averaged over its days.";
  switch (format) {
    case analysis_format::csv:
      write_csv(out, g);
      break;
    case analysis_format::json:
      out << "{\"scenario\": " << json_string(result.scenario) << ", \"seed\": " << result.seed
          << ", \"draws\": " << result.draws << ", \"values\": " << result.values << ", \"measures\": ";
      write_json_rows(out, g, "");
      if (years) {
        std::ostringstream rows;
        write_year_measures(rows, rules, result, table_format::json);
        std::string text = rows.str();
        while (!text.empty() && text.back() == '\n') text.pop_back();
        out << ", \"year_measures\": " << text;
      }
      out << "}\n";
      break;
    case analysis_format::markdown:
      out << headline << "; nearest-rank percentiles.\n\n";
      write_aligned(out, g, true);
      if (years) {
        out << "\n" << years_note << "\n\n";
        write_year_measures(out, rules, result, table_format::markdown);
      }
      break;
    case analysis_format::table:
      write_aligned(out, g, false);
      if (years) {
        out << '\n';
        write_year_measures(out, rules, result, table_format::table);
      }
      out << "\n" << headline << "; nearest-rank percentiles\n";
      if (years) out << years_note << '\n';
      break;
  }
}

table year_measure_table(const rule_set& rules, const uncertainty_result& result) {
  table rows({{"measure"},
              {"service"},
              {"financial_year"},
              {"from", column_type::date},
              {"to", column_type::date},
              {"base", column_type::number, 2},
              {"mean", column_type::number, 1},
              {"p5", column_type::number, 2},
              {"p50", column_type::number, 2},
              {"p95", column_type::number, 2}});
  // Compliant counts are whole numbers: written without decimals.
  const auto figure = [](measure_kind k, double v) -> table_cell {
    if (k == measure_kind::compliant) return static_cast<std::int64_t>(std::llround(v));
    return v;
  };
  for (const year_measure_summary& m : result.year_measures)
    rows.add_row({std::string(to_string(m.measure)), service_id(rules, m.service), m.financial_year, m.window.from,
                  m.window.to, figure(m.measure, m.base), m.mean, figure(m.measure, m.p5), figure(m.measure, m.p50),
                  figure(m.measure, m.p95)});
  return rows;
}

void write_year_measures(std::ostream& out, const rule_set& rules, const uncertainty_result& result,
                         table_format format) {
  write_table(out, year_measure_table(rules, result), format);
}

}  // namespace descheck
