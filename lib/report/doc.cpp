// The Markdown reference page of a rule set (`descheck doc`): services, roles, drivers and funding,
// every number followed by a marker that the list under its table resolves to a reference or note.
#include "descheck/report/doc.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string_view>
#include <tuple>
#include <vector>

#include "descheck/rules/ranges.hpp"
#include "io/text.hpp"

namespace descheck {
namespace {

// The shortest fixed-notation decimal that reads back as the same double, thousands grouped:
// 0.000005 rather than 5e-06, 55,670 rather than 55670.
std::string number(double v) {
  std::array<char, 512> buffer{};  // fixed notation of an extreme double runs to ~330 characters
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed);
  if (result.ec != std::errc{}) {
    std::snprintf(buffer.data(), buffer.size(), "%g", v);
    return buffer.data();
  }
  return detail::group_thousands(std::string_view(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())));
}

// Text that Markdown shows as written: punctuation that could start emphasis, links, code, HTML
// or a table cell boundary is escaped; line breaks become spaces so a value stays in its cell.
std::string text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Ids (letters, digits, `_`, `-`) and paths as code spans.
std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// A file named in an origin, relative to the rule-set directory, with forward slashes.
std::string relative_file(const rule_set& rules, const std::string& file) {
  namespace fs = std::filesystem;
  const fs::path path = fs::path(file).lexically_normal();
  const fs::path relative = path.lexically_relative(rules.directory.lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return path.filename().generic_string();
  return relative.generic_string();
}

constexpr std::array<value_status, 4> status_order{value_status::published, value_status::draft,
                                                   value_status::assumption, value_status::unspecified};

char status_letter(value_status s) {
  switch (s) {
    case value_status::published:
      return 'P';
    case value_status::draft:
      return 'D';
    case value_status::assumption:
      return 'A';
    case value_status::unspecified:
      break;
  }
  return 'U';
}

std::size_t status_rank(value_status s) {
  return static_cast<std::size_t>(std::find(status_order.begin(), status_order.end(), s) - status_order.begin());
}

// The sources cited in one section of the page. Values backed by the same status, reference and
// note share one marker, which lists every place they are written.
class sources {
 public:
  explicit sources(const rule_set& rules) : rules_(rules) {}

  // " [A1]" for the origin of a value, or nothing for a built-in default.
  std::string mark(origin_id id) {
    const origin* o = rules_.origin_of(id);
    if (!o) return "";
    auto found = std::find_if(entries_.begin(), entries_.end(), [&](const entry& e) {
      return std::tie(e.status, e.reference, e.note) == std::tie(o->status, o->reference, o->note);
    });
    if (found == entries_.end()) {
      const std::size_t rank = status_rank(o->status);
      entries_.push_back({o->status, o->reference, o->note, ++counts_[rank], {}});
      found = entries_.end() - 1;
    }
    const place where{relative_file(rules_, o->file), o->line};
    if (std::find(found->places.begin(), found->places.end(), where) == found->places.end())
      found->places.push_back(where);
    return " [" + label(*found) + "]";
  }

  // " (range 0.03–0.1)" for a value written with a range, or nothing.
  std::string spread(origin_id id) const {
    const origin* o = rules_.origin_of(id);
    return o && o->range ? " (range " + to_string(*o->range) + ")" : std::string();
  }

  // The list that resolves the markers, published first, then draft, assumption, unannotated.
  void write(std::ostream& out) const {
    if (entries_.empty()) return;
    std::vector<const entry*> sorted;
    for (const entry& e : entries_) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(), [](const entry* a, const entry* b) {
      return std::make_pair(status_rank(a->status), a->number) < std::make_pair(status_rank(b->status), b->number);
    });
    out << "\nSources:\n\n";
    for (const entry* e : sorted) {
      out << "- **" << label(*e) << "** "
          << (e->status == value_status::unspecified ? "unannotated" : to_string(e->status));
      if (!e->reference.empty()) out << ": " << text(e->reference);
      if (!e->note.empty()) out << (e->reference.empty() ? ": " : "; ") << text(e->note);
      out << " (" << places(*e) << ")\n";
    }
  }

 private:
  struct place {
    std::string file;
    int line = 0;
    friend bool operator==(const place&, const place&) = default;
  };
  struct entry {
    value_status status;
    std::string reference;
    std::string note;
    int number = 0;
    std::vector<place> places;
  };

  static std::string label(const entry& e) { return status_letter(e.status) + std::to_string(e.number); }

  // "`services/ehch.yaml` lines 24, 36; `roles.yaml` line 5", files in order of first mention.
  static std::string places(const entry& e) {
    std::vector<std::string> files;
    for (const place& p : e.places)
      if (std::find(files.begin(), files.end(), p.file) == files.end()) files.push_back(p.file);
    std::vector<std::string> parts;
    for (const std::string& file : files) {
      std::vector<int> numbers;
      for (const place& p : e.places)
        if (p.file == file) numbers.push_back(p.line);
      std::sort(numbers.begin(), numbers.end());
      std::vector<std::string> lines;
      lines.reserve(numbers.size());
      for (const int n : numbers) lines.push_back(std::to_string(n));
      parts.push_back(code(file) + (lines.size() == 1 ? " line " : " lines ") + join(lines, ", "));
    }
    return join(parts, "; ");
  }

  const rule_set& rules_;
  std::vector<entry> entries_;
  std::array<int, status_order.size()> counts_{};
};

// A schedule as text: a value in force since forever is the value alone; otherwise one
// "from DATE: value" per step, `sep` between them. `unit` follows each value, before its marker.
std::string schedule_text(const schedule& s, sources& cite, std::string_view sep, std::string_view unit = "") {
  if (s.empty()) return "never defined";
  const auto& steps = s.steps();
  const auto value = [&](const step& st) {
    return (st.value ? number(*st.value) + std::string(unit) + cite.spread(st.source) : std::string("undefined")) +
           cite.mark(st.source);
  };
  if (steps.size() == 1 && steps.front().from == date::min()) return value(steps.front());
  std::vector<std::string> parts;
  parts.reserve(steps.size());
  for (const step& st : steps)
    parts.push_back((st.from == date::min() ? std::string("initially") : "from " + to_string(st.from)) + ": " +
                    value(st));
  return join(parts, sep);
}

std::string day_text(date d) { return d == date::min() ? "always" : to_string(d); }

// Counts keyed by the day they refer to: "2023-03-31: 26877 [P3]", one per step; not a step function
// to the reader, so no "from".
std::string counts_text(const schedule& s, sources& cite, std::string_view sep) {
  std::vector<std::string> parts;
  for (const step& st : s.steps())
    if (st.value) parts.push_back(day_text(st.from) + ": " + number(*st.value) + cite.mark(st.source));
  return join(parts, sep);
}

bool dated(const schedule& s) { return !(s.steps().size() == 1 && s.steps().front().from == date::min()); }

// "`care_home_beds` × 0.05 h per week [A2]"; a dated amount is bracketed, one step after another.
std::string term_text(const rule_set& rules, const term& t, bool workload, sources& cite) {
  const std::string unit = workload ? " h per " + t.per : " WTE";
  std::string amount = schedule_text(t.amount, cite, "; ", unit);
  if (dated(t.amount)) amount = "(" + amount + ")";
  if (t.driver == no_index || t.driver >= rules.drivers.size()) return amount;
  return code(rules.drivers[t.driver].id) + " × " + amount;
}

std::string role_name(const rule_set& rules, role_index k) {
  if (k >= rules.roles.size()) return "?";
  const role& r = rules.roles[k];
  return (r.label.empty() ? std::string() : text(r.label) + " ") + "(" + code(r.id) + ")";
}

// The first day a requirement's phase is positive, or nullopt when never.
std::optional<date> first_active(const requirement& req) {
  for (const step& st : req.phase.steps())
    if (st.value && *st.value > 0.0) return st.from;
  return std::nullopt;
}

// The periods in which a schedule is defined: "from 2020-04-01", "2020-04-01 to 2023-03-31".
std::string defined_periods(const schedule& s) {
  std::vector<std::string> periods;
  const auto& steps = s.steps();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!steps[i].value || (i > 0 && steps[i - 1].value)) continue;
    std::size_t last = i;
    while (last + 1 < steps.size() && steps[last + 1].value) ++last;
    const date from = steps[i].from;
    if (last + 1 < steps.size())
      periods.push_back(day_text(from) + " to " + to_string(add_days(steps[last + 1].from, -1)));
    else
      periods.push_back(from == date::min() ? "always" : "from " + to_string(from));
  }
  return periods.empty() ? "never" : join(periods, "; ");
}

void write_service(std::ostream& out, const rule_set& rules, const service& svc) {
  sources cite(rules);
  out << "\n<a id=\"service-" << svc.id << "\"></a>\n\n### " << text(svc.label.empty() ? svc.id : svc.label) << " ("
      << code(svc.id) << ")\n\n";
  if (!svc.reference.title.empty()) {
    out << "Specification: ";
    if (svc.reference.href.empty())
      out << text(svc.reference.title);
    else
      out << "[" << text(svc.reference.title) << "](" << svc.reference.href << ")";
    out << ".";
  } else {
    out << "Specification: not given.";
  }
  if (!svc.depends_on.empty()) {
    std::vector<std::string> deps;
    for (const std::uint32_t d : svc.depends_on)
      if (d < rules.services.size())
        deps.push_back("[" + code(rules.services[d].id) + "](#service-" + rules.services[d].id + ")");
    out << " Builds on " << join(deps, ", ") << ".";
  }
  if (const origin* o = rules.origin_of(svc.source))
    out << " Defined in " << code(relative_file(rules, o->file)) << ".";
  out << "\n\n";

  out << "| requirement | kind | priority | phase | demand (h/week) or minimum (WTE), terms added | delivered by "
         "| indicators |\n";
  out << "|---|---|---:|---|---|---|---|\n";
  std::vector<std::pair<std::string, std::string>> notes;
  for (const requirement& req : svc.requirements) {
    const bool workload = req.kind == requirement_kind::workload;
    // Markers are numbered in reading order: phase, terms, roles.
    const std::string phase = schedule_text(req.phase, cite, "<br>");
    std::vector<std::string> terms;
    for (const term& t : req.terms) terms.push_back(term_text(rules, t, workload, cite));
    std::vector<std::string> by;
    for (const delivery& d : req.delivered_by)
      by.push_back(role_name(rules, d.role) +
                   (d.max_share ? ", at most " + schedule_text(*d.max_share, cite, "; ", " of demand") : ""));
    out << "| " << code(req.id) << "<br>" << text(req.label) << " | " << to_string(req.kind) << " | " << req.priority
        << " | " << phase << " | " << join(terms, "<br>+ ") << " | " << join(by, "<br>") << " | "
        << text(join(req.indicators, ", ")) << " |\n";
    if (const origin* o = rules.origin_of(req.source); o && !o->note.empty())
      notes.emplace_back(req.id, text(o->note) + " (" + code(relative_file(rules, o->file)) + " line " +
                                     std::to_string(o->line) + ")");
  }
  if (!notes.empty()) {
    out << "\nNotes:\n\n";
    for (const auto& [id, note] : notes) out << "- " << code(id) << ": " << note << "\n";
  }
  cite.write(out);
}

void write_services(std::ostream& out, const rule_set& rules) {
  out << "\n## Services\n\n";
  out << "A requirement is in force on the days its phase (the share of the full requirement) is above 0. "
         "Workload demand is in hours a week (a year is 365.25/7 weeks, a month a twelfth of a year); "
         "staffing minimums are in WTE in post.\n\n";
  out << "| service | label | requirements | first in force |\n|---|---|---:|---|\n";
  for (const service& svc : rules.services) {
    std::optional<date> first;
    for (const requirement& req : svc.requirements)
      if (const auto d = first_active(req); d && (!first || *d < *first)) first = d;
    out << "| [" << code(svc.id) << "](#service-" << svc.id << ") | " << text(svc.label) << " | "
        << svc.requirements.size() << " | " << (first ? day_text(*first) : std::string("never")) << " |\n";
  }
  for (const service& svc : rules.services) write_service(out, rules, svc);
}

void write_roles(std::ostream& out, const rule_set& rules) {
  sources cite(rules);
  out << "\n## Roles\n\n";
  out << "A role's time for network services is WTE in post × hours per WTE × available share. The default "
         "WTE applies on the dates where a network has no post of the role in force. Census labels are the NHS "
         "Digital PCN workforce census roles that map to the role.\n\n";
  out << "| role | label | hours per WTE | available share | default WTE | census labels |\n";
  out << "|---|---|---|---|---|---|\n";
  for (const role& r : rules.roles) {
    std::string fallback;
    if (r.default_wte && r.default_wte->driver < rules.drivers.size())
      fallback = code(rules.drivers[r.default_wte->driver].id) + " × " +
                 (dated(r.default_wte->ratio) ? "(" + schedule_text(r.default_wte->ratio, cite, "; ") + ")"
                                              : schedule_text(r.default_wte->ratio, cite, "; "));
    std::vector<std::string> labels;
    for (const std::string& l : r.workforce_labels) labels.push_back(text(l));
    out << "| " << code(r.id) << " | " << text(r.label) << " | " << schedule_text(r.hours_per_wte, cite, "<br>")
        << " | " << schedule_text(r.available_share, cite, "<br>") << " | " << fallback << " | " << join(labels, "; ")
        << " |\n";
  }

  const bool any_arrs = std::any_of(rules.roles.begin(), rules.roles.end(), [](const role& r) { return r.arrs; });
  if (any_arrs) {
    out << "\n### Additional Roles Reimbursement Scheme\n\n";
    out << "A role is reimbursable on the days its maximum reimbursement is defined. The maximum is the most a "
           "network can claim per WTE a year (GBP, salary and employer on-costs); the reimbursed share is the "
           "share of the cost it can claim. The cap is the most WTE of the role one network may claim for "
           "(`descheck plan` respects it).\n\n";
    out << "| role | reimbursable | maximum reimbursement (GBP per WTE a year) | reimbursed share | cap (WTE) |\n";
    out << "|---|---|---|---|---|\n";
    for (const role& r : rules.roles) {
      if (!r.arrs) continue;
      std::string cap = "none";
      if (r.arrs_cap) {
        cap = schedule_text(r.arrs_cap->wte, cite, "<br>");
        if (r.arrs_cap->driver < rules.drivers.size())
          cap += "<br>over " + number(r.arrs_cap->threshold) + " " + code(rules.drivers[r.arrs_cap->driver].id) + ": " +
                 schedule_text(r.arrs_cap->above_wte, cite, "<br>");
      }
      std::string maximum = schedule_text(r.arrs->max_reimbursement, cite, "<br>");
      if (!r.arrs->london_max_reimbursement.empty())
        maximum += "<br>London (`london` = 1): " + schedule_text(r.arrs->london_max_reimbursement, cite, "<br>");
      out << "| " << code(r.id) << " | " << defined_periods(r.arrs->max_reimbursement) << " | " << maximum << " | "
          << schedule_text(r.arrs->reimbursed_share, cite, "<br>") << " | " << cap << " |\n";
    }
  }
  const bool any_reported =
      std::any_of(rules.roles.begin(), rules.roles.end(), [](const role& r) { return !r.reported_wte.empty(); });
  if (any_reported) {
    out << "\n### Published national counts\n\n";
    out << "FTE of each role in post in England as NHS England published them, keyed by the date each count "
           "refers to (`arrs.reported_wte`). They take no part in checks: `descheck report` sets the census "
           "beside them.\n\n";
    out << "| role | national FTE by date |\n|---|---|\n";
    for (const role& r : rules.roles)
      if (!r.reported_wte.empty())
        out << "| " << code(r.id) << " | " << counts_text(r.reported_wte, cite, "<br>") << " |\n";
  }
  cite.write(out);
}

void write_drivers(std::ostream& out, const rule_set& rules) {
  sources cite(rules);
  out << "\n## Drivers\n\n";
  out << "Numbers each network supplies as a column of the networks file. Where a network gives none, the "
         "default estimate applies (ratio × another driver); without a default the value is required.\n\n";
  out << "| driver | label | unit | default estimate |\n|---|---|---|---|\n";
  for (const driver& d : rules.drivers) {
    std::string fallback = "none: required";
    if (d.default_value && d.default_value->driver < rules.drivers.size()) {
      const std::string ratio = schedule_text(d.default_value->ratio, cite, "; ");
      fallback = (dated(d.default_value->ratio) ? "(" + ratio + ")" : ratio) + " × " +
                 code(rules.drivers[d.default_value->driver].id);
    }
    out << "| " << code(d.id) << " | " << text(d.label) << " | " << text(d.unit) << " | " << fallback << " |\n";
  }
  cite.write(out);
}

void write_funding(std::ostream& out, const rule_set& rules) {
  if (!rules.funding) return;
  sources cite(rules);
  out << "\n## Funding\n\n";
  out << "Additional Roles Reimbursement Scheme sums, in GBP a year, by financial year (from 1 April).\n\n";
  out << "| item | values |\n|---|---|\n";
  out << "| ARRS sum per weighted patient | " << schedule_text(rules.funding->per_weighted_patient, cite, "<br>")
      << " |\n";
  if (!rules.funding->national_pot.empty())
    out << "| national ARRS sum, England | " << schedule_text(rules.funding->national_pot, cite, "<br>") << " |\n";
  if (!rules.funding->recruitment_target.empty())
    out << "| additional staff target, England (FTE) | "
        << schedule_text(rules.funding->recruitment_target, cite, "<br>") << " |\n";
  if (!rules.funding->reported_workforce.empty())
    out << "| ARRS staff reported, England (FTE, by the date counted) | "
        << counts_text(rules.funding->reported_workforce, cite, "<br>") << " |\n";
  cite.write(out);
}

}  // namespace

std::string rule_set_markdown(const rule_set& rules) {
  std::ostringstream out;
  out << "# " << text(rules.label.empty() ? rules.id : rules.label) << "\n\n";
  out << "Rule set " << code(rules.id) << ", version " << text(rules.version) << ": " << rules.services.size()
      << " services, " << rules.flat.size() << " requirements, " << rules.roles.size() << " roles, "
      << rules.drivers.size() << " drivers.";
  if (rules.default_range)
    out << " Timelines cover " << to_string(rules.default_range->from) << " to " << to_string(rules.default_range->to)
        << " unless told otherwise.";
  out << "\n\n";
  out << "This page is generated from the rule set's YAML files by `descheck doc`; edit the YAML, not the "
         "page. Every number is followed by a marker for what backs it: **P** published (an NHS document), "
         "**D** draft (a draft or announced document, or a figure not yet checked), **A** assumption (a "
         "modelling choice, not NHS policy), **U** unannotated. The sources under each table give the "
         "reference or note and where the value is written, relative to the rule-set directory. A value "
         "written with a plausible range shows it in brackets, as in `0.05 (range 0.03–0.1)`: triangular "
         "with its mode at the value, unless marked uniform.\n\n";
  out << "Contents: [services](#services) · [roles](#roles) · [drivers](#drivers)"
      << (rules.funding ? " · [funding](#funding)" : "") << "\n";
  write_services(out, rules);
  write_roles(out, rules);
  write_drivers(out, rules);
  write_funding(out, rules);
  return out.str();
}

}  // namespace descheck
