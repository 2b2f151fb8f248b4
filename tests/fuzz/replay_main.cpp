// Replays fuzz inputs without libFuzzer: calls the harness's LLVMFuzzerTestOneInput on every file
// of the directories (or files) given, so the regression corpus runs in the ordinary test suite.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 1;
  }
  std::fprintf(stderr, "replay %s (%zu bytes)\n", file.c_str(), bytes.size());
  (void)LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t files = 0;
  int failed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    std::vector<std::filesystem::path> found;
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg))
        if (entry.is_regular_file()) found.push_back(entry.path());
    } else {
      found.push_back(arg);
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found) {
      failed += replay(f);
      ++files;
    }
  }
  // An empty corpus proves nothing: fail rather than pass silently.
  if (files == 0) {
    std::fprintf(stderr, "no inputs to replay\n");
    return 1;
  }
  std::printf("replayed %zu inputs\n", files);
  return failed == 0 ? 0 : 1;
}
