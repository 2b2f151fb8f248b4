// Line and bar charts as inline SVG (report/svg.hpp). Plain shapes and text: the page's CSS sets
// the fonts; colours and dash patterns tell series apart, and every value has a tooltip (<title>).
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>

#include "io/text.hpp"
#include "report/html_text.hpp"

namespace descheck::detail {

namespace {

constexpr const char* colours[] = {"#1f5fa8", "#c0392b", "#2e8b57", "#7d3c98", "#d35400", "#5d6d7e"};
constexpr const char* dashes[] = {"", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"};
constexpr std::size_t palette = 6;

std::string number(double v, int decimals = 1) { return format_fixed(v, decimals); }

std::string svg_open(const std::string& title, double width, double height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " + number(width, 0) +
         " " + number(height, 0) + "\" width=\"" + number(width, 0) + "\" height=\"" + number(height, 0) +
         "\" aria-label=\"" + html_escaped(title) + "\"><title>" + html_escaped(title) + "</title>\n";
}

std::string text(double x, double y, const std::string& anchor, const std::string& content,
                 const std::string& extra = "") {
  return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         html_escaped(content) + "</text>\n";
}

// `label` cut to at most `bytes` with "..." when longer, never inside a UTF-8 sequence.
std::string shortened(const std::string& label, std::size_t bytes) {
  if (label.size() <= bytes) return label;
  std::size_t end = bytes - 3;
  while (end > 0 && (static_cast<unsigned char>(label[end]) & 0xC0) == 0x80) --end;
  return label.substr(0, end) + "...";
}

// The legend at the top, a line per series: a swatch (line or block) and its label.
std::string legend(const std::vector<chart_series>& series, double x, double y, bool lines) {
  std::string out;
  for (std::size_t s = 0; s < series.size(); ++s) {
    const std::string colour = colours[s % palette];
    const double at = x;
    const double row = y + 16.0 * static_cast<double>(s);
    out += lines ? "<line x1=\"" + number(at) + "\" y1=\"" + number(row - 4) + "\" x2=\"" + number(at + 18) +
                       "\" y2=\"" + number(row - 4) + "\" stroke=\"" + colour +
                       "\" stroke-width=\"2\" stroke-dasharray=\"" + dashes[s % palette] + "\"/>\n"
                 : "<rect x=\"" + number(at) + "\" y=\"" + number(row - 10) + "\" width=\"14\" height=\"10\" fill=\"" +
                       colour + "\"/>\n";
    out += text(at + 24, row, "start", shortened(series[s].label, 88), " class=\"legend\"");
  }
  return out;
}

std::string tooltip(const chart_series& s, std::size_t i, const std::string& category, const std::string& value) {
  const std::string note = i < s.notes.size() && !s.notes[i].empty() ? s.notes[i] : value;
  return "<title>" + html_escaped(s.label + ", " + category + ": " + note) + "</title>";
}

// The polylines of one series, broken where it has no value, and a marker at each value.
std::string series_path(const chart_series& s, std::size_t index, const std::vector<std::string>& categories,
                        double left, double step, double top, double height) {
  std::string out;
  std::string points;
  const auto flush = [&] {
    if (points.empty()) return;
    out += "<polyline fill=\"none\" stroke=\"" + std::string(colours[index % palette]) +
           "\" stroke-width=\"2\" stroke-dasharray=\"" + dashes[index % palette] + "\" points=\"" + points + "\"/>\n";
    points.clear();
  };
  std::string markers;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const std::optional<double> v = i < s.values.size() ? s.values[i] : std::nullopt;
    if (!v) {
      flush();
      continue;
    }
    const double x = left + step * static_cast<double>(i);
    const double y = top + height * (1.0 - std::clamp(*v, 0.0, 1.0));
    points += (points.empty() ? "" : " ") + number(x) + "," + number(y);
    markers += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y) + "\" r=\"3\" fill=\"" + colours[index % palette] +
               "\">" + tooltip(s, i, categories[i], number(*v * 100.0) + "%") + "</circle>\n";
  }
  flush();
  return out + markers;
}

}  // namespace

std::string line_chart_svg(const std::string& title, const std::vector<std::string>& categories,
                           const std::vector<chart_series>& series) {
  const double width = 680;
  const double left = 52;
  const double right = 20;
  const double top = 16.0 * static_cast<double>(series.size()) + 16;
  const double plot = 180;
  const double height = top + plot + 44;
  const double step = categories.size() > 1 ? (width - left - right) / static_cast<double>(categories.size() - 1) : 0;
  std::string out = svg_open(title, width, height);
  out += legend(series, 12, 14, true);
  for (int p = 0; p <= 100; p += 25) {
    const double y = top + plot * (1.0 - p / 100.0);
    out += "<line class=\"grid\" x1=\"" + number(left) + "\" y1=\"" + number(y) + "\" x2=\"" + number(width - right) +
           "\" y2=\"" + number(y) + "\"/>\n";
    out += text(left - 6, y + 4, "end", std::to_string(p) + "%");
  }
  // A label at most every few dates, so that they never overlap.
  const std::size_t every = std::max<std::size_t>(1, (categories.size() + 7) / 8);
  for (std::size_t i = 0; i < categories.size(); i += every)
    out += text(left + step * static_cast<double>(i), top + plot + 18, "middle", categories[i]);
  for (std::size_t s = 0; s < series.size(); ++s) out += series_path(series[s], s, categories, left, step, top, plot);
  return out + "</svg>\n";
}

std::string bar_chart_svg(const std::string& title, const std::vector<std::string>& categories,
                          const std::vector<chart_series>& series) {
  const double width = 680;
  const double left = 240;
  const double right = 60;
  const double top = 16.0 * static_cast<double>(series.size()) + 12;
  const double bar = 14;
  const double group = bar * static_cast<double>(series.size()) + 10;
  const double height = top + group * static_cast<double>(categories.size()) + 8;
  double largest = 0;
  for (const chart_series& s : series)
    for (const auto& v : s.values) largest = std::max(largest, v.value_or(0.0));
  const double scale = largest > 0 ? (width - left - right) / largest : 0;
  std::string out = svg_open(title, width, height);
  out += legend(series, 12, 14, false);
  for (std::size_t c = 0; c < categories.size(); ++c) {
    const double y0 = top + group * static_cast<double>(c);
    out += text(left - 8, y0 + group / 2 + 1, "end", categories[c]);
    for (std::size_t s = 0; s < series.size(); ++s) {
      const std::optional<double> v = c < series[s].values.size() ? series[s].values[c] : std::nullopt;
      if (!v) continue;
      const double y = y0 + bar * static_cast<double>(s) + 4;
      const std::string shown = group_thousands(number(*v, 0));
      out += "<rect x=\"" + number(left) + "\" y=\"" + number(y) + "\" width=\"" + number(std::max(1.0, *v * scale)) +
             "\" height=\"" + number(bar - 2) + "\" fill=\"" + colours[s % palette] + "\">" +
             tooltip(series[s], c, categories[c], shown) + "</rect>\n";
      out += text(left + *v * scale + 4, y + bar - 4, "start", shown, " class=\"value\"");
    }
  }
  return out + "</svg>\n";
}

}  // namespace descheck::detail
