// Tests of include/descheck/scenario/diff.hpp on the minimal rule set: rule differences, flips of state
// against day-by-day checks, attribution (one change alone, two together, changes that cannot be
// applied alone), output independent of the thread count, and `descheck diff` end to end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "descheck/scenario/diff.hpp"

namespace {

namespace fs = std::filesystem;
using namespace descheck;

const fs::path minimal = fs::path(DESCHECK_SOURCE_DIR) / "tests" / "data" / "rules" / "minimal";

date day(const char* iso) { return *parse_date(iso); }

// Three networks on the minimal rule set. From 2020-10-01 each needs 20 h/week of structured
// medication reviews (104,358 patients × 0.01 h a year), plus 0.23 h/week of home round (0.46 from
// 2021-04-01) and a 0.1 WTE GP lead. GPs give 37.5 h per WTE, pharmacists 30 (0.8 available;
// 33.75 from 2022-04-01).
//   PAIR:   GP 0.2 (7.5 h) + pharmacist 0.08 (2.4 h): short; halving the reviews (10.23 h) is still
//           short (9.9 h), a fully available pharmacist alone too (10.5 h against 20.23), both
//           together are enough (10.5 h against 10.23).
//   SINGLE: GP 0.2 + pharmacist 0.2 (6 h): short; halving the reviews alone is enough (13.5 h).
//   AMPLE:  GP 1.0 (37.5 h): compliant either way.
const char* networks_csv =
    "network_id,name,region,registered_patients,care_home_beds\n"
    "PAIR,Pair PCN,North,104358,0\n"
    "SINGLE,Single PCN,North,104358,0\n"
    "AMPLE,Ample PCN,North,104358,0\n";
const char* staff_csv =
    "network_id,role,wte\n"
    "PAIR,gp,0.2\n"
    "PAIR,pharmacist,0.08\n"
    "SINGLE,gp,0.2\n"
    "SINGLE,pharmacist,0.2\n"
    "AMPLE,gp,1.0\n";
const char* halve_and_free =
    "  - scale: {target: smr.reviews, factor: 0.5}\n"
    "  - role: {target: pharmacist, available_share: 1}\n";

class Diff : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("descheck-diff-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    rules_ = load_rule_set(minimal);
    std::ofstream(dir_ / "networks.csv") << networks_csv;
    std::ofstream(dir_ / "staff.csv") << staff_csv;
    networks_ = load_panel(rules_, dir_ / "networks.csv", dir_ / "staff.csv");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& id, const std::string& changes) const {
    const fs::path file = dir_ / (id + ".yaml");
    std::ofstream(file) << "schema: descheck/scenario/v1\nid: " << id << "\nlabel: test\napplies_to: minimal\n"
                        << "changes:\n"
                        << changes;
    return file;
  }
  // Scenarios loaded in order, each against the rule set the ones before it leave.
  std::vector<scenario> stack(const std::vector<fs::path>& files) const {
    std::vector<scenario> out;
    rule_set current = rules_;
    for (const fs::path& f : files) {
      out.push_back(load_scenario(f, current));
      current = apply_scenario(current, out.back());
    }
    return out;
  }
  diff_result compare(const std::vector<fs::path>& files, unsigned threads = 1) const {
    return diff_outcomes(rules_, stack(files), networks_, day("2020-04-01"), day("2024-03-31"), threads);
  }
  std::vector<std::string> lines(const std::string& changes) const {
    const rule_set right = apply_scenario(rules_, load_scenario(write("s", changes), rules_));
    std::vector<std::string> out;
    for (const rule_difference& d : diff_rules(rules_, right)) out.push_back(to_string(d));
    return out;
  }
  std::string text(const diff_result& r) const {
    std::ostringstream out;
    write_diff_text(out, r, networks_);
    return out.str();
  }
  std::string text(const diff_result& r, table_format format) const {
    std::ostringstream out;
    write_diff(out, r, networks_, format);
    return out.str();
  }

  fs::path dir_;
  rule_set rules_;
  panel networks_;
};

TEST_F(Diff, RuleDifferencesOfAShiftAndADeliveredByChange) {
  EXPECT_EQ(lines("  - shift: {target: smr, months: 6}\n"
                  "  - delivered_by: {target: ehch.home_round, remove: [gp]}\n"
                  "  - delivered_by: {target: ehch.clinical_lead, add: [pharmacist]}\n"),
            (std::vector<std::string>{
                "ehch.clinical_lead: delivered_by adds pharmacist",
                "ehch.home_round: delivered_by removes gp",
                "smr.reviews: phase differs from 2020-10-01 (left 1 -> right undefined)",
            }));
  EXPECT_TRUE(diff_rules(rules_, rules_).empty());
}

TEST_F(Diff, RuleDifferencesOfTermsSharesRolesAndDrivers) {
  EXPECT_EQ(lines("  - scale: {target: ehch.home_round, factor: 2}\n"
                  "  - set: {target: smr.reviews, term: 0, hours: {2020-10-01: 0.01, 2021-04-01: 0.02}}\n"
                  "  - delivered_by: {target: ehch.home_round, remove: [pharmacist]}\n"
                  "  - delivered_by: {target: ehch.home_round, add: {pharmacist: {max_share: 0.25}}}\n"
                  "  - remove: {target: ehch.clinical_lead}\n"
                  "  - role: {target: pharmacist, available_share: {2020-04-01: 0.8, 2022-04-01: 1}}\n"
                  "  - driver: {target: care_home_beds, default: {driver: registered_patients, ratio: 0.01}}\n"),
            (std::vector<std::string>{
                "ehch.clinical_lead: phase differs from 2020-10-01 (left 1 -> right undefined)",
                "ehch.home_round: demand term 0 differs from the start (left 0.1 -> right 0.2)",
                "ehch.home_round: demand term 1 differs from the start (left 2 -> right 4)",
                "ehch.home_round: max_share of pharmacist differs from the start (left 0.5 -> right 0.25)",
                "smr.reviews: demand term 0 differs from 2021-04-01 (left 0.01 -> right 0.02)",
                "pharmacist: available_share differs from 2022-04-01 (left 0.9 -> right 1)",
                "care_home_beds: default differs from the start (left 0.008 × registered_patients -> right 0.01 × "
                "registered_patients)",
            }));
}

TEST_F(Diff, ValuesWithinTheRelativeToleranceAreTheSame) {
  // 0.1 × 0.8 × 1.25 is 0.10000000000000002 in binary floating point: no difference.
  EXPECT_TRUE(lines("  - scale: {target: ehch.clinical_lead, factor: 0.8}\n"
                    "  - scale: {target: ehch.clinical_lead, factor: 1.25}\n")
                  .empty());
  const role_index gp = rules_.find_role("gp");
  rules_.roles.at(gp).hours_per_wte = schedule::constant(0.75);
  rule_set right = rules_;
  right.roles.at(gp).hours_per_wte = schedule::constant(0.75 * 0.8 * 1.25);
  ASSERT_NE(0.75 * 0.8 * 1.25, 0.75);
  EXPECT_TRUE(diff_rules(rules_, right).empty());
  right.roles.at(gp).hours_per_wte = schedule::constant(0.75 * (1 + diff_relative_tolerance / 2));
  EXPECT_TRUE(diff_rules(rules_, right).empty());
  // Beyond the tolerance, the two values print apart: here with a mantissa of 1, the worst case
  // for 10 significant digits.
  rules_.roles.at(gp).hours_per_wte = schedule::constant(10.0 * (1 + 1.01 * diff_relative_tolerance));
  right.roles.at(gp).hours_per_wte = schedule::constant(10.0);
  const std::vector<rule_difference> tiny = diff_rules(rules_, right);
  ASSERT_EQ(tiny.size(), 1u);
  EXPECT_EQ(to_string(tiny[0]), "gp: hours_per_wte differs from the start (left 10.00000001 -> right 10)");
}

TEST_F(Diff, SmallDifferencesInAScenarioPrintWithTheirDigits) {
  EXPECT_EQ(lines("  - set: {target: ehch.clinical_lead, term: 0, wte: 0.1000000003}\n"),
            (std::vector<std::string>{
                "ehch.clinical_lead: minimum term 0 differs from the start (left 0.1 -> right 0.1000000003)"}));
}

// Every form a rule difference can print as, most specific first; each is produced by a case below
// and shown in docs/diff.md.
const std::vector<std::pair<const char*, std::regex>>& difference_forms() {
  static const std::string t = "[a-z_]+(\\.[a-z_]+)?: ";
  static const std::vector<std::pair<const char*, std::regex>> forms{
      {"cap against no cap", std::regex(t + "max_share of [a-z_]+ differs \\((left no cap -> right .+|left .+ -> "
                                            "right no cap)\\)")},
      {"estimate against none", std::regex(t + "default(_wte)? differs \\((left none -> right .+|left .+ -> right "
                                               "none)\\)")},
      {"differs from the start", std::regex(t + "[a-z_ 0-9]+ differs from the start \\(left .+ -> right .+\\)")},
      {"differs from a date", std::regex(t + "[a-z_ 0-9]+ differs from [0-9]{4}-[0-9]{2}-[0-9]{2} \\(left .+ -> "
                                             "right .+\\)")},
      {"differs, undated", std::regex(t + "[a-z_ 0-9]+ differs \\(left .+ -> right .+\\)")},
      {"adds a capped role", std::regex(t + "delivered_by adds [a-z_]+ \\(max_share .+\\)")},
      {"adds a role", std::regex(t + "delivered_by adds [a-z_]+")},
      {"removes a capped role", std::regex(t + "delivered_by removes [a-z_]+ \\(max_share .+\\)")},
      {"removes a role", std::regex(t + "delivered_by removes [a-z_]+")},
      {"adds a term", std::regex(t + "(demand|minimum) term [0-9]+ adds .+")},
      {"removes a term", std::regex(t + "(demand|minimum) term [0-9]+ removes .+")},
      {"only left", std::regex(t + "only in the left rule set")},
      {"only right", std::regex(t + "only in the right rule set")},
  };
  return forms;
}

const char* form_of(const std::string& line) {
  for (const auto& [name, pattern] : difference_forms())
    if (std::regex_match(line, pattern)) return name;
  return nullptr;
}

TEST_F(Diff, EveryFormOfRuleDifferenceIsProducedAndDocumented) {
  std::vector<std::string> produced;
  const auto add = [&](const std::vector<std::string>& more) {
    produced.insert(produced.end(), more.begin(), more.end());
  };
  const auto add_rules = [&](const rule_set& right) {
    for (const rule_difference& d : diff_rules(rules_, right)) produced.push_back(to_string(d));
  };
  add(
      lines("  - shift: {target: smr, months: 6}\n"
            "  - scale: {target: ehch.home_round, factor: 2}\n"
            "  - delivered_by: {target: ehch.home_round, remove: [pharmacist]}\n"));
  add(
      lines("  - delivered_by: {target: ehch.home_round, remove: [gp]}\n"
            "  - delivered_by: {target: ehch.home_round, add: {gp: {max_share: 0.25}}}\n"
            "  - delivered_by: {target: smr.reviews, remove: [gp]}\n"
            "  - delivered_by: {target: ehch.clinical_lead, add: [pharmacist]}\n"));
  rule_set right = rules_;
  requirement& round = right.services.at(right.find_service("ehch")).requirements.at(0);
  round.kind = requirement_kind::staffing;
  round.priority = 1;
  round.terms.at(1).per = "week";
  // A cap on a staffing requirement's role: no scenario gives one, the library compares it all the same.
  right.services.at(right.find_service("ehch"))
      .requirements.at(1)
      .delivered_by.push_back({right.find_role("pharmacist"), schedule::constant(0.25)});
  add_rules(right);
  right = rules_;
  right.services.at(right.find_service("ehch")).requirements.at(0).terms.pop_back();
  right.services.at(right.find_service("smr")).requirements.at(0).terms.push_back(term{});
  right.services.at(right.find_service("ehch")).requirements.at(1).id = "lead";
  right.roles.at(right.find_role("pharmacist")).default_wte = right.roles.at(right.find_role("gp")).default_wte;
  right.roles.at(right.find_role("gp")).id = "doctor";
  right.drivers.at(right.find_driver("care_home_beds")).default_value->driver = right.find_driver("care_home_beds");
  right.drivers.at(right.find_driver("registered_patients")).id = "patients";
  add_rules(right);

  std::ifstream in(fs::path(DESCHECK_SOURCE_DIR) / "docs" / "diff.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> documented;
  for (std::size_t open = doc.find('`'); open != std::string::npos; open = doc.find('`', open + 1)) {
    const std::size_t close = doc.find('`', open + 1);
    if (close == std::string::npos) break;
    if (const char* form = form_of(doc.substr(open + 1, close - open - 1))) documented.insert(form);
    open = close;
  }
  std::set<std::string> seen;
  for (const std::string& line : produced) {
    const char* form = form_of(line);
    ASSERT_NE(form, nullptr) << "a form of difference this test does not know: " << line;
    seen.insert(form);
  }
  for (const auto& [name, pattern] : difference_forms()) {
    EXPECT_TRUE(seen.count(name)) << "no case produces: " << name;
    EXPECT_TRUE(documented.count(name)) << "docs/diff.md shows no line of the form: " << name;
  }
}

TEST_F(Diff, FlipsAreTheIntervalsWhereTheStateDiffersDayByDay) {
  // Posts that start and end inside the range, and a shift, so that flips start and stop.
  std::ofstream(dir_ / "staff.csv") << "network_id,role,wte,start,end\n"
                                       "PAIR,gp,0.2,,\n"
                                       "PAIR,pharmacist,0.08,,2021-06-30\n"
                                       "PAIR,pharmacist,0.3,2021-09-01,\n"
                                       "SINGLE,gp,0.2,,\n"
                                       "SINGLE,pharmacist,0.2,2020-12-01,2022-05-31\n"
                                       "AMPLE,gp,1.0,,\n";
  networks_ = load_panel(rules_, dir_ / "networks.csv", dir_ / "staff.csv");
  const std::vector<scenario> against =
      stack({write("s", std::string(halve_and_free) + "  - shift: {target: ehch.home_round, months: 3}\n")});
  const date from = day("2020-06-01");
  const date to = day("2022-12-31");
  const diff_result r = diff_outcomes(rules_, against, networks_, from, to, 2);
  rule_set right = rules_;
  for (const scenario& s : against) right = apply_scenario(right, s);
  checker left_check(rules_, networks_);
  checker right_check(right, networks_);
  std::vector<outcome_flip> expected;
  for (std::uint32_t n = 0; n < networks_.networks.size(); ++n)
    for (date d = from; d <= to; d = add_days(d, 1)) {
      const network_state a = left_check.run(n, d).state;
      const network_state b = right_check.run(n, d).state;
      if (a == b) continue;
      if (!expected.empty() && expected.back().network == n && add_days(expected.back().to, 1) == d &&
          expected.back().left_state == a && expected.back().right_state == b) {
        expected.back().to = d;
      } else {
        expected.push_back({n, d, d, a, b, {}, {}, false, {}});
      }
    }
  ASSERT_EQ(r.flips.size(), expected.size());
  ASSERT_GE(expected.size(), 3u);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.flips[i].network, expected[i].network) << i;
    EXPECT_EQ(to_string(r.flips[i].from), to_string(expected[i].from)) << i;
    EXPECT_EQ(to_string(r.flips[i].to), to_string(expected[i].to)) << i;
    EXPECT_EQ(r.flips[i].left_state, expected[i].left_state) << i;
    EXPECT_EQ(r.flips[i].right_state, expected[i].right_state) << i;
  }
}

TEST_F(Diff, NetworkWithoutDataOnBothSidesDoesNotFlip) {
  // SINGLE flips to compliant when the reviews are halved; outside its coverage it is no_data under
  // both rule sets, which is no change of state.
  const diff_result all = compare({write("s", halve_and_free)});
  bool single_flips = false;
  for (const outcome_flip& f : all.flips) single_flips = single_flips || f.network == 1;
  ASSERT_TRUE(single_flips);
  parse_coverage(networks_, "network_id,from,to\nPAIR,2020-04-01,\nAMPLE,2020-04-01,\n");
  const diff_result r = compare({write("s", halve_and_free)});
  for (const outcome_flip& f : r.flips) {
    EXPECT_NE(f.network, 1u) << to_string(f.from);
    EXPECT_NE(f.left_state, network_state::no_data);
    EXPECT_NE(f.right_state, network_state::no_data);
  }
  std::size_t others = 0;
  for (const outcome_flip& f : all.flips) others += f.network != 1 ? 1 : 0;
  EXPECT_EQ(r.flips.size(), others);
  // Covered for part of the range, it flips only where it has data.
  parse_coverage(networks_, "network_id,from,to\nPAIR,2020-04-01,\nSINGLE,2021-04-01,2021-09-30\nAMPLE,2020-04-01,\n");
  const diff_result part = compare({write("s", halve_and_free)});
  std::size_t single = 0;
  for (const outcome_flip& f : part.flips) {
    if (f.network != 1) continue;
    ++single;
    EXPECT_TRUE(day("2021-04-01") <= f.from && f.to <= day("2021-09-30"))
        << to_string(f.from) << ' ' << to_string(f.to);
  }
  EXPECT_EQ(single, 1u);
}

TEST_F(Diff, OneChangeAloneOrTwoTogether) {
  const diff_result r = compare({write("s", halve_and_free)});
  ASSERT_EQ(r.changes.size(), 2u);
  EXPECT_EQ(to_string(r.changes[0]), "s#1:scale:smr.reviews");
  EXPECT_EQ(to_string(r.changes[1]), "s#2:role:pharmacist");
  EXPECT_EQ(r.networks, 3u);
  EXPECT_EQ(r.networks_changed, 2u);
  ASSERT_EQ(r.flips.size(), 2u);

  const outcome_flip& pair = r.flips[0];
  EXPECT_EQ(networks_.networks[pair.network].id, "PAIR");
  EXPECT_EQ(to_string(pair.from), "2020-10-01");
  EXPECT_EQ(to_string(pair.to), "2024-03-31");
  EXPECT_EQ(pair.left_state, network_state::non_compliant);
  EXPECT_EQ(pair.right_state, network_state::compliant);
  EXPECT_TRUE(pair.needs_combination);
  EXPECT_TRUE(pair.sufficient.empty());
  EXPECT_EQ(pair.necessary, (std::vector<std::uint32_t>{0, 1}));

  const outcome_flip& single = r.flips[1];
  EXPECT_EQ(networks_.networks[single.network].id, "SINGLE");
  EXPECT_FALSE(single.needs_combination);
  EXPECT_EQ(single.sufficient, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(single.necessary, (std::vector<std::uint32_t>{0}));
  EXPECT_TRUE(single.not_judged.empty());
}

TEST_F(Diff, TextAndCsvOutput) {
  const diff_result r = compare({write("s", halve_and_free)});
  EXPECT_EQ(text(r, table_format::csv),
            "network_id,from,to,left_state,right_state,sufficient,necessary,note\n"
            "PAIR,2020-10-01,2024-03-31,non_compliant,compliant,,s#1:scale:smr.reviews;s#2:role:pharmacist,needs a "
            "combination\n"
            "SINGLE,2020-10-01,2024-03-31,non_compliant,compliant,s#1:scale:smr.reviews,s#1:scale:smr.reviews,\n");
  const std::string file = (dir_ / "s.yaml").string();
  EXPECT_EQ(text(r),
            "# baseline against s, 2020-04-01 to 2024-03-31\n"
            "\n"
            "## Rule differences\n"
            "\n"
            "smr.reviews: demand term 0 differs from 2020-10-01 (left 0.01 -> right 0.005)\n"
            "pharmacist: available_share differs from the start (left undefined -> right 1)\n"
            "\n"
            "## Outcome differences\n"
            "\n"
            "2 of 3 networks change state on some date.\n"
            "\n"
            "network_id  from        to          left           right\n"
            "PAIR        2020-10-01  2024-03-31  non_compliant  compliant\n"
            "SINGLE      2020-10-01  2024-03-31  non_compliant  compliant\n"
            "\n"
            "## Attribution\n"
            "\n"
            "Changes compared (scenario#change:kind:target):\n"
            "  s#1:scale:smr.reviews  (" +
                file +
                ":6)\n"
                "  s#2:role:pharmacist  (" +
                file +
                ":7)\n"
                "\n"
                "Each interval is judged at its start date. Sufficient: the left rule set with that change alone "
                "gives the right's state. Necessary: the right rule set without that change gives the left's "
                "state.\n"
                "\n"
                "PAIR 2020-10-01 to 2024-03-31 (non_compliant -> compliant)\n"
                "  needs a combination: no single change suffices alone\n"
                "  necessary: s#1:scale:smr.reviews, s#2:role:pharmacist\n"
                "\n"
                "SINGLE 2020-10-01 to 2024-03-31 (non_compliant -> compliant)\n"
                "  sufficient alone: s#1:scale:smr.reviews\n"
                "  necessary: s#1:scale:smr.reviews\n");
}

TEST_F(Diff, ChangesThatCannotBeAppliedAloneAreReportedNotThrown) {
  // q#1 removes a role p#1 added: alone it removes a role the lead does not list, and p#1 cannot be
  // left out of the right either. Right and left still differ through q#2.
  const fs::path p = write("p", "  - delivered_by: {target: ehch.clinical_lead, add: [pharmacist]}\n");
  const fs::path q = write("q",
                           "  - delivered_by: {target: ehch.clinical_lead, remove: [pharmacist]}\n"
                           "  - scale: {target: smr.reviews, factor: 0.5}\n");
  const diff_result r = compare({p, q});
  ASSERT_EQ(r.changes.size(), 3u);
  EXPECT_TRUE(r.changes[0].alone_error.empty());
  EXPECT_NE(r.changes[0].without_error.find("error[DC082]"), std::string::npos) << r.changes[0].without_error;
  EXPECT_NE(r.changes[1].alone_error.find("q.yaml:6:5: error[DC082]"), std::string::npos) << r.changes[1].alone_error;
  EXPECT_TRUE(r.changes[2].alone_error.empty());
  ASSERT_EQ(r.flips.size(), 1u);  // SINGLE
  const outcome_flip& f = r.flips[0];
  EXPECT_EQ(f.sufficient, (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(f.necessary, (std::vector<std::uint32_t>{2}));
  ASSERT_EQ(f.not_judged.size(), 2u);
  EXPECT_EQ(f.not_judged[0], (std::pair<std::uint32_t, std::string>{0, "cannot be left out"}));
  EXPECT_EQ(f.not_judged[1], (std::pair<std::uint32_t, std::string>{1, "cannot be applied alone"}));
  EXPECT_NE(text(r, table_format::csv)
                .find(",p#1:delivered_by:ehch.clinical_lead cannot be left out; "
                      "q#1:delivered_by:ehch.clinical_lead cannot be applied alone\n"),
            std::string::npos)
      << text(r, table_format::csv);
}

TEST_F(Diff, OutputIsTheSameForAnyThreadCount) {
  // Enough networks for many blocks, in a mix of the three kinds.
  std::ofstream networks(dir_ / "networks.csv");
  std::ofstream staff(dir_ / "staff.csv");
  networks << "network_id,registered_patients,care_home_beds\n";
  staff << "network_id,role,wte,start\n";
  for (int i = 0; i < 400; ++i) {
    const std::string id = "N" + std::to_string(i);
    networks << id << ',' << 60000 + 250 * i << ",\n";
    staff << id << ",gp,0.2,\n" << id << ",pharmacist," << 0.01 * (i % 23) << ",\n";
    if (i % 7 == 0) staff << id << ",pharmacist,0.1,2021-0" << 1 + i % 9 << "-01\n";
  }
  networks.close();
  staff.close();
  networks_ = load_panel(rules_, dir_ / "networks.csv", dir_ / "staff.csv");
  const std::vector<fs::path> files{write("s", halve_and_free), write("t", "  - shift: {target: ehch, months: 2}\n")};
  const diff_result one = compare(files, 1);
  EXPECT_GT(one.flips.size(), 100u);
  EXPECT_GT(one.networks_changed, 100u);
  const std::string text_one = text(one);
  const std::string csv_one = text(one, table_format::csv);
  for (const unsigned threads : {2u, 3u, 8u}) {
    const diff_result many = compare(files, threads);
    EXPECT_EQ(text(many), text_one) << threads << " threads";
    EXPECT_EQ(text(many, table_format::csv), csv_one) << threads << " threads";
  }
}

TEST_F(Diff, NoScenarioChangesNothing) {
  const diff_result r = compare({write("empty", " []\n")});
  EXPECT_TRUE(r.rules.empty());
  EXPECT_TRUE(r.flips.empty());
  EXPECT_EQ(text(r, table_format::csv), std::string(diff_csv_header()) + "\n");
  EXPECT_NE(text(r).find("0 of 3 networks change state on some date."), std::string::npos);
}

TEST_F(Diff, CommandLine) {
  const fs::path scenario = write("s", halve_and_free);
  const std::string base = "diff --rules " + minimal.string() + " --networks " + (dir_ / "networks.csv").string() +
                           " --staff " + (dir_ / "staff.csv").string() + " --from 2020-04-01 --to 2024-03-31";
  const fs::path scratch = cli_runner::scratch("descheck-diff-cli");
  const cli_runner::outcome r = cli_runner::run(base + " --against-scenario " + scenario.string(), scratch);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, text(compare({scenario})));
  const cli_runner::outcome csv =
      cli_runner::run(base + " --against-scenario " + scenario.string() + " --format csv --threads 2", scratch);
  EXPECT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out, text(compare({scenario}), table_format::csv));

  // --scenario moves the left: with the same scenario on both sides nothing differs.
  const cli_runner::outcome same = cli_runner::run(
      base + " --scenario " + scenario.string() + " --against-scenario " + write("e", " []\n").string(), scratch);
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_NE(same.out.find("# s against s+e, "), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("0 of 3 networks change state"), std::string::npos) << same.out;

  // A bad scenario: positioned error, exit 2, nothing on standard output.
  const fs::path bad = write("bad", "  - scale: {target: smr.reviewz, factor: 0.5}\n");
  const cli_runner::outcome rejected = cli_runner::run(base + " --against-scenario " + bad.string(), scratch);
  EXPECT_EQ(rejected.status, 2);
  EXPECT_TRUE(rejected.out.empty()) << rejected.out;
  EXPECT_NE(rejected.err.find(bad.string() + ":6:21: error[DC080]"), std::string::npos) << rejected.err;
  EXPECT_NE(rejected.err.find("did you mean 'smr.reviews'"), std::string::npos) << rejected.err;

  const cli_runner::outcome missing = cli_runner::run(base, scratch);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("error[DC060]"), std::string::npos) << missing.err;
  fs::remove_all(scratch);
}

}  // namespace
