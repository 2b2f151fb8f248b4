// Fuzzes a networks CSV and a staff CSV (joined by a `~~~~` line) against the shipped rule set.
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const descheck::rule_set& rules = fuzz::shipped_rules();
  const auto parts = fuzz::split({reinterpret_cast<const char*>(data), size}, 2);
  fuzz::expect_contract({{"networks", parts[0]}, {"staff", parts[1]}},
                        [&] { (void)descheck::parse_panel(rules, parts[0], parts[1]); });
  return 0;
}
