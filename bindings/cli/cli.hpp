#pragma once
// The `descheck` command line: parsed options, the command table every command file registers
// itself in, and the helpers all commands share (dates, output formats, buffered or atomic output).
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "descheck/descheck.hpp"

namespace descheck::cli {

/// Throws the usage error (DC060) that main prints as `descheck: error[DC060]: ...`.
[[noreturn]] void usage_error(const std::string& message);

/// The options of one invocation: `--name value` pairs, `--flag`s and positional arguments.
struct options {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  ///< several values only for repeatable options
  std::map<std::string, bool> flags;

  /// The value of --name, if given.
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  /// Every value of a repeatable --name, in command-line order.
  [[nodiscard]] std::vector<std::string> all(const std::string& name) const;
  /// The value of --name; a usage error when it is missing.
  [[nodiscard]] std::string need(const std::string& name) const;
  [[nodiscard]] bool flag(const std::string& name) const { return flags.count(name) != 0; }
  /// A usage error when positional arguments were given to a command that takes none.
  void no_positional() const;
};

/// One subcommand. Command files register theirs with a static `registrar`.
struct command {
  std::string name;
  int order = 0;                        ///< position in --help
  std::string usage;                    ///< the usage lines shown by --help
  std::vector<std::string> values;      ///< options that take a value
  std::vector<std::string> repeatable;  ///< of those, the ones that may be given several times
  std::vector<std::string> flags;       ///< options without a value
  std::function<int(const options&)> run;
  std::string summary;  ///< one line for `descheck CMD --help`
  std::string example;  ///< a command line that works from the source tree
  /// Option descriptions where the shared ones (option_help) do not fit this command.
  std::map<std::string, std::string> help = {};
};

/// Every registered command, by name.
[[nodiscard]] const std::map<std::string, command>& commands();

/// Adds a command to the table at static-initialisation time.
struct registrar {
  explicit registrar(command c);
};

/// Parses argv against the command table with CLI11; usage errors (DC060, with "did you mean")
/// for anything unknown. nullopt when a help or version text was printed instead (exit 0).
[[nodiscard]] std::optional<options> parse(int argc, char** argv);

/// The help text of one command: what it does, its options with their defaults, an example.
[[nodiscard]] std::string command_help(const command& c);

/// Refuses (usage error) an --output that is the same file as any input, or `-` for two inputs.
/// parse() calls it, so that nothing has been read yet.
void check_files(const options& o);

/// Parses an ISO date given as option `name`; a usage error naming the option otherwise.
[[nodiscard]] date parse_date_option(const std::string& name, const std::string& text);

/// The output format of every row-writing command: --format when given, else from --output's
/// extension (.csv, .json, .md, .txt; any other is an error), else a table on a terminal and CSV
/// through a pipe (choose_table_format, descheck/io/table.hpp).
[[nodiscard]] table_format choose_format(const options& o);

/// Writes `rows` to the --totals file, when given, in the format its extension names (CSV by
/// default): national totals are kept out of the rows of networks.
void write_totals_option(const options& o, const table& rows);

/// Writes to --output (atomically for a regular file; `-`, devices and FIFOs are streamed), or to
/// standard output, holding the first megabytes back so that an error part-way through a short
/// result leaves nothing behind.
void emit(const options& o, const std::function<void(std::ostream&)>& write);

/// The rule set of --rules (or `directory`) with every --scenario applied in the order given.
[[nodiscard]] rule_set load_rules(const options& o);
[[nodiscard]] rule_set load_rules(const options& o, const std::filesystem::path& directory);

/// The panel of --networks and --staff, with the coverage of --coverage when given (SPEC 3).
[[nodiscard]] panel load_panel_option(const options& o, const rule_set& rules);
/// Reads --coverage, when given, into a panel loaded some other way (e.g. with pools).
void apply_coverage_option(const options& o, panel& networks);

/// One rule set of a comparison and the words that name it.
struct variant {
  rule_set rules;
  std::string label;
};

/// The rule set of load_rules(), then the same with each --compare scenario applied on top of it
/// (each on its own): the variants `--compare` puts side by side. Everything else is shared.
[[nodiscard]] std::vector<variant> load_variants(const options& o);

/// --threads N (0 or absent: all cores).
[[nodiscard]] unsigned threads_option(const options& o);

/// A whole number in [low, high] given as --name (`fallback` when absent); a usage error otherwise.
[[nodiscard]] std::uint64_t whole_option(const options& o, const std::string& name, std::uint64_t low,
                                         std::uint64_t high, std::uint64_t fallback);

/// --from and --to, defaulting to the rule set's default_range; a usage error when neither is there.
[[nodiscard]] std::pair<date, date> range_option(const options& o, const rule_set& rules);

/// A progress bar on standard error, shown only when it is a terminal and the run has taken more
/// than a second; cleared when the run ends.
class progress_bar {
 public:
  explicit progress_bar(std::string what);
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  /// The callback to hand to long-running library calls.
  [[nodiscard]] progress_callback callback();

 private:
  void update(std::size_t done, std::size_t total);
  std::string what_;
  std::chrono::steady_clock::time_point start_;
  bool terminal_;
  bool shown_ = false;
};

}  // namespace descheck::cli
