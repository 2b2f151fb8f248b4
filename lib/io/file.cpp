// Output files: atomic replacement of regular files, streaming into devices, FIFOs and standard
// output, and the guard that keeps an output from overwriting an input.
#include "descheck/io/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <iostream>
#include <ostream>
#include <streambuf>
#include <string>
#include <system_error>

#include "descheck/core/error.hpp"

namespace descheck {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw input_error({{path.string(), 0, 0, codes::io, what + ": " + std::generic_category().message(error)}});
}

// An output stream buffer over a file descriptor that remembers the first write error (errno),
// so the caller can name it; write(2) errors never pass silently as they do through ofstream.
class fd_buffer : public std::streambuf {
 public:
  fd_buffer(int fd, std::size_t hold, bool quiet_on_broken_pipe)
      : fd_(fd), hold_(hold), quiet_on_broken_pipe_(quiet_on_broken_pipe) {
    buffer_.resize(1u << 16);
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  fd_buffer(const fd_buffer&) = delete;
  fd_buffer& operator=(const fd_buffer&) = delete;
  ~fd_buffer() override = default;

  /// errno of the first failed write, 0 when every write succeeded.
  [[nodiscard]] int error() const noexcept { return error_; }

  /// Writes out everything held, including what is still below the hold.
  bool drain() {
    if (!held_.empty()) {
      put(held_.data(), held_.size());
      held_.clear();
      held_.shrink_to_fit();
    }
    hold_ = 0;
    return flush_area() && error_ == 0;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!flush_area()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return hold_ > 0 || flush_area() ? 0 : -1; }

 private:
  bool flush_area() {
    const std::size_t n = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    if (n == 0 || error_ != 0) return error_ == 0;
    if (hold_ > 0) {
      held_.append(buffer_.data(), n);
      if (held_.size() < hold_) return true;
      hold_ = 0;  // past the hold: stream from now on
      put(held_.data(), held_.size());
      held_.clear();
      held_.shrink_to_fit();
      return error_ == 0;
    }
    put(buffer_.data(), n);
    return error_ == 0;
  }

  void put(const char* data, std::size_t size) {
    while (size > 0 && error_ == 0) {
      const ssize_t written = ::write(fd_, data, size);
      if (written < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        if (error_ == EPIPE && quiet_on_broken_pipe_) {
          // The reader has gone (`| head`): end as a filter does, with no message.
          std::signal(SIGPIPE, SIG_DFL);
          std::raise(SIGPIPE);
          std::_Exit(141);
        }
        return;
      }
      data += written;
      size -= static_cast<std::size_t>(written);
    }
  }

  int fd_;
  std::size_t hold_;
  bool quiet_on_broken_pipe_;
  std::string buffer_;
  std::string held_;
  int error_ = 0;
};

// The temporary file being written, removed by the signal handler on SIGINT, SIGTERM or SIGHUP.
// A fixed buffer: the handler may only make async-signal-safe calls (unlink, signal, raise).
char pending_temporary[PATH_MAX + 1];
volatile std::sig_atomic_t pending = 0;
constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_pending_and_reraise(int signal_number) {
  if (pending != 0) ::unlink(pending_temporary);
  pending = 0;
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// Arms the handler for one temporary file, restoring the previous handlers when done.
class temporary_guard {
 public:
  explicit temporary_guard(const std::string& path) {
    const std::size_t n = std::min(path.size(), sizeof pending_temporary - 1);
    std::memcpy(pending_temporary, path.data(), n);
    pending_temporary[n] = '\0';
    pending = 1;
    struct sigaction action {};
    action.sa_handler = remove_pending_and_reraise;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(cleanup_signals); ++i) {
      ::sigaction(cleanup_signals[i], nullptr, &previous_[i]);
      // A signal the caller ignores (nohup) stays ignored.
      if (previous_[i].sa_handler != SIG_IGN) ::sigaction(cleanup_signals[i], &action, nullptr);
    }
  }
  temporary_guard(const temporary_guard&) = delete;
  temporary_guard& operator=(const temporary_guard&) = delete;
  ~temporary_guard() {
    for (std::size_t i = 0; i < std::size(cleanup_signals); ++i) ::sigaction(cleanup_signals[i], &previous_[i], nullptr);
    pending = 0;
  }

 private:
  struct sigaction previous_[std::size(cleanup_signals)] {};
};

// Follows symbolic links one by one, so that a dangling link still names where to write.
std::filesystem::path link_target(const std::filesystem::path& path) {
  std::filesystem::path target = path;
  for (int hops = 0;; ++hops) {
    struct stat st {};
    if (::lstat(target.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return target;
    if (hops == 40) fail(path, "cannot write file", ELOOP);
    std::error_code ec;
    const std::filesystem::path next = std::filesystem::read_symlink(target, ec);
    if (ec) fail(path, "cannot follow symbolic link", ec.value());
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
}

// ".NAME.tmp-XXXXXX", with NAME shortened so that the whole stays within NAME_MAX bytes.
std::string temporary_pattern(const std::filesystem::path& target) {
  constexpr std::string_view suffix = ".tmp-XXXXXX";
  std::string name = target.filename().string();
  const std::size_t room = NAME_MAX - 1 - suffix.size();
  if (name.size() > room) name.resize(room);
  const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
  return (directory / ("." + name + std::string(suffix))).string();
}

void stream_into(const std::filesystem::path& path, const std::filesystem::path& target,
                 const std::function<void(std::ostream&)>& write) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open for writing", errno);
  fd_buffer buffer(fd, 0, false);
  try {
    std::ostream out(&buffer);
    write(out);
    buffer.drain();
  } catch (...) {
    ::close(fd);
    throw;
  }
  const int error = buffer.error();
  if (::close(fd) != 0 && error == 0) fail(path, "cannot write", errno);
  if (error != 0) fail(path, "cannot write", error);
}

void replace_atomically(const std::filesystem::path& path, const std::filesystem::path& target,
                        const struct stat* existing, const std::function<void(std::ostream&)>& write) {
  std::string temporary = temporary_pattern(target);
  const temporary_guard guard(temporary);
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) {
    fail(path, "cannot create a file in " + (target.has_parent_path() ? target.parent_path().string() : "."), errno);
  }
  std::memcpy(pending_temporary, temporary.data(), temporary.size());  // the X's are filled in now
  try {
    if (existing != nullptr) {
      // A replaced file keeps what its owner gave it: permission bits, and owner where allowed.
      ::fchmod(fd, existing->st_mode & 07777);
      if (::fchown(fd, existing->st_uid, existing->st_gid) != 0) {
        // Not the owner: the file becomes ours, as any rewrite by another user would.
      }
    } else {
      // mkstemp makes the file private; give it the permissions a plain create would have.
      const mode_t mask = ::umask(0);
      ::umask(mask);
      ::fchmod(fd, 0666 & ~mask);
    }
    fd_buffer buffer(fd, 0, false);
    {
      std::ostream out(&buffer);
      write(out);
    }
    buffer.drain();
    if (buffer.error() != 0) fail(path, "cannot write", buffer.error());
    if (::fsync(fd) != 0) fail(path, "cannot write (fsync)", errno);
    if (::close(fd) != 0) {
      const int error = errno;
      ::unlink(temporary.c_str());
      fail(path, "cannot write", error);
    }
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(path, "cannot replace file", error);
  }
  // The rename itself reaches the disk with the directory.
  const std::string directory = target.has_parent_path() ? target.parent_path().string() : ".";
  const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

void write_standard_output(const std::function<void(std::ostream&)>& write, std::size_t hold_bytes) {
  std::cout.flush();  // anything written through iostreams first keeps its place
  fd_buffer buffer(STDOUT_FILENO, hold_bytes, true);
  {
    std::ostream out(&buffer);
    write(out);
  }
  if (!buffer.drain()) fail("<stdout>", "cannot write", buffer.error());
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write_standard_output(write);
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail(path, "cannot write", EISDIR);
    // A device or FIFO (also through links such as /dev/stdout -> /proc/self/fd/1 -> pipe:[n],
    // whose last name cannot be opened by itself): stream into it, never replace the node.
    if (!S_ISREG(st.st_mode)) {
      stream_into(path, path, write);
      return;
    }
    replace_atomically(path, link_target(path), &st, write);
    return;
  }
  if (errno != ENOENT) fail(path, "cannot write", errno);
  replace_atomically(path, link_target(path), nullptr, write);  // new, or a dangling link's target
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) noexcept {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

void refuse_output_overwriting_input(const std::filesystem::path& output,
                                     const std::vector<std::filesystem::path>& inputs, std::string_view option) {
  if (output == "-") return;
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0 || !S_ISREG(out.st_mode)) return;
  const auto is_output = [&](const std::filesystem::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino;
  };
  const auto refuse = [&](const std::filesystem::path& input) {
    throw input_error({{"", 0, 0, codes::usage,
                        std::string(option) + " " + output.string() + " is the same file as the input " +
                            input.string() +
                            "; writing it would destroy the input"}});
  };
  for (const std::filesystem::path& input : inputs) {
    if (input == "-") continue;
    if (is_output(input)) refuse(input);
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) continue;
    // A rule set is a folder of files; none of them may be the output. Bounded: rule sets are small.
    std::size_t seen = 0;
    for (std::filesystem::recursive_directory_iterator it(input, ec), end; !ec && it != end && seen < 10000;
         it.increment(ec), ++seen) {
      if (is_output(it->path())) refuse(it->path());
    }
  }
}

}  // namespace descheck
