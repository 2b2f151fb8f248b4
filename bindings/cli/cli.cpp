#include "cli.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <iostream>
#include <sstream>

#include "descheck/io/file.hpp"
#include "descheck/io/table.hpp"
#include "descheck/io/text.hpp"

namespace descheck::cli {

namespace {
std::string& current_command() {  // set once the command is known, so the hint names its help
  static std::string name;
  return name;
}
}  // namespace

void usage_error(const std::string& message) {
  const std::string help = current_command().empty() ? "descheck --help" : "descheck " + current_command() + " --help";
  throw input_error({{"", 0, 0, codes::usage, message + " (see '" + help + "')"}});
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

namespace {
/// Whether the device at `path` is a terminal.
bool is_terminal(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return false;
  const bool tty = ::isatty(fd) != 0;
  ::close(fd);
  return tty;
}
}  // namespace

table_format choose_format(const options& o) {
  // `--output -` is standard output: the same default as no --output. A FIFO or a device (e.g.
  // /dev/stdout, `>(...)`) is a stream too: its name says nothing of a format, so the default is
  // that of a pipe, CSV, unless it is a terminal.
  auto output = o.get("output");
  if (output && *output == "-") output.reset();
  if (output) {
    std::error_code ec;
    const auto kind = std::filesystem::status(*output, ec).type();
    if (!ec && kind != std::filesystem::file_type::regular && kind != std::filesystem::file_type::not_found &&
        kind != std::filesystem::file_type::directory) {
      const bool terminal = kind == std::filesystem::file_type::character && is_terminal(*output);
      return choose_table_format(o.get("format"), std::nullopt, terminal);
    }
  }
  return choose_table_format(o.get("format"), output, ::isatty(STDOUT_FILENO) != 0);
}

void write_totals_option(const options& o, const table& rows) {
  const auto path = o.get("totals");
  if (!path) return;
  const table_format format = table_format_of_path(*path).value_or(table_format::csv);
  write_file_atomically(*path, [&](std::ostream& out) { write_table(out, rows, format); });
}

void emit(const options& o, const std::function<void(std::ostream&)>& write) {
  if (const auto path = o.get("output")) {
    write_file_atomically(*path, write);  // `-` and devices stream; regular files are replaced whole
  } else {
    write_standard_output(write);
  }
}

void check_files(const options& o) {
  // Every value but the files written (--output, uncertainty's --year-measures) may name an input
  // (a file, or the rule set's folder); those that do not name a file (dates, numbers) match nothing.
  std::vector<std::filesystem::path> inputs;
  std::string stdin_option;
  for (const auto& [name, list] : o.values) {
    if (name == "output" || name == "year-measures") continue;
    for (const std::string& value : list) {
      if (value == "-") {
        if (!stdin_option.empty())
          usage_error("--" + stdin_option + " and --" + name + " both read standard input ('-')");
        stdin_option = name;
      }
      inputs.emplace_back(value);
    }
  }
  inputs.insert(inputs.end(), o.positional.begin(), o.positional.end());
  for (const char* written : {"output", "year-measures"})
    if (const auto output = o.get(written))
      refuse_output_overwriting_input(*output, inputs, std::string("--") + written);
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

std::uint64_t whole_option(const options& o, const std::string& name, std::uint64_t low, std::uint64_t high,
                           std::uint64_t fallback) {
  const auto text = o.get(name);
  if (!text) return fallback;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high)
    usage_error("--" + name + " '" + *text + "' is not a whole number from " + std::to_string(low) + " to " +
                std::to_string(high));
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

namespace {

// What each option means, shared by every command that takes it; a command's own `help` entries
// take precedence. The first word is the value's placeholder, "" for flags.
const std::map<std::string, std::pair<std::string, std::string>>& shared_help() {
  static const std::map<std::string, std::pair<std::string, std::string>> help{
      {"rules", {"DIR", "rule-set directory, e.g. specs/des-england"}},
      {"scenario", {"FILE", "phasing scenario applied to the rule set; repeatable, applied in the order given"}},
      {"networks", {"FILE", "networks CSV: network_id, name and the drivers (registered_patients, ...)"}},
      {"staff", {"FILE", "staff CSV: network_id, role, wte and optional from, to, funding"}},
      {"coverage", {"FILE", "coverage CSV: the dates on which each network's staff record is complete"}},
      {"at", {"DATE", "the day to check, YYYY-MM-DD"}},
      {"from", {"DATE", "first day of the range (default: the rule set's default_range)"}},
      {"to", {"DATE", "last day of the range (default: the rule set's default_range)"}},
      {"format",
       {"FORMAT",
        "csv, json, table or markdown (default: from --output's extension; else a table on a terminal, CSV "
        "through a pipe)"}},
      {"output",
       {"FILE", "write here (atomically) instead of standard output; .csv, .json, .md or .txt names the format"}},
      {"totals",
       {"FILE", "write the national totals here (.csv, .json, .md or .txt); they are not rows of the output"}},
      {"threads", {"N", "worker threads (default 0: all cores)"}},
      {"compare", {"FILE", "a scenario to put side by side with the rule set; repeatable"}},
      {"every", {"CADENCE", "month or quarter: the dates sampled (default: month)"}},
      {"strict", {"", "exit 1 when some network is not compliant"}},
      {"summary", {"", "one row per network and date instead of one per requirement"}},
      {"pools", {"FILE", "shared workforce pools CSV: staff of a pool serve every member network"}},
      {"network", {"ID", "only this network"}},
      {"assume-arrs", {"", "count every post of an ARRS-reimbursable role as ARRS-funded"}},
      {"cost", {"ROLE=GBP", "employment cost per WTE a year of a role; repeatable"}},
  };
  return help;
}

std::pair<std::string, std::string> describe(const command& c, const std::string& name) {
  if (const auto own = c.help.find(name); own != c.help.end()) {
    const std::string& text = own->second;
    const std::size_t space = text.find(' ');
    const bool has_value = std::find(c.values.begin(), c.values.end(), name) != c.values.end();
    if (has_value && space != std::string::npos) return {text.substr(0, space), text.substr(space + 1)};
    return {"", text};
  }
  if (const auto shared = shared_help().find(name); shared != shared_help().end()) return shared->second;
  return {"VALUE", ""};
}

bool listed(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The old home-made checks that CLI11 words differently: a value option last on the line, a flag
// given a value, a single option given twice. Kept so that the messages stay the project's.
void check_shape(const command& c, const std::vector<std::string>& args) {
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!args[i].starts_with("--") || args[i] == "--") continue;
    std::string name = args[i].substr(2);
    const std::size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) name.resize(eq);
    if (listed(c.flags, name) && inline_value) usage_error("--" + name + " takes no value");
    if (!listed(c.values, name)) continue;
    if (!inline_value) {
      if (i + 1 >= args.size()) usage_error("--" + name + " needs a value");
      ++i;
    }
    if (++seen[name] > 1 && !listed(c.repeatable, name)) usage_error("--" + name + " given twice");
  }
}

[[noreturn]] void unknown_option(const command& c, const std::string& arg) {
  std::string name = arg.substr(0, arg.find('='));
  std::vector<std::string> known;
  for (const auto& v : c.values) known.push_back("--" + v);
  for (const auto& f : c.flags) known.push_back("--" + f);
  known.emplace_back("--help");
  usage_error("unknown option " + name + " for '" + c.name + "'" + did_you_mean(name, known));
}

// The CLI11 subcommand of one command: every option with its description, the positional
// arguments left over as extras (so that a misspelt option gets the project's did-you-mean).
CLI::App* add_command(CLI::App& app, const command& c, options& o) {
  CLI::App* sub = app.add_subcommand(c.name, c.summary);
  sub->allow_extras();
  sub->positionals_at_end(false);
  for (const std::string& name : c.values) {
    const auto [value, text] = describe(c, name);
    CLI::Option* opt = sub->add_option("--" + name, o.values[name], text);
    opt->type_name(value.empty() ? "VALUE" : value);
    opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    opt->expected(1);
    opt->allow_extra_args(false);
  }
  for (const std::string& name : c.flags) {
    sub->add_flag_callback(
        "--" + name, [&o, name] { o.flags[name] = true; }, describe(c, name).second);
  }
  return sub;
}

}  // namespace

std::string command_help(const command& c) {
  CLI::App app{"descheck"};
  options scratch;
  CLI::App* sub = add_command(app, c, scratch);
  std::string text = c.summary.empty() ? std::string() : c.summary + "\n\n";
  text += "Usage:\n" + c.usage + "\n";
  std::string generated = sub->help("descheck " + c.name, CLI::AppFormatMode::Sub);
  // CLI11 opens with its own one-line usage; the command's usage lines above say more.
  if (const std::size_t options_at = generated.find("Options:"); options_at != std::string::npos)
    generated.erase(0, options_at);
  text += generated;
  if (!c.example.empty()) text += "\nExample:\n  " + c.example + "\n";
  return text;
}

std::optional<options> parse(int argc, char** argv) {
  options o;
  if (argc < 2) usage_error("no command given");
  const std::string first = argv[1];
  const auto found = commands().find(first);
  if (found == commands().end()) {
    std::vector<std::string> names;
    for (const auto& [name, _] : commands()) names.push_back(name);
    usage_error("unknown command '" + first + "'" + did_you_mean(first, names));
  }
  const command& c = found->second;
  o.command = c.name;
  current_command() = c.name;
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const std::string& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << command_help(c);
      return std::nullopt;
    }
  check_shape(c, args);

  CLI::App app{"descheck"};
  app.set_help_flag();  // help is handled above, per command
  CLI::App* sub = add_command(app, c, o);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  reversed.push_back(c.name);
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    // CLI11 words its errors its own way; the project's users get one style (DC060).
    usage_error(std::string(e.what()));
  }
  for (const std::string& extra : sub->remaining()) {
    if (extra.size() > 1 && extra.starts_with('-')) unknown_option(c, extra);  // `-` alone is a path
    o.positional.push_back(extra);
  }
  for (auto it = o.values.begin(); it != o.values.end();) it = it->second.empty() ? o.values.erase(it) : std::next(it);
  check_files(o);  // before anything is read
  return o;
}

}  // namespace descheck::cli
