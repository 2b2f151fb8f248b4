// Fuzzes one file of a rule set: the first byte picks ruleset.yaml, roles.yaml, drivers.yaml, a
// service file or funding.yaml of a copy of specs/des-england; the rest becomes that file.
#include <array>

#include "fuzz_contract.hpp"

namespace {

constexpr std::array<const char*, 5> targets = {"ruleset.yaml", "roles.yaml", "drivers.yaml", "services/cvd.yaml",
                                                "funding.yaml"};

struct copy {
  fuzz::temp_dir dir;
  std::array<std::string, targets.size()> shipped;  // each target's text, restored after a run
  copy() {
    const auto from = std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england";
    std::filesystem::copy(from, dir.path(), std::filesystem::copy_options::recursive);
    for (std::size_t i = 0; i < targets.size(); ++i) shipped[i] = fuzz::read_file(dir.path() / targets[i]);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static copy rules;
  if (size == 0) return 0;
  const std::size_t pick = data[0] % targets.size();
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::filesystem::path file = rules.dir.path() / targets[pick];
  fuzz::write_file(file, text);
  fuzz::inputs in;
  for (std::size_t i = 0; i < targets.size(); ++i)
    in[(rules.dir.path() / targets[i]).string()] = i == pick ? std::string(text) : rules.shipped[i];
  fuzz::expect_contract(in, [&] { (void)descheck::load_rule_set(rules.dir.path()); });
  fuzz::write_file(file, rules.shipped[pick]);
  return 0;
}
