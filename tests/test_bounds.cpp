// Numbers at the edges: every quantity is bounded at load (core/limits.hpp), stacked scenario
// changes stay within one change's limits, and numbers are never written empty or non-finite.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>

#include "cli_runner.hpp"
#include "descheck/core/limits.hpp"
#include "descheck/io/text.hpp"
#include "fixtures.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path source = DESCHECK_SOURCE_DIR;
const std::string rules = (source / "specs" / "des-england").string();
const std::string networks = (source / "examples" / "networks.csv").string();
const std::string staff = (source / "examples" / "staff.csv").string();

fs::path scratch() { return cli_runner::scratch("descheck-bounds"); }

cli_runner::outcome run(const std::string& args) { return cli_runner::run(args, scratch()); }

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

TEST(Bounds, FixedNumbersAreNeverEmptyOrNonFinite) {
  const std::string big = descheck::format_fixed(1e60, 4);  // was "" (to_chars ran out of room)
  EXPECT_GE(big.size(), 60u + 5u);
  EXPECT_EQ(big.find_first_not_of("0123456789."), std::string::npos) << big;
  EXPECT_FALSE(descheck::format_fixed(1.7e308, 4).empty());
  EXPECT_EQ(descheck::format_fixed(-0.0, 2), "0.00");
  EXPECT_THROW((void)descheck::format_fixed(std::numeric_limits<double>::infinity()), std::range_error);
  EXPECT_THROW((void)descheck::format_fixed(std::nan("")), std::range_error);
}

TEST(Bounds, HugeWteIsRefusedAtLoadWithItsPosition) {
  const fs::path file = write("staff-huge.csv",
                              "network_id,role,wte,start,end,funding\n"
                              "EX001,clinical_pharmacist,1e300,2019-09-02,,arrs\n");
  const auto r =
      run("check --rules " + rules + " --networks " + networks + " --staff " + file.string() + " --at 2021-06-01");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(file.string() + ":2:3: error[DC022]: column 'wte': WTE 1e300 is over the limit of 10000"),
            std::string::npos)
      << r.err;
}

TEST(Bounds, PlanCostOfAQuadrillionIsAnOptionErrorNotAnInternalError) {
  for (const std::string cost : {"1e15", "1e308"}) {
    const auto r = run("plan --rules " + rules + " --networks " + networks + " --staff " + staff +
                       " --at 2021-06-01 --cost gp=" + cost);
    EXPECT_EQ(r.status, 2) << cost << ": " << r.err;
    EXPECT_NE(r.err.find("error[DC100]: --cost: " + cost + " is over the limit"), std::string::npos) << r.err;
  }
}

TEST(Bounds, PracticeListOfInt64MaxIsRefused) {
  const fs::path sizes = write("sizes.csv", "PRACTICE_CODE,NUMBER_OF_PATIENTS\nA00001,9223372036854775807\n");
  const auto r = run("import networks --list-sizes " + sizes.string() + " --output " + (scratch() / "n.csv").string());
  // Whatever else the importer needs, the count itself must be refused, never summed.
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(r.out.find("-"), std::string::npos);
}

std::string scenario_with(const std::string& id, const std::string& changes) {
  return "schema: descheck/scenario/v1\nid: " + id + "\nlabel: Edge\napplies_to: des-england\nchanges:\n" + changes;
}

TEST(Bounds, StackedShiftsCannotEscapeTheLimitOfOneShift) {
  std::string changes;
  for (int i = 0; i < 2000; ++i) changes += "  - shift: {target: cvd, months: 1}\n";
  const fs::path file = write("stacked.yaml", scenario_with("stacked", changes));
  const auto r = run("validate " + rules + " --scenario " + file.string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("error[DC082]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("beyond the limit of ±1200"), std::string::npos) << r.err;
}

TEST(Bounds, StackedScalesCannotEscapeTheLimitOfOneScale) {
  std::string changes;
  for (int i = 0; i < 20; ++i) changes += "  - scale: {target: cvd, factor: 1000}\n";
  const fs::path file = write("scales.yaml", scenario_with("scales", changes));
  const auto r = run("validate " + rules + " --scenario " + file.string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("beyond the limit of 1000"), std::string::npos) << r.err;
}

TEST(Bounds, HugeMonthsIsOutOfRangeNotAFraction) {
  const fs::path file = write("months.yaml", scenario_with("months", "  - shift: {target: cvd, months: 2147483647}\n"));
  const auto r = run("validate " + rules + " --scenario " + file.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("error[DC022]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("must be a whole number"), std::string::npos) << r.err;
}

TEST(Bounds, ATaggedNumberIsNotCalledQuotedText) {
  const fs::path file = write("tag.yaml", scenario_with("tag", "  - scale: {target: cvd, factor: !!float 1}\n"));
  const auto r = run("validate " + rules + " --scenario " + file.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("explicit tag"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("quoted text"), std::string::npos) << r.err;
}

TEST(Bounds, ControlCharactersInTableCellsPrintEscaped) {
  const fs::path file = write("networks-esc.csv", "network_id,name\nEX\x1b[31m1,x\n");
  // Whatever the loader makes of the id, no raw ESC may reach the terminal through a table.
  const auto r = run("check --rules " + rules + " --networks " + file.string() + " --staff " + staff +
                     " --at 2021-06-01 --format table");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
}

// A demand the checker's integer sums could not hold is refused, naming the requirement and date;
// one at the bound is checked as any other.
TEST(Bounds, ADemandOverTheBoundIsRefusedNotSummedPastInt64) {
  using namespace fixtures;
  for (const double hours : {descheck::limits::max_requirement_hours, 1e10}) {
    builder b;
    const role_index a = b.role("a");
    for (int i = 0; i < 12; ++i) b.workload("s", "r" + std::to_string(i), hours, {by(a)});
    b.finish();
    panel_fixture pb;
    pb.post(pb.network("N1", 0), a, descheck::limits::max_wte);
    const panel& p = pb.finish();
    checker c(b.rules, p);
    if (hours <= descheck::limits::max_requirement_hours) {
      const check_result r = c.run(0, day("2021-06-01"));
      EXPECT_EQ(r.unmet, 12u);  // 375,000 hours a week against 12 billion
      continue;
    }
    try {
      (void)c.run(0, day("2021-06-01"));
      ADD_FAILURE() << "no error";
    } catch (const descheck::input_error& e) {
      ASSERT_FALSE(e.diagnostics().empty());
      EXPECT_EQ(e.diagnostics()[0].code, std::string("DC161"));
      EXPECT_NE(e.diagnostics()[0].message.find("s.r0 asks 10000000000 hours a week on 2021-06-01"), std::string::npos)
          << e.diagnostics()[0].message;
    }
  }
}

TEST(Bounds, ARuleSetOfMoreThanAThousandRequirementsIsRefused) {
  const fs::path dir = scratch() / "many-requirements";
  fs::remove_all(dir);
  fs::copy(source / "tests" / "data" / "rules" / "minimal", dir, fs::copy_options::recursive);
  std::string text = "schema: descheck/service/v1\nid: many\nlabel: Many\nrequirements:\n";
  for (int i = 0; i < 1'000; ++i)
    text += "  - {id: r" + std::to_string(i) +
            ", label: R, kind: workload, phase: {2020-10-01: 1.0}, demand: [{hours: 1, per: week}], "
            "delivered_by: [gp]}\n";
  std::ofstream(dir / "services" / "many.yaml", std::ios::binary) << text;
  const auto r = run("validate " + dir.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("error[DC022]: the rule set has 1003 requirements, more than the bound of 1,000"),
            std::string::npos)
      << r.err;
}

}  // namespace
