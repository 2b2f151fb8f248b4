// Fuzzes the workforce census importer on raw bytes (any encoding, any line ends).
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::temp_dir dir;
  const descheck::rule_set& rules = fuzz::shipped_rules();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::filesystem::path file = dir.path() / "census.csv";
  fuzz::write_file(file, text);
  fuzz::expect_contract({{file.string(), text}}, [&] { (void)descheck::import_workforce(rules, {file}); });
  return 0;
}
