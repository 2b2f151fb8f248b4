#pragma once
/// \file report/html.hpp
/// The national report as one self-contained HTML page, for people who read reports in a browser:
/// the summary sentences of the Markdown page, per service a chart of compliance over time (a line
/// per scenario), a chart of the bottleneck roles and the table of figures, and every network's state
/// on the last sample date in a table a filter box searches, with the network's explanation
/// (descheck/check/explain.hpp) a click away. Nothing is fetched: the charts are inline SVG drawn
/// here, the style and the small script are inline, and a Content-Security-Policy forbids the rest.

#include <iosfwd>
#include <vector>

#include "descheck/panel/panel.hpp"
#include "descheck/report/claim.hpp"
#include "descheck/report/national.hpp"
#include "descheck/report/workforce.hpp"

namespace descheck {

/// Sections the page adds after the networks, as the Markdown page does after its tables.
struct html_sections {
  const workforce_comparison* workforce = nullptr;  ///< the census against the published counts
  const claim_report* claim = nullptr;              ///< the December 2019 claim put to the test
};

/// Writes the page for `reports` of `networks`: one report, or several scenarios side by side (the
/// first is the rule set as given, as in write_national_comparison). The networks are checked on the
/// reports' last sample date under every scenario and explained under the first.
void write_national_html(std::ostream& out, const std::vector<labelled_report>& reports, const panel& networks,
                         const html_sections& sections = {});

}  // namespace descheck
