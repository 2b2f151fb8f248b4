// The `descheck` command: validate a rule set, check networks, explain one network.
#include <unistd.h>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;

constexpr const char* usage_text = R"(descheck - Network Contract DES capacity checks for Primary Care Networks

Usage:
  descheck validate RULES_DIR
  descheck check   --rules DIR --networks FILE --staff FILE --at DATE
                   [--summary] [--format csv|json|table] [--output FILE] [--strict]
  descheck explain --rules DIR --networks FILE --staff FILE --network ID --at DATE [--output FILE]
  descheck --help | --version

check writes one row per requirement in force (or, with --summary, one row per network).
The format defaults to a table on the terminal, and to CSV (JSON for *.json) with --output.
Files are written atomically. Dates are ISO YYYY-MM-DD.

Exit status: 0 done; 1 done, but --strict and some network is not compliant;
2 invalid input or usage (every problem is printed as FILE:LINE:COL: error[DCnnn]: message).
)";

[[noreturn]] void usage_error(const std::string& message) {
  throw input_error({{"", 0, 0, codes::usage, message + " (see 'descheck --help')"}});
}

struct options {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::map<std::string, bool> flags;

  [[nodiscard]] std::optional<std::string> get(const std::string& name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  [[nodiscard]] std::string need(const std::string& name) const {
    auto v = get(name);
    if (!v) usage_error("'" + command + "' needs --" + name);
    return *v;
  }
  [[nodiscard]] bool flag(const std::string& name) const { return flags.count(name) != 0; }
};

options parse(int argc, char** argv) {
  static const std::map<std::string, std::vector<std::string>> value_options = {
      {"validate", {}},
      {"check", {"rules", "networks", "staff", "at", "format", "output"}},
      {"explain", {"rules", "networks", "staff", "at", "network", "output"}},
  };
  static const std::map<std::string, std::vector<std::string>> flag_options = {
      {"validate", {}}, {"check", {"summary", "strict"}}, {"explain", {}}};
  options o;
  if (argc < 2) usage_error("no command given");
  o.command = argv[1];
  if (!value_options.count(o.command)) {
    std::string suggestion;
    for (const auto& [c, _] : value_options)
      if (!o.command.empty() && (c.starts_with(o.command.substr(0, 2)))) suggestion = " (did you mean '" + c + "'?)";
    usage_error("unknown command '" + o.command + "'" + suggestion);
  }
  const auto& values = value_options.at(o.command);
  const auto& flags = flag_options.at(o.command);
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--")) {
      o.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      if (inline_value) usage_error("--" + name + " takes no value");
      o.flags[name] = true;
    } else if (std::find(values.begin(), values.end(), name) != values.end()) {
      if (!inline_value) {
        if (i + 1 >= argc) usage_error("--" + name + " needs a value");
        value = argv[++i];
      }
      if (o.values.count(name)) usage_error("--" + name + " given twice");
      o.values[name] = value;
    } else {
      std::string known;
      for (const auto& v : values) known += " --" + v;
      for (const auto& f : flags) known += " --" + f;
      std::string message = "unknown option --" + name;
      message += " for '" + o.command + "'; it takes:";
      usage_error(message + known);
    }
  }
  return o;
}

date parse_at(const std::string& text) {
  const auto d = parse_date(text);
  if (!d) usage_error("--at '" + text + "' is not a valid ISO date YYYY-MM-DD");
  return *d;
}

// Writes to --output atomically, or to standard output once everything is computed, so that an
// error part-way never leaves a partial result behind.
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

int run_validate(const options& o) {
  if (o.positional.size() != 1) usage_error("'validate' takes one rule-set directory");
  const std::filesystem::path dir = o.positional[0];
  const std::vector<diagnostic> problems = validate_rule_set(dir);
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << format(d) << '\n';
    std::cerr << dir.string() << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems") << '\n';
    return 2;
  }
  const rule_set rules = load_rule_set(dir);
  std::cout << dir.string() << ": valid rule set " << rules.id << " " << rules.version << ": " << rules.roles.size()
            << " roles, " << rules.drivers.size() << " drivers, " << rules.services.size() << " services, "
            << rules.flat.size() << " requirements\n";
  return 0;
}

int run_check(const options& o) {
  if (!o.positional.empty()) usage_error("unexpected argument '" + o.positional[0] + "'");
  const date at = parse_at(o.need("at"));
  const rule_set rules = load_rule_set(o.need("rules"));
  const panel networks = load_panel(rules, o.need("networks"), o.need("staff"));
  output_format format = output_format::table;
  if (const auto f = o.get("format")) {
    format = parse_output_format(*f);
  } else if (const auto path = o.get("output")) {
    format = std::filesystem::path(*path).extension() == ".json" ? output_format::json : output_format::csv;
  } else if (!::isatty(STDOUT_FILENO)) {
    format = output_format::csv;
  }
  bool all_compliant = true;
  checker check(rules, networks);
  emit(o, [&](std::ostream& out) {
    row_writer writer(out, rules, networks, o.flag("summary") ? row_kind::networks : row_kind::requirements, format);
    for (std::uint32_t n = 0; n < networks.networks.size(); ++n) {
      const check_result& result = check.run(n, at);
      if (result.state == network_state::non_compliant) all_compliant = false;
      writer.add(result);
    }
    writer.finish();
  });
  return o.flag("strict") && !all_compliant ? 1 : 0;
}

int run_explain(const options& o) {
  if (!o.positional.empty()) usage_error("unexpected argument '" + o.positional[0] + "'");
  const date at = parse_at(o.need("at"));
  const std::string id = o.need("network");
  const rule_set rules = load_rule_set(o.need("rules"));
  const panel networks = load_panel(rules, o.need("networks"), o.need("staff"));
  const std::uint32_t index = networks.require_network(id);
  const std::string text = explain(rules, networks, index, at);
  emit(o, [&](std::ostream& out) { out << text; });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc >= 2 &&
      (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "help") == 0)) {
    std::cout << usage_text;
    return 0;
  }
  if (argc >= 2 && std::strcmp(argv[1], "--version") == 0) {
    std::cout << "descheck 0.1.0\n";
    return 0;
  }
  try {
    const options o = parse(argc, argv);
    if (o.command == "validate") return run_validate(o);
    if (o.command == "check") return run_check(o);
    return run_explain(o);
  } catch (const descheck::error& e) {
    std::cout.flush();
    for (const auto& d : e.diagnostics()) std::cerr << format(d) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "descheck: internal error: " << e.what() << '\n';
    return 3;
  }
}
