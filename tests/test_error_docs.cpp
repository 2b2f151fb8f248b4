// include/descheck/core/error.hpp and docs/errors.md list the same codes: every code of the table in
// the header has a row with its meaning in the documentation, and every documented code exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

const std::filesystem::path source = DESCHECK_SOURCE_DIR;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every "DCnnn" string constant of the header's codes table.
std::multiset<std::string> header_codes() {
  const std::string text = slurp(source / "include" / "descheck" / "core" / "error.hpp");
  const std::regex constant(R"re(inline\s+constexpr\s+const\s+char\*\s+\w+\s*=\s*"(DC\d{3})")re");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), constant); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// Code to meaning, from the rows `| DCnnn | meaning | cause |` of the documentation's table.
std::multimap<std::string, std::string> documented_codes() {
  std::istringstream text(slurp(source / "docs" / "errors.md"));
  const std::regex row(R"re(^\|\s*(DC\d{3})\s*\|([^|]*)\|)re");
  std::multimap<std::string, std::string> out;
  std::smatch m;
  for (std::string line; std::getline(text, line);)
    if (std::regex_search(line, m, row)) out.emplace(m[1], m[2]);
  return out;
}

TEST(ErrorDocs, BothListsAreReadable) {
  // A broken pattern would make the tests below pass on two empty lists.
  EXPECT_GE(header_codes().size(), 60u);
  EXPECT_GE(documented_codes().size(), 60u);
}

TEST(ErrorDocs, EveryCodeOfTheHeaderIsDocumentedOnceWithItsMeaning) {
  const auto documented = documented_codes();
  for (const std::string& code : header_codes()) {
    EXPECT_EQ(documented.count(code), 1u) << code << " has no row (or several) in docs/errors.md";
    const auto row = documented.find(code);
    if (row == documented.end()) continue;
    EXPECT_NE(row->second.find_first_not_of(" \t"), std::string::npos) << code << " has an empty meaning";
  }
}

TEST(ErrorDocs, EveryDocumentedCodeIsInTheHeaderOnce) {
  const auto header = header_codes();
  for (const auto& [code, meaning] : documented_codes())
    EXPECT_EQ(header.count(code), 1u) << code << " (" << meaning
                                      << ") is documented but not in error.hpp, or is there twice";
}

}  // namespace
