// The synthetic national panel (descheck/synthetic/synthetic.hpp): determinism, list sizes against the published
// distribution, staff against the embedded census totals (and those against the census itself when
// the data is at hand), and output that load_panel reads back unchanged.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "realdata.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/rules/rules.hpp"
#include "descheck/synthetic/synthetic.hpp"
#include "io/csv.hpp"

namespace fs = std::filesystem;
using namespace descheck;

namespace {

const fs::path source = DESCHECK_SOURCE_DIR;

const rule_set& shipped() {
  static const rule_set rules = load_rule_set(source / "specs" / "des-england");
  return rules;
}

/// The default national panel of seed 1, generated once for the tests that only read it.
const synthetic_panel& national() {
  static const synthetic_panel generated = make_synthetic_panel(shipped(), 1);
  return generated;
}

/// A fresh scratch directory per test (ctest runs tests in parallel processes).
class scratch_dir {
 public:
  scratch_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("descheck_synthetic_" + std::string(info->name()) + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// Quantile of sorted values by linear interpolation between order statistics.
double quantile(const std::vector<double>& sorted, double p) {
  const double x = p * static_cast<double>(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(x);
  const double f = x - static_cast<double>(i);
  return i + 1 < sorted.size() ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

std::vector<double> list_sizes(const synthetic_panel& g) {
  const driver_index d = shipped().find_driver("registered_patients");
  std::vector<double> out;
  for (const network& n : g.networks.networks) out.push_back(n.drivers[d].at(date{}).value());
  std::sort(out.begin(), out.end());
  return out;
}

/// Panel FTE by (role id, census date).
std::map<std::pair<std::string, date>, double> national_fte(const synthetic_panel& g) {
  std::map<std::pair<std::string, date>, double> out;
  for (const post& p : g.networks.posts) out[{shipped().roles[p.role].id, p.start}] += p.wte;
  return out;
}

TEST(Synthetic, SameSeedGivesIdenticalBytesAndAnotherSeedDiffers) {
  const synthetic_panel a = make_synthetic_panel(shipped(), 42);
  const synthetic_panel b = make_synthetic_panel(shipped(), 42);
  const synthetic_panel c = make_synthetic_panel(shipped(), 43);
  EXPECT_EQ(a.networks_csv, b.networks_csv);
  EXPECT_EQ(a.staff_csv, b.staff_csv);
  EXPECT_EQ(a.networks.networks, b.networks.networks);
  EXPECT_TRUE(a.networks.posts == b.networks.posts);
  EXPECT_NE(a.networks_csv, c.networks_csv);
  EXPECT_NE(a.staff_csv, c.staff_csv);
}

// Pins the generator, its transforms and the quantile function: a change here changes every
// synthetic panel ever written with a given seed, so it must be deliberate.
TEST(Synthetic, SeedOneIsPinned) {
  EXPECT_EQ(make_synthetic_panel(shipped(), 1, {.networks = 5}).networks_csv,
            "network_id,name,region,registered_patients,care_home_beds\n"
            "SYN0001,Synthetic PCN 0001,East of England,264151,1252\n"
            "SYN0002,Synthetic PCN 0002,London,48084,171\n"
            "SYN0003,Synthetic PCN 0003,North East and Yorkshire,40154,140\n"
            "SYN0004,Synthetic PCN 0004,South East,14383,415\n"
            "SYN0005,Synthetic PCN 0005,Midlands,45535,387\n");
}

TEST(Synthetic, HasTheNationalNumberOfNetworksInSevenRegions) {
  const synthetic_panel& g = national();
  ASSERT_EQ(g.networks.networks.size(), 1250u);
  EXPECT_EQ(g.networks.networks.front().id, "SYN0001");
  EXPECT_EQ(g.networks.networks.front().name, "Synthetic PCN 0001");
  EXPECT_EQ(g.networks.networks.back().id, "SYN1250");
  std::map<std::string, int> regions;
  for (const network& n : g.networks.networks) ++regions[n.region];
  EXPECT_EQ(regions.size(), 7u);
  for (const char* region : {"London", "South East", "South West", "Midlands", "East of England", "North West",
                             "North East and Yorkshire"}) {
    EXPECT_GT(regions[region], 100) << region;  // each region holds roughly a seventh (119 to 217 PCNs)
    EXPECT_LT(regions[region], 260) << region;
  }
  // 1,250 lines and a header; networks.csv names each driver it fills.
  EXPECT_EQ(std::count(g.networks_csv.begin(), g.networks_csv.end(), '\n'), 1251);
  EXPECT_EQ(g.networks_csv.substr(0, g.networks_csv.find('\n')),
            "network_id,name,region,registered_patients,care_home_beds");
}

TEST(Synthetic, QuantileFunctionGoesThroughThePublishedPointsWithThePublishedMean) {
  const list_size_facts& f = published_list_sizes;
  EXPECT_DOUBLE_EQ(synthetic_list_size_quantile(0.0), f.min);
  EXPECT_NEAR(synthetic_list_size_quantile(0.1), f.p10, 1e-6);
  EXPECT_NEAR(synthetic_list_size_quantile(0.5), f.median, 1e-6);
  EXPECT_NEAR(synthetic_list_size_quantile(0.9), f.p90, 1e-6);
  EXPECT_NEAR(synthetic_list_size_quantile(1.0), f.max, 1e-6);
  double previous = 0, integral = 0;
  const int steps = 200'000;
  for (int i = 0; i <= steps; ++i) {
    const double value = synthetic_list_size_quantile(static_cast<double>(i) / steps);
    EXPECT_GE(value, previous) << "not monotone at u = " << static_cast<double>(i) / steps;
    previous = value;
    if (i < steps) integral += synthetic_list_size_quantile((i + 0.5) / steps) / steps;
  }
  EXPECT_NEAR(integral, f.mean, 0.001 * f.mean);
}

TEST(Synthetic, ListSizesMatchThePublishedDistribution) {
  for (const std::uint64_t seed : {1u, 2u, 99u}) {
    const std::vector<double> sizes = list_sizes(seed == 1 ? national() : make_synthetic_panel(shipped(), seed));
    const list_size_facts& f = published_list_sizes;
    EXPECT_EQ(sizes.front(), f.min);
    EXPECT_EQ(sizes.back(), f.max);
    EXPECT_NEAR(quantile(sizes, 0.1), f.p10, 0.02 * f.p10) << "seed " << seed;
    EXPECT_NEAR(quantile(sizes, 0.5), f.median, 0.02 * f.median) << "seed " << seed;
    EXPECT_NEAR(quantile(sizes, 0.9), f.p90, 0.02 * f.p90) << "seed " << seed;
    double sum = 0;
    for (const double s : sizes) sum += s;
    EXPECT_NEAR(sum / static_cast<double>(sizes.size()), f.mean, 0.02 * f.mean) << "seed " << seed;
  }
}

TEST(Synthetic, NationalFteOfEveryRoleAndQuarterFollowsTheEmbeddedTotals) {
  const synthetic_panel& g = national();
  const auto fte = national_fte(g);
  std::set<std::string> roles;
  for (const census_total& t : census_totals()) {
    roles.insert(t.role);
    const auto it = fte.find({t.role, t.census});
    const double got = it == fte.end() ? 0.0 : it->second;
    EXPECT_NEAR(got, t.fte, std::max(0.01 * t.fte, 0.0006)) << t.role << " " << to_string(t.census);
  }
  EXPECT_EQ(roles.size(), 15u);
  EXPECT_EQ(g.census_dates.size(), 11u);
  EXPECT_TRUE(g.skipped_roles.empty());
  for (const post& p : g.networks.posts) {
    EXPECT_NE(shipped().roles[p.role].id, "gp") << "GPs are left to the rule set's default_wte";
    EXPECT_GT(p.wte, 0.0);
  }
}

TEST(Synthetic, NetworksWithARoleFollowTheCensusCountsAndKeepTheirStaff) {
  const synthetic_panel& g = national();
  std::map<std::pair<std::string, date>, std::set<std::uint32_t>> holders;
  for (const post& p : g.networks.posts) holders[{shipped().roles[p.role].id, p.start}].insert(p.network);
  const std::vector<census_total>& totals = census_totals();
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const census_total& t = totals[i];
    if (t.fte < 0.05) continue;
    const std::size_t expected =
        std::min<std::size_t>(t.networks == 0 ? 1 : t.networks, static_cast<std::size_t>(t.fte * 10));
    EXPECT_NEAR(static_cast<double>(holders[{t.role, t.census}].size()), static_cast<double>(expected), 1.0)
        << t.role << " " << to_string(t.census);
    // A network that has a role keeps it while the national count grows.
    if (i > 0 && totals[i - 1].role == t.role && totals[i - 1].networks <= t.networks) {
      const auto& before = holders[{t.role, totals[i - 1].census}];
      const auto& now = holders[{t.role, t.census}];
      EXPECT_TRUE(std::includes(now.begin(), now.end(), before.begin(), before.end()))
          << t.role << " " << to_string(t.census);
    }
  }
  // Bigger networks are more likely to have a pharmacist, and their staff is stable over time.
  const driver_index list = shipped().find_driver("registered_patients");
  const auto& last = holders[{"clinical_pharmacist", *parse_date("2022-09-01")}];
  std::vector<std::pair<double, bool>> by_size;
  for (std::uint32_t n = 0; n < g.networks.networks.size(); ++n)
    by_size.emplace_back(g.networks.networks[n].drivers[list].at(date{}).value(), last.count(n) != 0);
  std::sort(by_size.begin(), by_size.end());
  const auto share = [&](std::size_t from, std::size_t to) {
    double with = 0;
    for (std::size_t i = from; i < to; ++i) with += by_size[i].second ? 1 : 0;
    return with / static_cast<double>(to - from);
  };
  EXPECT_LT(share(0, 312), share(938, 1250));
  std::map<std::pair<std::uint32_t, date>, double> pharmacists;
  for (const post& p : g.networks.posts)
    if (shipped().roles[p.role].id == "clinical_pharmacist") pharmacists[{p.network, p.start}] = p.wte;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, count = 0;
  const date from = *parse_date("2022-03-01"), to = *parse_date("2022-06-01");
  for (std::uint32_t n = 0; n < g.networks.networks.size(); ++n) {
    const double x = pharmacists.count({n, from}) ? pharmacists[{n, from}] : 0.0;
    const double y = pharmacists.count({n, to}) ? pharmacists[{n, to}] : 0.0;
    sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y, ++count;
  }
  const double r = (count * sxy - sx * sy) / std::sqrt((count * sxx - sx * sx) * (count * syy - sy * sy));
  EXPECT_GT(r, 0.95) << "quarter-to-quarter correlation of a network's pharmacists";
}

TEST(Synthetic, StaffRowsSpanOneCensusQuarterWithArrsFundingWhereInForce) {
  const synthetic_panel& g = national();
  const rule_set& rules = shipped();
  const std::vector<date>& dates = g.census_dates;
  ASSERT_EQ(to_string(dates.front()), "2020-03-01");
  ASSERT_EQ(to_string(dates.back()), "2022-09-01");
  for (const post& p : g.networks.posts) {
    const auto at = std::find(dates.begin(), dates.end(), p.start);
    ASSERT_NE(at, dates.end());
    if (at + 1 == dates.end())
      EXPECT_EQ(p.end, date::max());
    else
      EXPECT_EQ(p.end, add_days(*(at + 1), -1));
    const role& r = rules.roles[p.role];
    const bool arrs = r.arrs && r.arrs->max_reimbursement.at(p.start).has_value();
    EXPECT_EQ(p.funding, arrs ? funding_kind::arrs : funding_kind::core) << r.id << " " << to_string(p.start);
  }
  EXPECT_NE(g.staff_csv.find("\nSYN"), std::string::npos);
  EXPECT_EQ(g.staff_csv.substr(0, g.staff_csv.find('\n')), "network_id,role,wte,start,end,funding");
}

TEST(Synthetic, WrittenFilesLoadBackAsTheSamePanel) {
  const scratch_dir dir;
  const synthetic_panel& g = national();
  const synthetic_files files = write_synthetic_panel(g, dir.path() / "made" / "here");
  EXPECT_EQ(slurp(files.networks), g.networks_csv);
  EXPECT_EQ(slurp(files.staff), g.staff_csv);
  const panel loaded = load_panel(shipped(), files.networks, files.staff);
  EXPECT_EQ(loaded.networks, g.networks.networks);
  EXPECT_EQ(loaded.first_post, g.networks.first_post);
  ASSERT_EQ(loaded.posts.size(), g.networks.posts.size());
  EXPECT_TRUE(loaded.posts == g.networks.posts);
}

TEST(Synthetic, SmallerPanelsScaleTheNationalTotals) {
  const synthetic_panel g = make_synthetic_panel(shipped(), 5, {.networks = 125});
  ASSERT_EQ(g.networks.networks.size(), 125u);
  EXPECT_EQ(g.networks.networks.back().id, "SYN0125");
  const auto fte = national_fte(g);
  for (const census_total& t : census_totals()) {
    const auto it = fte.find({t.role, t.census});
    const double got = it == fte.end() ? 0.0 : it->second;
    EXPECT_NEAR(got, t.fte / 10, std::max(0.01 * t.fte / 10, 0.0006)) << t.role << " " << to_string(t.census);
  }
  const synthetic_panel one = make_synthetic_panel(shipped(), 5, {.networks = 1});
  EXPECT_EQ(list_sizes(one).front(), published_list_sizes.median);
  EXPECT_EQ(make_synthetic_panel(shipped(), 5, {.networks = 12'345}).networks.networks.back().id, "SYN12345");
}

TEST(Synthetic, RefusesBadCountsAndRuleSetsWithoutAListSize) {
  EXPECT_THROW((void)make_synthetic_panel(shipped(), 1, {.networks = 0}), input_error);
  EXPECT_THROW((void)make_synthetic_panel(shipped(), 1, {.networks = synthetic_options::max_networks + 1}),
               input_error);
  rule_set bare;
  try {
    (void)make_synthetic_panel(bare, 1);
    FAIL() << "no registered_patients driver";
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, codes::unknown_driver);
  }
  // Roles the rule set lacks are left out and listed.
  driver patients;
  patients.id = "registered_patients";
  bare.drivers.push_back(patients);
  const synthetic_panel g = make_synthetic_panel(bare, 1, {.networks = 10});
  EXPECT_EQ(g.skipped_roles.size(), 15u);
  EXPECT_TRUE(g.networks.posts.empty());
  EXPECT_EQ(g.staff_csv, "network_id,role,wte,start,end,funding\n");
  EXPECT_EQ(g.networks_csv.substr(0, g.networks_csv.find('\n')), "network_id,name,region,registered_patients");
}

// The embedded totals against the census itself: an independent, simple read of every file.
TEST(SyntheticReal, EmbeddedTotalsEqualTheCensusFiles) {
  const fs::path workforce = fs::path(DESCHECK_SHARED_DATA) / "workforce";
  REQUIRE_SHARED_DATA(workforce);
  std::unordered_map<std::string, std::string> label_to_role;
  for (const role& r : shipped().roles)
    for (const std::string& label : r.workforce_labels) label_to_role[label] = r.id;

  std::map<std::pair<std::string, date>, double> census;
  std::set<date> dates;
  for (const auto& entry : fs::directory_iterator(workforce)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("pcn-workforce-") || entry.path().extension() != ".csv") continue;
    std::vector<diagnostic> problems;
    const auto text = detail::csv_text(entry.path(), detail::csv_encoding::cp1252, 1u << 30, problems);
    ASSERT_TRUE(text) << name;
    const auto body = detail::utf8_body(*text, name, problems);
    ASSERT_TRUE(body) << name;
    detail::csv_reader reader(*body, name, problems);
    ASSERT_TRUE(reader.read_header()) << name;
    const auto column = [&](const char* wanted) {
      const auto& h = reader.header();
      return static_cast<std::size_t>(std::find(h.begin(), h.end(), wanted) - h.begin());
    };
    const std::size_t c_year = column("CENSUS_YEAR"), c_month = column("CENSUS_MONTH"), c_role = column("STAFF_ROLE"),
                      c_detail = column("DETAILED_STAFF_ROLE"), c_fte = column("FTE");
    ASSERT_LT(std::max({c_year, c_month, c_role, c_detail, c_fte}), reader.header().size()) << name;
    detail::csv_record rec;
    while (reader.next(rec)) {
      const date d = from_ymd(std::stoi(rec.fields[c_year]), static_cast<unsigned>(std::stoi(rec.fields[c_month])), 1);
      dates.insert(d);
      auto it = label_to_role.find(rec.fields[c_detail]);
      if (it == label_to_role.end()) it = label_to_role.find(rec.fields[c_role]);
      if (it == label_to_role.end()) continue;
      census[{it->second, d}] += std::stod(rec.fields[c_fte]);
    }
    EXPECT_TRUE(problems.empty()) << name << ": " << format(problems.front());
  }
  ASSERT_FALSE(dates.empty()) << "no pcn-workforce-*.csv files in " << workforce;

  const std::vector<census_total>& totals = census_totals();
  std::size_t compared = 0, interpolated = 0;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const census_total& t = totals[i];
    if (t.interpolated) {
      // A quarter the census lacks: halfway between its neighbours of the same role.
      ASSERT_EQ(dates.count(t.census), 0u) << to_string(t.census) << " is in the census but marked interpolated";
      ASSERT_TRUE(i > 0 && i + 1 < totals.size() && totals[i - 1].role == t.role && totals[i + 1].role == t.role);
      EXPECT_NEAR(t.fte, (totals[i - 1].fte + totals[i + 1].fte) / 2, 0.01) << t.role;
      ++interpolated;
      continue;
    }
    ASSERT_EQ(dates.count(t.census), 1u) << to_string(t.census) << " has no census file";
    const auto it = census.find({t.role, t.census});
    EXPECT_NEAR(t.fte, it == census.end() ? 0.0 : it->second, 0.01) << t.role << " " << to_string(t.census);
    ++compared;
  }
  EXPECT_EQ(compared, 15 * dates.size());
  EXPECT_EQ(interpolated, 15u);  // one quarter (2022-06) is missing from the census
}

TEST(Synthetic, CommandWritesBothFilesAndSaysWhatItDid) {
  const scratch_dir dir;
  const fs::path out = dir.path() / "panel";
  const std::string rules = (source / "specs" / "des-england").string();
  const auto run = [&](const std::string& args) {
    fs::create_directories(dir.path());
    const std::string cmd = std::string(DESCHECK_CLI) + " " + args + " >" + (dir.path() / "out").string() + " 2>" +
                            (dir.path() / "err").string() + " </dev/null";
    const int raw = std::system(cmd.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  };
  ASSERT_EQ(run("panel --synthetic --seed 9 --networks 40 --rules " + rules + " --output-dir " + out.string()), 0)
      << slurp(dir.path() / "err");
  const std::string err = slurp(dir.path() / "err");
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("40 networks"), std::string::npos) << err;
  EXPECT_TRUE(slurp(dir.path() / "out").empty());
  const synthetic_panel expected = make_synthetic_panel(shipped(), 9, {.networks = 40});
  EXPECT_EQ(slurp(out / "networks.csv"), expected.networks_csv);
  EXPECT_EQ(slurp(out / "staff.csv"), expected.staff_csv);

  EXPECT_EQ(run("panel --rules " + rules + " --output-dir " + out.string()), 2);
  EXPECT_NE(slurp(dir.path() / "err").find("--synthetic"), std::string::npos);
  EXPECT_EQ(run("panel --synthetic --networks 0 --rules " + rules + " --output-dir " + out.string()), 2);
  EXPECT_EQ(run("panel --synthetic --seed -3 --rules " + rules + " --output-dir " + out.string()), 2);
  EXPECT_EQ(run("panel --synthetic --rules " + rules), 2);  // no --output-dir
}

}  // namespace
