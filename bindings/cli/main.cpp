// The `descheck` command: dispatches to the commands registered in the cmd_*.cpp files.
#include <algorithm>
#include <cstring>
#include <iostream>
#include <vector>

#include "cli.hpp"

namespace {

void print_help() {
  std::vector<const descheck::cli::command*> sorted;
  for (const auto& [_, c] : descheck::cli::commands()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->order < b->order; });
  std::cout << "descheck - Network Contract DES capacity checks for Primary Care Networks\n\nUsage:\n";
  for (const auto* c : sorted) std::cout << c->usage;
  std::cout << R"(  descheck --help | --version

Every command that reads a rule set also takes --scenario FILE, repeatable: phasing scenarios
applied in the order given (the scenario column of the output names them).
check writes one row per requirement in force (or, with --summary, one row per network).
The format defaults to a table on the terminal, and to CSV (JSON for *.json) with --output.
Files are written atomically. Dates are ISO YYYY-MM-DD.

Exit status: 0 done; 1 done, but --strict and some network is not compliant;
2 invalid input or usage (every problem is printed as FILE:LINE:COL: error[DCnnn]: message).
)";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc >= 2 &&
      (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "help") == 0)) {
    print_help();
    return 0;
  }
  if (argc >= 2 && std::strcmp(argv[1], "--version") == 0) {
    std::cout << "descheck 0.1.0\n";
    return 0;
  }
  try {
    const descheck::cli::options o = descheck::cli::parse(argc, argv);
    return descheck::cli::commands().at(o.command).run(o);
  } catch (const descheck::error& e) {
    std::cout.flush();
    for (const auto& d : e.diagnostics()) std::cerr << format(d) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "descheck: internal error: " << e.what() << '\n';
    return 3;
  }
}
