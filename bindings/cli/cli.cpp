#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <sstream>

#include "descheck/io/file.hpp"
#include "descheck/io/table.hpp"
#include "descheck/io/text.hpp"

namespace descheck::cli {

void usage_error(const std::string& message) {
  throw input_error({{"", 0, 0, codes::usage, message + " (see 'descheck --help')"}});
}

std::optional<std::string> options::get(const std::string& name) const {
  const auto it = values.find(name);
  return it == values.end() || it->second.empty() ? std::nullopt : std::optional<std::string>(it->second.back());
}

std::vector<std::string> options::all(const std::string& name) const {
  const auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::string options::need(const std::string& name) const {
  auto v = get(name);
  if (!v) usage_error("'" + command + "' needs --" + name);
  return *v;
}

void options::no_positional() const {
  if (!positional.empty()) usage_error("unexpected argument '" + positional[0] + "' for '" + command + "'");
}

namespace {
std::map<std::string, command>& command_table() {
  static std::map<std::string, command> commands;
  return commands;
}
}  // namespace

const std::map<std::string, command>& commands() { return command_table(); }

registrar::registrar(command c) {
  // Every command that reads a rule set reads it through scenarios too (SPEC 6).
  if (std::find(c.values.begin(), c.values.end(), "rules") != c.values.end() || c.name == "validate" ||
      c.name == "doc") {
    c.values.emplace_back("scenario");
    c.repeatable.emplace_back("scenario");
  }
  std::string name = c.name;
  command_table().emplace(std::move(name), std::move(c));
}

date parse_date_option(const std::string& name, const std::string& text) {
  const auto d = parse_date(text);
  if (!d) usage_error("--" + name + " '" + text + "' is not a valid ISO date YYYY-MM-DD");
  return *d;
}

table_format choose_format(const options& o) {
  return choose_table_format(o.get("format"), o.get("output"), ::isatty(STDOUT_FILENO) != 0);
}

void write_totals_option(const options& o, const table& rows) {
  const auto path = o.get("totals");
  if (!path) return;
  const table_format format = table_format_of_path(*path).value_or(table_format::csv);
  write_file_atomically(*path, [&](std::ostream& out) { write_table(out, rows, format); });
}

void emit(const options& o, const std::function<void(std::ostream&)>& write) {
  if (const auto path = o.get("output")) {
    write_file_atomically(*path, write);
  } else {
    std::ostringstream buffer;
    write(buffer);
    std::cout << buffer.str();
    std::cout.flush();
  }
}

rule_set load_rules(const options& o, const std::filesystem::path& directory) {
  rule_set base = load_rule_set(directory);
  const std::vector<std::string> files = o.all("scenario");
  if (files.empty()) return base;
  return apply_scenarios(base, std::vector<std::filesystem::path>(files.begin(), files.end()));
}

rule_set load_rules(const options& o) { return load_rules(o, o.need("rules")); }

panel load_panel_option(const options& o, const rule_set& rules) {
  panel networks = load_panel(rules, o.need("networks"), o.need("staff"));
  apply_coverage_option(o, networks);
  return networks;
}

void apply_coverage_option(const options& o, panel& networks) {
  if (const auto file = o.get("coverage")) load_coverage(networks, *file);
}

std::vector<variant> load_variants(const options& o) {
  std::vector<variant> out;
  const rule_set base = load_rules(o);
  const std::string base_label = base.scenario_id == "baseline" ? base.label : "scenario " + base.scenario_id;
  out.push_back({base, base_label});
  // Validate every comparison before any work starts, reporting all their problems at once.
  std::vector<diagnostic> problems;
  for (const std::string& file : o.all("compare")) {
    try {
      const scenario s = load_scenario(file, base);
      out.push_back({apply_scenario(base, s), s.label.empty() ? s.id : s.label});
    } catch (const rule_error& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw rule_error(std::move(problems));
  return out;
}

unsigned threads_option(const options& o) {
  const auto text = o.get("threads");
  if (!text) return 0;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value > 1024)
    usage_error("--threads '" + *text + "' is not a whole number from 0 (all cores) to 1024");
  return value;
}

std::pair<date, date> range_option(const options& o, const rule_set& rules) {
  const auto from = o.get("from");
  const auto to = o.get("to");
  if ((!from || !to) && !rules.default_range)
    usage_error("'" + o.command + "' needs --from and --to (rule set " + rules.id + " has no default_range)");
  const date a = from ? parse_date_option("from", *from) : rules.default_range->from;
  const date b = to ? parse_date_option("to", *to) : rules.default_range->to;
  if (b < a) usage_error("--to " + to_string(b) + " is before --from " + to_string(a));
  return {a, b};
}

progress_bar::progress_bar(std::string what)
    : what_(std::move(what)), start_(std::chrono::steady_clock::now()), terminal_(::isatty(STDERR_FILENO) != 0) {}

progress_bar::~progress_bar() {
  if (shown_) std::cerr << "\r\033[K" << std::flush;
}

progress_callback progress_bar::callback() {
  if (!terminal_) return {};
  return [this](std::size_t done, std::size_t total) { update(done, total); };
}

void progress_bar::update(std::size_t done, std::size_t total) {
  if (!shown_ && std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
  shown_ = true;
  constexpr std::size_t width = 30;
  const std::size_t filled = total == 0 ? width : done * width / total;
  std::cerr << "\r" << what_ << " [" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done
            << "/" << total << std::flush;
}

options parse(int argc, char** argv) {
  options o;
  if (argc < 2) usage_error("no command given");
  o.command = argv[1];
  const auto found = commands().find(o.command);
  if (found == commands().end()) {
    std::vector<std::string> names;
    for (const auto& [name, _] : commands()) names.push_back(name);
    usage_error("unknown command '" + o.command + "'" + did_you_mean(o.command, names));
  }
  const command& c = found->second;
  const auto has = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--")) {
      o.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool inline_value = false;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (has(c.flags, name)) {
      if (inline_value) usage_error("--" + name + " takes no value");
      o.flags[name] = true;
    } else if (has(c.values, name)) {
      if (!inline_value) {
        if (i + 1 >= argc) usage_error("--" + name + " needs a value");
        value = argv[++i];
      }
      std::vector<std::string>& slot = o.values[name];
      if (!slot.empty() && !has(c.repeatable, name)) usage_error("--" + name + " given twice");
      slot.push_back(value);
    } else {
      std::vector<std::string> known;
      for (const auto& v : c.values) known.push_back(v);
      for (const auto& f : c.flags) known.push_back(f);
      std::string message = "unknown option --" + name;
      message += " for '" + o.command + "'";
      message += did_you_mean(name, known);
      usage_error(message);
    }
  }
  return o;
}

}  // namespace descheck::cli
