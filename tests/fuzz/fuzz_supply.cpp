// Fuzzes a supply CSV (`role,wte`) against the shipped rule set.
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const descheck::rule_set& rules = fuzz::shipped_rules();
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_contract({{"supply", text}}, [&] { (void)descheck::parse_supply(rules, text); });
  return 0;
}
