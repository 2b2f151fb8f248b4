#pragma once
// The `descheck` command line: parsed options, the command table every command file registers
// itself in, and the helpers all commands share (dates, output formats, buffered or atomic output).
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
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
};

/// Every registered command, by name.
[[nodiscard]] const std::map<std::string, command>& commands();

/// Adds a command to the table at static-initialisation time.
struct registrar {
  explicit registrar(command c);
};

/// Parses argv against the command table; usage errors (with "did you mean") for anything unknown.
[[nodiscard]] options parse(int argc, char** argv);

/// Parses an ISO date given as option `name`; a usage error naming the option otherwise.
[[nodiscard]] date parse_date_option(const std::string& name, const std::string& text);

/// The output format: --format when given, else from --output's extension (json or csv), else a
/// table on a terminal and CSV through a pipe.
[[nodiscard]] output_format choose_format(const options& o);

/// Writes to --output atomically, or to standard output once everything is computed, so that an
/// error part-way never leaves a partial result behind.
void emit(const options& o, const std::function<void(std::ostream&)>& write);

}  // namespace descheck::cli
