// descheck._core: diff, a rule set against itself under scenarios.
#include <sstream>

#include "common.hpp"
#include "descheck/scenario/diff.hpp"

namespace descheck::python {

// The comparison of a rule set under scenarios.
void register_diff(py::module_& m) {
  m.def(
      "diff",
      [](const rule_set& rules, const panel& p, const std::vector<std::string>& against, const std::string& start,
         const std::string& end, unsigned threads, const py::object& progress) {
        const date from = parse_day(start, "start");
        const date to = parse_day(end, "end");
        std::vector<scenario> loaded;
        rule_set right = rules;
        for (const std::string& file : against) {
          loaded.push_back(load_scenario(file, right));
          right = apply_scenario(right, loaded.back());
        }
        const progress_callback report_progress = python_progress(progress);
        diff_result result = [&] {
          const py::gil_scoped_release release;
          return diff_outcomes(rules, loaded, p, from, to, threads, report_progress);
        }();
        std::ostringstream text, csv;
        write_diff_text(text, result, p);
        write_diff(csv, result, p, table_format::csv);
        std::vector<std::string> rule_lines, change_labels;
        for (const rule_difference& d : result.rules) rule_lines.push_back(to_string(d));
        for (const change_label& c : result.changes) change_labels.push_back(to_string(c));
        std::vector<std::int32_t> network, left, right_state, sufficient, necessary;
        std::vector<std::int64_t> from_days, to_days;
        std::vector<bool> combination;
        std::vector<std::string> texts;
        std::unordered_map<std::string, std::int32_t> text_code;
        const auto code_of = [&](const std::vector<std::uint32_t>& which) {
          std::string joined;
          for (const std::uint32_t c : which) joined += (joined.empty() ? "" : ";") + change_labels.at(c);
          const auto [it, added] = text_code.emplace(joined, static_cast<std::int32_t>(texts.size()));
          if (added) texts.push_back(joined);
          return it->second;
        };
        for (const outcome_flip& f : result.flips) {
          network.push_back(static_cast<std::int32_t>(f.network));
          from_days.push_back(f.from.days);
          to_days.push_back(f.to.days);
          left.push_back(static_cast<std::int32_t>(f.left_state));
          right_state.push_back(static_cast<std::int32_t>(f.right_state));
          sufficient.push_back(code_of(f.sufficient));
          necessary.push_back(code_of(f.necessary));
          combination.push_back(f.needs_combination);
        }
        const std::vector<std::string> states = enum_names({"compliant", "non_compliant", "not_in_force", "no_data"});
        table_builder flips;
        flips.text("network_id", std::move(network), network_ids(p));
        flips.dates("from", std::move(from_days));
        flips.dates("to", std::move(to_days));
        flips.text("left_state", std::move(left), states);
        flips.text("right_state", std::move(right_state), states);
        std::vector<std::string> texts_copy = texts;
        flips.text("sufficient", std::move(sufficient), texts);
        flips.text("necessary", std::move(necessary), std::move(texts_copy));
        std::vector<std::uint8_t> combination_bytes(combination.begin(), combination.end());
        flips.flags("needs_combination", std::move(combination_bytes));
        py::dict out;
        out["text"] = text.str();
        out["csv"] = csv.str();
        out["rules"] = rule_lines;
        out["changes"] = change_labels;
        out["flips"] = flips.done();
        out["networks_changed"] = result.networks_changed;
        out["networks"] = result.networks;
        return out;
      },
      py::arg("rules"), py::arg("panel"), py::arg("against"), py::arg("start"), py::arg("end"), py::arg("threads") = 0,
      py::arg("progress") = py::none());
}

}  // namespace descheck::python
