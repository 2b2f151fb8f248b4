// Tests of lib/rules/yaml_tree.hpp: positions of every node, and the inputs the tree refuses without
// crashing (aliases, deep nesting, tabs, garbage).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "rules/yaml_tree.hpp"

namespace {

using descheck::diagnostic;
using descheck::detail::yaml_kind;
using descheck::detail::yaml_limits;
using descheck::detail::yaml_node;

struct parsed {
  std::optional<yaml_node> root;
  std::vector<diagnostic> problems;
};

parsed parse(std::string_view text, yaml_limits limits = {}) {
  parsed p;
  p.root = descheck::detail::parse_yaml(text, "t.yaml", limits, p.problems);
  return p;
}

std::string where(const diagnostic& d) {
  return std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code;
}

std::string only(const parsed& p) {
  if (p.problems.size() != 1) return "expected one problem, got " + std::to_string(p.problems.size());
  return where(p.problems[0]);
}

TEST(YamlTree, every_node_and_key_has_a_one_based_position) {
  const parsed p = parse("a: 1\nlist:\n  - x\n  - \"2\"\nmap: {k: v}\n");
  ASSERT_TRUE(p.root);
  ASSERT_TRUE(p.problems.empty());
  const yaml_node& root = *p.root;
  EXPECT_EQ(root.kind, yaml_kind::map);
  EXPECT_EQ(root.line, 1);
  EXPECT_EQ(root.column, 1);
  ASSERT_EQ(root.entries.size(), 3u);
  EXPECT_EQ(root.entries[0].key.text, "a");
  EXPECT_EQ(root.entries[0].value.column, 4);
  EXPECT_TRUE(root.entries[0].value.plain);
  const yaml_node* list = root.find("list");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(list->items[1].line, 4);
  EXPECT_EQ(list->items[1].column, 5);
  EXPECT_FALSE(list->items[1].plain);  // quoted: a string even though it looks like a number
  const yaml_node* key = root.find_key("map");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->line, 5);
  EXPECT_EQ(key->column, 1);
  const yaml_node* inner = root.find("map")->find_key("k");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->column, 7);
  EXPECT_EQ(root.find("map")->find("k")->column, 10);
}

TEST(YamlTree, empty_value_is_null_at_its_key) {
  const parsed p = parse("a:\nb: ~\n");
  ASSERT_TRUE(p.root);
  const yaml_node* a = p.root->find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->is_null());
  EXPECT_EQ(a->line, 1);  // yaml-cpp would put it on line 2, at the next key
  EXPECT_EQ(a->column, 1);
  EXPECT_TRUE(p.root->find("b")->is_null());
  EXPECT_EQ(p.root->find("b")->column, 4);
}

TEST(YamlTree, duplicate_key_is_reported_and_the_first_kept) {
  const parsed p = parse("a: 1\nb: 2\na: 3\n");
  ASSERT_TRUE(p.root);
  EXPECT_EQ(only(p), "3:1 DC014");
  EXPECT_NE(p.problems[0].message.find("line 1"), std::string::npos);
  ASSERT_EQ(p.root->entries.size(), 2u);
  EXPECT_EQ(p.root->find("a")->text, "1");
}

TEST(YamlTree, syntax_error_carries_a_one_based_mark) {
  const parsed p = parse("a: [1\nb: 2\n");
  EXPECT_FALSE(p.root);
  EXPECT_EQ(only(p), "2:2 DC010");
}

TEST(YamlTree, anchor_and_alias_bomb_is_refused) {
  EXPECT_EQ(only(parse("a: &x [*x]\n")), "1:4 DC012");
  EXPECT_EQ(only(parse("a: &x 1\nb: 2\n")), "1:4 DC012");
  const parsed bomb = parse("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n");
  EXPECT_FALSE(bomb.root);
  EXPECT_EQ(only(bomb), "1:4 DC012");
}

TEST(YamlTree, nesting_limit_is_exact) {
  yaml_limits limits;
  limits.max_depth = 4;
  EXPECT_TRUE(parse("[[[[1]]]]", limits).root);
  const parsed deeper = parse("[[[[[1]]]]]", limits);
  EXPECT_FALSE(deeper.root);
  EXPECT_EQ(only(deeper), "1:5 DC013");
}

TEST(YamlTree, hundred_thousand_open_brackets_do_not_crash) {
  const parsed brackets = parse(std::string(100000, '['));
  ASSERT_EQ(brackets.problems.size(), 1u);
  EXPECT_EQ(brackets.problems[0].code, "DC013");
  EXPECT_EQ(brackets.problems[0].line, 1);
  std::string maps;
  for (int i = 0; i < 100000; ++i) maps += "{a: ";
  EXPECT_EQ(parse(maps).problems.at(0).code, "DC013");
  // Even with our own limit lifted, yaml-cpp's recursion guard is mapped, not a crash.
  yaml_limits lifted;
  lifted.max_depth = 1'000'000;
  const parsed p = parse(std::string(100000, '['), lifted);
  EXPECT_FALSE(p.root);
  EXPECT_EQ(p.problems.at(0).code, "DC013");
}

TEST(YamlTree, node_budget_bounds_memory_and_is_exact) {
  yaml_limits limits;
  limits.max_nodes = 4;  // the list and three items
  EXPECT_TRUE(parse("[1, 2, 3]", limits).root);
  const parsed more = parse("[1, 2, 3, 4]", limits);
  EXPECT_FALSE(more.root);
  EXPECT_EQ(only(more), "1:11 DC002");
  // A 4 MiB file of one-character items stays within the byte limit but not the default budget.
  std::string items;
  for (int i = 0; i < 1'000'000; ++i) items += "- 1\n";
  const parsed huge = parse(items);
  EXPECT_FALSE(huge.root);
  ASSERT_EQ(huge.problems.size(), 1u);
  EXPECT_EQ(huge.problems[0].code, "DC002");
  EXPECT_EQ(huge.problems[0].line, 200'000);
}

TEST(YamlTree, second_document_is_refused) {
  EXPECT_EQ(only(parse("a: 1\n---\nb: 2\n")), "2:1 DC010");
  EXPECT_TRUE(parse("---\na: 1\n...\n").root);  // one explicit document is fine
}

TEST(YamlTree, complex_keys_are_refused) { EXPECT_EQ(only(parse("? [a]\n: b\n")), "1:3 DC016"); }

TEST(YamlTree, tabs_in_indentation_are_found_on_every_line) {
  const parsed p = parse("a:\n  \tb: 1\nc: \"x\ty\"\n\td: 2\n");
  EXPECT_FALSE(p.root);
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_EQ(where(p.problems[0]), "2:3 DC011");
  EXPECT_EQ(where(p.problems[1]), "4:1 DC011");
  EXPECT_TRUE(parse("a: \"x\ty\"\n\t\n").root);  // a tab inside a value or on a blank line is harmless
}

TEST(YamlTree, comments_only_is_no_document) { EXPECT_EQ(only(parse("# nothing here\n")), "1:1 DC003"); }

TEST(YamlTree, quote_keeps_messages_on_one_short_line) {
  EXPECT_EQ(descheck::detail::quote("a\nb"), "'a?b'");
  const std::string q = descheck::detail::quote(std::string(200, 'x'));
  EXPECT_EQ(q.size(), 65u);
  EXPECT_EQ(q.substr(q.size() - 4), "...'");
}

class YamlFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("descheck_yaml_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  parsed load(const std::string& bytes) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << bytes;
    parsed p;
    p.root = descheck::detail::load_yaml_file(path_, yaml_limits{}, p.problems);
    return p;
  }
  std::filesystem::path path_;
};

TEST_F(YamlFile, bom_is_stripped) {
  const parsed p = load("\xEF\xBB\xBFschema: x\n");
  ASSERT_TRUE(p.root) << (p.problems.empty() ? "" : p.problems[0].message);
  EXPECT_EQ(p.root->entries.at(0).key.text, "schema");
}

TEST_F(YamlFile, invalid_utf8_is_positioned_and_named) {
  const parsed p = load("a: 1\nlabel: caf\xE9 \x96 x\n");
  EXPECT_FALSE(p.root);
  EXPECT_EQ(only(p), "2:11 DC004");
  EXPECT_NE(p.problems[0].message.find("0xE9"), std::string::npos);
  EXPECT_EQ(p.problems[0].file, path_.string());
}

TEST_F(YamlFile, nul_bytes_and_utf16_are_refused) {
  EXPECT_EQ(only(load(std::string("a: 1\nb\0: 2\n", 11))), "2:2 DC004");
  EXPECT_EQ(only(load(std::string("\xFF\xFE"
                                  "a\0:\0 \0"
                                  "1\0",
                                  10))),
            "1:1 DC004");
}

TEST_F(YamlFile, empty_and_bom_only_files_are_refused) {
  EXPECT_EQ(only(load("")), "1:1 DC003");
  EXPECT_EQ(only(load("\xEF\xBB\xBF\n")), "1:1 DC003");
}

TEST_F(YamlFile, missing_file_is_an_io_error) {
  std::vector<diagnostic> problems;
  EXPECT_FALSE(descheck::detail::load_yaml_file(path_.string() + ".absent", yaml_limits{}, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "DC001");
}

// Random bytes and random cuts of a valid file must come back as diagnostics, never a crash or
// an escaping exception. Seeded, so a failure reproduces.
TEST(YamlTree, garbage_never_crashes) {
  const std::string valid =
      "schema: descheck/service/v1\nid: smr\nrequirements:\n  - {id: a, phase: {2020-01-01: 1}}\n"
      "  - id: b\n    demand: [{hours: \"2\", per: week}]\n";
  const std::string alphabet = "[]{}:,-?&*!|>'\"#% \n\tab01.~";
  std::mt19937 rng(20240501);
  for (int round = 0; round < 3000; ++round) {
    std::string text = valid;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % (text.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      if (rng() % 2 == 0 && at < text.size())
        text[at] = c;
      else
        text.insert(at, 1, c);
    }
    if (round % 3 == 0) text.resize(rng() % (text.size() + 1));
    EXPECT_NO_THROW({
      const parsed p = parse(text);
      if (!p.root) {
        EXPECT_FALSE(p.problems.empty()) << text;
      }
    }) << text;
  }
}

}  // namespace
