#pragma once
// The opening prose of the national report and of a comparison of scenarios: the sentences the
// Markdown page and the HTML page (report/html.cpp) both print, written once.
#include <iosfwd>
#include <string>
#include <vector>

#include "descheck/report/national.hpp"

namespace descheck::detail {

/// What the report's columns mean (compliant, short, bottleneck roles; no data with a coverage file),
/// one Markdown line each.
[[nodiscard]] std::string national_definitions(bool coverage);

/// The headline paragraph and one list item per financial year, in Markdown; "No sample dates in the
/// range." and false when there are no dates (nothing more to write).
bool write_national_summary(std::ostream& out, const rule_set& rules, const national_report& report);

/// The size of the comparison, one paragraph per financial year naming every scenario, and the line
/// that names the scenarios' ids, in Markdown; false (after saying so) when there are no dates.
/// `reports` is not empty.
bool write_comparison_summary(std::ostream& out, const std::vector<labelled_report>& reports);

}  // namespace descheck::detail
