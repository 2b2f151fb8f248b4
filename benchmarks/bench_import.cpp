// Importing every PCN workforce census in the shared NHS data folder into staff rows of the shipped
// rule set (reading, Windows-1252 decoding, parsing, mapping and summing). Skips where the data is absent.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "descheck/import/import.hpp"

namespace {

using namespace descheck;
namespace fs = std::filesystem;

void import_census_bench(benchmark::State& state) {
  const fs::path folder = fs::path(DESCHECK_SHARED_DATA) / "workforce";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  if (files.empty()) {
    // Not an error (the data is optional outside CI): nothing is measured and the label says why.
    state.SetLabel("skipped: no census files in " + folder.string());
    for (auto _ : state) {
    }
    return;
  }
  std::sort(files.begin(), files.end());
  rule_set rules;
  try {
    rules = load_rule_set(fs::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  } catch (const descheck::error& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::size_t rows = 0;
  std::size_t bytes = 0;
  for (const fs::path& f : files) bytes += static_cast<std::size_t>(fs::file_size(f));
  try {
    for (auto _ : state) {
      const workforce_import result = import_workforce(rules, files);
      rows = 0;
      for (const census_summary& c : result.censuses) rows += c.rows;
      benchmark::DoNotOptimize(result.rows.data());
    }
  } catch (const descheck::error& e) {
    state.SkipWithError(e.what());
    return;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["files"] = static_cast<double>(files.size());
  state.counters["census_rows"] = static_cast<double>(rows);
}
BENCHMARK(import_census_bench)->Name("import/workforce-all-censuses")->Unit(benchmark::kMillisecond);

}  // namespace
