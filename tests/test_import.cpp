// Importers of NHS data (descheck/import/import.hpp): the real census, ePCN and list-size files, small
// hand-made files with known problems, and the command line from import to check.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli_runner.hpp"
#include "descheck/import/import.hpp"
#include "import/common.hpp"
#include "io/text.hpp"
#include "realdata.hpp"

namespace fs = std::filesystem;
using namespace descheck;

namespace {

const fs::path source = DESCHECK_SOURCE_DIR;
const fs::path shared = DESCHECK_SHARED_DATA;
const fs::path fixtures = source / "tests" / "data" / "import";
const fs::path rules_dir = source / "specs" / "des-england";

#define REQUIRE_NHS_DATA()                     \
  do {                                         \
    REQUIRE_SHARED_DATA(shared / "workforce"); \
    REQUIRE_SHARED_DATA(shared / "pcns");      \
    REQUIRE_SHARED_DATA(shared / "practices"); \
  } while (false)

date day(const char* iso) { return parse_date(iso).value(); }

const rule_set& shipped_rules() {
  static const rule_set rules = load_rule_set(rules_dir);
  return rules;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<fs::path> census_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(shared / "workforce"))
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// ---- A deliberately plain second reading of the published files, to check the importers against.

/// Windows-1252 to UTF-8 for the bytes these files hold: ASCII, Latin-1 and the en and em dashes.
std::string plain_decode(const std::string& bytes) {
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c == 0x96) {
      out += "\xE2\x80\x93";
    } else if (c == 0x97) {
      out += "\xE2\x80\x94";
    } else if (c >= 0xA0) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      ADD_FAILURE() << "byte " << int(c) << " not expected in the published files";
    }
  }
  return out;
}

/// Rows of a CSV without line breaks inside quotes (true of every file used here).
std::vector<std::vector<std::string>> plain_rows(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(plain_decode(slurp(p)));
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.emplace_back();
      } else {
        fields.back().push_back(c);
      }
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << name;
  return static_cast<std::size_t>(it - header.begin());
}

/// What a census holds, summed the simple way: FTE by (role id) for mapped labels, and
/// (rows, FTE) by (STAFF_ROLE, DETAILED_STAFF_ROLE) for the others.
struct plain_census {
  date month;
  std::map<std::string, double> by_role;
  std::map<std::pair<std::string, std::string>, std::pair<std::size_t, double>> unmapped;
  std::size_t rows = 0;
};

plain_census plain_read(const fs::path& p, const rule_set& rules) {
  std::map<std::string, std::string> role_of;
  for (const role& r : rules.roles)
    for (const std::string& label : r.workforce_labels) role_of[label] = r.id;
  const auto rows = plain_rows(p);
  const auto& h = rows.at(0);
  const std::size_t c_year = column(h, "CENSUS_YEAR"), c_month = column(h, "CENSUS_MONTH"),
                    c_role = column(h, "STAFF_ROLE"), c_detail = column(h, "DETAILED_STAFF_ROLE"),
                    c_fte = column(h, "FTE");
  plain_census out;
  out.month = from_ymd(std::stoi(rows.at(1)[c_year]), static_cast<unsigned>(std::stoi(rows.at(1)[c_month])), 1);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double fte = std::stod(r[c_fte]);
    ++out.rows;
    auto it = role_of.find(r[c_detail]);
    if (it == role_of.end()) it = role_of.find(r[c_role]);
    if (it != role_of.end()) {
      out.by_role[it->second] += fte;
    } else {
      auto& u = out.unmapped[{r[c_role], r[c_detail]}];
      ++u.first;
      u.second += fte;
    }
  }
  return out;
}

/// Each (file suffix, line, column, code) of the diagnostics an importer throws, in order.
using where = std::tuple<std::string, int, int, std::string>;
std::vector<where> problems_of(const std::function<void()>& run) {
  std::vector<where> out;
  try {
    run();
    ADD_FAILURE() << "expected an error";
  } catch (const descheck::error& e) {
    for (const diagnostic& d : e.diagnostics())
      out.emplace_back(fs::path(d.file).filename().string(), d.line, d.column, d.code);
  }
  return out;
}

// ---- Real data: the workforce census.

TEST(ImportWorkforceReal, PerRoleTotalsOfEveryCensusEqualTheCensusOwn) {
  REQUIRE_NHS_DATA();
  const rule_set& rules = shipped_rules();
  const std::vector<fs::path> files = census_files();
  ASSERT_FALSE(files.empty());
  const workforce_import result = import_workforce(rules, files);
  ASSERT_EQ(result.censuses.size(), files.size());

  std::map<std::pair<date, std::string>, double> got;
  for (const staff_row& r : result.rows) got[{r.start, rules.roles.at(r.role).id}] += r.wte;
  // Totals below zero are left out of the staff file, and reported: add them back.
  for (const negative_total& n : result.negative_totals) got[{n.month, rules.roles.at(n.role).id}] += n.fte;

  std::map<std::pair<std::string, std::string>, std::pair<std::size_t, double>> unmapped;
  std::size_t compared = 0;
  for (const fs::path& file : files) {
    const plain_census expected = plain_read(file, rules);
    const auto summary = std::find_if(result.censuses.begin(), result.censuses.end(),
                                      [&](const census_summary& c) { return c.month == expected.month; });
    ASSERT_NE(summary, result.censuses.end()) << file;
    EXPECT_EQ(summary->rows, expected.rows) << file;
    double mapped = 0.0;
    for (const auto& [role_id, fte] : expected.by_role) {
      const double imported = got[{expected.month, role_id}];
      EXPECT_NEAR(imported, fte, 1e-6) << file << " " << role_id;
      mapped += fte;
      ++compared;
    }
    EXPECT_NEAR(summary->mapped_fte, mapped, 1e-6) << file;
    // Nothing imported for a role the census has no mapped rows of.
    for (const auto& [key, fte] : got) {
      if (key.first == expected.month) {
        EXPECT_TRUE(expected.by_role.count(key.second)) << key.second;
      }
    }
    for (const auto& [label, count] : expected.unmapped) {
      unmapped[label].first += count.first;
      unmapped[label].second += count.second;
    }
  }
  EXPECT_GT(compared, 50u);

  // Every unmapped label is listed, with its rows and FTE over all censuses.
  ASSERT_EQ(result.unmapped.size(), unmapped.size());
  for (const unmapped_label& u : result.unmapped) {
    const auto it = unmapped.find({u.staff_role, u.detailed_staff_role});
    ASSERT_NE(it, unmapped.end()) << u.staff_role << " / " << u.detailed_staff_role;
    EXPECT_EQ(u.rows, it->second.first) << u.staff_role;
    EXPECT_NEAR(u.fte, it->second.second, 1e-6) << u.staff_role;
  }
  // The census's non-clinical staff have no role in a rule set of service work.
  EXPECT_TRUE(unmapped.count({"Managers", "Manager"}));
}

TEST(ImportWorkforceReal, EachCensusHoldsUntilTheNextOneAndRowsAreWellFormed) {
  REQUIRE_NHS_DATA();
  const rule_set& rules = shipped_rules();
  const workforce_import result = import_workforce(rules, census_files());
  ASSERT_FALSE(result.censuses.empty());
  for (std::size_t i = 0; i + 1 < result.censuses.size(); ++i) {
    EXPECT_LT(result.censuses[i].month, result.censuses[i + 1].month);
    EXPECT_EQ(add_days(result.censuses[i].end, 1), result.censuses[i + 1].month);
  }
  EXPECT_EQ(result.censuses.back().end, date::max());
  for (const staff_row& r : result.rows) {
    ASSERT_GE(r.wte, 0.0);
    ASSERT_EQ(r.start, from_ymd(to_ymd(r.start).year, to_ymd(r.start).month, 1));
    const role& k = rules.roles.at(r.role);
    const bool arrs = k.arrs && k.arrs->max_reimbursement.at(r.start);
    ASSERT_EQ(r.funding, arrs ? funding_kind::arrs : funding_kind::core) << k.id;
  }
  // Sorted by network, then date, then role, with at most one row per (network, role, census).
  EXPECT_TRUE(std::is_sorted(result.rows.begin(), result.rows.end(), [](const staff_row& a, const staff_row& b) {
    return std::tie(a.network_id, a.start, a.role) < std::tie(b.network_id, b.start, b.role);
  }));
  EXPECT_EQ(std::adjacent_find(result.rows.begin(), result.rows.end(),
                               [](const staff_row& a, const staff_row& b) {
                                 return std::tie(a.network_id, a.start, a.role) ==
                                        std::tie(b.network_id, b.start, b.role);
                               }),
            result.rows.end());

  workforce_options until;
  until.until = day("2022-12-31");
  EXPECT_EQ(import_workforce(rules, census_files(), until).censuses.back().end, day("2022-12-31"));
}

TEST(ImportWorkforceReal, WindowsEnDashesDecodeToUtf8) {
  REQUIRE_NHS_DATA();
  // The census writes "Clinical Director – DPC" with the Windows-1252 en dash (byte 0x96): a rule
  // set that names the label in UTF-8 must find those rows.
  rule_set rules;
  role dpc;
  dpc.id = "dpc_director";
  dpc.hours_per_wte = schedule::constant(37.5);
  dpc.available_share = schedule::constant(1.0);
  dpc.workforce_labels = {"Clinical Director \xE2\x80\x93 DPC"};
  rules.roles.push_back(dpc);

  double expected = 0.0;
  std::size_t raw_rows = 0;
  for (const fs::path& file : census_files()) {
    const std::string bytes = slurp(file);
    std::istringstream lines(bytes);
    std::string line;
    while (std::getline(lines, line)) {
      const std::size_t at = line.find(",Clinical Director \x96 DPC,");
      if (at == std::string::npos) continue;
      ++raw_rows;
      const std::size_t fte_start = at + std::string(",Clinical Director \x96 DPC,").size();
      expected += std::stod(line.substr(fte_start, line.find(',', fte_start) - fte_start));
    }
  }
  ASSERT_GT(raw_rows, 0u) << "the census has no en dash any more";
  const workforce_import result = import_workforce(rules, census_files());
  double got = 0.0;
  for (const staff_row& r : result.rows) got += r.wte;
  EXPECT_NEAR(got, expected, 1e-6);
  const auto nurse = std::find_if(result.unmapped.begin(), result.unmapped.end(), [](const unmapped_label& u) {
    return u.detailed_staff_role == "Clinical Director \xE2\x80\x93 Nurse";
  });
  EXPECT_NE(nurse, result.unmapped.end());
}

// ---- Real data: networks from ePCN and list sizes.

networks_import real_networks() {
  return import_networks(shared / "pcns" / "epcn-2019-12-pcns.csv", shared / "pcns" / "epcn-2019-12-core-partners.csv",
                         shared / "practices" / "gp-reg-pat-prac-all-2021-01.csv");
}

TEST(ImportNetworksReal, EveryPcnComesOutWithItsListSize) {
  REQUIRE_NHS_DATA();
  const networks_import result = real_networks();
  ASSERT_EQ(result.networks.size(), 1250u);
  const auto pcn_rows = plain_rows(shared / "pcns" / "epcn-2019-12-pcns.csv");
  ASSERT_EQ(pcn_rows.size(), 1251u);
  for (std::size_t i = 1; i < pcn_rows.size(); ++i) {
    EXPECT_EQ(result.networks[i - 1].id, pcn_rows[i][0]);
  }

  const auto halifax = std::find_if(result.networks.begin(), result.networks.end(),
                                    [](const imported_network& n) { return n.id == "U84379"; });
  ASSERT_NE(halifax, result.networks.end());
  EXPECT_EQ(halifax->name, "NORTH HALIFAX PCN");
  EXPECT_EQ(halifax->region, "NHS CALDERDALE CCG");
  EXPECT_EQ(halifax->practices, 5u);
  EXPECT_EQ(halifax->registered_patients, 45'899);
  EXPECT_EQ(result.at, day("2021-01-01"));  // the list-size extract date

  // Member practices without a list row: all reported, each truly absent from the list file.
  std::map<std::string, std::int64_t> lists;
  const auto list_rows = plain_rows(shared / "practices" / "gp-reg-pat-prac-all-2021-01.csv");
  const std::size_t c_code = column(list_rows[0], "CODE"), c_count = column(list_rows[0], "NUMBER_OF_PATIENTS");
  for (std::size_t i = 1; i < list_rows.size(); ++i) lists[list_rows[i][c_code]] = std::stoll(list_rows[i][c_count]);
  std::size_t missing = 0;
  std::int64_t linked_patients = 0;
  const auto partner_rows = plain_rows(shared / "pcns" / "epcn-2019-12-core-partners.csv");
  for (std::size_t i = 1; i < partner_rows.size(); ++i) {
    const auto it = lists.find(partner_rows[i][0]);
    if (it == lists.end()) {
      ++missing;
    } else {
      linked_patients += it->second;
    }
  }
  EXPECT_GT(missing, 0u);
  EXPECT_EQ(result.unlisted.size(), missing);
  for (const unlisted_practice& u : result.unlisted) {
    EXPECT_FALSE(lists.count(u.practice)) << u.practice;
  }
  std::int64_t total = 0;
  for (const imported_network& n : result.networks) total += n.registered_patients.value_or(0);
  EXPECT_EQ(total, linked_patients);
}

// ---- Small hand-made files.

TEST(ImportText, WindowsTextDecodesAsTheByteByByteConversionDoes) {
  // Every byte, at every alignment against the eight-byte ASCII scan, between ASCII runs.
  std::string raw;
  for (int shift = 0; shift < 9; ++shift) {
    raw += std::string(static_cast<std::size_t>(shift), 'a');
    for (int b = 1; b < 256; ++b) raw += std::string(1, static_cast<char>(b)) + "0123456789abcdef";
  }
  const fs::path file = fs::temp_directory_path() / ("descheck-import-cp1252-" + std::to_string(::getpid()));
  std::ofstream(file, std::ios::binary) << raw;
  std::vector<diagnostic> found;
  const auto text = detail::read_published_text(file, 1u << 20, found);
  fs::remove(file);
  ASSERT_TRUE(text) << (found.empty() ? "" : format(found[0]));
  EXPECT_EQ(text->text, detail::cp1252_to_utf8(raw));
  EXPECT_EQ(text->raw, raw);
  EXPECT_FALSE(detail::find_invalid_utf8(text->text));
}

TEST(ImportText, ValidUtf8IsKeptAndItsBomDropped) {
  const fs::path file = fs::temp_directory_path() / ("descheck-import-utf8-" + std::to_string(::getpid()));
  std::ofstream(file, std::ios::binary) << "\xEF\xBB\xBFPCN_NAME\r\nNORTH \xE2\x80\x93 SOUTH PCN\r\n";
  std::vector<diagnostic> found;
  const auto text = detail::read_published_text(file, 1u << 20, found);
  fs::remove(file);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text, "PCN_NAME\r\nNORTH \xE2\x80\x93 SOUTH PCN\r\n");
  EXPECT_EQ(text->raw, "");
}

TEST(ImportText, SyntaxErrorsOfWindowsTextCountTheFileBytes) {
  // 0xF7 (÷) and 0x96 (en dash) become two and three bytes of UTF-8; the columns count the file's
  // single bytes. Line 2: the text after the closing quote is byte 6; line 6 (after a quoted field
  // over two lines, a CRLF and a lone CR): the quote inside an unquoted field is byte 4.
  const fs::path dir = cli_runner::scratch("descheck-import-columns");
  const std::string header = "PCN Code,PCN Name,Current Clinical Commissioning Group Code,Open Date (YYYYMMDD)\n";
  std::ofstream(dir / "pcns.csv", std::ios::binary) << header << "\"\xF7\xF7\xF7\"x,a,b,20191001\n"
                                                    << "U1,\"two\r\nlines \x96\",b,20191001\r"
                                                    << "U2,a,b,20191001\n"
                                                    << "\x96\x96"
                                                       "a\"b,a,b,20191001\n";
  std::vector<where> found;
  for (const where& w : problems_of(
           [&] { (void)import_networks(dir / "pcns.csv", fixtures / "partners.csv", fixtures / "practices.csv"); }))
    if (std::get<0>(w) == "pcns.csv") found.push_back(w);
  EXPECT_EQ(found, (std::vector<where>{{"pcns.csv", 2, 6, codes::csv_syntax}, {"pcns.csv", 6, 4, codes::csv_syntax}}));
  // The census importer: a header of 0xF7 bytes with a quote after them, at byte 56 of 56.
  std::ofstream(dir / "census.csv", std::ios::binary) << std::string(55, '\xF7') << "\"";
  const auto census = problems_of([&] { (void)import_workforce(shipped_rules(), {dir / "census.csv"}); });
  ASSERT_FALSE(census.empty());
  EXPECT_EQ(census[0], (where{"census.csv", 1, 56, codes::csv_syntax}));
  fs::remove_all(dir);
}

TEST(ImportText, PublishedDatesAndCounts) {
  EXPECT_EQ(detail::parse_published_date("20191001"), day("2019-10-01"));
  EXPECT_EQ(detail::parse_published_date("01JAN2021"), day("2021-01-01"));
  EXPECT_EQ(detail::parse_published_date("2021-06-30"), day("2021-06-30"));
  EXPECT_FALSE(detail::parse_published_date("20190230"));
  EXPECT_FALSE(detail::parse_published_date("31FOO2021"));
  EXPECT_EQ(detail::parse_count(" 45899 "), 45899);
  EXPECT_FALSE(detail::parse_count("-3"));
  EXPECT_FALSE(detail::parse_count("4.5"));
  EXPECT_EQ(detail::format_rounded(1.9866666670000001, 9), "1.986666667");
  EXPECT_EQ(detail::format_rounded(-1e-12, 9), "0");
}

TEST(ImportWorkforce, SumsMapsAndReportsAHandMadeCensus) {
  const rule_set& rules = shipped_rules();
  workforce_options options;
  const fs::path networks = fs::temp_directory_path() / ("descheck-import-nets-" + std::to_string(::getpid()));
  std::ofstream(networks) << "network_id,name\nUXX002,River\n";
  options.networks = networks;
  const workforce_import result =
      import_workforce(rules, {fixtures / "census-2021-06.csv", fixtures / "census-2021-03.csv"}, options);
  fs::remove(networks);

  ASSERT_EQ(result.censuses.size(), 2u);
  EXPECT_EQ(result.censuses[0].month, day("2021-03-01"));
  EXPECT_EQ(result.censuses[0].end, day("2021-05-31"));
  EXPECT_EQ(result.censuses[1].end, date::max());
  EXPECT_EQ(result.censuses[1].rows, 7u);
  EXPECT_EQ(result.censuses[1].negative_rows, 1u);
  EXPECT_EQ(result.censuses[1].networks, 2u);

  // Only the known network's staff: paramedics are ARRS-funded from April 2021 in the shipped rules.
  const role_index paramedic = rules.find_role("paramedic");
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0],
            (staff_row{"UXX002", paramedic, 0.6, day("2021-03-01"), day("2021-05-31"), funding_kind::core}));
  EXPECT_EQ(result.rows[1], (staff_row{"UXX002", paramedic, 1.0, day("2021-06-01"), date::max(), funding_kind::arrs}));
  // Coverage: the known network is in both censuses, which follow on, so one open-ended window.
  ASSERT_EQ(result.coverage.size(), 1u);
  EXPECT_EQ(result.coverage[0], (coverage_row{"UXX002", day("2021-03-01"), date::max()}));
  std::ostringstream coverage_csv;
  write_coverage_csv(coverage_csv, result.coverage);
  EXPECT_EQ(coverage_csv.str(), "network_id,from,to\nUXX002,2021-03-01,\n");
  // The negative correction is the network's only pharmacy technician row: left out, reported.
  ASSERT_EQ(result.negative_totals.size(), 1u);
  EXPECT_EQ(result.negative_totals[0].network_id, "UXX002");
  EXPECT_EQ(result.negative_totals[0].role, rules.find_role("pharmacy_technician"));
  EXPECT_DOUBLE_EQ(result.negative_totals[0].fte, -0.026666667);
  // The other PCN is reported with its name, en dash decoded from Windows-1252.
  ASSERT_EQ(result.unknown_networks.size(), 1u);
  EXPECT_EQ(result.unknown_networks[0].network_id, "UXX001");
  EXPECT_EQ(result.unknown_networks[0].name, "NORTH \xE2\x80\x93 SOUTH PCN");
  EXPECT_EQ(result.unknown_networks[0].censuses, 2u);
  EXPECT_EQ(result.unknown_networks[0].rows, 5u);
  EXPECT_NEAR(result.unknown_networks[0].fte, 3.583333333, 1e-9);
  // "Therapist- Other" is under STAFF_ROLE "Therapists", which no role claims.
  ASSERT_EQ(result.unmapped.size(), 1u);
  EXPECT_EQ(result.unmapped[0], (unmapped_label{"Therapists", "Therapist- Other", 1, 0.4}));
}

TEST(ImportWorkforce, SumsAreWrittenAtThePrecisionOfTheirTerms) {
  // Three posts of 0.433333333 (13/30 published to nine places) are 1.3 WTE, not 1.299999999; a
  // single published 0.533333333 keeps its nine places.
  const rule_set& rules = shipped_rules();
  const fs::path file = fs::temp_directory_path() / ("descheck-import-sum-" + std::to_string(::getpid()) + ".csv");
  std::string text =
      "Data_source,CENSUS_YEAR,CENSUS_MONTH,PCN_CODE,PCN_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,"
      "COMM_REGION_CODE,COMM_REGION_NAME,STAFF_GROUP,STAFF_ROLE,DETAILED_STAFF_ROLE,FTE,UNIQUE_IDENTIFIER\n";
  const auto row = [&](const std::string& pcn, const std::string& fte, int id) {
    text += "NWRS Staff,2021,6," + pcn +
            ",P,00X,S,QXX,I,Y99,R,Other Direct Patient Care staff,Pharmacists,Pharmacist," + fte + "," +
            std::to_string(id) + "\n";
  };
  row("UXX001", "0.433333333", 1);
  row("UXX001", "0.433333333", 2);
  row("UXX001", "0.433333333", 3);
  row("UXX002", "0.533333333", 4);
  std::ofstream(file) << text;
  const workforce_import result = import_workforce(rules, {file});
  fs::remove(file);
  std::ostringstream staff;
  write_staff_csv(staff, rules, result.rows);
  EXPECT_NE(staff.str().find("\nUXX001,clinical_pharmacist,1.3,2021-06-01,,"), std::string::npos) << staff.str();
  EXPECT_NE(staff.str().find("\nUXX002,clinical_pharmacist,0.533333333,2021-06-01,,"), std::string::npos)
      << staff.str();
}

TEST(ImportWorkforce, DetailedLabelComesFirstAndTheStaffFileLoads) {
  const rule_set& rules = shipped_rules();
  const workforce_import result = import_workforce(rules, {fixtures / "census-2021-06.csv"});
  std::map<std::string, double> by_role;
  for (const staff_row& r : result.rows)
    if (r.network_id == "UXX001") by_role[rules.roles.at(r.role).id] += r.wte;
  EXPECT_NEAR(by_role["clinical_pharmacist"], 1.533333333, 1e-12);
  EXPECT_NEAR(by_role["occupational_therapist"], 0.8, 1e-12);  // DETAILED_STAFF_ROLE
  EXPECT_NEAR(by_role["clinical_director"], 0.25, 1e-12);      // STAFF_ROLE "Clinical Director"

  std::ostringstream staff;
  write_staff_csv(staff, rules, result.rows);
  EXPECT_EQ(staff.str().substr(0, staff.str().find('\n')), "network_id,role,wte,start,end,funding");
  EXPECT_NE(staff.str().find("\nUXX001,clinical_pharmacist,1.533333333,2021-06-01,,arrs\n"), std::string::npos);
  const fs::path dir = fs::temp_directory_path() / ("descheck-import-load-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "staff.csv") << staff.str();
  std::ofstream(dir / "networks.csv") << "network_id,registered_patients\nUXX001,10000\nUXX002,20000\n";
  const panel p = load_panel(rules, dir / "networks.csv", dir / "staff.csv");
  EXPECT_EQ(p.posts.size(), result.rows.size());
  fs::remove_all(dir);
}

TEST(ImportWorkforce, MissingColumnIsPositioned) {
  const auto found =
      problems_of([] { (void)import_workforce(shipped_rules(), {fixtures / "census-missing-column.csv"}); });
  EXPECT_EQ(found, (std::vector<where>{{"census-missing-column.csv", 1, 1, codes::csv_missing_column}}));
}

TEST(ImportWorkforce, BadFteIsPositionedAndEveryRowReported) {
  const auto found = problems_of([] { (void)import_workforce(shipped_rules(), {fixtures / "census-bad-fte.csv"}); });
  EXPECT_EQ(found, (std::vector<where>{{"census-bad-fte.csv", 3, 15, codes::csv_bad_number},
                                       {"census-bad-fte.csv", 4, 15, codes::csv_bad_number},
                                       {"census-bad-fte.csv", 5, 15, codes::csv_empty_value},
                                       {"census-bad-fte.csv", 6, 4, codes::csv_empty_value}}));
}

TEST(ImportWorkforce, MixedCensusMonthsArePositioned) {
  const auto found =
      problems_of([] { (void)import_workforce(shipped_rules(), {fixtures / "census-mixed-months.csv"}); });
  EXPECT_EQ(found, (std::vector<where>{{"census-mixed-months.csv", 4, 3, codes::census_month},
                                       {"census-mixed-months.csv", 5, 2, codes::census_month},
                                       {"census-mixed-months.csv", 6, 3, codes::out_of_range}}));
}

TEST(ImportWorkforce, TheSameMonthTwiceIsAnError) {
  const fs::path copy = fs::temp_directory_path() / ("descheck-import-copy-" + std::to_string(::getpid()) + ".csv");
  fs::copy_file(fixtures / "census-2021-06.csv", copy, fs::copy_options::overwrite_existing);
  const auto found = problems_of([&] {
    (void)import_workforce(shipped_rules(), {fixtures / "census-2021-06.csv", copy});
  });
  fs::remove(copy);
  EXPECT_EQ(found, (std::vector<where>{{copy.filename().string(), 2, 3, codes::census_month}}));
}

TEST(ImportWorkforce, UntilBeforeTheLatestCensusIsRefused) {
  workforce_options options;
  options.until = day("2021-05-31");
  const auto found =
      problems_of([&] { (void)import_workforce(shipped_rules(), {fixtures / "census-2021-06.csv"}, options); });
  EXPECT_EQ(found, (std::vector<where>{{"", 0, 0, codes::out_of_range}}));
}

TEST(ImportWorkforce, ALabelClaimedByTwoRolesIsARuleSetError) {
  rule_set rules;
  for (const char* id : {"pharmacist", "technician"}) {
    role r;
    r.id = id;
    r.workforce_labels = {"Pharmacists"};
    rules.roles.push_back(r);
  }
  try {
    (void)import_workforce(rules, {fixtures / "census-2021-06.csv"});
    FAIL() << "expected rule_error";
  } catch (const rule_error& e) {
    EXPECT_EQ(e.first().code, codes::label_claimed_twice);
    EXPECT_NE(e.first().message.find("'pharmacist'"), std::string::npos) << e.first().message;
  }
}

TEST(ImportNetworks, CurrentMembersOnTheListDate) {
  const networks_import result =
      import_networks(fixtures / "pcns.csv", fixtures / "partners.csv", fixtures / "practices.csv");
  EXPECT_EQ(result.at, day("2021-01-01"));
  ASSERT_EQ(result.networks.size(), 2u);  // UXX003 closed in March 2020
  EXPECT_EQ(result.networks[0], (imported_network{"UXX001", "NORTH PCN", "NHS EXAMPLE CCG", 2, 1, 5000, std::nullopt}));
  EXPECT_EQ(result.networks[1],
            (imported_network{"UXX002", "RIVER, HILL AND VALE PCN", "NHS EXAMPLE CCG", 2, 2, 10000, std::nullopt}));
  EXPECT_EQ(result.unlisted, (std::vector<unlisted_practice>{{"X00002", "THE GREEN, NORTH", "UXX001"}}));
  EXPECT_EQ(result.inactive_links, 2u);  // X00003's first network, and the closed PCN's practice
  EXPECT_EQ(result.closed_networks, 1u);
  EXPECT_EQ(result.unlinked_practices, 2u);
  EXPECT_EQ(result.unlinked_patients, 5000);

  std::ostringstream out;
  write_networks_csv(out, result);
  EXPECT_EQ(out.str(),
            "network_id,name,region,registered_patients\n"
            "UXX001,NORTH PCN,NHS EXAMPLE CCG,5000\n"
            "UXX002,\"RIVER, HILL AND VALE PCN\",NHS EXAMPLE CCG,10000\n");

  // Earlier, X00003 had not yet moved and the closed PCN was open.
  networks_options earlier;
  earlier.at = day("2020-01-01");
  const networks_import before =
      import_networks(fixtures / "pcns.csv", fixtures / "partners.csv", fixtures / "practices.csv", earlier);
  ASSERT_EQ(before.networks.size(), 3u);
  EXPECT_EQ(before.networks[0].registered_patients, 12000);
  EXPECT_EQ(before.networks[1].registered_patients, 3000);
}

TEST(ImportNetworks, BadFilesArePositioned) {
  const auto found = problems_of([] {
    (void)import_networks(fixtures / "pcns.csv", fixtures / "partners-bad.csv", fixtures / "practices-bad.csv");
  });
  EXPECT_EQ(found, (std::vector<where>{{"practices-bad.csv", 3, 1, codes::duplicate_practice},
                                       {"practices-bad.csv", 4, 4, codes::csv_bad_number},
                                       {"practices-bad.csv", 5, 4, codes::csv_negative},
                                       {"partners-bad.csv", 3, 3, codes::unknown_network},
                                       {"partners-bad.csv", 4, 4, codes::bad_date},
                                       {"partners-bad.csv", 5, 1, codes::duplicate_practice}}));
  const auto missing = problems_of(
      [] { (void)import_networks(fixtures / "practices.csv", fixtures / "partners.csv", fixtures / "practices.csv"); });
  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(missing[0], (where{"practices.csv", 1, 1, codes::csv_missing_column}));
}

// ---- The command line, from import to check.

using cli_runner::outcome;

fs::path scratch() { return cli_runner::scratch("descheck-import-cli"); }

outcome run(const std::string& args) { return cli_runner::run(args, scratch()); }

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ImportCliReal, ImportsTheRealDataAndChecksIt) {
  REQUIRE_NHS_DATA();
  const fs::path dir = scratch();
  const std::string networks = (dir / "networks.csv").string();
  const std::string staff = (dir / "staff.csv").string();
  const outcome net =
      run("import networks --pcns " + (shared / "pcns" / "epcn-2019-12-pcns.csv").string() + " --partners " +
          (shared / "pcns" / "epcn-2019-12-core-partners.csv").string() + " --practices " +
          (shared / "practices" / "gp-reg-pat-prac-all-2021-01.csv").string() + " --output " + networks);
  ASSERT_EQ(net.status, 0) << net.err;
  EXPECT_TRUE(net.out.empty());
  EXPECT_NE(net.err.find("import networks: 1250 networks"), std::string::npos) << net.err;
  EXPECT_NE(net.err.find("no list size"), std::string::npos) << net.err;
  EXPECT_NE(slurp(networks).find("\nU84379,NORTH HALIFAX PCN,NHS CALDERDALE CCG,45899\n"), std::string::npos);

  std::string censuses;
  for (const fs::path& f : census_files()) censuses += " " + f.string();
  const outcome wf = run("import workforce --rules " + rules_dir.string() + " --networks " + networks + " --output " +
                         staff + censuses);
  ASSERT_EQ(wf.status, 0) << wf.err;
  EXPECT_NE(wf.err.find("census labels map to no role:"), std::string::npos) << wf.err;
  EXPECT_NE(wf.err.find("Other Admin/Non-clinical"), std::string::npos) << wf.err;
  EXPECT_EQ(slurp(staff).substr(0, 38), "network_id,role,wte,start,end,funding\n");

  const outcome check = run("check --rules " + rules_dir.string() + " --networks " + networks + " --staff " + staff +
                            " --at 2021-06-01 --summary --format csv");
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(count_lines(check.out), 1251u);
  EXPECT_NE(check.out.find("\nbaseline,U84379,2021-06-01,"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ImportCli, BadCensusExitsTwoWithPositionsAndWritesNothing) {
  const fs::path dir = scratch();
  const fs::path staff = dir / "bad-staff.csv";
  const outcome r = run("import workforce --rules " + rules_dir.string() + " --output " + staff.string() + " " +
                        (fixtures / "census-bad-fte.csv").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("census-bad-fte.csv:3:15: error[DC044]: column 'FTE': 'n/a' is not a number"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(staff));
}

TEST(ImportCli, UsageErrors) {
  const outcome unknown = run("import workfroce");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("error[DC060]"), std::string::npos);
  EXPECT_NE(unknown.err.find("did you mean 'workforce'"), std::string::npos) << unknown.err;
  const outcome mixed = run("import workforce --rules " + rules_dir.string() + " --pcns x.csv " +
                            (fixtures / "census-2021-06.csv").string());
  EXPECT_EQ(mixed.status, 2);
  EXPECT_NE(mixed.err.find("--pcns is not an option of 'import workforce'"), std::string::npos) << mixed.err;
  const outcome none = run("import workforce --rules " + rules_dir.string());
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("needs one or more census files"), std::string::npos) << none.err;
  const outcome net = run("import networks --pcns a --partners b");
  EXPECT_EQ(net.status, 2);
  EXPECT_NE(net.err.find("needs --practices"), std::string::npos) << net.err;
}

}  // namespace

TEST(ImportNetworks, TheLatestCensusGivesEachNetworkItsLondonFlag) {
  const fs::path dir = fs::temp_directory_path() / ("descheck-regions-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string header = "PCN_CODE,COMM_REGION_NAME,CENSUS_YEAR,CENSUS_MONTH\n";
  std::ofstream(dir / "2021-03.csv") << header << "UXX002,London,2021,3\nUXX001,London,2021,3\n";
  std::ofstream(dir / "2021-06.csv") << header << "UXX001,North East and Yorkshire,2021,6\n";
  networks_options options;
  options.censuses = {dir / "2021-06.csv", dir / "2021-03.csv"};  // order given does not matter
  const networks_import result =
      import_networks(fixtures / "pcns.csv", fixtures / "partners.csv", fixtures / "practices.csv", options);
  ASSERT_EQ(result.networks.size(), 2u);
  EXPECT_EQ(result.networks[0].london, std::optional<bool>(false));  // moved out of London by June
  EXPECT_EQ(result.networks[1].london, std::optional<bool>(true));
  std::ostringstream out;
  write_networks_csv(out, result);
  EXPECT_EQ(out.str().substr(0, out.str().find('\n')), "network_id,name,region,registered_patients,london");
  EXPECT_NE(out.str().find("UXX001,NORTH PCN,NHS EXAMPLE CCG,5000,0\n"), std::string::npos) << out.str();
  // The shipped rule set reads the column as its `london` driver.
  const panel p = parse_panel(shipped_rules(), out.str(), "network_id,role,wte\n");
  EXPECT_EQ(driver_value(shipped_rules(), p.networks[1], shipped_rules().find_driver("london"), day("2024-01-01")),
            1.0);
  const role_index pharmacist = shipped_rules().find_role("clinical_pharmacist");
  EXPECT_EQ(arrs_maximum(shipped_rules(), p.networks[1], pharmacist, day("2024-10-01")), 73'189);
  EXPECT_EQ(arrs_maximum(shipped_rules(), p.networks[0], pharmacist, day("2024-10-01")), 65'838);
  fs::remove_all(dir);
}
