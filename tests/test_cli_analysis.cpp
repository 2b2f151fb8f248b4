// The sensitivity and uncertainty commands end to end: tornado rows, usage errors with exit 2, and
// output that is the same for any thread count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path source = DESCHECK_SOURCE_DIR;
const std::string rules = (source / "specs" / "des-england").string();
const std::string networks = (source / "examples" / "networks.csv").string();
const std::string staff = (source / "examples" / "staff.csv").string();

using cli_runner::outcome;
using cli_runner::slurp;
using cli_runner::split;

fs::path scratch() { return cli_runner::scratch("descheck-cli-analysis"); }

outcome run(const std::string& args) { return cli_runner::run(args, scratch()); }

}  // namespace

namespace {

const std::string england_args = " --networks " + (source / "data" / "england" / "networks.csv").string() +
                                 " --staff " + (source / "data" / "england" / "staff.csv").string() + " --coverage " +
                                 (source / "data" / "england" / "coverage.csv").string();

TEST(Cli, SensitivityWritesATornado) {
  const outcome r = run("sensitivity --rules " + rules + england_args + " --at 2021-06-01 --top 3 --format csv");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = split(r.out, '\n');
  ASSERT_EQ(lines.size(), 5u) << r.out;  // header, 3 rows, final newline
  EXPECT_EQ(lines[0],
            "rank,id,source,status,value,range_low,range_high,distribution,base,measure_low,measure_high,swing");
  EXPECT_EQ(lines[1].rfind("1,roles.gp.available_share,", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("roles.yaml:"), std::string::npos) << lines[1];
  const outcome year = run("sensitivity --rules " + rules + england_args +
                           " --year 2021/22 --measure shortfall --service smr --top 2 --format json");
  ASSERT_EQ(year.status, 0) << year.err;
  EXPECT_NE(year.out.find("\"window\": \"2021/22\""), std::string::npos) << year.out;
  EXPECT_NE(year.out.find("\"service\": \"smr\""), std::string::npos) << year.out;
}

TEST(Cli, SensitivityAndUncertaintyUsageErrors) {
  const std::string base = " --rules " + rules + " --networks " + networks + " --staff " + staff;
  for (const std::string& args :
       {"sensitivity" + base, "sensitivity" + base + " --at 2021-06-01 --year 2021/22",
        "sensitivity" + base + " --year 2021/23", "sensitivity" + base + " --year 2021",
        "sensitivity" + base + " --at 2021-06-01 --measure compliance",
        "sensitivity" + base + " --at 2021-06-01 --top 0", "sensitivity" + base + " --at 2021-06-01 --service smrr",
        "sensitivity" + base + " --at 2021-06-01 --format xml", "uncertainty" + base + " --draws 0",
        "uncertainty" + base + " --seed 1", "uncertainty" + base + " --draws 5 --every week",
        "uncertainty" + base + " --draws x"}) {
    const outcome r = run(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_NE(r.err.find("error[DC060]"), std::string::npos) << args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << args;
  }
}

TEST(Cli, UncertaintyIsTheSameForAnyThreadCount) {
  const fs::path dir = scratch();
  const std::string args = "uncertainty --rules " + rules + " --networks " + networks + " --staff " + staff +
                           " --draws 40 --seed 7 --from 2020-04-01 --to 2022-04-01 --format csv";
  const outcome one = run(args + " --threads 1 --output " + (dir / "one.csv").string());
  const outcome two = run(args + " --threads 2 --output " + (dir / "two.csv").string());
  ASSERT_EQ(one.status, 0) << one.err;
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out.rfind("measure,service,date,base,mean,p5,p50,p95\n", 0), 0u) << one.out;
  const std::string table = slurp(dir / "one.csv");
  EXPECT_EQ(table, slurp(dir / "two.csv"));
  EXPECT_EQ(table.rfind("network_id,date,draws,in_force,compliant,no_data,probability\n", 0), 0u) << table;
}

TEST(Cli, UncertaintyWritesTheFinancialYearMeasures) {
  const fs::path dir = scratch();
  const outcome r = run("uncertainty --rules " + rules + " --networks " + networks + " --staff " + staff +
                        " --draws 6 --seed 3 --from 2020-04-01 --to 2022-03-31 --format markdown --year-measures " +
                        (dir / "years.json").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("| 2021/22        | 2021-04-01 | 2022-03-31 |"), std::string::npos) << r.out;
  // The file written is never one of the inputs.
  const outcome over = run("uncertainty --rules " + rules + " --networks " + networks + " --staff " + staff +
                           " --draws 2 --year-measures " + staff);
  EXPECT_EQ(over.status, 2) << over.err;
  EXPECT_NE(over.err.find("--year-measures " + staff + " is the same file as the input"), std::string::npos)
      << over.err;
  EXPECT_NE(slurp(staff).find("network_id"), std::string::npos);
  const std::string json = slurp(dir / "years.json");
  EXPECT_EQ(json.rfind("[", 0), 0u) << json;
  EXPECT_NE(json.find("\"financial_year\": \"2020/21\""), std::string::npos) << json;
}

TEST(Cli, ReportDrawsAddsBandsTheSameForAnyThreadCount) {
  const std::string args = "report --rules " + rules + " --networks " + networks + " --staff " + staff +
                           " --from 2020-04-01 --to 2022-03-31 --draws 8 --seed 12";
  const outcome one = run(args + " --threads 1");
  const outcome two = run(args + " --threads 2");
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_NE(one.out.find("(90% range "), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("over 8 draws in which all "), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("(seed 12)"), std::string::npos) << one.out;
  const outcome csv = run(args + " --format csv");
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_NE(csv.out.find(",bottleneck_roles,financial_year,p5,p50,p95\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",2021/22,"), std::string::npos) << csv.out;
  const outcome other = run(args.substr(0, args.size() - 2) + "13");
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_NE(other.out, one.out);
}

TEST(Cli, ReportDrawsUsageErrors) {
  const std::string base = "report --rules " + rules + " --networks " + networks + " --staff " + staff +
                           " --from 2020-04-01 --to 2021-03-31";
  for (const char* extra : {" --draws 0", " --seed 1", " --draws 100001", " --draws -3", " --draws 5 --seed x"}) {
    const outcome r = run(base + extra);
    EXPECT_EQ(r.status, 2) << extra;
    EXPECT_NE(r.err.find("error[DC060]"), std::string::npos) << extra << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << extra;
  }
}

// With a coverage file, networks without data stay counted apart: the same rows as without draws,
// with the ranges after them, and ranges of the networks with data only.
TEST(Cli, ReportDrawsKeepNetworksWithoutDataApart) {
  const fs::path dir = scratch();
  {
    std::ofstream(dir / "coverage.csv") << "network_id,from,to\nEX001,2020-04-01,\nEX002,2020-04-01,\n"
                                           "EX003,2021-10-01,\nEX004,2020-04-01,\n";
  }
  const std::string args = "report --rules " + rules + " --networks " + networks + " --staff " + staff +
                           " --coverage " + (dir / "coverage.csv").string() +
                           " --from 2021-04-01 --to 2022-03-31 --format csv";
  const outcome plain = run(args);
  const outcome banded = run(args + " --draws 5 --seed 2");
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_EQ(banded.status, 0) << banded.err;
  const std::vector<std::string> a = split(plain.out, '\n');
  const std::vector<std::string> b = split(banded.out, '\n');
  ASSERT_GT(a.size(), 2u);
  EXPECT_EQ(b[0], a[0] + ",financial_year,p5,p50,p95");
  // Every row of the plain report is in the banded one, followed by its ranges; the 2021-04-01 rows
  // count EX003, EX005 and EX006 (no coverage then) apart, and no range exceeds the 3 networks with data.
  std::size_t j = 1;
  for (std::size_t i = 1; i + 1 < a.size(); ++i) {
    while (j < b.size() && b[j].rfind(a[i] + ",,", 0) != 0) ++j;
    ASSERT_LT(j, b.size()) << "missing: " << a[i];
    const std::vector<std::string> cells = split(b[j], ',');
    if (cells[2] == "2021-04-01") {
      EXPECT_EQ(cells[8], "3") << b[j];
      EXPECT_LE(std::stoi(cells.back()), 3) << b[j];
    }
  }
  EXPECT_NE(banded.out.find(",2021/22,"), std::string::npos) << banded.out;
}

}  // namespace
