// Loading a rule-set directory (SPEC section 2): one YAML tree per file, schema checks per file,
// name resolution across files, then the whole-set checks of rules/lint.cpp.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "descheck/core/limits.hpp"
#include "io/text.hpp"
#include "rules/load.hpp"

namespace descheck {

namespace {

using namespace detail;

// Names of a map's keys in file order (role or driver ids).
std::vector<std::string> keys_of(const std::optional<yaml_node>& root, std::string_view section) {
  std::vector<std::string> out;
  if (!root) return out;
  if (const yaml_node* m = root->find(section); m && m->is_map())
    for (const yaml_entry& e : m->entries) out.push_back(e.key.text);
  return out;
}

// Whether a file's ids can be trusted: it parsed, and its schema line is right or merely missing.
// Otherwise references into it are not reported, as the file's own diagnostics say it all.
bool readable(const std::optional<yaml_node>& root, const std::string& kind) {
  if (!root || !root->is_map()) return false;
  const yaml_node* s = root->find("schema");
  return !s || s->text == "descheck/" + kind + "/v1";
}

class loader {
 public:
  loader(const std::filesystem::path& directory, const load_limits& limits)
      : dir_(directory), yaml_{limits.max_yaml_bytes, limits.max_yaml_depth, limits.max_diagnostics} {
    rules_.directory = directory;
  }

  std::vector<diagnostic> run() {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir_, ec)) {
      const bool exists = std::filesystem::exists(dir_, ec);
      out_.push_back(
          {dir_.string(), 0, 0, codes::io, exists ? "rule set is not a directory" : "rule-set directory not found"});
      return std::move(out_);
    }
    const auto ruleset_tree = load_yaml_file(dir_ / "ruleset.yaml", yaml_, out_);
    const auto roles_tree = load_yaml_file(dir_ / "roles.yaml", yaml_, out_);
    const auto drivers_tree = load_yaml_file(dir_ / "drivers.yaml", yaml_, out_);
    std::optional<yaml_node> funding_tree;
    const bool has_funding = std::filesystem::exists(dir_ / "funding.yaml", ec);
    if (has_funding) funding_tree = load_yaml_file(dir_ / "funding.yaml", yaml_, out_);
    const std::vector<std::filesystem::path> service_files = list_services();
    std::vector<std::optional<yaml_node>> service_trees;
    service_trees.reserve(service_files.size());
    for (const auto& f : service_files) service_trees.push_back(load_yaml_file(f, yaml_, out_));

    // Names first, so every file can resolve references to every other. When a file could not
    // be parsed its names are unknown and references to it are not reported.
    names_.roles = keys_of(roles_tree, "roles");
    names_.drivers = keys_of(drivers_tree, "drivers");
    names_.roles_known = readable(roles_tree, "roles");
    names_.drivers_known = readable(drivers_tree, "drivers");
    for (const auto& f : service_files) names_.services.push_back(f.stem().string());
    names_.index();

    if (ruleset_tree) read_ruleset(*ruleset_tree);
    const bool roles_clean = roles_tree && read_roles(*roles_tree);
    if (drivers_tree) read_drivers(*drivers_tree);
    if (funding_tree) read_funding(*funding_tree);
    std::vector<bool> skip(service_files.size(), true);
    for (std::size_t i = 0; i < service_files.size(); ++i) {
      service& svc = rules_.services.emplace_back();
      svc.id = names_.services[i];
      if (!service_trees[i]) continue;
      schema_reader r(service_files[i].string(), out_, rules_.origins);
      read_service(r, *service_trees[i], names_, static_cast<std::uint32_t>(i), svc, service_edges_);
      skip[i] = r.errors() > 0;
    }

    check_cycles(names_.services, service_edges_, codes::service_cycle, "depends_on", out_);
    check_cycles(names_.drivers, driver_edges_, codes::driver_cycle, "driver defaults", out_);
    check_temporal(rules_, skip, roles_clean, out_);
    build_flat();
    return std::move(out_);
  }

  rule_set take() { return std::move(rules_); }

 private:
  // Why a *.yaml entry of services/ cannot be a service file (dangling or looping link, folder,
  // FIFO, device), or nullopt for a regular file (possibly through links).
  static std::optional<std::string> not_a_service_file(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      const int error = errno;
      if (error == ENOENT) return "cannot read service file: symbolic link to a missing file";
      if (error == ELOOP) return "cannot read service file: too many levels of symbolic links";
      return "cannot read service file: " + std::generic_category().message(error);
    }
    if (S_ISREG(st.st_mode)) return std::nullopt;
    if (S_ISDIR(st.st_mode)) return "a folder named like a service file: service files are regular files";
    if (S_ISFIFO(st.st_mode)) return "a FIFO (named pipe), not a regular file: service files are regular files";
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
      return "a device, not a regular file: service files are regular files";
    return "not a regular file: service files are regular files";
  }

  // Service files in name order. Files not ending in .yaml or .yml (READMEs, editor backups) are
  // ignored on purpose, so notes can live beside the specifications.
  std::vector<std::filesystem::path> list_services() {
    std::vector<std::filesystem::path> files;
    const std::filesystem::path folder = dir_ / "services";
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      out_.push_back({folder.string(), 0, 0, codes::io, "missing 'services' directory of service specifications"});
      return files;
    }
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string ext = it->path().extension().string();
      if (ext != ".yaml" && ext != ".yml") continue;
      // A service file that cannot be read is an error, never a service silently left out.
      if (const auto problem = not_a_service_file(it->path())) {
        out_.push_back({it->path().string(), 0, 0, codes::io, *problem});
      } else {
        files.push_back(it->path());
      }
    }
    if (ec) out_.push_back({folder.string(), 0, 0, codes::io, "cannot list directory: " + ec.message()});
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
    // Stems order the services (they are the ids); smr.yaml and smr.yml would define smr twice.
    std::stable_sort(files.begin(), files.end(),
                     [](const auto& a, const auto& b) { return a.stem().string() < b.stem().string(); });
    for (std::size_t i = 1; i < files.size();) {
      if (files[i].stem() == files[i - 1].stem()) {
        out_.push_back(
            {files[i].string(), 0, 0, codes::duplicate_id,
             "service '" + files[i].stem().string() + "' is already defined by " + files[i - 1].filename().string()});
        files.erase(files.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
    return files;
  }

  void build_flat();

  std::string display(const char* name) const { return (dir_ / name).string(); }

  void read_ruleset(const yaml_node& root) {
    schema_reader r(display("ruleset.yaml"), out_, rules_.origins);
    if (!r.check_schema(root, "ruleset")) return;
    r.check_map(root, "ruleset.yaml", {"schema", "id", "label", "version", "description", "default_range"},
                {"id", "label", "version"});
    if (const yaml_node* n = root.find("id")) rules_.id = r.id(*n, "id").value_or("");
    if (const yaml_node* n = root.find("label")) rules_.label = r.text(*n, "label").value_or("");
    if (const yaml_node* n = root.find("version")) rules_.version = r.text(*n, "version").value_or("");
    if (const yaml_node* n = root.find("description")) (void)r.text(*n, "description");
    const yaml_node* range = root.find("default_range");
    if (!range || !r.check_map(*range, "default_range", {"from", "to"}, {"from", "to"})) return;
    const yaml_node* from = range->find("from");
    const yaml_node* to = range->find("to");
    if (!from || !to) return;
    const std::optional<date> a = r.date_value(*from, "default_range.from");
    const std::optional<date> b = r.date_value(*to, "default_range.to");
    if (!a || !b) return;
    if (*b < *a)
      r.error(*to, codes::out_of_range, "'default_range.to' " + to_string(*b) + " is before 'from' " + to_string(*a));
    rules_.default_range = date_range{*a, *b};
  }

  // True when roles.yaml is free of errors, so the temporal lint may rely on role schedules.
  bool read_roles(const yaml_node& root) {
    schema_reader r(display("roles.yaml"), out_, rules_.origins);
    if (!r.check_schema(root, "roles")) return false;
    r.check_map(root, "roles.yaml", {"schema", "roles"}, {"roles"});
    const yaml_node* roles = root.find("roles");
    if (!roles || !r.expect_map(*roles, "roles")) return false;
    for (const yaml_entry& e : roles->entries) {
      role x;
      x.id = e.key.text;
      const std::string what = "roles." + x.id;
      (void)r.id(e.key, "role id");
      x.hours_per_wte = schedule::constant(37.5);  // SPEC 2: a full-time week
      x.available_share = schedule::constant(1.0);
      const yaml_node& v = e.value;
      if (r.check_map(
              v, what,
              {"label", "hours_per_wte", "available_share", "default_wte", "workforce_labels", "arrs", "cost_per_wte"},
              {"label"})) {
        if (const yaml_node* n = v.find("label")) x.label = r.text(*n, what + ".label").value_or("");
        if (const yaml_node* n = v.find("hours_per_wte"))
          x.hours_per_wte = r.read_schedule(*n, what + ".hours_per_wte", value_range::positive);
        if (const yaml_node* n = v.find("available_share"))
          x.available_share = r.read_schedule(*n, what + ".available_share", value_range::unit);
        if (const yaml_node* n = v.find("default_wte"))
          x.default_wte = read_derived_default(r, names_, *n, what + ".default_wte");
        if (const yaml_node* n = v.find("workforce_labels"))
          x.workforce_labels = r.text_list(*n, what + ".workforce_labels");
        if (const yaml_node* n = v.find("arrs")) {
          x.arrs = read_arrs(r, *n, what + ".arrs");
          if (const yaml_node* c = n->is_map() ? n->find("cap") : nullptr)
            x.arrs_cap = read_cap(r, *c, what + ".arrs.cap");
          if (const yaml_node* c = n->is_map() ? n->find("reported_wte") : nullptr)
            x.reported_wte = r.read_schedule(*c, what + ".arrs.reported_wte", value_range::non_negative);
        }
        if (const yaml_node* n = v.find("cost_per_wte"))
          x.cost_per_wte = r.read_schedule(*n, what + ".cost_per_wte", value_range::non_negative);
      }
      rules_.roles.push_back(std::move(x));
    }
    return r.errors() == 0;
  }

  std::optional<arrs_terms> read_arrs(schema_reader& r, const yaml_node& node, const std::string& what) {
    if (!r.check_map(node, what,
                     {"max_reimbursement", "london_max_reimbursement", "reimbursed_share", "cap", "reported_wte"},
                     {"max_reimbursement"}))
      return std::nullopt;
    arrs_terms a;
    // ARRS reimburses actual salary costs in full up to the maximum, hence a default share of 1.
    a.reimbursed_share = schedule::constant(1.0);
    if (const yaml_node* n = node.find("max_reimbursement"))
      a.max_reimbursement = r.read_schedule(*n, what + ".max_reimbursement", value_range::non_negative);
    if (const yaml_node* n = node.find("london_max_reimbursement"))
      a.london_max_reimbursement = r.read_schedule(*n, what + ".london_max_reimbursement", value_range::non_negative);
    if (const yaml_node* n = node.find("reimbursed_share"))
      a.reimbursed_share = r.read_schedule(*n, what + ".reimbursed_share", value_range::unit);
    return a;
  }

  // `cap: {wte: schedule, above: {driver: X, threshold: N, wte: schedule}}`: the most WTE of the
  // role a network may claim for, with a larger cap for networks whose driver X is over N.
  std::optional<wte_cap> read_cap(schema_reader& r, const yaml_node& node, const std::string& what) {
    if (!r.check_map(node, what, {"wte", "above"}, {"wte"})) return std::nullopt;
    wte_cap c;
    if (const yaml_node* n = node.find("wte")) c.wte = r.read_schedule(*n, what + ".wte", value_range::non_negative);
    const yaml_node* above = node.find("above");
    if (!above || !r.check_map(*above, what + ".above", {"driver", "threshold", "wte"}, {"driver", "threshold", "wte"}))
      return c;
    if (const yaml_node* n = above->find("driver")) c.driver = names_.driver(r, *n, what + ".above.driver");
    if (const yaml_node* n = above->find("threshold"))
      c.threshold = r.number(*n, what + ".above.threshold", value_range::non_negative).value_or(0.0);
    if (const yaml_node* n = above->find("wte"))
      c.above_wte = r.read_schedule(*n, what + ".above.wte", value_range::non_negative);
    return c;
  }

  void read_drivers(const yaml_node& root) {
    schema_reader r(display("drivers.yaml"), out_, rules_.origins);
    if (!r.check_schema(root, "drivers")) return;
    r.check_map(root, "drivers.yaml", {"schema", "drivers"}, {"drivers"});
    const yaml_node* drivers = root.find("drivers");
    if (!drivers || !r.expect_map(*drivers, "drivers")) return;
    for (const yaml_entry& e : drivers->entries) {
      driver x;
      x.id = e.key.text;
      const std::string what = "drivers." + x.id;
      (void)r.id(e.key, "driver id");
      const yaml_node& v = e.value;
      if (r.check_map(v, what, {"label", "unit", "default"}, {"label", "unit"})) {
        if (const yaml_node* n = v.find("label")) x.label = r.text(*n, what + ".label").value_or("");
        if (const yaml_node* n = v.find("unit")) x.unit = r.text(*n, what + ".unit").value_or("");
        if (const yaml_node* n = v.find("default")) {
          x.default_value = read_derived_default(r, names_, *n, what + ".default");
          const yaml_node* target = n->find("driver");
          if (x.default_value && x.default_value->driver != no_index && target)
            driver_edges_.push_back({static_cast<std::uint32_t>(rules_.drivers.size()), x.default_value->driver,
                                     r.file(), target->line, target->column});
        }
      }
      rules_.drivers.push_back(std::move(x));
    }
  }

  void read_funding(const yaml_node& root) {
    schema_reader r(display("funding.yaml"), out_, rules_.origins);
    if (!r.check_schema(root, "funding")) return;
    r.check_map(root, "funding.yaml", {"schema", "arrs"}, {"arrs"});
    const yaml_node* arrs = root.find("arrs");
    if (!arrs || !r.check_map(*arrs, "arrs",
                              {"per_weighted_patient", "national_pot", "recruitment_target", "reported_workforce"},
                              {"per_weighted_patient"}))
      return;
    funding_terms f;
    if (const yaml_node* n = arrs->find("per_weighted_patient"))
      f.per_weighted_patient = r.read_schedule(*n, "arrs.per_weighted_patient", value_range::non_negative);
    if (const yaml_node* n = arrs->find("national_pot"))
      f.national_pot = r.read_schedule(*n, "arrs.national_pot", value_range::non_negative);
    if (const yaml_node* n = arrs->find("recruitment_target"))
      f.recruitment_target = r.read_schedule(*n, "arrs.recruitment_target", value_range::non_negative);
    if (const yaml_node* n = arrs->find("reported_workforce"))
      f.reported_workforce = r.read_schedule(*n, "arrs.reported_workforce", value_range::non_negative);
    rules_.funding = std::move(f);
  }

  std::filesystem::path dir_;
  yaml_limits yaml_;
  std::vector<diagnostic> out_;
  rule_set rules_;
  rule_names names_;
  std::vector<graph_edge> service_edges_, driver_edges_;
};

// Services are read in rules/services.cpp; here they are ordered for reports: `flat` lists every
// requirement by (service id, requirement id), whatever the order in the files.
void loader::build_flat() {
  for (std::uint32_t s = 0; s < rules_.services.size(); ++s) {
    const auto& reqs = rules_.services[s].requirements;
    std::vector<std::uint32_t> order(reqs.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return reqs[a].id < reqs[b].id; });
    for (const std::uint32_t i : order) rules_.flat.push_back(requirement_ref{s, i});
  }
  if (rules_.flat.size() > limits::max_requirements) {
    // The checker's sums of demands stay exact only up to this many (core/limits.hpp).
    const requirement_ref last = rules_.flat.back();
    const origin* where = rules_.origin_of(rules_.services[last.service].requirements[last.requirement].source);
    out_.push_back({where ? where->file : dir_.string(), where ? where->line : 0, where ? where->column : 0,
                    codes::out_of_range,
                    "the rule set has " + std::to_string(rules_.flat.size()) +
                        " requirements, more than the bound of 1,000 (docs/errors.md, Bounds)"});
  }
}

// Runs the loader, turning any unexpected exception (memory exhaustion, a filesystem race) into a
// diagnostic: load_rule_set promises to throw nothing but rule_error.
std::vector<diagnostic> run_guarded(const std::filesystem::path& directory, const load_limits& limits,
                                    rule_set* result) {
  try {
    loader l(directory, limits);
    std::vector<diagnostic> out = l.run();
    finish_diagnostics(out, limits.max_diagnostics);
    if (result && out.empty()) *result = l.take();
    return out;
  } catch (const std::exception& e) {
    return {diagnostic{directory.string(), 0, 0, codes::io, std::string("cannot load rule set: ") + e.what()}};
  }
}
}  // namespace

rule_set load_rule_set(const std::filesystem::path& directory, const load_limits& limits) {
  rule_set result;
  std::vector<diagnostic> problems = run_guarded(directory, limits, &result);
  if (!problems.empty()) throw rule_error(std::move(problems));
  return result;
}

std::vector<diagnostic> validate_rule_set(const std::filesystem::path& directory, const load_limits& limits) {
  return run_guarded(directory, limits, nullptr);
}

}  // namespace descheck
