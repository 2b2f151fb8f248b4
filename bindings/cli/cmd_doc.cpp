// doc: a rule set as a Markdown reference page.
#include "cli.hpp"
#include "descheck/report/doc.hpp"

namespace descheck::cli {
namespace {

int run_doc(const options& o) {
  if (o.positional.size() != 1) usage_error("'doc' takes one rule-set directory");
  const rule_set rules = load_rules(o, o.positional[0]);
  const std::string page = rule_set_markdown(rules);
  emit(o, [&](std::ostream& out) { out << page; });
  return 0;
}

const registrar doc_command{{"doc",
                             90,
                             "  descheck doc     RULES_DIR [--output FILE]\n",
                             {"output"},
                             {},
                             {},
                             run_doc,
                             "A rule set as a Markdown reference page.",
                             "descheck doc specs/des-england --output rules.md",
                             {{"output", "FILE write the page here (atomically) instead of standard output"}}}};

}  // namespace
}  // namespace descheck::cli
