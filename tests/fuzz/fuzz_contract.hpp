#pragma once
// The contract every fuzz harness checks: a loader either returns a result or throws
// descheck::error whose diagnostics all print as `FILE:LINE:COL: error[DCnnn]: message`, with a
// code from include/descheck/core/error.hpp and a position inside the input (docs/errors.md: lines and
// columns are 1-based, whole-file problems at 1:1). Anything else is a finding: the harness traps,
// so libFuzzer records the input and the replay test fails. std::bad_alloc is let through as
// libFuzzer's own -rss_limit_mb / -malloc_limit_mb report it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include <unistd.h>

#include "descheck/descheck.hpp"
#include "fuzz_codes.hpp"  // generated from error.hpp: known_codes

namespace fuzz {

/// Prints why the contract broke, then traps (a crash libFuzzer saves, and a failed replay).
[[noreturn]] inline void violation(const std::string& why) {
  std::fprintf(stderr, "fuzz contract violated: %s\n", why.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

/// Lines of a text as the CSV and YAML readers count them: CRLF, LF and a lone CR each end a line
/// (a last line without a break still counts).
inline std::size_t line_count(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++n;
  if (!text.empty() && text.back() != '\n' && text.back() != '\r') ++n;
  return n;
}

/// The inputs a call read, by the name its diagnostics use for them.
using inputs = std::map<std::string, std::string>;

/// Checks one diagnostic against the contract, its position against the text of the input it names.
inline void check(const descheck::diagnostic& d, const inputs& in) {
  const std::string line = descheck::format(d);
  // The message may not start a line of its own: a newline would let input text forge a diagnostic.
  const std::string prefix = d.file + ":";
  if (d.file.empty() || line.compare(0, prefix.size(), prefix) != 0) violation("diagnostic names no file: " + line);
  // Hand-parsed rather than std::regex: g++ 12 under ASan warns inside <regex> (maybe-uninitialized).
  std::string_view rest(line);
  rest.remove_prefix(prefix.size());
  const auto number = [&](char end_mark) -> std::size_t {
    std::size_t n = 0, digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && digits < 9)
      n = n * 10 + static_cast<std::size_t>(rest[digits++] - '0');
    if (digits == 0 || digits >= rest.size() || rest[digits] != end_mark) violation("badly formed diagnostic: " + line);
    rest.remove_prefix(digits + 1);
    return n;
  };
  const std::size_t at_line = number(':');
  const std::size_t at_column = number(':');
  const std::string expected = " error[" + d.code + "]: ";
  if (rest.substr(0, expected.size()) != expected || d.code.size() != 5 || d.code.compare(0, 2, "DC") != 0)
    violation("badly formed diagnostic: " + line);
  rest.remove_prefix(expected.size());
  if (rest.empty() || rest.find_first_of("\n\r") != std::string_view::npos)
    violation("badly formed diagnostic: " + line);
  if (std::find(std::begin(known_codes), std::end(known_codes), d.code) == std::end(known_codes))
    violation("code not in error.hpp: " + line);
  if (at_line < 1 || at_column < 1) violation("position not 1-based: " + line);
  if (d.line < 0 || d.column < 0) violation("negative position: " + line);
  const auto it = in.find(d.file);
  if (it == in.end()) {
    // A file the harness did not write (a directory, a rule-set file left as shipped): it exists,
    // and a whole-file problem sits at 1:1; otherwise its own text bounds the position.
    std::error_code ec;
    if (!std::filesystem::exists(d.file, ec)) violation("diagnostic names an unknown file: " + line);
    if (std::filesystem::is_regular_file(d.file, ec)) {
      std::ifstream f(d.file, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      if (at_line > line_count(text) + 1) violation("line past the end: " + line);
    } else if (at_line != 1 || at_column != 1) {
      violation("whole-file problem not at 1:1: " + line);
    }
    return;
  }
  const std::string& text = it->second;
  if (at_line > line_count(text) + 1) violation("line past the end of the input: " + line);
  // Columns count the input's bytes, also where an importer decoded Windows-1252 first.
  if (at_column > text.size() + 1) violation("column past the end of the input: " + line);
}

/// Checks every diagnostic of an error; an error carries at least one.
inline void check(const descheck::error& e, const inputs& in) {
  if (e.diagnostics().empty()) violation("descheck::error without diagnostics");
  for (const descheck::diagnostic& d : e.diagnostics()) check(d, in);
}

/// Runs `load`, checking what it throws against the contract.
template <class Load>
void expect_contract(const inputs& in, Load&& load) {
  try {
    load();
  } catch (const descheck::error& e) {
    check(e, in);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    violation(std::string("exception outside descheck::error: ") + typeid(e).name() + ": " + e.what());
  }
}

/// Splits a fuzz input into `parts` texts at lines reading `~~~~` (the seed files join real
/// inputs that way); missing parts are empty.
inline std::vector<std::string> split(std::string_view data, std::size_t parts) {
  std::vector<std::string> out;
  constexpr std::string_view mark = "\n~~~~\n";
  while (out.size() + 1 < parts) {
    const std::size_t at = data.find(mark);
    if (at == std::string_view::npos) break;
    out.emplace_back(data.substr(0, at + 1));
    data.remove_prefix(at + mark.size());
  }
  out.emplace_back(data);
  out.resize(parts);
  return out;
}

/// A private directory under the system temp folder, removed when the process exits.
class temp_dir {
 public:
  temp_dir() {
    const auto base = std::filesystem::temp_directory_path();
    for (unsigned i = 0;; ++i) {
      path_ = base / ("descheck-fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(i));
      if (std::filesystem::create_directory(path_)) break;
    }
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// Writes bytes to a file, replacing it.
inline void write_file(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) violation("cannot write " + file.string());
}

/// Reads a file whole.
inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

/// The shipped rule set, loaded once per process.
inline const descheck::rule_set& shipped_rules() {
  static const descheck::rule_set rules =
      descheck::load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  return rules;
}

}  // namespace fuzz
