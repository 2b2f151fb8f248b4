#pragma once
/// \file io/file.hpp
/// Writing output files whole or not at all, and streaming into pipes and devices.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string_view>
#include <vector>

namespace descheck {

/// Writes the output `path` names, whole or not at all.
///
/// - `-` is standard output (see write_standard_output).
/// - A symbolic link is followed: its target is written and the link stays a link.
/// - A regular file (or a new one) is written atomically: `write` fills a temporary file beside the
///   target, which is flushed to disk (`fsync`) and renamed over it in one step. An existing file
///   keeps its permission bits (and, where allowed, its owner). On an exception, SIGINT, SIGTERM or
///   SIGHUP the temporary file is removed and the previous file is untouched.
/// - A device or FIFO (`/dev/stdout`, `/dev/null`, a named pipe) is streamed into, never replaced.
///
/// Throws input_error (DC001) when the file cannot be written, naming the system's reason
/// ("No space left on device" for `/dev/full`).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

/// Writes to standard output through `write`. The first `hold_bytes` are held back, so that an
/// exception part-way through a short result leaves nothing behind; past that, output streams (a
/// long result never sits whole in memory). A broken pipe (`descheck ... | head`) ends the process
/// quietly, as SIGPIPE does for every filter. Throws input_error (DC001) on other write errors.
void write_standard_output(const std::function<void(std::ostream&)>& write, std::size_t hold_bytes = 8u << 20);

/// True when `a` and `b` both exist and are one file (same device and inode, following symbolic
/// links, so hard links and symbolic links to one file are the same file).
[[nodiscard]] bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) noexcept;

/// Throws input_error (DC060) when `output` is the same file as any of `inputs`, or (for an input
/// that is a directory, such as a rule set) as any regular file below it: writing it would destroy
/// what is being read. `-` and outputs that do not exist yet are never refused. `option` names the
/// output in the message.
void refuse_output_overwriting_input(const std::filesystem::path& output,
                                     const std::vector<std::filesystem::path>& inputs,
                                     std::string_view option = "--output");

}  // namespace descheck
