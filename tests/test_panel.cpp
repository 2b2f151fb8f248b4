// Networks and staff from CSV (descheck/panel/panel.hpp): schedules from `from` rows, driver defaults,
// post grouping, breakpoints, and every input error with its position.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "descheck/panel/panel.hpp"

namespace fs = std::filesystem;
using namespace descheck;

namespace {

date day(const char* iso) { return parse_date(iso).value(); }

/// A small rule set: three roles; patients, care-home beds estimated from patients from April 2020,
/// and a cohort estimated from beds (a chain of two defaults).
rule_set small_rules() {
  rule_set rules;
  for (const char* id : {"gp", "clinical_pharmacist", "paramedic"}) {
    role r;
    r.id = id;
    r.hours_per_wte = schedule::constant(37.5);
    r.available_share = schedule::constant(1.0);
    rules.roles.push_back(r);
  }
  driver patients;
  patients.id = "registered_patients";
  driver beds;
  beds.id = "care_home_beds";
  beds.default_value = derived_default{0, schedule(std::vector<step>{{day("2020-04-01"), 0.01, no_origin}})};
  driver cohort;
  cohort.id = "cohort_size";
  cohort.default_value = derived_default{1, schedule::constant(0.5)};
  rules.drivers = {patients, beds, cohort};
  return rules;
}

class PanelFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("descheck_panel_" + std::string(info->name()) + "_" +
                                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(dir_);
    networks_ = dir_ / "networks.csv";
    staff_ = dir_ / "staff.csv";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

  panel load(const std::string& networks, const std::string& staff, const csv_limits& limits = {}) {
    write(networks_, networks);
    write(staff_, staff);
    return load_panel(rules_, networks_, staff_, limits);
  }

  /// The diagnostics load_panel throws; fails the test when it does not throw.
  std::vector<diagnostic> problems(const std::string& networks, const std::string& staff,
                                   const csv_limits& limits = {}) {
    try {
      (void)load(networks, staff, limits);
    } catch (const input_error& e) {
      return e.diagnostics();
    }
    ADD_FAILURE() << "load_panel did not throw";
    return {};
  }

  /// format() of the one diagnostic with `code`; fails unless there is exactly one.
  std::string only(const std::vector<diagnostic>& found, const char* code) {
    std::vector<std::string> lines;
    for (const diagnostic& d : found)
      if (d.code == code) lines.push_back(format(d));
    EXPECT_EQ(lines.size(), 1u) << code << " among " << dump(found);
    return lines.empty() ? std::string() : lines.front();
  }
  static std::string dump(const std::vector<diagnostic>& found) {
    std::string out;
    for (const diagnostic& d : found) out += "\n  " + format(d);
    return out;
  }
  std::string at_networks(const std::string& rest) const { return networks_.string() + rest; }
  std::string at_staff(const std::string& rest) const { return staff_.string() + rest; }

  rule_set rules_ = small_rules();
  fs::path dir_, networks_, staff_;
};

const std::string good_networks =
    "network_id,name,region,from,registered_patients,care_home_beds\n"
    "NORTH,\"North, PCN\",London,,50000,\n"
    "SOUTH,South PCN,Midlands,,30000,120\n"
    "NORTH,,,2021-04-01,52000,300\n"
    "SOUTH,,,2022-01-01,31000,\n";

const std::string good_staff =
    "network_id,role,wte,start,end,funding\n"
    "SOUTH,gp,2.5,,,\n"
    "NORTH,clinical_pharmacist,1,2020-10-01,2022-03-31,arrs\n"
    "SOUTH,paramedic,0.5,2021-01-01,,other\n"
    "NORTH,gp,3,,,core\n";

}  // namespace

TEST_F(PanelFiles, loads_networks_in_input_order_with_driver_schedules) {
  const panel p = load(good_networks, good_staff);
  ASSERT_EQ(p.networks.size(), 2u);
  const network& north = p.networks[0];
  EXPECT_EQ(north.id, "NORTH");
  EXPECT_EQ(north.name, "North, PCN");
  EXPECT_EQ(north.region, "London");
  EXPECT_EQ(p.networks[1].id, "SOUTH");
  EXPECT_EQ(p.networks[1].region, "Midlands");
  ASSERT_EQ(north.drivers.size(), 3u);
  EXPECT_EQ(north.drivers[0].steps(),
            (std::vector<step>{{date::min(), 50000.0, no_origin}, {day("2021-04-01"), 52000.0, no_origin}}));
  // No value on the first row: the schedule starts where the value does.
  EXPECT_EQ(north.drivers[1].steps(), (std::vector<step>{{day("2021-04-01"), 300.0, no_origin}}));
  EXPECT_TRUE(north.drivers[2].empty());  // no column at all
  // A later row without a value makes the driver undefined again, so the default applies.
  EXPECT_EQ(p.networks[1].drivers[1].steps(),
            (std::vector<step>{{date::min(), 120.0, no_origin}, {day("2022-01-01"), std::nullopt, no_origin}}));
  EXPECT_EQ(p.networks_file, networks_);
  EXPECT_EQ(p.staff_file, staff_);
}

TEST_F(PanelFiles, text_in_memory_loads_like_the_same_files) {
  const panel from_files = load(good_networks, good_staff);
  const panel from_text = parse_panel(rules_, good_networks, good_staff, "frame:networks", "frame:staff");
  EXPECT_EQ(from_text.networks, from_files.networks);
  EXPECT_EQ(from_text.posts, from_files.posts);
  EXPECT_EQ(from_text.first_post, from_files.first_post);
  EXPECT_EQ(from_text.networks_file, "frame:networks");
  try {
    (void)parse_panel(rules_, good_networks, "network_id,role,wte\nNORTH,gp,-1\n", "frame:networks", "frame:staff");
    FAIL() << "negative WTE accepted";
  } catch (const descheck::input_error& e) {
    EXPECT_EQ(format(e.diagnostics().at(0)), "frame:staff:2:3: error[DC045]: column 'wte': negative WTE -1");
  }
  EXPECT_THROW((void)parse_panel(rules_, "network_id\nA\xff\n", "network_id,role,wte\n"), descheck::input_error);
}

TEST_F(PanelFiles, driver_value_uses_own_values_then_chained_defaults) {
  const panel p = load(good_networks, good_staff);
  const network& north = p.networks[0];
  const network& south = p.networks[1];
  EXPECT_EQ(driver_value(rules_, north, 0, day("2021-03-31")), 50000.0);
  EXPECT_EQ(driver_value(rules_, north, 0, day("2021-04-01")), 52000.0);
  EXPECT_DOUBLE_EQ(driver_value(rules_, north, 1, day("2021-01-01")).value(), 500.0);  // 0.01 × 50000
  EXPECT_EQ(driver_value(rules_, north, 1, day("2021-05-01")), 300.0);
  EXPECT_EQ(driver_value(rules_, north, 1, day("2019-01-01")), std::nullopt);          // ratio not yet defined
  EXPECT_DOUBLE_EQ(driver_value(rules_, north, 2, day("2021-05-01")).value(), 150.0);  // 0.5 × 300
  EXPECT_DOUBLE_EQ(driver_value(rules_, north, 2, day("2020-06-01")).value(), 250.0);  // 0.5 × 0.01 × 50000
  EXPECT_EQ(driver_value(rules_, south, 1, day("2021-12-31")), 120.0);
  EXPECT_DOUBLE_EQ(driver_value(rules_, south, 1, day("2022-06-01")).value(), 310.0);  // 0.01 × 31000
  EXPECT_EQ(driver_value(rules_, south, 7, day("2022-06-01")), std::nullopt);          // no such driver
  const network bare{"BARE", "", "", {}};
  EXPECT_EQ(driver_value(rules_, bare, 2, day("2022-06-01")), std::nullopt);
}

TEST(Panel, driver_value_survives_cyclic_defaults) {
  rule_set rules;
  driver a;
  a.id = "a";
  a.default_value = derived_default{1, schedule::constant(2.0)};
  driver b;
  b.id = "b";
  b.default_value = derived_default{0, schedule::constant(3.0)};
  rules.drivers = {a, b};
  const network net{"N", "", "", {schedule(), schedule()}};
  EXPECT_EQ(driver_value(rules, net, 0, date{0}), std::nullopt);
  const network given{"N", "", "", {schedule(), schedule::constant(5.0)}};
  EXPECT_EQ(driver_value(rules, given, 0, date{0}), 10.0);
}

TEST_F(PanelFiles, posts_are_grouped_by_network_in_file_order) {
  const panel p = load(good_networks, good_staff);
  ASSERT_EQ(p.posts.size(), 4u);
  EXPECT_EQ(p.first_post, (std::vector<std::uint32_t>{0, 2, 4}));
  const post expected_first{0, 1, 1.0, day("2020-10-01"), day("2022-03-31"), funding_kind::arrs, 3};
  EXPECT_EQ(p.posts[0], expected_first);
  EXPECT_EQ(p.posts[1].line, 5);
  EXPECT_EQ(p.posts[1].role, 0u);
  EXPECT_EQ(p.posts[1].wte, 3.0);
  EXPECT_EQ(p.posts[1].funding, funding_kind::core);
  EXPECT_EQ(p.posts[2].line, 2);
  EXPECT_EQ(p.posts[2].network, 1u);
  EXPECT_EQ(p.posts[2].start, date::min());
  EXPECT_EQ(p.posts[2].end, date::max());
  EXPECT_EQ(p.posts[2].funding, funding_kind::core);
  EXPECT_EQ(p.posts[3].line, 4);
  EXPECT_EQ(p.posts[3].role, 2u);
  EXPECT_EQ(p.posts[3].funding, funding_kind::other);
}

TEST_F(PanelFiles, lookups_and_breakpoints) {
  const panel p = load(good_networks, good_staff);
  EXPECT_EQ(p.find_network("SOUTH"), 1u);
  EXPECT_EQ(p.find_network("NORTH"), 0u);
  EXPECT_EQ(p.find_network("north"), no_index);
  EXPECT_EQ(p.breakpoints(), (std::vector<date>{day("2020-10-01"), day("2021-01-01"), day("2021-04-01"),
                                                day("2022-01-01"), day("2022-04-01")}));
  EXPECT_STREQ(to_string(funding_kind::core), "core");
  EXPECT_STREQ(to_string(funding_kind::arrs), "arrs");
  EXPECT_STREQ(to_string(funding_kind::other), "other");
}

TEST_F(PanelFiles, minimal_files_and_a_staff_file_without_rows) {
  const panel p = load("network_id\nA\n", "network_id,role,wte\n");
  ASSERT_EQ(p.networks.size(), 1u);
  EXPECT_EQ(p.networks[0].drivers.size(), 3u);
  EXPECT_TRUE(p.posts.empty());
  EXPECT_EQ(p.first_post, (std::vector<std::uint32_t>{0, 0}));
  EXPECT_TRUE(p.breakpoints().empty());
}

TEST_F(PanelFiles, leap_days_are_checked_with_position_and_message) {
  // 29 February exists in 2024 (leap) and 2000 (divisible by 400), not in 2023 nor 2100.
  const auto found = problems(
      "network_id,from,registered_patients\n"
      "A,2024-02-29,100\n"
      "A,2023-02-29,100\n"
      "B,2000-02-29,100\n"
      "B,2100-02-29,100\n",
      "network_id,role,wte\nA,gp,1\n");
  std::vector<std::string> dates;
  for (const diagnostic& d : found)
    if (d.code == "DC020") dates.push_back(format(d));
  EXPECT_EQ(dates, (std::vector<std::string>{
                       at_networks(":3:2: error[DC020]: column 'from': '2023-02-29' is not a valid date (expected YYYY-MM-DD)"),
                       at_networks(":5:2: error[DC020]: column 'from': '2100-02-29' is not a valid date (expected YYYY-MM-DD)")}))
      << dump(found);
}

TEST_F(PanelFiles, network_file_errors_have_positions_and_hints) {
  const auto found = problems(
      "network_id,from,registered_patient,care_home_beds\n"
      "A,,100,\n"
      ",,5,\n"
      "B,2021-13-01,abc,-5\n"
      "A,,200,\n"
      "A,2021-04-01,300,\n"
      "A,2021-04-01,400,\n",
      "network_id,role,wte\nA,gp,1\n");
  EXPECT_EQ(
      only(found, "DC042"),
      at_networks(":1:3: error[DC042]: unknown column 'registered_patient' (did you mean 'registered_patients'?)"));
  EXPECT_EQ(only(found, "DC046"), at_networks(":3:1: error[DC046]: column 'network_id': empty network id"));
  EXPECT_EQ(only(found, "DC020"),
            at_networks(":4:2: error[DC020]: column 'from': '2021-13-01' is not a valid date (expected YYYY-MM-DD)"));
  EXPECT_EQ(only(found, "DC045"), at_networks(":4:4: error[DC045]: column 'care_home_beds': negative value -5"));
  std::vector<std::string> duplicates;
  for (const diagnostic& d : found)
    if (d.code == "DC048") duplicates.push_back(format(d));
  EXPECT_EQ(
      duplicates,
      (std::vector<std::string>{
          at_networks(
              ":5:2: error[DC048]: column 'from': network 'A' already has a row without a 'from' date (line 2); "
              "give each row of a network its own 'from'"),
          at_networks(":7:2: error[DC048]: column 'from': network 'A' already has a row from 2021-04-01 (line 6); "
                      "give each row of a network its own 'from'")}));
  EXPECT_EQ(found.size(), 6u) << dump(found);
}

TEST_F(PanelFiles, network_value_errors) {
  const auto found = problems("network_id,registered_patients\nA,12x\nB,-1\n", "network_id,role,wte\n");
  EXPECT_EQ(only(found, "DC044"),
            at_networks(":2:2: error[DC044]: column 'registered_patients': '12x' is not a number"));
  EXPECT_EQ(only(found, "DC045"), at_networks(":3:2: error[DC045]: column 'registered_patients': negative value -1"));
  // Without a `from` column, the same id twice points at the id.
  const auto twice = problems("network_id\nA\nA\n", "network_id,role,wte\n");
  ASSERT_EQ(twice.size(), 1u);
  EXPECT_EQ(twice[0].code, "DC048");
  EXPECT_EQ(twice[0].line, 3);
  EXPECT_EQ(twice[0].column, 1);
}

TEST_F(PanelFiles, missing_required_columns) {
  const auto found = problems("name\nx\n", "network_id,wte\n");
  std::vector<std::string> missing;
  for (const diagnostic& d : found)
    if (d.code == "DC041") missing.push_back(format(d));
  EXPECT_EQ(missing, (std::vector<std::string>{at_networks(":1:1: error[DC041]: missing required column 'network_id'"),
                                               at_staff(":1:1: error[DC041]: missing required column 'role'")}));
  EXPECT_EQ(found.size(), 2u) << dump(found);
}

TEST_F(PanelFiles, staff_file_errors_have_positions_and_hints) {
  const auto found = problems("network_id\nNORTH\nSOUTH\n",
                              "network_id,role,wte,start,end,fundng\n"
                              "NROTH,gp,1,,,\n"
                              "NORTH,paramedik,1,,,\n"
                              "NORTH,gp,-0.5,,,\n"
                              "NORTH,gp,1.O,,,\n"
                              "NORTH,gp,,,,\n"
                              "NORTH,gp,1,2021-02-30,,\n"
                              "NORTH,gp,1,2021-04-01,2021-03-31,\n"
                              ",,1,,,\n");
  EXPECT_EQ(only(found, "DC042"), at_staff(":1:6: error[DC042]: unknown column 'fundng' (did you mean 'funding'?)"));
  EXPECT_EQ(only(found, "DC047"),
            at_staff(":2:1: error[DC047]: column 'network_id': unknown network 'NROTH' (not in the networks file) "
                     "(did you mean 'NORTH'?)"));
  EXPECT_EQ(only(found, "DC030"),
            at_staff(":3:2: error[DC030]: column 'role': unknown role 'paramedik' (did you mean 'paramedic'?)"));
  EXPECT_EQ(only(found, "DC045"), at_staff(":4:3: error[DC045]: column 'wte': negative WTE -0.5"));
  EXPECT_EQ(only(found, "DC044"), at_staff(":5:3: error[DC044]: column 'wte': '1.O' is not a number"));
  EXPECT_EQ(only(found, "DC020"),
            at_staff(":7:4: error[DC020]: column 'start': '2021-02-30' is not a valid date (expected YYYY-MM-DD)"));
  EXPECT_EQ(only(found, "DC022"),
            at_staff(":8:5: error[DC022]: column 'end': end 2021-03-31 is before start 2021-04-01"));
  std::vector<std::string> empty;
  for (const diagnostic& d : found)
    if (d.code == "DC046") empty.push_back(format(d));
  EXPECT_EQ(empty, (std::vector<std::string>{at_staff(":6:3: error[DC046]: column 'wte': empty WTE"),
                                             at_staff(":9:1: error[DC046]: column 'network_id': empty network id"),
                                             at_staff(":9:2: error[DC046]: column 'role': empty role")}));
  EXPECT_EQ(found.size(), 10u) << dump(found);
}

TEST_F(PanelFiles, bad_funding_is_dc049_with_a_hint) {
  const auto found = problems("network_id\nA\n", "network_id,role,wte,funding\nA,gp,1,ARRS\nA,gp,1,grant\n");
  ASSERT_EQ(found.size(), 2u) << dump(found);
  EXPECT_EQ(format(found[0]),
            at_staff(":2:4: error[DC049]: column 'funding': funding 'ARRS' is not arrs, core or other (did you mean "
                     "'arrs'?)"));
  EXPECT_EQ(format(found[1]),
            at_staff(":3:4: error[DC049]: column 'funding': funding 'grant' is not arrs, core or other"));
}

TEST_F(PanelFiles, problems_of_both_files_come_in_one_throw) {
  const auto found = problems("network_id,registered_patients\nA,x\nB,1,2\n", "network_id,role,wte\nA,nurse,1\nA,gp\n");
  // In file order within each file, although the reader and the value checks find them separately.
  ASSERT_EQ(found.size(), 4u) << dump(found);
  EXPECT_EQ(found[0].file, networks_.string());
  EXPECT_EQ(found[0].code, "DC044");
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[1].file, networks_.string());
  EXPECT_EQ(found[1].code, "DC043");
  EXPECT_EQ(found[1].line, 3);
  EXPECT_EQ(found[2].file, staff_.string());
  EXPECT_EQ(found[2].code, "DC030");
  EXPECT_EQ(found[2].line, 2);
  EXPECT_EQ(found[3].file, staff_.string());
  EXPECT_EQ(found[3].code, "DC043");
  EXPECT_EQ(found[3].line, 3);
}

TEST_F(PanelFiles, staff_is_still_checked_when_the_networks_file_is_unusable) {
  // Without a networks file no staff row can name a known network: say that once, not per row.
  fs::remove(networks_);
  write(staff_, "network_id,role,wte\nA,nurse,1\n");
  try {
    (void)load_panel(rules_, networks_, staff_);
    ADD_FAILURE() << "no throw";
  } catch (const input_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u) << dump(e.diagnostics());
    EXPECT_EQ(e.diagnostics()[0].code, "DC001");
    EXPECT_EQ(e.diagnostics()[1].code, "DC030");
  }
  const auto bad_bytes = problems("network_id\nA\xE9\n", "network_id,role,wte\nA,gp,1\n");
  ASSERT_EQ(bad_bytes.size(), 1u) << dump(bad_bytes);
  EXPECT_EQ(bad_bytes[0].code, "DC004");
  EXPECT_EQ(bad_bytes[0].line, 2);
  EXPECT_EQ(bad_bytes[0].column, 2);
}

TEST_F(PanelFiles, size_limit_and_empty_files) {
  csv_limits small;
  small.max_bytes = 16;
  const auto found = problems(good_networks, "", small);
  ASSERT_EQ(found.size(), 2u) << dump(found);
  EXPECT_EQ(found[0].code, "DC002");
  EXPECT_EQ(found[1].code, "DC003");
}

TEST_F(PanelFiles, problems_beyond_the_limit_are_counted) {
  std::string staff = "network_id,role,wte\n";
  for (int i = 0; i < 150; ++i) staff += "A,gp,-1\n";
  csv_limits limits;
  limits.max_diagnostics = 10;
  const auto found = problems("network_id\nA\n", staff, limits);
  ASSERT_EQ(found.size(), 11u);
  EXPECT_EQ(found[9].line, 11);
  EXPECT_EQ(found[10].message, "140 more problems not shown, the first of them here");
  EXPECT_EQ(found[10].file, staff_.string());
  EXPECT_EQ(found[10].line, 12);  // the first problem not shown
  EXPECT_EQ(found[10].code, "DC045");

  // The CSV reader's own uncounted problems are added to the count too.
  std::string ragged = "network_id,role,wte\n";
  for (int i = 0; i < 150; ++i) ragged += "A,gp\n";
  const auto many = problems("network_id\nA\n", ragged, limits);
  ASSERT_EQ(many.size(), 11u);
  EXPECT_EQ(many[10].message, "140 more problems not shown, the first of them here");
}

TEST_F(PanelFiles, arbitrary_files_either_load_or_throw_input_error) {
  // Rows built from plausible and broken values (and the odd stray quote or ragged row): every
  // outcome must be a whole panel or an input_error, never a crash or another exception.
  std::mt19937 rng(7);
  const auto pick = [&rng](const std::vector<std::string>& choices) { return choices[rng() % choices.size()]; };
  const std::vector<std::string> ids = {"A", "B", "A", "", "C\""};
  const std::vector<std::string> dates = {"", "", "2021-04-01", "2022-01-01", "2021-02-30"};
  const std::vector<std::string> numbers = {"1", "12.5", "", "0", "-1", "x"};
  const std::vector<std::string> roles = {"gp", "paramedic", "gp", "nurse"};
  const std::vector<std::string> funding = {"", "arrs", "core", "other", "ARRS"};
  int loaded = 0;
  int refused = 0;
  for (int round = 0; round < 200; ++round) {
    std::string networks = "network_id,from,registered_patients\n";
    for (int i = static_cast<int>(rng() % 4); i > 0; --i)
      networks += pick(ids) + "," + pick(dates) + "," + pick(numbers) + (rng() % 15 == 0 ? ",extra" : "") + "\n";
    std::string staff = "network_id,role,wte,start,end,funding\n";
    for (int i = static_cast<int>(rng() % 4); i > 0; --i)
      staff += pick(ids) + "," + pick(roles) + "," + pick(numbers) + "," + pick(dates) + "," + pick(dates) + "," +
               pick(funding) + "\n";
    try {
      const panel p = load(networks, staff);
      ++loaded;
      ASSERT_EQ(p.first_post.size(), p.networks.size() + 1);
      EXPECT_EQ(p.first_post.back(), p.posts.size());
      for (std::size_t n = 0; n < p.networks.size(); ++n)
        for (std::uint32_t k = p.first_post[n]; k < p.first_post[n + 1]; ++k) EXPECT_EQ(p.posts[k].network, n);
    } catch (const input_error& e) {
      ++refused;
      EXPECT_FALSE(e.diagnostics().empty());
    }
  }
  // Both outcomes must be exercised, or the test proves little.
  EXPECT_GT(loaded, 10);
  EXPECT_GT(refused, 10);
}
