#pragma once
// Runs the `descheck` command (DESCHECK_CLI) in a shell for end-to-end tests, capturing its exit
// status, standard output and standard error.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace cli_runner {

namespace fs = std::filesystem;

struct outcome {
  int status;
  std::string out;
  std::string err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// A scratch directory private to this test process.
inline fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

/// `descheck ARGS` with standard input empty.
inline outcome run(const std::string& args, const fs::path& dir) {
  const std::string cmd = std::string(DESCHECK_CLI) + " " + args + " >" + (dir / "out").string() + " 2>" +
                          (dir / "err").string() + " </dev/null";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
}

/// The fields of one line of output, split at `sep` (no quoting: for the project's own ids and numbers).
inline std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  for (const char c : line) {
    if (c == sep)
      out.emplace_back();
    else
      out.back().push_back(c);
  }
  return out;
}

}  // namespace cli_runner
