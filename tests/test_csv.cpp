// RFC 4180 reading (lib/io/csv.hpp): quoting, line numbers, encodings, limits and column lookup.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "realdata.hpp"
#include "descheck/core/error.hpp"
#include "io/csv.hpp"

namespace fs = std::filesystem;
using descheck::diagnostic;
using namespace descheck::detail;

namespace {

/// A fresh directory per test, removed afterwards.
class CsvFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("descheck_csv_" + std::string(info->name()) + "_" +
                                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
};

csv_table parse_ok(std::string_view text) {
  std::vector<diagnostic> out;
  auto table = parse_csv(text, "t.csv", out);
  EXPECT_TRUE(out.empty()) << (out.empty() ? "" : descheck::format(out.front()));
  if (!table) throw std::runtime_error("parse failed");
  return *table;
}

using fields = std::vector<std::string>;

}  // namespace

TEST(Csv, quoted_commas_and_doubled_quotes) {
  const csv_table t = parse_ok("name,note\n\"North, PCN\",\"say \"\"hi\"\"\"\n\"\",x\n");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.header, (fields{"name", "note"}));
  EXPECT_EQ(t.records[0].fields, (fields{"North, PCN", "say \"hi\""}));
  EXPECT_EQ(t.records[1].fields, (fields{"", "x"}));
  EXPECT_EQ(t.records[0].line, 2);
  EXPECT_EQ(t.records[1].line, 3);
}

TEST(Csv, embedded_newlines_keep_later_line_numbers_right) {
  const csv_table t = parse_ok("a,b\n\"one\ntwo\nthree\",x\nlast,y\n\"crlf\r\ninside\",z\r\nend,w\n");
  ASSERT_EQ(t.records.size(), 4u);
  EXPECT_EQ(t.records[0].fields[0], "one\ntwo\nthree");
  EXPECT_EQ(t.records[0].line, 2);
  EXPECT_EQ(t.records[1].line, 5);
  EXPECT_EQ(t.records[2].fields[0], "crlf\r\ninside");
  EXPECT_EQ(t.records[2].line, 6);
  EXPECT_EQ(t.records[3].line, 8);
}

TEST(Csv, crlf_and_lone_cr_line_ends) {
  const csv_table t = parse_ok("a,b\r\n1,2\r\n3,4\r\n");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.header, (fields{"a", "b"}));
  EXPECT_EQ(t.records[1].fields, (fields{"3", "4"}));
  EXPECT_EQ(t.records[1].line, 3);
  const csv_table mac = parse_ok("a,b\r1,2\r3,4");
  ASSERT_EQ(mac.records.size(), 2u);
  EXPECT_EQ(mac.records[1].fields, (fields{"3", "4"}));
  EXPECT_EQ(mac.records[1].line, 3);
}

TEST(Csv, bom_blank_lines_and_empty_rows_are_skipped) {
  const csv_table t = parse_ok("\xEF\xBB\xBF network_id ,x\n\n1,2\n,\n  \n\"\",\"\"\n3,4");
  EXPECT_EQ(t.header, (fields{"network_id", "x"}));
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0].line, 3);
  EXPECT_EQ(t.records[1].line, 7);
  EXPECT_EQ(t.records[1].fields, (fields{"3", "4"}));
  // Spaces inside values are data: only header names are trimmed.
  EXPECT_EQ(parse_ok("a\n x \n").records.at(0).fields[0], " x ");
}

TEST(Csv, leading_blank_lines_move_the_header) {
  const csv_table t = parse_ok("\n\na,b\n1,2\n");
  EXPECT_EQ(t.header_line, 3);
  EXPECT_EQ(t.records.at(0).line, 4);
}

TEST(Csv, many_blank_cell_rows_do_not_exhaust_the_stack) {
  std::string text = "a,b,c\n";
  for (int i = 0; i < 200000; ++i) text += ",,\n";
  text += "1,2,3\n";
  const csv_table t = parse_ok(text);
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0].line, 200002);
}

TEST(Csv, windows_1252_bytes_in_utf8_mode_are_dc004_at_their_position) {
  std::vector<diagnostic> out;
  EXPECT_FALSE(parse_csv("a,b\n1,2\nx,Clinical Director \x96 Medical\n", "w.csv", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC004");
  EXPECT_EQ(out[0].line, 3);
  EXPECT_EQ(out[0].column, 21);
  EXPECT_NE(out[0].message.find("0x96"), std::string::npos) << out[0].message;
  EXPECT_NE(out[0].message.find("Windows-1252"), std::string::npos);
  EXPECT_NE(out[0].message.find("census importer"), std::string::npos);
  // The BOM is not counted in line 1's columns, and lone CRs count as line ends here too.
  out.clear();
  EXPECT_FALSE(
      parse_csv("\xEF\xBB\xBF"
                "ab\xE9,c\r1,2\n",
                "w.csv", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].line, 1);
  EXPECT_EQ(out[0].column, 3);
  out.clear();
  EXPECT_FALSE(parse_csv("a\r1\rx\xE9\r", "w.csv", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].line, 3);
  EXPECT_EQ(out[0].column, 2);
}

TEST_F(CsvFiles, cp1252_mode_converts_and_utf8_mode_refuses) {
  const fs::path p = write("w.csv", "role,label\r\nx,\"Clinical Director \x96 Medical\"\r\ny,caf\xE9\r\n");
  std::vector<diagnostic> out;
  const auto t = read_csv(p, csv_encoding::cp1252, 1 << 20, out);
  ASSERT_TRUE(t);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(t->records.size(), 2u);
  EXPECT_EQ(t->records[0].fields[1], "Clinical Director \u2013 Medical");
  EXPECT_EQ(t->records[1].fields[1], "caf\u00e9");
  EXPECT_EQ(t->file, p.string());

  EXPECT_FALSE(read_csv(p, csv_encoding::utf8, 1 << 20, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC004");
  EXPECT_EQ(out[0].file, p.string());
  EXPECT_EQ(out[0].line, 2);
  EXPECT_EQ(out[0].column, 22);
}

TEST_F(CsvFiles, a_bom_means_utf8_even_in_cp1252_mode) {
  const fs::path p = write("bom.csv", "\xEF\xBB\xBFrole\n\xE2\x80\x93\n");
  std::vector<diagnostic> out;
  const auto t = read_csv(p, csv_encoding::cp1252, 1 << 20, out);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->header, (fields{"role"}));
  EXPECT_EQ(t->records.at(0).fields[0], "\u2013");
}

TEST(Csv, unterminated_quote_is_dc040_at_the_quote) {
  std::vector<diagnostic> out;
  const auto t = parse_csv("a,b\n1,2\n3,\"abc\n4,5\n", "u.csv", out);
  ASSERT_TRUE(t);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC040");
  EXPECT_EQ(out[0].line, 3);
  EXPECT_EQ(out[0].column, 3);
  EXPECT_NE(out[0].message.find("column 'b'"), std::string::npos) << out[0].message;
  ASSERT_EQ(t->records.size(), 1u);
  EXPECT_EQ(t->records[0].line, 2);
  // In the header there is nothing to return.
  out.clear();
  EXPECT_FALSE(parse_csv("\"a,b\n1,2\n", "u.csv", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC040");
  EXPECT_EQ(out[0].line, 1);
}

TEST(Csv, stray_quotes_are_dc040_and_drop_only_their_record) {
  std::vector<diagnostic> out;
  const auto t = parse_csv("a,b\n1,ab\"c\n\"x\"y,2\n3,4\n", "q.csv", out);
  ASSERT_TRUE(t);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].code, "DC040");
  EXPECT_EQ(out[0].line, 2);
  EXPECT_EQ(out[0].column, 5);
  EXPECT_NE(out[0].message.find("quote inside an unquoted field in column 'b'"), std::string::npos);
  EXPECT_EQ(out[1].code, "DC040");
  EXPECT_EQ(out[1].line, 3);
  EXPECT_EQ(out[1].column, 4);
  ASSERT_EQ(t->records.size(), 1u);
  EXPECT_EQ(t->records[0].fields, (fields{"3", "4"}));
}

TEST(Csv, wrong_field_count_is_dc043_naming_expected_and_got) {
  std::vector<diagnostic> out;
  const auto t = parse_csv("a,b,c\n1,2\n1,2,3,4\n5,6,7\n", "n.csv", out);
  ASSERT_TRUE(t);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(descheck::format(out[0]), "n.csv:2:3: error[DC043]: expected 3 fields as in the header, got 2");
  EXPECT_EQ(descheck::format(out[1]), "n.csv:3:4: error[DC043]: expected 3 fields as in the header, got 4");
  ASSERT_EQ(t->records.size(), 1u);
  EXPECT_EQ(t->records[0].line, 4);
}

TEST(Csv, diagnostics_are_capped_and_the_rest_counted) {
  std::string text = "a,b\n";
  for (int i = 0; i < 150; ++i) text += "1\n";
  std::vector<diagnostic> out;
  const auto t = parse_csv(text, "c.csv", out, 100);
  ASSERT_TRUE(t);
  EXPECT_EQ(out.size(), 100u);
  EXPECT_EQ(t->unreported, 50u);
  EXPECT_TRUE(t->records.empty());
}

TEST_F(CsvFiles, empty_and_missing_files) {
  std::vector<diagnostic> out;
  EXPECT_FALSE(read_csv(write("e.csv", ""), csv_encoding::utf8, 1 << 20, out));
  EXPECT_FALSE(read_csv(write("blank.csv", "\r\n  \n"), csv_encoding::utf8, 1 << 20, out));
  EXPECT_FALSE(read_csv(dir_ / "absent.csv", csv_encoding::utf8, 1 << 20, out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].code, "DC003");
  EXPECT_EQ(out[1].code, "DC003");
  EXPECT_EQ(out[2].code, "DC001");
  out.clear();
  EXPECT_FALSE(parse_csv("", "e.csv", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC003");
}

TEST_F(CsvFiles, over_the_size_limit_is_dc002_without_reading) {
  const fs::path p = write("big.csv", "a,b\n");
  fs::resize_file(p, std::uintmax_t{100} << 20);  // sparse: nothing is written
  std::vector<diagnostic> out;
  EXPECT_FALSE(read_csv(p, csv_encoding::utf8, std::uintmax_t{64} << 20, out));
  // Read, the 100 MB of NUL bytes would add diagnostics of their own: only the size one is there.
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC002");
  EXPECT_NE(out[0].message.find("104857600"), std::string::npos) << out[0].message;
}

TEST(Csv, map_columns_reports_missing_unknown_and_duplicate_columns) {
  const csv_table t = parse_ok("network_id,rol,wte,fundng,wte\nx,y,1,core,2\n");
  std::vector<diagnostic> out;
  const std::vector<csv_column> known = {
      {"network_id", true}, {"role", true}, {"wte", true}, {"funding", false}, {"start", false}};
  const auto col = map_columns(t, known, out);
  EXPECT_EQ(col, (std::vector<std::size_t>{0, csv_absent, 2, csv_absent, csv_absent}));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(descheck::format(out[0]), "t.csv:1:5: error[DC042]: column 'wte' appears twice (also field 3)");
  EXPECT_EQ(descheck::format(out[1]), "t.csv:1:2: error[DC042]: unknown column 'rol' (did you mean 'role'?)");
  EXPECT_EQ(descheck::format(out[2]), "t.csv:1:4: error[DC042]: unknown column 'fundng' (did you mean 'funding'?)");
  EXPECT_EQ(descheck::format(out[3]), "t.csv:1:1: error[DC041]: missing required column 'role'");

  out.clear();
  const auto lenient = map_columns(parse_ok("extra,wte\n1,2\n"), {{"wte", true}}, out, true);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(lenient, (std::vector<std::size_t>{1}));
}

TEST(Csv, field_diagnostic_names_the_column) {
  const csv_table t = parse_ok("network_id,role,wte\nA,gp,1\nB,gp,-0.5\n");
  const diagnostic d = field_diagnostic(t, t.records[1], 2, descheck::codes::csv_negative, "negative WTE -0.5");
  EXPECT_EQ(descheck::format(d), "t.csv:3:3: error[DC045]: column 'wte': negative WTE -0.5");
}

TEST(Csv, streaming_reader_reuses_the_record) {
  std::vector<diagnostic> out;
  csv_reader reader("a,b\n1,2\n3,4,5\n6,7\n", "s.csv", out);
  ASSERT_TRUE(reader.read_header());
  EXPECT_EQ(reader.header(), (fields{"a", "b"}));
  csv_record rec;
  std::vector<int> lines;
  while (reader.next(rec)) lines.push_back(rec.line);
  EXPECT_EQ(lines, (std::vector<int>{2, 4}));
  EXPECT_EQ(rec.fields, (fields{"6", "7"}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC043");
}

TEST_F(CsvFiles, streaming_a_file_via_csv_text_and_utf8_body) {
  const fs::path p = write("s.csv", "\xEF\xBB\xBFrole\nA\xE9\n");
  std::vector<diagnostic> out;
  const auto text = csv_text(p, csv_encoding::utf8, 1 << 20, out);
  ASSERT_TRUE(text);
  EXPECT_FALSE(utf8_body(*text, p.string(), out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC004");
  EXPECT_EQ(out[0].line, 2);
  EXPECT_EQ(out[0].column, 2);

  out.clear();
  const fs::path q = write("w.csv", "role\r\nA\x96\r\n");
  const auto converted = csv_text(q, csv_encoding::cp1252, 1 << 20, out);
  ASSERT_TRUE(converted);
  const auto body = utf8_body(*converted, q.string(), out);
  ASSERT_TRUE(body);
  csv_reader reader(*body, q.string(), out);
  ASSERT_TRUE(reader.read_header());
  csv_record rec;
  ASSERT_TRUE(reader.next(rec));
  EXPECT_EQ(rec.fields, (fields{"A\u2013"}));
  EXPECT_FALSE(reader.next(rec));
  EXPECT_TRUE(out.empty());
}

TEST(Csv, arbitrary_input_never_breaks_the_invariants) {
  // Random mixes of the characters that matter: every kept record must have the header's width and
  // records must come in line order, whatever the diagnostics.
  std::mt19937 rng(20240601);
  const std::vector<std::string> tokens = {",", "\"", "\n", "\r", "\r\n", " ", "a", "\xC3\xA9", "\x96"};
  int parsed = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 60);
    // One round in ten may hold a Windows-1252 byte; the rest exercise the parser itself.
    const std::size_t choices = round % 10 == 0 ? tokens.size() : tokens.size() - 1;
    for (int i = 0; i < length; ++i) text += tokens[rng() % choices];
    std::vector<diagnostic> out;
    const auto t = parse_csv(text, "r.csv", out);
    if (!t) {
      EXPECT_FALSE(out.empty()) << "nullopt without a reason for: " << text;
      continue;
    }
    ++parsed;
    int last = t->header_line;
    for (const csv_record& r : t->records) {
      EXPECT_EQ(r.fields.size(), t->header.size());
      EXPECT_GT(r.line, last);
      last = r.line;
    }
    for (const diagnostic& d : out) {
      EXPECT_GE(d.line, 1);
      EXPECT_GE(d.column, 1);
    }
  }
  EXPECT_GT(parsed, 1000);  // the test must mostly reach the record parser, not stop at the encoding check
}

TEST(CsvReal, reads_the_published_workforce_census) {
  const fs::path p = fs::path(DESCHECK_SHARED_DATA) / "workforce" / "pcn-workforce-2020-03.csv";
  REQUIRE_SHARED_DATA(p);
  std::vector<diagnostic> out;
  const auto t = read_csv(p, csv_encoding::cp1252, std::uintmax_t{256} << 20, out);
  ASSERT_TRUE(t);
  EXPECT_TRUE(out.empty()) << descheck::format(out.front());
  ASSERT_EQ(t->header.size(), 16u);
  EXPECT_EQ(t->header[0], "Data_source");
  EXPECT_EQ(t->header[13], "DETAILED_STAFF_ROLE");
  ASSERT_GT(t->records.size(), 100u);
  bool has_en_dash = false;
  for (const csv_record& r : t->records)
    has_en_dash = has_en_dash || r.fields[13] == "Clinical Director \u2013 Medical";
  EXPECT_TRUE(has_en_dash);

  out.clear();
  EXPECT_FALSE(read_csv(p, csv_encoding::utf8, std::uintmax_t{256} << 20, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "DC004");
  EXPECT_EQ(out[0].line, 6);
}
