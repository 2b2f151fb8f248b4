// The national report as an HTML page (descheck/report/html.hpp) and its private helpers: escaping,
// the Markdown subset, the charts.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "descheck/report/html.hpp"
#include "fixtures.hpp"
#include "report/html_text.hpp"
#include "report/svg.hpp"

namespace {

using namespace descheck;
using fixtures::day;

TEST(HtmlText, EscapesMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(detail::html_escaped("A & B <b>\"x\" 'y'"), "A &amp; B &lt;b&gt;&quot;x&quot; &#39;y&#39;");
  EXPECT_EQ(detail::html_escaped(std::string("bell\x07 esc\x1b del\x7f", 15)), "bell\\x07 esc\\x1b del\\x7f");
  EXPECT_EQ(detail::html_escaped("line\nnext\ttab"), "line\nnext\ttab");  // kept: explanations are <pre>
  EXPECT_EQ(detail::html_escaped("Caf\xc3\xa9 \xe6\x9d\xb1"), "Caf\xc3\xa9 \xe6\x9d\xb1");
}

TEST(HtmlText, JsonInsideAScriptHasNoLessThanSign) {
  EXPECT_EQ(detail::script_json_string("</script><!-- \"q\"\n"), "\"\\u003c/script>\\u003c!-- \\\"q\\\"\\n\"");
}

TEST(HtmlText, MarkdownSubsetBecomesEscapedHtml) {
  const std::string html = detail::markdown_to_html(
      "## A & B\n\nOne line with `code` and **bold <b>**.\n\n- first\n- second\n\n1. one\n2. two\n\n"
      "| name | count |\n|---|---:|\n| <x> | 1,250 |\n");
  EXPECT_NE(html.find("<h2>A &amp; B</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>One line with <code>code</code> and <strong>bold &lt;b&gt;</strong>.</p>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<ul>\n<li>first</li>\n<li>second</li>\n</ul>"), std::string::npos) << html;
  EXPECT_NE(html.find("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"), std::string::npos) << html;
  EXPECT_NE(html.find("<thead><tr><th>name</th><th class=\"num\">count</th></tr>\n</thead>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<tr><td>&lt;x&gt;</td><td class=\"num\">1,250</td></tr>"), std::string::npos) << html;
  // An unclosed backtick is text, not the start of a code span that swallows the rest.
  EXPECT_EQ(detail::markdown_to_html("a ` b"), "<p>a ` b</p>\n");
}

TEST(Svg, LineChartBreaksAtGapsAndEscapesLabels) {
  const std::string svg = detail::line_chart_svg("t <1>", {"2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"},
                                                 {{"A & B", {0.5, std::nullopt, 0.25, 1.0}, {}}});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("aria-label=\"t &lt;1&gt;\""), std::string::npos);
  EXPECT_NE(svg.find(">A &amp; B</text>"), std::string::npos);
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') > 0, true);
  std::size_t polylines = 0;
  for (std::size_t at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1)) ++polylines;
  EXPECT_EQ(polylines, 2u) << svg;  // one before the gap, one after
  EXPECT_NE(svg.find("<title>A &amp; B, 2021-01-01: 100.0%</title>"), std::string::npos) << svg;
}

TEST(Svg, BarChartHasABarPerValue) {
  const std::string svg =
      detail::bar_chart_svg("roles", {"GP", "Pharmacist"}, {{"x", {3.0, 1250.0}, {}}, {"y", {std::nullopt, 2.0}, {}}});
  std::size_t bars = 0;
  for (std::size_t at = svg.find("<rect x=\"240"); at != std::string::npos; at = svg.find("<rect x=\"240", at + 1))
    ++bars;
  EXPECT_EQ(bars, 3u) << svg;
  EXPECT_NE(svg.find(">1,250</text>"), std::string::npos) << svg;
}

struct Html : ::testing::Test {
  fixtures::builder b;
  fixtures::panel_fixture p;
  role_index pharmacist = b.role("pharmacist");

  void SetUp() override {
    b.workload("smr", "reviews", 37.5, {fixtures::by(pharmacist)}, 1, "2021-01-01");
    b.finish();
    const std::uint32_t a = p.network("A&1", 0);
    p.p.networks[a].name = "Smith & Jones <script>alert(1)</script> \"PCN\"";
    p.p.networks[a].region = std::string("North\x1b[31m East", 15);
    p.post(a, pharmacist, 1.0);
    const std::uint32_t c = p.network("C", 0);
    p.p.networks[c].region = "North East";
    p.finish();
  }

  std::string page(const std::vector<labelled_report>& reports) {
    std::ostringstream out;
    write_national_html(out, reports, p.p);
    return out.str();
  }

  national_report run(const rule_set& rules) {
    national_options o;
    o.from = day("2020-12-01");
    o.to = day("2021-06-30");
    return summarise_nation(rules, p.p, o);
  }
};

TEST_F(Html, PageIsSelfContainedAndEscapesEveryName) {
  const std::string html = page({{&b.rules, "as enacted", run(b.rules)}});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                      "img-src data:\""),
            std::string::npos);
  // Nothing to fetch: no src= attribute, no stylesheet link, no URL but the SVG namespace.
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("rel=\"stylesheet\""), std::string::npos);
  const std::regex url("(https?:)?//[a-z]");
  std::string without_namespace = std::regex_replace(html, std::regex("http://www\\.w3\\.org/2000/svg"), "");
  EXPECT_FALSE(std::regex_search(without_namespace, url));
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("Smith &amp; Jones &lt;script&gt;alert(1)&lt;/script&gt; &quot;PCN&quot;"), std::string::npos);
  EXPECT_NE(html.find("North\\x1b[31m East"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_NE(html.find("data-n=\"0\" data-search=\"A&amp;1 "), std::string::npos);
  EXPECT_EQ(html.find("</html>\n"), html.size() - 8);
}

TEST_F(Html, SaysTheMarkdownSentencesAndShowsEveryFigure) {
  const national_report report = run(b.rules);
  std::ostringstream md;
  write_national_report(md, b.rules, report, table_format::markdown);
  const std::string html = page({{&b.rules, "as enacted", report}});
  // The headline sentence, word for word.
  const std::string headline = md.str().substr(md.str().find("2 networks, "));
  EXPECT_NE(html.find("<p>" + headline.substr(0, headline.find('\n')) + "</p>"), std::string::npos) << html;
  // A row per date on which the service is in force, with its figures.
  EXPECT_NE(html.find("<tr data-scenario=\"baseline\" data-service=\"smr\" data-date=\"2021-01-01\">"
                      "<td data-col=\"date\">2021-01-01</td><td class=\"num\" data-col=\"networks_in_force\">2</td>"
                      "<td class=\"num\" data-col=\"compliant\">1</td>"
                      "<td class=\"num\" data-col=\"share_compliant\">50.0%</td>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("data-service=\"smr\" data-date=\"2020-12-01\""), std::string::npos);  // not in force yet
  EXPECT_NE(html.find("<td class=\"state-compliant\" data-col=\"state\" data-state=\"compliant\">"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"state-non_compliant\" data-col=\"state\" data-state=\"non_compliant\">"),
            std::string::npos);
}

TEST_F(Html, ExplanationsAreStoredOnceAndRebuildExactly) {
  const std::string html = page({{&b.rules, "as enacted", run(b.rules)}});
  const std::size_t at = html.find("<script type=\"application/json\" id=\"explain-data\">");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = html.find("</script>", at);
  const std::string data = html.substr(at, end - at);
  EXPECT_EQ(data.find('<', 1), std::string::npos);  // nothing in the data can end the script element
  // The explanation of the second network is on the page, piece by piece (here: its first line's start).
  const std::string text = explain(b.rules, p.p, 1, day("2021-04-01"));
  const std::string first_line = text.substr(0, text.find(' ', 10));
  EXPECT_NE(data.find(first_line), std::string::npos) << data;
}

TEST_F(Html, ScenariosSideBySideAndNoDates) {
  rule_set later = b.rules;
  later.scenario_id = "later";
  const std::string html = page({{&b.rules, "as enacted", run(b.rules)}, {&later, "later", run(later)}});
  EXPECT_NE(html.find("<h1>Phasing scenarios compared: "), std::string::npos);
  EXPECT_NE(html.find("data-scenario=\"later\" data-service=\"smr\""), std::string::npos);
  EXPECT_NE(html.find("<th>state (later)</th>"), std::string::npos);
  national_options none;
  none.from = day("2021-01-02");
  none.to = day("2021-01-20");
  const std::string empty = page({{&b.rules, "as enacted", summarise_nation(b.rules, p.p, none)}});
  EXPECT_NE(empty.find("<p>No sample dates in the range.</p>"), std::string::npos) << empty;
  EXPECT_EQ(empty.find("id=\"network-table\""), std::string::npos);
}

}  // namespace
