#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "descheck/io/file.hpp"
#include "fixtures.hpp"

namespace {
using namespace fixtures;

struct small {
  builder b;
  panel_fixture pb;
  small() {
    const auto pharm = b.role("pharmacist", 0.8);
    b.workload("smr", "reviews", 40, {by(pharm)});
    b.workload("smr", "lead", 0.05, {by(pharm)});
    b.rules.services[0].requirements[1].kind = requirement_kind::staffing;
    b.finish();
    pb.post(pb.network("N,1", 0), pharm, 1.0);
    pb.finish();
  }
};

TEST(Report, CsvHeadersAreExactlyTheSpecs) {
  EXPECT_EQ(csv_header(row_kind::requirements),
            "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status");
  EXPECT_EQ(csv_header(row_kind::networks),
            "scenario,network_id,date,state,active,unmet,demand_hours,delivered_hours,shortfall_hours");
}

TEST(Report, RequirementRowsAsCsv) {
  small s;
  checker check(s.b.rules, s.pb.p);
  std::ostringstream out;
  row_writer w(out, s.b.rules, s.pb.p, row_kind::requirements, table_format::csv);
  w.add(check.run(0, day("2021-01-01")));
  w.finish();
  EXPECT_EQ(out.str(),
            "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status\n"
            "baseline,\"N,1\",2021-01-01,smr,lead,staffing,1,0.0500,1.0000,1.0000,0.0000,met\n"
            "baseline,\"N,1\",2021-01-01,smr,reviews,workload,1,40.0000,30.0000,0.7500,10.0000,partial\n");
}

TEST(Report, NetworkRowsAsJson) {
  small s;
  checker check(s.b.rules, s.pb.p);
  std::ostringstream out;
  row_writer w(out, s.b.rules, s.pb.p, row_kind::networks, table_format::json, "draft");
  w.add(check.run(0, day("2021-01-01")));
  w.finish();
  EXPECT_EQ(out.str(),
            "[\n  {\"scenario\": \"draft\", \"network_id\": \"N,1\", \"date\": \"2021-01-01\", \"state\": "
            "\"non_compliant\", \"active\": 2, \"unmet\": 1, \"demand_hours\": 40.0000, \"delivered_hours\": 30.0000, "
            "\"shortfall_hours\": 10.0000}\n]\n");
}

TEST(Report, TableIsAligned) {
  small s;
  checker check(s.b.rules, s.pb.p);
  std::ostringstream out;
  row_writer w(out, s.b.rules, s.pb.p, row_kind::networks, table_format::table);
  w.add(check.run(0, day("2021-01-01")));
  w.finish();
  std::istringstream lines(out.str());
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_EQ(header.find("network_id"), first.find("N,1"));
  EXPECT_NE(first.find("10.00"), std::string::npos);
}

TEST(Report, UnknownFormatSuggests) {
  try {
    (void)parse_table_format("jsn");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC060");
    EXPECT_NE(e.first().message.find("did you mean 'json'"), std::string::npos);
  }
}

TEST(Report, AtomicWriteLeavesTheOldFileOnFailure) {
  const auto dir = std::filesystem::temp_directory_path() / "descheck-report-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "out.csv";
  write_file_atomically(path, [](std::ostream& o) { o << "old\n"; });
  EXPECT_THROW(write_file_atomically(path,
                                     [](std::ostream& o) {
                                       o << "half";
                                       throw std::runtime_error("boom");
                                     }),
               std::runtime_error);
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "old\n");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);  // no temporary left behind
  EXPECT_THROW(write_file_atomically(dir / "missing-dir" / "x.csv", [](std::ostream&) {}), input_error);
  std::filesystem::remove_all(dir);
}
}  // namespace
