// Fuzzes networks, staff and pools CSVs (joined by `~~~~` lines) against the shipped rule set.
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const descheck::rule_set& rules = fuzz::shipped_rules();
  const auto parts = fuzz::split({reinterpret_cast<const char*>(data), size}, 3);
  fuzz::expect_contract({{"networks", parts[0]}, {"staff", parts[1]}, {"pools", parts[2]}},
                        [&] { (void)descheck::parse_pooled_panel(rules, parts[0], parts[1], parts[2]); });
  return 0;
}
