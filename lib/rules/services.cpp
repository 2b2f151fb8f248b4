// Reading services/<id>.yaml: the service header, its requirements, their terms and roles.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "io/text.hpp"
#include "rules/load.hpp"

namespace descheck::detail {

namespace {

constexpr double weeks_per_year = 365.25 / 7.0;

std::string indexed(const std::string& what, std::size_t i) { return what + "[" + std::to_string(i) + "]"; }

std::vector<term> read_terms(schema_reader& r, const rule_names& names, const yaml_node& node, const std::string& what,
                             bool workload) {
  std::vector<term> terms;
  if (!node.is_sequence()) {
    r.error(node, codes::wrong_type, "expected a list of terms for '" + what + "', found " + describe(node.kind));
    return terms;
  }
  if (node.items.empty()) r.error(node, codes::missing_key, "'" + what + "' needs at least one term");
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const yaml_node& item = node.items[i];
    const std::string at = indexed(what, i);
    const bool is_map = workload ? r.check_map(item, at, {"driver", "hours", "per"}, {"hours", "per"})
                                 : r.check_map(item, at, {"driver", "wte"}, {"wte"});
    if (!is_map) continue;
    term t;
    if (const yaml_node* n = item.find("driver")) t.driver = names.driver(r, *n, at + ".driver");
    const char* amount = workload ? "hours" : "wte";
    if (const yaml_node* n = item.find(amount))
      t.amount = r.read_schedule(*n, at + "." + amount, value_range::non_negative);
    if (!workload) {
      t.per.clear();  // WTE are a level, not a rate
      t.weeks_per_period = 1.0;
    } else if (const yaml_node* n = item.find("per")) {
      const std::optional<std::string> per = r.text(*n, at + ".per");
      if (per && *per == "week") {
        t.weeks_per_period = 1.0;
      } else if (per && *per == "month") {
        t.weeks_per_period = weeks_per_year / 12.0;
      } else if (per && *per == "year") {
        t.weeks_per_period = weeks_per_year;
      } else if (per) {
        r.error(*n, codes::wrong_type,
                "'" + at + ".per' is " + quote(*per) + "; use week, month or year" +
                    did_you_mean(*per, {"week", "month", "year"}));
      }
      if (per) t.per = *per;
    }
    terms.push_back(std::move(t));
  }
  return terms;
}

std::vector<delivery> read_delivered_by(schema_reader& r, const rule_names& names, const yaml_node& node,
                                        const std::string& what, bool workload) {
  std::vector<delivery> out;
  if (node.is_sequence()) {
    std::map<std::string, int> seen;
    for (const yaml_node& item : node.items) {
      if (item.is_scalar()) {
        const auto [first, fresh] = seen.emplace(item.text, item.line);
        if (!fresh) {
          r.error(item, codes::duplicate_id,
                  "role " + quote(item.text) + " is listed twice in '" + what + "' (first on line " +
                      std::to_string(first->second) + ")");
          continue;
        }
      }
      out.push_back(delivery{names.role(r, item, what), std::nullopt});
    }
  } else if (node.is_map()) {
    for (const yaml_entry& e : node.entries) {
      delivery d{names.role(r, e.key, what), std::nullopt};
      const std::string at = what + "." + e.key.text;
      // `gp:` with nothing after it reads as null; it means the same as `gp: {}`.
      if (!e.value.is_null() && r.check_map(e.value, at, {"max_share"})) {
        if (const yaml_node* n = e.value.find("max_share")) {
          if (workload)
            d.max_share = r.read_schedule(*n, at + ".max_share", value_range::unit);
          else
            r.error(*e.value.find_key("max_share"), codes::unknown_key,
                    "'max_share' applies to workload requirements only; a staffing requirement counts WTE "
                    "of every listed role");
        }
      }
      out.push_back(std::move(d));
    }
  } else {
    r.error(node, codes::wrong_type,
            "expected a map or list of roles for '" + what + "', found " + describe(node.kind));
    return out;
  }
  if (node.items.empty() && node.entries.empty())
    r.error(node, codes::missing_key, "'" + what + "' needs at least one role");
  return out;
}

void read_requirement(schema_reader& r, const rule_names& names, const yaml_node& node, const std::string& where,
                      service& svc, std::map<std::string, int>& seen) {
  if (!r.check_map(
          node, where,
          {"id", "label", "kind", "priority", "phase", "demand", "minimum", "delivered_by", "indicators", "note"},
          {"id", "label", "kind", "phase", "delivered_by"}))
    return;
  requirement q;
  std::string what = where;
  if (const yaml_node* n = node.find("id")) {
    if (const auto id = r.id(*n, where + ".id")) {
      q.id = *id;
      what = svc.id + "." + q.id;
      if (const auto [first, fresh] = seen.emplace(q.id, n->line); !fresh)
        r.error(*n, codes::duplicate_id,
                "requirement id " + quote(q.id) + " is defined twice in service '" + svc.id + "' (first on line " +
                    std::to_string(first->second) + ")");
    }
  }
  if (const yaml_node* n = node.find("label")) q.label = r.text(*n, what + ".label").value_or("");
  std::string note;
  if (const yaml_node* n = node.find("note")) note = r.text(*n, what + ".note").value_or("");
  q.source = r.add_origin(node, value_status::unspecified, svc.reference.title, std::move(note));

  std::optional<requirement_kind> kind;
  if (const yaml_node* n = node.find("kind")) {
    const std::optional<std::string> k = r.text(*n, what + ".kind");
    if (k && *k == "workload") {
      kind = requirement_kind::workload;
    } else if (k && *k == "staffing") {
      kind = requirement_kind::staffing;
    } else if (k) {
      r.error(*n, codes::wrong_type,
              "'" + what + ".kind' is " + quote(*k) + "; use workload or staffing" +
                  did_you_mean(*k, {"workload", "staffing"}));
    }
  }
  if (kind) q.kind = *kind;
  if (const yaml_node* n = node.find("priority")) q.priority = r.integer(*n, what + ".priority", 1).value_or(1);
  if (const yaml_node* n = node.find("phase")) q.phase = r.read_schedule(*n, what + ".phase", value_range::unit);

  if (kind) {
    const bool workload = *kind == requirement_kind::workload;
    const char* own = workload ? "demand" : "minimum";
    const char* other = workload ? "minimum" : "demand";
    if (const yaml_node* k = node.find_key(other))
      r.error(*k, codes::unknown_key,
              std::string("'") + other + "' belongs to " + (workload ? "staffing" : "workload") + " requirements; " +
                  to_string(*kind) + " requirement '" + what + "' states its '" + own + "'");
    if (const yaml_node* n = node.find(own))
      q.terms = read_terms(r, names, *n, what + "." + own, workload);
    else
      r.error(node, codes::missing_key,
              std::string("missing required key '") + own + "' in " + to_string(*kind) + " requirement '" + what + "'");
  }
  if (const yaml_node* n = node.find("delivered_by"))
    q.delivered_by = read_delivered_by(r, names, *n, what + ".delivered_by", q.kind == requirement_kind::workload);
  if (const yaml_node* n = node.find("indicators")) q.indicators = r.text_list(*n, what + ".indicators");
  svc.requirements.push_back(std::move(q));
}

}  // namespace

void read_service(schema_reader& r, const yaml_node& root, const rule_names& names, std::uint32_t index, service& svc,
                  std::vector<graph_edge>& edges) {
  if (!r.check_schema(root, "service")) return;
  r.check_map(root, "service", {"schema", "id", "label", "reference", "depends_on", "requirements"},
              {"id", "label", "requirements"});
  const yaml_node* id = root.find("id");
  if (id) {
    const std::optional<std::string> value = r.id(*id, "id");
    if (value && *value != svc.id)
      r.error(*id, codes::wrong_type,
              "service id " + quote(*value) + " must match its file name '" +
                  std::filesystem::path(r.file()).filename().string() + "'");
  }
  if (const yaml_node* n = root.find("label")) svc.label = r.text(*n, "label").value_or("");
  if (const yaml_node* ref = root.find("reference");
      ref && r.check_map(*ref, "reference", {"title", "href"}, {"title"})) {
    if (const yaml_node* n = ref->find("title")) svc.reference.title = r.text(*n, "reference.title").value_or("");
    if (const yaml_node* n = ref->find("href")) svc.reference.href = r.text(*n, "reference.href").value_or("");
  }
  svc.source = r.add_origin(id ? *id : root, value_status::unspecified, svc.reference.title);

  if (const yaml_node* deps = root.find("depends_on")) {
    if (!deps->is_sequence()) {
      r.error(*deps, codes::wrong_type,
              std::string("expected a list of service ids for 'depends_on', found ") + describe(deps->kind));
    }
    for (const yaml_node& item : deps->items) {
      const std::optional<std::string> target = r.id(item, "depends_on");
      if (!target) continue;
      const std::uint32_t to = names.service(*target);
      if (to == no_index) {
        r.error(item, codes::unknown_service,
                "unknown service " + quote(*target) + " in 'depends_on'" + r.suggest(*target, names.services));
        continue;
      }
      if (std::find(svc.depends_on.begin(), svc.depends_on.end(), to) != svc.depends_on.end()) {
        r.error(item, codes::duplicate_id, "service " + quote(*target) + " is listed twice in 'depends_on'");
        continue;
      }
      svc.depends_on.push_back(to);
      edges.push_back(graph_edge{index, to, r.file(), item.line, item.column});
    }
  }

  const yaml_node* reqs = root.find("requirements");
  if (!reqs) return;
  if (!reqs->is_sequence()) {
    r.error(*reqs, codes::wrong_type, std::string("expected a list for 'requirements', found ") + describe(reqs->kind));
    return;
  }
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < reqs->items.size(); ++i)
    read_requirement(r, names, reqs->items[i], indexed(svc.id + ".requirements", i), svc, seen);
}

}  // namespace descheck::detail
