// Typed reading of rule-set YAML: texts, ids, numbers with ranges, and schedules with origins.
#include <cmath>
#include <string>

#include "descheck/core/limits.hpp"
#include "io/text.hpp"
#include "rules/load.hpp"

namespace descheck::detail {

namespace {

std::string name(std::string_view what) { return "'" + std::string(what) + "'"; }

const char* range_text(value_range range) {
  switch (range) {
    case value_range::non_negative:
      return ">= 0 and <= 10000000000";
    case value_range::positive:
      return "> 0 and <= 10000000000";
    case value_range::unit:
      return "between 0 and 1";
    case value_range::any:
      break;
  }
  return "between -10000000000 and 10000000000";
}

bool in_range(double v, value_range range) {
  if (!(std::fabs(v) <= limits::max_rule_value)) return false;  // every quantity: no product can overflow
  switch (range) {
    case value_range::non_negative:
      return v >= 0.0;
    case value_range::positive:
      return v > 0.0;
    case value_range::unit:
      return v >= 0.0 && v <= 1.0;
    case value_range::any:
      break;
  }
  return true;
}

// The keys that make a map one annotated value rather than a map of dates.
bool is_annotated(const yaml_node& node) {
  for (const char* k : {"value", "status", "reference", "note"})
    if (node.find(k)) return true;
  return false;
}

// Why `text` is not a usable date, or empty when it is. date::max() stands for "open-ended", so
// a key on or after it (year 4707 and later) would be ambiguous.
std::string date_problem(std::string_view text) {
  const std::optional<date> d = parse_date(text);
  if (!d) return "is not a real date (YYYY-MM-DD)";
  if (*d >= date::max()) return "is after the last supported day, " + to_string(add_days(date::max(), -1));
  return {};
}

}  // namespace

void schema_reader::error(const yaml_node& at, const char* code, std::string message) {
  ++errors_;
  out_.push_back({file_, at.line, at.column, code, std::move(message)});
}

bool schema_reader::check_schema(const yaml_node& root, std::string_view kind) {
  const std::string expected = "descheck/" + std::string(kind) + "/v1";
  if (!root.is_map()) {
    error(root, codes::schema, "expected a map starting with 'schema: " + expected + "', found " + describe(root.kind));
    return false;
  }
  const yaml_node* s = root.find("schema");
  if (!s) {
    // Keep checking: a forgotten header is common and the rest of the file is still worth reading.
    error(root, codes::schema, "missing 'schema: " + expected + "' at the top of the file");
    return true;
  }
  if (!s->is_scalar() || s->text != expected) {
    error(*s, codes::schema,
          "schema is " + (s->is_scalar() ? quote(s->text) : std::string(describe(s->kind))) + ", expected '" +
              expected + "'");
    return false;
  }
  return true;
}

bool schema_reader::expect_map(const yaml_node& node, std::string_view what) {
  if (node.is_map()) return true;
  error(node, codes::wrong_type, "expected a map for " + name(what) + ", found " + describe(node.kind));
  return false;
}

bool schema_reader::check_map(const yaml_node& node, std::string_view what,
                              std::initializer_list<std::string_view> allowed,
                              std::initializer_list<std::string_view> required) {
  if (!expect_map(node, what)) return false;
  const std::vector<std::string> candidates(allowed.begin(), allowed.end());
  for (const yaml_entry& e : node.entries) {
    bool known = false;
    for (std::string_view k : allowed) known = known || e.key.text == k;
    if (!known)
      error(e.key, codes::unknown_key,
            "unknown key " + quote(e.key.text) + " in " + name(what) + suggest(e.key.text, candidates));
  }
  for (std::string_view k : required)
    if (!node.find(k))
      error(node, codes::missing_key, "missing required key '" + std::string(k) + "' in " + name(what));
  return true;
}

std::optional<std::string> schema_reader::text(const yaml_node& node, std::string_view what) {
  if (!node.is_scalar()) {
    error(node, codes::wrong_type, "expected text for " + name(what) + ", found " + describe(node.kind));
    return std::nullopt;
  }
  return node.text;
}

std::optional<std::string> schema_reader::id(const yaml_node& node, std::string_view what) {
  std::optional<std::string> value = text(node, what);
  if (!value) return std::nullopt;
  const bool valid = !value->empty() && value->find_first_not_of(
                                            "abcdefghijklmnopqrstuvwxyz"
                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789_-") == std::string::npos;
  if (!valid) {
    error(node, codes::wrong_type,
          name(what) + " " + quote(*value) + " is not a valid id: use letters, digits, '_' and '-'");
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> schema_reader::text_list(const yaml_node& node, std::string_view what) {
  std::vector<std::string> out;
  if (!node.is_sequence()) {
    error(node, codes::wrong_type, "expected a list for " + name(what) + ", found " + describe(node.kind));
    return out;
  }
  for (const yaml_node& item : node.items)
    if (auto t = text(item, std::string(what) + " item")) out.push_back(std::move(*t));
  return out;
}

std::optional<double> schema_reader::check_range(const yaml_node& node, std::string_view what, double value,
                                                 value_range range) {
  if (in_range(value, range)) return value;
  error(node, codes::out_of_range,
        name(what) + " is " + node.text + ", outside the allowed range (" + range_text(range) + ")");
  return std::nullopt;
}

std::optional<double> schema_reader::number(const yaml_node& node, std::string_view what, value_range range) {
  if (!node.is_scalar()) {
    error(node, codes::wrong_type, "expected a number for " + name(what) + ", found " + describe(node.kind));
    return std::nullopt;
  }
  // A quoted "1.0" is text to every YAML reader; accepting it here would hide a typing mistake.
  if (!node.plain && !node.tag.empty()) {
    error(node, codes::wrong_type,
          "expected a number for " + name(what) + ", found " + quote(node.text) + " with the explicit tag " +
              quote(node.tag) + "; write the number alone, without a tag");
    return std::nullopt;
  }
  if (!node.plain) {
    error(node, codes::wrong_type,
          "expected a number for " + name(what) + ", found quoted text " + quote(node.text) + "; remove the quotes");
    return std::nullopt;
  }
  const std::optional<double> value = parse_number(node.text);
  if (!value) {
    error(node, codes::wrong_type, "expected a number for " + name(what) + ", found " + quote(node.text));
    return std::nullopt;
  }
  return check_range(node, what, *value, range);
}

std::optional<int> schema_reader::integer(const yaml_node& node, std::string_view what, int minimum) {
  const std::optional<double> value = number(node, what, value_range::any);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value)) {
    error(node, codes::wrong_type, name(what) + " must be a whole number, found " + quote(node.text));
    return std::nullopt;
  }
  if (std::fabs(*value) > 1e9) {
    error(node, codes::out_of_range,
          name(what) + " is " + node.text + ", out of range (a whole number between -1000000000 and 1000000000)");
    return std::nullopt;
  }
  if (*value < minimum) {
    error(node, codes::out_of_range,
          name(what) + " is " + node.text + ", outside the allowed range (>= " + std::to_string(minimum) + ")");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<date> schema_reader::date_value(const yaml_node& node, std::string_view what) {
  if (!node.is_scalar()) {
    error(node, codes::wrong_type, "expected a date for " + name(what) + ", found " + describe(node.kind));
    return std::nullopt;
  }
  if (const std::string problem = date_problem(node.text); !problem.empty()) {
    error(node, codes::bad_date, quote(node.text) + " in " + name(what) + " " + problem);
    return std::nullopt;
  }
  return parse_date(node.text);
}

std::string schema_reader::suggest(std::string_view word, const std::vector<std::string>& candidates) const {
  return errors_ < 100 ? did_you_mean(word, candidates) : std::string();
}

origin_id schema_reader::add_origin(const yaml_node& at, value_status status, std::string reference, std::string note) {
  origins_.push_back(origin{file_, at.line, at.column, status, std::move(reference), std::move(note), std::nullopt});
  return static_cast<origin_id>(origins_.size() - 1);
}

std::optional<schema_reader::annotated_value> schema_reader::annotated(const yaml_node& node, std::string_view what,
                                                                       value_range range, bool allow_null) {
  check_map(node, what, {"value", "status", "reference", "note", "range", "distribution"}, {"value"});
  const yaml_node* value_node = node.find("value");
  if (!value_node) return std::nullopt;
  annotated_value out;
  bool ok = true;
  if (value_node->is_null() && allow_null) {
    out.value = std::nullopt;  // a documented sunset: undefined from this date
  } else {
    out.value = number(*value_node, what, range);
    ok = out.value.has_value();
  }
  value_status status = value_status::unspecified;
  std::string reference;
  std::string note;
  if (const yaml_node* n = node.find("reference")) {
    if (auto t = text(*n, std::string(what) + " reference")) reference = *t;
  }
  if (const yaml_node* n = node.find("note")) {
    if (auto t = text(*n, std::string(what) + " note")) note = *t;
  }
  if (const yaml_node* s = node.find("status")) {
    const std::optional<std::string> t = text(*s, std::string(what) + " status");
    if (t && *t == "published") {
      status = value_status::published;
      if (reference.empty())
        error(*s, codes::bad_status,
              "status 'published' in " + name(what) + " needs a 'reference' naming the document");
    } else if (t && *t == "draft") {
      status = value_status::draft;
    } else if (t && *t == "assumption") {
      status = value_status::assumption;
      if (note.empty())
        error(*s, codes::bad_status, "status 'assumption' in " + name(what) + " needs a 'note' explaining it");
    } else if (t) {
      error(*s, codes::bad_status,
            "unknown status " + quote(*t) + " in " + name(what) + "; use published, draft or assumption" +
                did_you_mean(*t, {"published", "draft", "assumption"}));
    }
  }
  std::optional<plausible_range> spread = read_spread(node, what, *value_node, out.value, range);
  out.source = add_origin(*value_node, status, std::move(reference), std::move(note));
  origins_.back().range = spread;
  if (!ok) return std::nullopt;
  return out;
}

std::optional<double> schema_reader::bound(const yaml_node& node, std::string_view what, value_range range) {
  if (!node.is_scalar() || !node.plain) {
    error(node, codes::bad_range,
          "expected a number for " + name(what) + ", found " +
              (node.is_scalar() ? "quoted text " + quote(node.text) + "; remove the quotes" : describe(node.kind)));
    return std::nullopt;
  }
  const std::optional<double> value = parse_number(node.text);
  if (!value) {
    error(node, codes::bad_range, "expected a finite number for " + name(what) + ", found " + quote(node.text));
    return std::nullopt;
  }
  return check_range(node, what, *value, range);
}

std::optional<plausible_range> schema_reader::read_spread(const yaml_node& node, std::string_view what,
                                                          const yaml_node& value_node, std::optional<double> value,
                                                          value_range range) {
  const yaml_node* r = node.find("range");
  plausible_range out;
  if (const yaml_node* d = node.find("distribution")) {
    if (!r)
      error(*node.find_key("distribution"), codes::bad_distribution,
            "'distribution' in " + name(what) + " needs a 'range' to spread over");
    const std::optional<std::string> t = text(*d, std::string(what) + " distribution");
    if (t && *t == "uniform") {
      out.distribution = value_distribution::uniform;
    } else if (t && *t != "triangular") {
      error(*d, codes::bad_distribution,
            "unknown distribution " + quote(*t) + " in " + name(what) + "; use triangular or uniform" +
                did_you_mean(*t, {"triangular", "uniform"}));
    }
  }
  if (!r) return std::nullopt;
  if (value_node.is_null()) {
    error(*node.find_key("range"), codes::range_not_allowed,
          "'range' in " + name(what) + " on a null value (a sunset): nothing to vary; remove it");
    return std::nullopt;
  }
  if (!r->is_sequence() || r->items.size() != 2) {
    error(*r, codes::bad_range,
          "'range' in " + name(what) + " must be a list of two numbers, [low, high]; found " +
              (r->is_sequence() ? std::to_string(r->items.size()) + " item(s)" : std::string(describe(r->kind))));
    return std::nullopt;
  }
  const std::optional<double> low = bound(r->items[0], std::string(what) + " range low", range);
  const std::optional<double> high = bound(r->items[1], std::string(what) + " range high", range);
  if (!low || !high) return std::nullopt;
  out.low = *low;
  out.high = *high;
  const std::string written = "[" + r->items[0].text + ", " + r->items[1].text + "]";
  if (out.low > out.high) {
    error(*r, codes::range_excludes_value,
          "range " + written + " in " + name(what) + " has its low bound above its high bound");
    return std::nullopt;
  }
  if (value && (*value < out.low || *value > out.high)) {
    error(*r, codes::range_excludes_value,
          "range " + written + " in " + name(what) + " does not hold its value " + value_node.text);
    return std::nullopt;
  }
  return out;
}

schedule schema_reader::read_schedule(const yaml_node& node, std::string_view what, value_range range) {
  if (node.is_scalar()) {
    const std::optional<double> v = number(node, what, range);
    return v ? schedule::constant(*v, add_origin(node)) : schedule();
  }
  if (!node.is_map()) {
    error(node, codes::wrong_type,
          "expected a number or a map of dates to numbers for " + name(what) + ", found " + describe(node.kind));
    return {};
  }
  if (node.entries.empty()) {
    error(node, codes::wrong_type, name(what) + " is an empty map; give a number or dated values");
    return {};
  }
  if (is_annotated(node)) {
    const auto a = annotated(node, what, range, false);
    return a ? schedule(std::vector<step>{step{date::min(), a->value, a->source}}) : schedule();
  }
  std::vector<step> steps;
  std::optional<date> previous;
  int previous_line = 0;
  for (const yaml_entry& e : node.entries) {
    if (e.key.text == "range" || e.key.text == "distribution") {
      // A spread belongs to one value; beside the dates it would be ambiguous which it ranges.
      error(e.key, codes::range_not_allowed,
            quote(e.key.text) + " in " + name(what) +
                " sits among the dates: put it inside one dated value, {DATE: {value: X, range: [low, high]}}");
      continue;
    }
    if (const std::string problem = date_problem(e.key.text); !problem.empty()) {
      error(e.key, codes::bad_date, quote(e.key.text) + " in " + name(what) + " " + problem);
      continue;
    }
    const std::optional<date> d = parse_date(e.key.text);
    if (previous && *d <= *previous) {
      error(e.key, codes::date_order,
            "date " + e.key.text + " in " + name(what) + " is not after " + to_string(*previous) + " (line " +
                std::to_string(previous_line) + "); dates must increase");
      continue;
    }
    previous = d;
    previous_line = e.key.line;
    const yaml_node& v = e.value;
    if (v.is_null()) {
      steps.push_back(step{*d, std::nullopt, add_origin(v)});  // a sunset
    } else if (v.is_map()) {
      if (const auto a = annotated(v, what, range, true)) steps.push_back(step{*d, a->value, a->source});
    } else if (const std::optional<double> x = number(v, what, range)) {
      steps.push_back(step{*d, *x, add_origin(v)});
    }
  }
  return schedule(std::move(steps));
}

namespace {
void fill(std::unordered_map<std::string, std::uint32_t>& at, const std::vector<std::string>& names) {
  at.clear();
  for (std::size_t i = 0; i < names.size(); ++i) at.emplace(names[i], static_cast<std::uint32_t>(i));
}
std::uint32_t lookup(const std::unordered_map<std::string, std::uint32_t>& at, const std::string& key) {
  const auto it = at.find(key);
  return it == at.end() ? no_index : it->second;
}
}  // namespace

void rule_names::index() {
  fill(role_at_, roles);
  fill(driver_at_, drivers);
  fill(service_at_, services);
}

std::uint32_t rule_names::service(const std::string& id) const { return lookup(service_at_, id); }

role_index rule_names::role(schema_reader& r, const yaml_node& node, const std::string& what) const {
  const std::optional<std::string> key = r.id(node, what);
  if (!key) return no_index;
  const std::uint32_t i = lookup(role_at_, *key);
  if (i == no_index && roles_known)
    r.error(node, codes::unknown_role, "unknown role " + quote(*key) + " in " + name(what) + r.suggest(*key, roles));
  return i;
}

driver_index rule_names::driver(schema_reader& r, const yaml_node& node, const std::string& what) const {
  const std::optional<std::string> key = r.id(node, what);
  if (!key) return no_index;
  const std::uint32_t i = lookup(driver_at_, *key);
  if (i == no_index && drivers_known)
    r.error(node, codes::unknown_driver,
            "unknown driver " + quote(*key) + " in " + name(what) + r.suggest(*key, drivers));
  return i;
}

std::optional<derived_default> read_derived_default(schema_reader& r, const rule_names& names, const yaml_node& node,
                                                    const std::string& what) {
  if (!r.check_map(node, what, {"driver", "ratio"}, {"driver", "ratio"})) return std::nullopt;
  derived_default d;
  if (const yaml_node* n = node.find("driver")) d.driver = names.driver(r, *n, what + ".driver");
  if (const yaml_node* n = node.find("ratio"))
    d.ratio = r.read_schedule(*n, what + ".ratio", value_range::non_negative);
  return d;
}

}  // namespace descheck::detail
