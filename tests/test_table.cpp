// descheck/io/table.hpp: the one output layer.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "descheck/core/error.hpp"
#include "descheck/io/table.hpp"

namespace {
using namespace descheck;

table sample() {
  table t({{"name"},
           {"n", column_type::integer},
           {"x", column_type::number, 4, 2},
           {"on", column_type::date},
           {"ok", column_type::boolean}});
  t.add_row({std::string("a,b"), std::int64_t{-3}, 1.23456, date{0}, true});
  t.add_row({std::string("\u6771\u4eac"), std::int64_t{12}, std::numeric_limits<double>::quiet_NaN(), {}, false});
  return t;
}

std::string render(const table& t, table_format f) {
  std::ostringstream out;
  write_table(out, t, f);
  return out.str();
}

TEST(Table, CsvQuotesAndLeavesMissingEmpty) {
  EXPECT_EQ(render(sample(), table_format::csv),
            "name,n,x,on,ok\n\"a,b\",-3,1.2346,1970-01-01,yes\n\u6771\u4eac,12,,,no\n");
}

TEST(Table, JsonRecordsUseNullForMissingAndNonFinite) {
  EXPECT_EQ(render(sample(), table_format::json),
            "[\n  {\"name\": \"a,b\", \"n\": -3, \"x\": 1.2346, \"on\": \"1970-01-01\", \"ok\": true},\n"
            "  {\"name\": \"\u6771\u4eac\", \"n\": 12, \"x\": null, \"on\": null, \"ok\": false}\n]\n");
  EXPECT_EQ(render(table({{"a"}}), table_format::json), "[]\n");
}

TEST(Table, TableAlignsByDisplayWidth) {
  EXPECT_EQ(render(sample(), table_format::table),
            "name   n     x  on          ok\n"
            "a,b   -3  1.23  1970-01-01  yes\n"
            "\u6771\u4eac  12                    no\n");  // the kanji take four columns, as "name" does
}

TEST(Table, MarkdownEscapesPipes) {
  table t({{"a"}, {"b", column_type::integer}});
  t.add_row({std::string("x|y"), std::int64_t{1}});
  EXPECT_EQ(render(t, table_format::markdown), "| a    |   b |\n|------|----:|\n| x\\|y |   1 |\n");
}

// Rows one at a time through a table_writer: `widest` (a row number) gets a name of 12 characters,
// the others names of 1 to 4 digits.
std::string streamed(std::size_t rows, std::size_t widest, table_format f, std::size_t* before_finish = nullptr) {
  std::ostringstream out;
  table_writer writer(out, {{"name"}, {"n", column_type::integer}}, f);
  std::string text;
  for (std::size_t r = 0; r < rows; ++r) {
    text.clear();
    {
      table_row row(text, writer);
      row.text(r == widest ? std::string("twelve-chars") : std::to_string(r % 10000));
      row.integer(static_cast<std::int64_t>(r));
    }
    writer.write(text);
  }
  if (before_finish) *before_finish = out.str().size();
  writer.finish();
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Table, WidthsComeFromTheFirst4096RowsThenRowsStream) {
  // Up to 4,096 rows the widest cell anywhere sets the width, as for a table in memory.
  const std::vector<std::string> small = lines_of(streamed(4096, 4095, table_format::table));
  ASSERT_EQ(small.size(), 4097u);
  EXPECT_EQ(small[0], "name             n");
  EXPECT_EQ(small[1], "0                0");
  EXPECT_EQ(small[4096], "twelve-chars  4095");
  // Past them, widths stay those of the header and the first 4,096 rows (4 and 4 here): a wider
  // cell later pushes its row to the right, and the rows reach the stream before finish().
  std::size_t before_finish = 0;
  const std::vector<std::string> big = lines_of(streamed(100'000, 50'000, table_format::table, &before_finish));
  ASSERT_EQ(big.size(), 100'001u);
  EXPECT_GT(before_finish, 0u);
  EXPECT_EQ(big[0], "name     n");
  EXPECT_EQ(big[1], "0        0");
  EXPECT_EQ(big[50'001], "twelve-chars  50000");
  EXPECT_EQ(big[50'002], "1     50001");
  EXPECT_EQ(big[100'000], "9999  99999");
  const std::vector<std::string> md = lines_of(streamed(5000, 4999, table_format::markdown));
  ASSERT_EQ(md.size(), 5002u);
  EXPECT_EQ(md[0], "| name |    n |");
  EXPECT_EQ(md[1], "|------|-----:|");
  EXPECT_EQ(md[5001], "| twelve-chars | 4999 |");
  // With no rows, a table says so.
  EXPECT_EQ(streamed(0, 0, table_format::table), "name  n\n(no rows)\n");
}

TEST(Table, DisplayWidth) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("N\u00e9"), 2u);       // é is one column, two bytes
  EXPECT_EQ(display_width("\u2013"), 1u);        // en dash
  EXPECT_EQ(display_width("\u6771\u4eac"), 4u);  // wide
  EXPECT_EQ(display_width("Cafe\u0301"), 4u);    // combining accent
  EXPECT_EQ(display_width("\uff21"), 2u);        // full-width A
}

// The fast fixed-point path must give exactly what std::to_chars gives.
TEST(Table, NumbersMatchToChars) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> spread(-1e6, 1e6);
  for (int i = 0; i < 200000; ++i) {
    double v = spread(random);
    if (i % 3 == 0) v = std::round(v * 1e4) / 1e4 + 0.00005;  // near ties
    if (i % 5 == 0) v /= 1e3;
    table t({{"x", column_type::number, 4}});
    t.add_row({v});
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, 4).ptr;
    std::string expected(buffer, end);
    if (expected == "-0.0000") expected = "0.0000";
    ASSERT_EQ(render(t, table_format::csv), "x\n" + expected + "\n") << v;
  }
}

TEST(Table, FormatNamesAndTheDefaultRule) {
  EXPECT_EQ(parse_table_format("markdown"), table_format::markdown);
  try {
    (void)parse_table_format("jsn");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC060");
    EXPECT_EQ(e.first().message, "unknown format 'jsn' (did you mean 'json'?); use csv, json, table or markdown");
  }
  EXPECT_EQ(choose_table_format(std::nullopt, std::string("a.json"), true), table_format::json);
  EXPECT_EQ(choose_table_format(std::nullopt, std::string("a.md"), false), table_format::markdown);
  EXPECT_EQ(choose_table_format(std::nullopt, std::string("a.csv"), true), table_format::csv);
  EXPECT_EQ(choose_table_format(std::string("json"), std::string("a.csv"), true), table_format::json);
  EXPECT_EQ(choose_table_format(std::nullopt, std::nullopt, true), table_format::table);
  EXPECT_EQ(choose_table_format(std::nullopt, std::nullopt, false), table_format::csv);
  EXPECT_EQ(choose_table_format(std::nullopt, std::string("-"), false), table_format::csv);
  EXPECT_THROW((void)choose_table_format(std::nullopt, std::string("a.xlsx"), false), input_error);
  EXPECT_THROW((void)choose_table_format(std::nullopt, std::string("result"), false), input_error);
}

}  // namespace
