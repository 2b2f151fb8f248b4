// Whole-rule-set checks that need every file loaded: dependency cycles (Boost.Graph strong
// components) and the temporal lint, plus the final ordering and capping of diagnostics.
#include <algorithm>
#include <charconv>
#include <deque>
#include <tuple>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

#include "rules/load.hpp"

namespace descheck::detail {

namespace {

// Shortest cycle through `start` inside its strong component, as a list of edge indices.
std::vector<std::size_t> cycle_through(std::uint32_t start, const std::vector<int>& component,
                                       const std::vector<std::vector<std::size_t>>& out_edges,
                                       const std::vector<graph_edge>& edges) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> via(component.size(), none);  // edge that first reached each vertex
  std::deque<std::uint32_t> queue{start};
  std::size_t closing = none;
  while (!queue.empty() && closing == none) {
    const std::uint32_t v = queue.front();
    queue.pop_front();
    for (const std::size_t e : out_edges[v]) {
      const std::uint32_t w = edges[e].to;
      if (component[w] != component[start]) continue;
      if (w == start) {
        closing = e;
        break;
      }
      if (via[w] == none) {
        via[w] = e;
        queue.push_back(w);
      }
    }
  }
  std::vector<std::size_t> path;
  if (closing == none) return path;  // unreachable for a cyclic component; kept for safety
  for (std::size_t e = closing;; e = via[edges[e].from]) {
    path.push_back(e);
    if (edges[e].from == start) break;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string compact(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

struct need {
  const schedule* values;
  std::string name;
};

// Where to point for an undefined need: the sunset step in force, else the first definition,
// else the requirement itself.
const origin* where(const rule_set& rules, const schedule& s, date d, origin_id fallback) {
  if (const step* st = s.step_at(d); st && rules.origin_of(st->source)) return rules.origin_of(st->source);
  if (!s.empty() && rules.origin_of(s.steps().front().source)) return rules.origin_of(s.steps().front().source);
  return rules.origin_of(fallback);
}

// A stretch [from, to) over which a requirement's phase is constant and positive.
struct span {
  date from;
  date to;
  double phase;
};

std::vector<span> active_spans(const schedule& phase) {
  std::vector<span> out;
  const auto& steps = phase.steps();
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].value && *steps[i].value > 0.0)
      out.push_back({steps[i].from, i + 1 < steps.size() ? steps[i + 1].from : date::max(), *steps[i].value});
  return out;
}

struct hit {
  date day;
  double phase;
};

// The first active day inside the gap [from, to) of a schedule, by binary search over the spans
// (sorted and disjoint), so a requirement costs O(keys x log keys) however hostile the file.
std::optional<hit> first_active_in(const std::vector<span>& active, date from, date to) {
  const auto it = std::partition_point(active.begin(), active.end(), [&](const span& s) { return s.to <= from; });
  if (it == active.end() || it->from >= to) return std::nullopt;
  return hit{std::max(from, it->from), it->phase};
}

// The first day on which `values` is undefined while the requirement is active.
std::optional<hit> first_gap(const std::vector<span>& active, const schedule& values) {
  const auto& steps = values.steps();
  if (steps.empty()) return first_active_in(active, date::min(), date::max());
  if (auto h = first_active_in(active, date::min(), steps.front().from)) return h;
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (!steps[i].value)
      if (auto h = first_active_in(active, steps[i].from, i + 1 < steps.size() ? steps[i + 1].from : date::max()))
        return h;
  return std::nullopt;
}

diagnostic gap_diagnostic(const rule_set& rules, const std::string& requirement_name, origin_id requirement_source,
                          const need& n, const hit& gap) {
  std::string message = "'" + n.name + "' of requirement " + requirement_name;
  const std::string phase = " (phase " + compact(gap.phase) + ")";
  if (gap.day == date::min() && !n.values->empty())
    message += " is undefined before " + to_string(n.values->steps().front().from) +
               ", but the requirement is active before then" + phase;
  else if (gap.day == date::min())
    message += " is never defined, but the requirement is active" + phase;
  else
    message += " is undefined on " + to_string(gap.day) + ", when the requirement is active" + phase;
  const origin* at = where(rules, *n.values, gap.day, requirement_source);
  return {at ? at->file : rules.directory.string(), at ? at->line : 0, at ? at->column : 0,
          codes::undefined_when_active, std::move(message)};
}

}  // namespace

void check_cycles(const std::vector<std::string>& names, const std::vector<graph_edge>& edges, const char* code,
                  std::string_view what, std::vector<diagnostic>& out) {
  using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  graph g(names.size());
  std::vector<std::vector<std::size_t>> out_edges(names.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].from >= names.size() || edges[i].to >= names.size()) continue;
    boost::add_edge(edges[i].from, edges[i].to, g);
    out_edges[edges[i].from].push_back(i);
  }
  std::vector<int> component(names.size());
  const int count = boost::strong_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(count));
  for (std::uint32_t v = 0; v < names.size(); ++v) members[static_cast<std::size_t>(component[v])].push_back(v);
  for (const auto& group : members) {
    const std::uint32_t start =
        *std::min_element(group.begin(), group.end(), [&](auto a, auto b) { return names[a] < names[b]; });
    const std::vector<std::size_t> path = cycle_through(start, component, out_edges, edges);
    if (path.empty()) continue;  // a single member without a self-loop is no cycle
    std::string text = names[start];
    for (const std::size_t e : path) text += " -> " + names[edges[e].to];
    const graph_edge& first = edges[path.front()];
    out.push_back({first.file, first.line, first.column, code, "cycle in " + std::string(what) + ": " + text});
  }
}

void check_temporal(const rule_set& rules, const std::vector<bool>& skip, bool roles_usable,
                    std::vector<diagnostic>& out) {
  for (std::size_t si = 0; si < rules.services.size(); ++si) {
    if (si < skip.size() && skip[si]) continue;
    const service& svc = rules.services[si];
    for (const requirement& req : svc.requirements) {
      if (req.phase.empty()) continue;  // never active: nothing is needed
      const bool workload = req.kind == requirement_kind::workload;
      std::vector<need> needs;
      for (std::size_t t = 0; t < req.terms.size(); ++t)
        needs.push_back({&req.terms[t].amount,
                         (workload ? "demand[" : "minimum[") + std::to_string(t) + (workload ? "].hours" : "].wte")});
      for (const delivery& d : req.delivered_by) {
        if (d.role >= rules.roles.size()) continue;
        const role& r = rules.roles[d.role];
        if (d.max_share) needs.push_back({&*d.max_share, "delivered_by." + r.id + ".max_share"});
        if (workload && roles_usable) {
          needs.push_back({&r.hours_per_wte, "roles." + r.id + ".hours_per_wte"});
          needs.push_back({&r.available_share, "roles." + r.id + ".available_share"});
        }
      }
      const std::vector<span> active = active_spans(req.phase);
      for (const need& n : needs)
        if (const std::optional<hit> gap = first_gap(active, *n.values))
          out.push_back(gap_diagnostic(rules, svc.id + "." + req.id, req.source, n, *gap));
    }
  }
}

void finish_diagnostics(std::vector<diagnostic>& out, std::size_t limit) {
  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  if (out.size() <= limit) return;
  const std::size_t hidden = out.size() - limit;
  diagnostic note = out[limit];
  out.resize(limit);
  note.message = std::to_string(hidden) + " more problem" + (hidden == 1 ? "" : "s") +
                 " not shown, the first of them here (the limit is " + std::to_string(limit) + ")";
  out.push_back(std::move(note));
}

}  // namespace descheck::detail
