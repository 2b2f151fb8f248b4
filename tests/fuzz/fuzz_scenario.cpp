// Fuzzes a scenario file against the shipped rule set: load it, then apply it.
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::temp_dir dir;
  const descheck::rule_set& rules = fuzz::shipped_rules();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::filesystem::path file = dir.path() / "scenario.yaml";
  fuzz::write_file(file, text);
  fuzz::expect_contract({{file.string(), std::string(text)}}, [&] {
    const descheck::scenario s = descheck::load_scenario(file, rules);
    (void)descheck::apply_scenario(rules, s);
  });
  return 0;
}
