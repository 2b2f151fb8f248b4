#pragma once
// Charts as inline SVG for the report page (report/html.cpp): drawn here, in C++, so that the page
// needs no script library and shows its charts without one. Every label is escaped.
#include <optional>
#include <string>
#include <vector>

namespace descheck::detail {

/// One line or one set of bars: its legend label and a value per category (nullopt: none there).
struct chart_series {
  std::string label;
  std::vector<std::optional<double>> values;
  std::vector<std::string> notes;  ///< optional per value: the tooltip text (default: the value)
};

/// Shares (0 to 1) over evenly spaced categories (sample dates), a line per series with a marker at
/// each value; a gap where a series has no value. `title` names the chart for screen readers.
[[nodiscard]] std::string line_chart_svg(const std::string& title, const std::vector<std::string>& categories,
                                         const std::vector<chart_series>& series);

/// Horizontal bars: a group per category (e.g. a role), a bar per series, the value at its end.
[[nodiscard]] std::string bar_chart_svg(const std::string& title, const std::vector<std::string>& categories,
                                        const std::vector<chart_series>& series);

}  // namespace descheck::detail
