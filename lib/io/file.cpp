// Atomic file writing: a temporary file beside the target, renamed over it once complete.
#include "descheck/io/file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string>
#include <system_error>

#include "descheck/core/error.hpp"

namespace descheck {

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string pattern = (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw input_error(
        {{path.string(), 0, 0, codes::io,
          "cannot create a file in " + directory.string() + ": " + std::generic_category().message(errno)}});
  }
  // mkstemp makes the file private; give the result the permissions a plain create would have.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  const std::filesystem::path temporary = pattern;
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      write(out);
      out.flush();
      if (!out) throw input_error({{path.string(), 0, 0, codes::io, "cannot write file (disk full?)"}});
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw input_error({{path.string(), 0, 0, codes::io, "cannot replace file: " + ec.message()}});
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace descheck
