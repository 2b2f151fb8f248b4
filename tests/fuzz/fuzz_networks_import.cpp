// Fuzzes the networks importer: the ePCN PCN file, its partner file and a practice list-size file,
// joined by `~~~~` lines.
#include "fuzz_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::temp_dir dir;
  const auto parts = fuzz::split({reinterpret_cast<const char*>(data), size}, 3);
  const std::filesystem::path pcns = dir.path() / "pcns.csv";
  const std::filesystem::path partners = dir.path() / "partners.csv";
  const std::filesystem::path practices = dir.path() / "practices.csv";
  fuzz::write_file(pcns, parts[0]);
  fuzz::write_file(partners, parts[1]);
  fuzz::write_file(practices, parts[2]);
  fuzz::expect_contract({{pcns.string(), parts[0]}, {partners.string(), parts[1]}, {practices.string(), parts[2]}},
                        [&] { (void)descheck::import_networks(pcns, partners, practices); });
  return 0;
}
