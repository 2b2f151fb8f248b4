// The national report as one self-contained HTML page (descheck/report/html.hpp).
//
// Size: the national panel has over a thousand networks and an explanation runs to about 15 KB, most
// of it the same sources cited again and again. The page keeps each distinct piece of explanation
// text (a line, or a cited source within one) once, and each network as the list of its pieces; the
// script joins them when a network is opened, so the text shown is the explanation as written.
#include "descheck/report/html.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <unordered_map>

#include "descheck/check/check.hpp"
#include "descheck/check/explain.hpp"
#include "io/text.hpp"
#include "report/html_text.hpp"
#include "report/summary.hpp"
#include "report/svg.hpp"

namespace descheck {

namespace {

using detail::html_escaped;

std::string grouped(double value, int decimals = 0) {
  return detail::group_thousands(detail::format_fixed(value, decimals));
}

std::string percent(std::uint32_t part, std::uint32_t whole) {
  return whole == 0 ? std::string("-") : detail::format_fixed(100.0 * part / whole, 1) + "%";
}

constexpr const char* style = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;max-width:72rem;
padding:1rem 1.5rem 4rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.3rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
nav ul{columns:2;padding-left:1.2rem}table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafafa}code{font-size:.9em;background:#f1f3f5;padding:0 .2em}
figure{margin:.8rem 0}figcaption{font-size:.85rem;color:#555}svg.chart{max-width:100%;height:auto;font-size:11px;
fill:#333}svg.chart .grid{stroke:#ddd;stroke-width:1}svg.chart .legend{font-size:12px}
.state-compliant{color:#1e6b35}.state-non_compliant{color:#a3261b;font-weight:600}.state-no_data{color:#777}
.state-not_in_force{color:#555}input[type=search]{font-size:1rem;padding:.3rem .5rem;width:24rem;max-width:100%}
button{font:inherit;cursor:pointer}button.region{border:0;background:none;color:#1f5fa8;text-decoration:underline;
padding:0;text-align:left}tr.explanation pre{white-space:pre-wrap;font-size:.85rem;margin:.3rem 0;max-width:68rem}
.meta{color:#555;font-size:.9rem}td[data-col=date],td code{white-space:nowrap}.wide{overflow-x:auto}.scroll{max-height:32rem;max-width:100%;overflow:auto;
display:inline-block}@media print{nav,input,button.explain,#shown{display:none}}
)";

// Filter box, region links and explanations: plain DOM, text set with textContent (never as markup).
constexpr const char* script = R"(
(function () {
  "use strict";
  var holder = document.getElementById("explain-data");
  if (!holder) return;  // no sample dates: no networks table
  var data = JSON.parse(holder.textContent);
  var table = document.getElementById("network-table");
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.network"));
  var keys = rows.map(function (r) { return r.getAttribute("data-search").toLowerCase(); });
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var total = rows.length.toLocaleString("en-GB");
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r, i) {
      var show = q === "" || keys[i].indexOf(q) >= 0;
      r.hidden = !show;
      var x = r.nextElementSibling;
      if (x && x.classList.contains("explanation")) x.hidden = !show || r.getAttribute("data-open") !== "1";
      if (show) n += 1;
    });
    shown.textContent = n.toLocaleString("en-GB") + " of " + total + " networks shown";
  }
  filter.addEventListener("input", apply);
  table.addEventListener("click", function (e) {
    var b = e.target.closest("button.explain");
    if (!b) return;
    var r = b.closest("tr");
    var x = r.nextElementSibling;
    if (!x || !x.classList.contains("explanation")) {
      x = document.createElement("tr");
      x.className = "explanation";
      var td = document.createElement("td");
      td.colSpan = r.cells.length;
      var pre = document.createElement("pre");
      pre.textContent = data.networks[Number(r.getAttribute("data-n"))].map(function (i) {
        return data.pieces[i];
      }).join("");
      td.appendChild(pre);
      x.appendChild(td);
      x.hidden = true;
      r.parentNode.insertBefore(x, r.nextSibling);
    }
    var open = x.hidden;
    x.hidden = !open;
    r.setAttribute("data-open", open ? "1" : "0");
    b.setAttribute("aria-expanded", open ? "true" : "false");
    b.textContent = open ? "Hide" : "Explain";
  });
  document.getElementById("regions").addEventListener("click", function (e) {
    var b = e.target.closest("button.region");
    if (!b) return;
    filter.value = b.getAttribute("data-region");
    apply();
    filter.scrollIntoView();
  });
  apply();
})();
)";

void write_head(std::ostream& out, const std::string& title) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"descheck report\">\n"
      << "<link rel=\"icon\" href=\"data:,\">\n<title>" << html_escaped(title) << "</title>\n<style>" << style
      << "</style>\n</head>\n<body>\n<h1>" << html_escaped(title) << "</h1>\n";
}

// The same facts as a service's Markdown heading: "Label (`id`)", or "All services".
std::string service_heading(const rule_set& rules, std::uint32_t service) {
  if (service == no_index) return "All services";
  return html_escaped(rules.services[service].label) + " (<code>" + html_escaped(rules.services[service].id) +
         "</code>)";
}

std::string service_id(const rule_set& rules, std::uint32_t service) {
  return service == no_index ? "all" : rules.services[service].id;
}

// The services in the page's order: all of them together first (the headline), then each by id.
std::vector<std::size_t> service_columns(const rule_set& rules) {
  std::vector<std::size_t> out{rules.services.size()};
  for (std::size_t c = 0; c < rules.services.size(); ++c) out.push_back(c);
  return out;
}

void write_contents(std::ostream& out, const std::vector<labelled_report>& reports, const html_sections& sections) {
  const rule_set& rules = *reports.front().rules;
  out << "<nav aria-label=\"Contents\"><ul>\n<li><a href=\"#summary\">Summary</a></li>\n";
  for (const std::size_t c : service_columns(rules)) {
    const std::uint32_t s = c == rules.services.size() ? no_index : static_cast<std::uint32_t>(c);
    out << "<li><a href=\"#service-" << html_escaped(service_id(rules, s)) << "\">"
        << (s == no_index ? std::string("All services") : html_escaped(rules.services[s].label)) << "</a></li>\n";
  }
  out << "<li><a href=\"#networks\">Regions and networks</a></li>\n";
  if (sections.workforce) out << "<li><a href=\"#workforce\">ARRS workforce</a></li>\n";
  if (sections.claim) out << "<li><a href=\"#claim\">The December 2019 claim</a></li>\n";
  out << "</ul></nav>\n";
}

// The summary sentences, exactly as the Markdown page words them.
void write_summary(std::ostream& out, const std::vector<labelled_report>& reports) {
  std::ostringstream md;
  const bool dates = reports.size() == 1
                         ? detail::write_national_summary(md, *reports.front().rules, reports.front().report)
                         : detail::write_comparison_summary(md, reports);
  if (dates) md << '\n' << detail::national_definitions(reports.front().report.coverage);
  out << "<section id=\"summary\">\n<h2>Summary</h2>\n" << detail::markdown_to_html(md.str()) << "</section>\n";
}

// A chart's name for a scenario: its words, after its id when there are several (the tables name them
// by id, and the summary says which id is which).
std::string series_label(const std::vector<labelled_report>& reports, const labelled_report& r) {
  return reports.size() > 1 ? r.report.scenario + ": " + r.label : r.label;
}

// One value per sample date: the share compliant where the service is in force.
detail::chart_series share_series(const std::string& label, const labelled_report& r, std::size_t per_date,
                                  std::size_t c) {
  detail::chart_series s{label, {}, {}};
  for (std::size_t d = 0; d < r.report.dates.size(); ++d) {
    const national_cell& cell = r.report.cells[d * per_date + c];
    s.values.push_back(cell.in_force == 0 ? std::nullopt : std::optional<double>(cell.share_compliant()));
    s.notes.push_back(cell.in_force == 0 ? std::string()
                                         : percent(cell.compliant, cell.in_force) + " (" + grouped(cell.compliant) +
                                               " of " + grouped(cell.in_force) + " networks)");
  }
  return s;
}

// Bottleneck roles on the last date: a group per role (in the order the first scenario ranks them), a
// bar per scenario. Empty when no network falls short on that date.
std::string bottleneck_chart(const std::vector<labelled_report>& reports, std::size_t per_date, std::size_t c) {
  const rule_set& rules = *reports.front().rules;
  const std::size_t last = reports.front().report.dates.size() - 1;
  std::vector<role_index> roles;
  for (const labelled_report& r : reports)
    for (const role_tally& t : r.report.cells[last * per_date + c].bottleneck_roles)
      if (std::find(roles.begin(), roles.end(), t.role) == roles.end()) roles.push_back(t.role);
  if (roles.empty()) return "";
  std::vector<std::string> labels;
  labels.reserve(roles.size());
  for (const role_index k : roles)
    labels.push_back(rules.roles[k].label.empty() ? rules.roles[k].id : rules.roles[k].label);
  std::vector<detail::chart_series> series;
  for (const labelled_report& r : reports) {
    detail::chart_series s{series_label(reports, r), {}, {}};
    const auto& tallies = r.report.cells[last * per_date + c].bottleneck_roles;
    for (const role_index k : roles) {
      const auto it = std::find_if(tallies.begin(), tallies.end(), [&](const role_tally& t) { return t.role == k; });
      s.values.push_back(it == tallies.end() ? std::nullopt : std::optional<double>(it->networks));
      s.notes.push_back(it == tallies.end() ? std::string() : grouped(it->networks) + " networks");
    }
    series.push_back(std::move(s));
  }
  const std::string date = to_string(reports.front().report.dates[last]);
  return "<figure>" + detail::bar_chart_svg("Bottleneck roles on " + date, labels, series) +
         "<figcaption>Bottleneck roles on " + date +
         ": networks in which the role's time is fully used in the bottleneck of a requirement that falls "
         "short (the three most frequent roles of each scenario).</figcaption></figure>\n";
}

std::string cell_td(const char* column, const std::string& shown, bool number = true) {
  return std::string("<td") + (number ? " class=\"num\"" : "") + " data-col=\"" + column + "\">" + shown + "</td>";
}

std::string roles_text(const rule_set& rules, const national_cell& cell) {
  std::string out;
  for (const role_tally& t : cell.bottleneck_roles) {
    if (!out.empty()) out += ", ";
    const role& r = rules.roles[t.role];
    out += (r.label.empty() ? r.id : r.label) + " (" + grouped(t.networks) + ")";
  }
  return out;
}

// The figures of one service: a row per date (and scenario) on which the service is in force.
void write_figures(std::ostream& out, const std::vector<labelled_report>& reports, std::size_t per_date,
                   std::size_t c) {
  const bool several = reports.size() > 1;
  const bool coverage = reports.front().report.coverage;
  out << "<table class=\"figures\">\n<thead><tr>" << (several ? "<th>scenario</th>" : "")
      << "<th>date</th><th class=\"num\">in force</th><th class=\"num\">compliant</th><th class=\"num\">share</th>"
      << "<th class=\"num\">short (h/week)</th><th>bottleneck roles</th>"
      << (coverage ? "<th class=\"num\">no data</th>" : "") << "</tr></thead>\n<tbody>\n";
  const rule_set& rules = *reports.front().rules;
  for (std::size_t d = 0; d < reports.front().report.dates.size(); ++d)
    for (const labelled_report& r : reports) {
      const national_cell& cell = r.report.cells[d * per_date + c];
      if (cell.in_force == 0) continue;  // as in the Markdown page: dates before the service starts
      out << "<tr data-scenario=\"" << html_escaped(r.report.scenario) << "\" data-service=\""
          << html_escaped(service_id(rules, cell.service)) << "\" data-date=\"" << to_string(cell.at) << "\">"
          << (several ? "<td><code>" + html_escaped(r.report.scenario) + "</code></td>" : "")
          << "<td data-col=\"date\">" << to_string(cell.at) << "</td>"
          << cell_td("networks_in_force", grouped(cell.in_force)) << cell_td("compliant", grouped(cell.compliant))
          << cell_td("share_compliant", percent(cell.compliant, cell.in_force))
          << cell_td("shortfall_hours", grouped(cell.shortfall_hours))
          << cell_td("bottleneck_roles", html_escaped(roles_text(*r.rules, cell)), false)
          << (coverage ? cell_td("networks_no_data", grouped(cell.no_data)) : "") << "</tr>\n";
    }
  out << "</tbody>\n</table>\n";
}

void write_service(std::ostream& out, const std::vector<labelled_report>& reports, std::size_t c) {
  const rule_set& rules = *reports.front().rules;
  const std::size_t per_date = rules.services.size() + 1;
  const std::uint32_t service = c == rules.services.size() ? no_index : static_cast<std::uint32_t>(c);
  out << "<section class=\"service\" id=\"service-" << html_escaped(service_id(rules, service)) << "\">\n<h2>"
      << service_heading(rules, service) << "</h2>\n";
  std::vector<detail::chart_series> shares;
  bool any = false;
  for (const labelled_report& r : reports) {
    shares.push_back(share_series(series_label(reports, r), r, per_date, c));
    for (const auto& v : shares.back().values) any = any || v.has_value();
  }
  if (!any) {
    out << "<p>Not in force on any of the dates" << (reports.size() > 1 ? " in any scenario" : "")
        << ".</p>\n</section>\n";
    return;
  }
  std::vector<std::string> dates;
  for (const date d : reports.front().report.dates) dates.push_back(to_string(d));
  const std::string name = service == no_index ? "all services" : rules.services[service].label;
  out << "<figure>" << detail::line_chart_svg("Share of networks compliant with " + name + ", by date", dates, shares)
      << "<figcaption>Share of the networks in which " << html_escaped(name) << (service == no_index ? " are" : " is")
      << " in force that have the staff for every requirement, by sample date"
      << (reports.size() > 1 ? ", a line per scenario" : "") << ".</figcaption></figure>\n"
      << bottleneck_chart(reports, per_date, c);
  write_figures(out, reports, per_date, c);
  out << "</section>\n";
}

// Every network's check on the report's last date, under each scenario.
struct network_states {
  date at;
  std::vector<std::vector<network_state>> state;  // [scenario][network]
  std::vector<std::vector<double>> short_hours;   // [scenario][network]
};

network_states check_networks(const std::vector<labelled_report>& reports, const panel& networks, date at) {
  network_states out{at, {}, {}};
  for (const labelled_report& r : reports) {
    checker check(*r.rules, networks);
    auto& states = out.state.emplace_back();
    auto& hours = out.short_hours.emplace_back();
    for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
      const check_result& result = check.run(n, at);
      states.push_back(result.state);
      hours.push_back(result.state == network_state::no_data ? 0.0 : result.shortfall_hours());
    }
  }
  return out;
}

// Per region and scenario: networks, with data, in force, compliant, hours short.
struct region_tally {
  std::uint32_t networks = 0;
  std::uint32_t with_data = 0;
  std::vector<std::uint32_t> in_force, compliant;
  std::vector<double> short_hours;
};

std::map<std::string, region_tally> tally_regions(const panel& networks, const network_states& s) {
  std::map<std::string, region_tally> out;
  const std::size_t scenarios = s.state.size();
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    region_tally& t = out[networks.networks[n].region];
    if (t.in_force.empty()) {
      t.in_force.assign(scenarios, 0);
      t.compliant.assign(scenarios, 0);
      t.short_hours.assign(scenarios, 0.0);
    }
    ++t.networks;
    t.with_data += s.state[0][n] == network_state::no_data ? 0 : 1;
    for (std::size_t i = 0; i < scenarios; ++i) {
      const network_state st = s.state[i][n];
      t.in_force[i] += st == network_state::compliant || st == network_state::non_compliant ? 1 : 0;
      t.compliant[i] += st == network_state::compliant ? 1 : 0;
      t.short_hours[i] += s.short_hours[i][n];
    }
  }
  return out;
}

// "in force" or, with several scenarios, "in force (`id`)".
std::string scenario_th(const std::vector<labelled_report>& reports, std::size_t i, const char* what) {
  const std::string suffix = reports.size() > 1 ? " (" + html_escaped(reports[i].report.scenario) + ")" : "";
  return std::string("<th class=\"num\">") + what + suffix + "</th>";
}

void write_regions(std::ostream& out, const std::vector<labelled_report>& reports, const panel& networks,
                   const network_states& s) {
  const bool coverage = reports.front().report.coverage;
  out << "<h3>By region</h3>\n<p class=\"meta\">A region's name filters the table of networks below.</p>\n"
      << "<div class=\"scroll\"><table id=\"regions\">\n<thead><tr><th>region</th><th class=\"num\">networks</th>"
      << (coverage ? "<th class=\"num\">with data</th>" : "");
  for (std::size_t i = 0; i < reports.size(); ++i)
    out << scenario_th(reports, i, "in force") << scenario_th(reports, i, "compliant")
        << scenario_th(reports, i, "share") << scenario_th(reports, i, "short (h/week)");
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& [region, t] : tally_regions(networks, s)) {
    const std::string name = region.empty() ? "(no region)" : region;
    out << "<tr data-region=\"" << html_escaped(region) << "\"><td><button type=\"button\" class=\"region\" "
        << "data-region=\"" << html_escaped(region) << "\">" << html_escaped(name) << "</button></td>"
        << cell_td("networks", grouped(t.networks)) << (coverage ? cell_td("with_data", grouped(t.with_data)) : "");
    for (std::size_t i = 0; i < reports.size(); ++i)
      out << cell_td("in_force", grouped(t.in_force[i])) << cell_td("compliant", grouped(t.compliant[i]))
          << cell_td("share_compliant", percent(t.compliant[i], t.in_force[i]))
          << cell_td("shortfall_hours", grouped(t.short_hours[i], 1));
    out << "</tr>\n";
  }
  out << "</tbody>\n</table></div>\n";
}

std::string state_words(network_state s) {
  switch (s) {
    case network_state::compliant:
      return "compliant";
    case network_state::non_compliant:
      return "not compliant";
    case network_state::no_data:
      return "no data";
    case network_state::not_in_force:
      break;
  }
  return "nothing in force";
}

void write_network_rows(std::ostream& out, const std::vector<labelled_report>& reports, const panel& networks,
                        const network_states& s) {
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    const network& net = networks.networks[n];
    out << "<tr class=\"network\" data-n=\"" << n << "\" data-search=\""
        << html_escaped(net.id + " " + net.name + " " + net.region) << "\"><td data-col=\"network_id\">"
        << html_escaped(net.id) << "</td><td data-col=\"name\">" << html_escaped(net.name)
        << "</td><td data-col=\"region\">" << html_escaped(net.region) << "</td>";
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const network_state st = s.state[i][n];
      out << "<td class=\"state-" << to_string(st) << "\" data-col=\"state\" data-state=\"" << to_string(st) << "\">"
          << state_words(st) << "</td>"
          << cell_td("shortfall_hours", st == network_state::no_data ? "-" : grouped(s.short_hours[i][n], 1));
    }
    out << "<td><button type=\"button\" class=\"explain\" aria-expanded=\"false\">Explain</button></td></tr>\n";
  }
}

void write_network_table(std::ostream& out, const std::vector<labelled_report>& reports, const panel& networks,
                         const network_states& s) {
  out << "<h3>By network</h3>\n<p><label for=\"filter\">Filter by network, name or region: </label>"
      << "<input type=\"search\" id=\"filter\" autocomplete=\"off\" placeholder=\"e.g. a network code, a name or a "
         "region\"> <span id=\"shown\" class=\"meta\" aria-live=\"polite\"></span></p>\n"
      << "<noscript><p>The filter and the explanations need JavaScript.</p></noscript>\n"
      << "<div class=\"wide\"><table id=\"network-table\">\n<thead><tr><th>network</th><th>name</th><th>region</th>";
  for (std::size_t i = 0; i < reports.size(); ++i)
    out << "<th>state" << (reports.size() > 1 ? " (" + html_escaped(reports[i].report.scenario) + ")" : "") << "</th>"
        << scenario_th(reports, i, "short (h/week)");
  out << "<th>explanation</th></tr></thead>\n<tbody>\n";
  write_network_rows(out, reports, networks, s);
  out << "</tbody>\n</table></div>\n";
}

// `text` cut into pieces that recur across networks: each line, and within a line each cited source
// (" [assumption: ...; file.yaml:12]", brackets nested inside it included).
void split_pieces(std::string_view text, std::vector<std::string_view>& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      out.push_back(text.substr(start, i + 1 - start));
      start = i + 1;
      continue;
    }
    if (text[i] != '[' || i == 0 || text[i - 1] != ' ' || i - 1 < start) continue;
    int depth = 0;
    std::size_t j = i;
    for (; j < text.size() && text[j] != '\n'; ++j) {
      if (text[j] == '[') ++depth;
      if (text[j] == ']' && --depth == 0) break;
    }
    if (j >= text.size() || text[j] != ']') continue;
    if (i - 1 > start) out.push_back(text.substr(start, i - 1 - start));
    out.push_back(text.substr(i - 1, j + 2 - i));
    start = j + 1;
    i = j;
  }
  if (start < text.size()) out.push_back(text.substr(start));
}

// {"pieces": [...], "networks": [[piece, ...], ...]}: every network's explanation on the date.
void write_explanations(std::ostream& out, const rule_set& rules, const panel& networks, date at) {
  std::unordered_map<std::string, std::uint32_t> index;
  std::string pieces;
  std::string lists;
  std::vector<std::string_view> cut;
  for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
    const std::string text = explain(rules, networks, n, at);
    cut.clear();
    split_pieces(text, cut);
    lists += n == 0 ? "[" : ",\n[";
    for (std::size_t p = 0; p < cut.size(); ++p) {
      const auto [it, added] = index.try_emplace(std::string(cut[p]), static_cast<std::uint32_t>(index.size()));
      if (added) pieces += (it->second == 0 ? "" : ",\n") + detail::script_json_string(cut[p]);
      lists += (p == 0 ? "" : ",") + std::to_string(it->second);
    }
    lists += "]";
  }
  out << "<script type=\"application/json\" id=\"explain-data\">{\"pieces\": [\n"
      << pieces << "],\n\"networks\": [\n"
      << lists << "]}</script>\n";
}

void write_networks(std::ostream& out, const std::vector<labelled_report>& reports, const panel& networks) {
  const std::vector<date>& dates = reports.front().report.dates;
  out << "<section id=\"networks\">\n<h2>Regions and networks</h2>\n";
  if (dates.empty()) {
    out << "<p>No sample dates in the range.</p>\n</section>\n";
    return;
  }
  const network_states s = check_networks(reports, networks, dates.back());
  out << "<p>Every network checked on " << to_string(s.at)
      << ", the last sample date: its state and the hours a week of workload it is short"
      << (reports.size() > 1 ? ", under each scenario" : "")
      << ". <q>Explain</q> shows the account <code>descheck explain</code> gives of the network on that date"
      << (reports.size() > 1 ? " under " + html_escaped(reports.front().label) : "")
      << ": every requirement in force, how its demand is derived and from which source, who delivers it, and "
         "what holds a shortfall back.</p>\n";
  write_regions(out, reports, networks, s);
  write_network_table(out, reports, networks, s);
  out << "</section>\n";
  write_explanations(out, *reports.front().rules, networks, s.at);
}

void write_extra_sections(std::ostream& out, const rule_set& rules, const html_sections& sections) {
  if (sections.workforce) {
    std::ostringstream md;
    write_workforce_markdown(md, rules, *sections.workforce);
    out << "<section id=\"workforce\">\n" << detail::markdown_to_html(md.str()) << "</section>\n";
  }
  if (sections.claim) {
    std::ostringstream md;
    write_claim_section(md, rules, *sections.claim);
    out << "<section id=\"claim\">\n" << detail::markdown_to_html(md.str()) << "</section>\n";
  }
}

}  // namespace

void write_national_html(std::ostream& out, const std::vector<labelled_report>& reports, const panel& networks,
                         const html_sections& sections) {
  if (reports.empty()) return;
  const rule_set& rules = *reports.front().rules;
  write_head(out, (reports.size() == 1 ? "National picture: " : "Phasing scenarios compared: ") + rules.label);
  write_contents(out, reports, sections);
  write_summary(out, reports);
  if (!reports.front().report.dates.empty())
    for (const std::size_t c : service_columns(rules)) write_service(out, reports, c);
  write_networks(out, reports, networks);
  write_extra_sections(out, rules, sections);
  out << "<script>" << script << "</script>\n</body>\n</html>\n";
}

}  // namespace descheck
