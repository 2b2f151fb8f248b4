// import workforce, import networks: published NHS data as the staff and networks files of a check.
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "descheck/import/import.hpp"
#include "descheck/io/file.hpp"
#include "descheck/io/table.hpp"
#include "descheck/io/text.hpp"

namespace descheck::cli {
namespace {

/// A table on standard error, indented under the line that introduces it, aligned by display
/// width by the one output layer (the census's labels hold en dashes).
void print_table(const table& rows) {
  std::ostringstream text;
  write_table(text, rows, table_format::table);
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) std::cerr << "   " << line << '\n';
}

/// "1 census", "2 censuses": a count and its noun.
std::string count_of(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string fte_text(double value) { return format_fixed(value, 3); }
column fte_column() { return {"FTE", column_type::number, 3}; }

std::string month_of(date d) { return to_string(d).substr(0, 7); }

/// Options meant for the other subcommand are usage errors, not silently ignored.
void refuse(const options& o, const std::string& sub, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (!o.get(name)) continue;
    std::string message = "--" + name;
    message += " is not an option of 'import ";
    message += sub;
    message += "'";
    usage_error(message);
  }
}

int run_workforce(const options& o) {
  refuse(o, "workforce", {"pcns", "partners", "practices", "at", "census"});
  if (o.positional.size() < 2) usage_error("'import workforce' needs one or more census files");
  workforce_options options;
  if (const auto until = o.get("until")) options.until = parse_date_option("until", *until);
  if (const auto networks = o.get("networks")) options.networks = *networks;
  const rule_set rules = load_rules(o);
  const std::vector<std::filesystem::path> files(o.positional.begin() + 1, o.positional.end());
  const workforce_import result = import_workforce(rules, files, options);
  emit(o, [&](std::ostream& out) { write_staff_csv(out, rules, result.rows); });
  if (const auto coverage = o.get("coverage-output"))
    write_file_atomically(*coverage, [&](std::ostream& out) { write_coverage_csv(out, result.coverage); });

  std::size_t rows = 0;
  double fte = 0.0;
  double mapped = 0.0;
  for (const census_summary& c : result.censuses) {
    rows += c.rows;
    fte += c.fte;
    mapped += c.mapped_fte;
  }
  std::vector<std::string> networks;
  for (const staff_row& r : result.rows)
    if (networks.empty() || networks.back() != r.network_id) networks.push_back(r.network_id);
  if (result.censuses.empty()) return 0;  // the importer refuses files without a census month
  std::cerr << "import workforce: " << count_of(result.censuses.size(), "census", "censuses") << " ("
            << month_of(result.censuses.front().month)
            << (result.censuses.size() > 1 ? " to " + month_of(result.censuses.back().month) : std::string()) << "), "
            << count_of(rows, "row", "rows") << ", " << fte_text(fte) << " FTE, of which " << fte_text(mapped)
            << " FTE mapped to roles: " << count_of(result.rows.size(), "staff row", "staff rows") << " for "
            << count_of(networks.size(), "network", "networks") << " written to "
            << o.get("output").value_or("standard output") << '\n';
  if (const auto coverage = o.get("coverage-output")) {
    std::vector<std::string> covered;
    for (const coverage_row& r : result.coverage)
      if (covered.empty() || covered.back() != r.network_id) covered.push_back(r.network_id);
    std::cerr << "coverage: " << count_of(result.coverage.size(), "window", "windows") << " for "
              << count_of(covered.size(), "network", "networks") << " written to " << *coverage << '\n';
  }

  if (!result.unmapped.empty()) {
    std::cerr << "left out of the staff file (not an error): "
              << count_of(result.unmapped.size(), "census label maps", "census labels map") << " to no role:\n";
    table listed({{"STAFF_ROLE"}, {"DETAILED_STAFF_ROLE"}, {"rows", column_type::integer}, fte_column()});
    for (const unmapped_label& u : result.unmapped)
      listed.add_row({u.staff_role, u.detailed_staff_role, static_cast<std::int64_t>(u.rows), u.fte});
    print_table(listed);
  }
  if (!result.negative_totals.empty()) {
    std::cerr << count_of(result.negative_totals.size(), "network total is", "network totals are")
              << " below zero (the census holds negative FTE corrections) and left out:\n";
    table listed({{"network_id"}, {"role"}, {"census"}, {"FTE", column_type::number, 6}});
    for (const negative_total& n : result.negative_totals)
      listed.add_row({n.network_id, rules.roles.at(n.role).id, month_of(n.month), n.fte});
    print_table(listed);
  }
  if (!result.unknown_networks.empty()) {
    std::cerr << count_of(result.unknown_networks.size(), "PCN is", "PCNs are") << " not in "
              << options.networks->string() << ", so their staff are left out:\n";
    table listed(
        {{"network_id"}, {"name"}, {"censuses", column_type::integer}, {"rows", column_type::integer}, fte_column()});
    for (const unknown_network_staff& u : result.unknown_networks)
      listed.add_row(
          {u.network_id, u.name, static_cast<std::int64_t>(u.censuses), static_cast<std::int64_t>(u.rows), u.fte});
    print_table(listed);
  }
  return 0;
}

int run_networks(const options& o) {
  refuse(o, "networks", {"rules", "networks", "until", "coverage-output"});
  if (o.positional.size() != 1) usage_error("unexpected argument '" + o.positional[1] + "' for 'import networks'");
  networks_options options;
  if (const auto at = o.get("at")) options.at = parse_date_option("at", *at);
  for (const std::string& census : o.all("census")) options.censuses.emplace_back(census);
  const networks_import result = import_networks(o.need("pcns"), o.need("partners"), o.need("practices"), options);
  emit(o, [&](std::ostream& out) { write_networks_csv(out, result); });

  std::size_t practices = 0;
  std::int64_t patients = 0;
  std::size_t without_list = 0;
  for (const imported_network& n : result.networks) {
    practices += n.practices;
    patients += n.registered_patients.value_or(0);
    if (!n.registered_patients) ++without_list;
  }
  std::cerr << "import networks: " << count_of(result.networks.size(), "network", "networks") << ", "
            << count_of(practices, "member practice", "member practices") << ", "
            << count_of(static_cast<std::size_t>(patients), "registered patient", "registered patients")
            << ", written to " << o.get("output").value_or("standard output") << "; membership as of "
            << (result.at ? to_string(*result.at) : std::string("the files' date (any end date counts as ended)"))
            << "; left out: " << count_of(result.inactive_links, "link", "links") << " not current, "
            << count_of(result.closed_networks, "closed network", "closed networks") << "; "
            << count_of(result.unlinked_practices, "listed practice", "listed practices") << " ("
            << result.unlinked_patients << " patients) in no network\n";
  if (result.regions_read) {
    std::size_t london = 0, unknown = 0;
    for (const imported_network& n : result.networks) {
      london += n.london.value_or(false) ? 1 : 0;
      unknown += n.london ? 0 : 1;
    }
    std::cerr << "regions: " << count_of(london, "network", "networks") << " in London; "
              << count_of(unknown, "network is", "networks are")
              << " in no census given, so `london` is left empty (no London weighting)\n";
  }
  if (without_list > 0) {
    std::cerr << "warning: " << count_of(without_list, "network has", "networks have")
              << " no member practice with a list size: registered_patients is left empty\n";
  }
  if (!result.unlisted.empty()) {
    std::cerr << "warning: " << count_of(result.unlisted.size(), "member practice has", "member practices have")
              << " no list size, so their patients are missing from their network's total:\n";
    table listed({{"network_id"}, {"practice"}, {"name"}});
    for (const unlisted_practice& u : result.unlisted) listed.add_row({u.network_id, u.practice, u.name});
    print_table(listed);
  }
  return 0;
}

int run_import(const options& o) {
  if (o.positional.empty()) usage_error("'import' needs what to import: 'workforce' or 'networks'");
  const std::string& what = o.positional[0];
  if (what == "workforce") return run_workforce(o);
  if (what == "networks") return run_networks(o);
  usage_error("cannot import '" + what + "': 'workforce' or 'networks'" +
              did_you_mean(what, {"workforce", "networks"}));
}

const registrar import_command{
    {"import",
     60,
     "  descheck import workforce --rules DIR [--networks FILE] [--until DATE] [--output FILE]\n"
     "                   [--coverage-output FILE] CENSUS.csv...\n"
     "  descheck import networks --pcns FILE --partners FILE --practices FILE [--at DATE] [--census FILE]...\n"
     "                   [--output FILE]\n",
     {"rules", "networks", "until", "output", "coverage-output", "pcns", "partners", "practices", "at", "census"},
     {"census"},
     {},
     run_import,
     "NHS published files as the staff or networks file of a check.",
     "descheck import workforce --rules specs/des-england --output staff.csv census.csv",
     {{"networks", "FILE import workforce: keep only the PCNs of this networks file"},
      {"until", "DATE import workforce: the last census month to use"},
      {"coverage-output", "FILE import workforce: write the coverage windows here"},
      {"output", "FILE write the CSV here (atomically) instead of standard output"},
      {"pcns", "FILE import networks: the PCN list"},
      {"partners", "FILE import networks: the PCN core partner details"},
      {"practices", "FILE import networks: the practice list sizes"},
      {"at", "DATE import networks: membership as of this day"}}}};

}  // namespace
}  // namespace descheck::cli
