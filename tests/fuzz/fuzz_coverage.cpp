// Fuzzes a coverage CSV against the example networks and staff.
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const descheck::rule_set& rules = fuzz::shipped_rules();
  static const descheck::panel example = [&] {
    const auto examples = std::filesystem::path(DESCHECK_SOURCE_DIR) / "examples";
    return descheck::load_panel(rules, examples / "networks.csv", examples / "staff.csv");
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  descheck::panel networks = example;
  fuzz::expect_contract({{"coverage", text}}, [&] { descheck::parse_coverage(networks, text); });
  return 0;
}
