#pragma once
/// \file io/file.hpp
/// Writing output files whole or not at all.

#include <filesystem>
#include <functional>
#include <iosfwd>

namespace descheck {

/// Writes a file atomically: `write` fills a temporary file beside `path`, which then replaces
/// `path` in one rename. On any exception the temporary file is removed and `path` is untouched.
/// Throws input_error (DC001) when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace descheck
