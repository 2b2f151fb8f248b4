#pragma once
// Tests that read the published NHS files in ../shared/data are in test suites named `...Real`, which
// CTest labels `realdata` (tests/CMakeLists.txt). Without the files they fail, never skip: leave them
// out on purpose with `ctest -LE realdata`.
#include <gtest/gtest.h>

#include <filesystem>

/// Fails the current test, saying how to leave the `realdata` tests out, unless `needed` exists.
#define REQUIRE_SHARED_DATA(needed)                                                                         \
  do {                                                                                                    \
    if (!std::filesystem::exists(needed))                                                                   \
      GTEST_FAIL() << std::filesystem::path(needed).string()                                                \
                   << " is missing: this test needs the NHS files in ../shared/data (run `ctest -LE "     \
                      "realdata` to leave such tests out)";                                               \
  } while (false)
