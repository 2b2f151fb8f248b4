// The `descheck` command: dispatches to the commands registered in the cmd_*.cpp files.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "descheck/version.hpp"

namespace {

void print_help(std::ostream& out) {
  std::vector<const descheck::cli::command*> sorted;
  for (const auto& [_, c] : descheck::cli::commands()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->order < b->order; });
  out << "descheck - Network Contract DES capacity checks for Primary Care Networks\n\nUsage:\n";
  for (const auto* c : sorted) out << c->usage;
  out << R"(  descheck help [COMMAND] | descheck COMMAND --help | descheck --version

Every command that reads a rule set also takes --scenario FILE, repeatable: phasing scenarios
applied in the order given (the scenario column of the output names them).
check writes one row per requirement in force (or, with --summary, one row per network).
Every command that writes rows takes --format csv|json|table|markdown; the format defaults to
the extension of --output (.csv, .json, .md, .txt), else a table on a terminal and CSV through a
pipe. Files are written atomically. Dates are ISO YYYY-MM-DD.

Exit status: 0 done; 1 done, but --strict and some network is not compliant;
2 invalid input or usage (every problem is printed as FILE:LINE:COL: error[DCnnn]: message).
)";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {  // usage, and the error that no command was given
    print_help(std::cerr);
    std::cerr << '\n';
  }
  const std::string first = argc >= 2 ? argv[1] : "";
  if (first == "--help" || first == "-h" || (first == "help" && argc == 2)) {
    print_help(std::cout);
    return 0;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "descheck " << descheck::version() << '\n';
    return 0;
  }
  try {
    if (first == "help") {  // descheck help COMMAND
      const auto& table = descheck::cli::commands();
      const auto found = table.find(argv[2]);
      if (found == table.end() || argc > 3) {
        std::vector<std::string> names;
        names.reserve(table.size());
        for (const auto& [name, _] : table) names.push_back(name);
        descheck::cli::usage_error("no command '" + std::string(argv[2]) + "' to help with" +
                                   descheck::did_you_mean(argv[2], names));
      }
      std::cout << descheck::cli::command_help(found->second);
      return 0;
    }
    const std::optional<descheck::cli::options> o = descheck::cli::parse(argc, argv);
    if (!o) return 0;  // a command's --help
    return descheck::cli::commands().at(o->command).run(*o);
  } catch (const descheck::error& e) {
    std::cout.flush();
    for (const auto& d : e.diagnostics()) std::cerr << format(d) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "descheck: internal error: " << e.what() << '\n';
    return 3;
  }
}
