#include "descheck/core/error.hpp"

#include <utility>

#include "core/printable.hpp"

namespace descheck {

namespace {
// Input text quoted in a message may hold control characters: a line break would start a line
// that reads as another diagnostic, an ESC a terminal escape. They print as \xNN.
std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (detail::is_control(byte)) {
      detail::append_hex_escape(out, byte);
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

std::string format(const diagnostic& d) {
  // Every error about a file has the FILE:LINE:COL form; one about the file as a whole (missing,
  // too large) points at its start. Command-line usage errors name no file and no position.
  if (d.file.empty()) return "descheck: error[" + d.code + "]: " + printable(d.message);
  std::string out = d.file;
  out += ':' + std::to_string(d.line > 0 ? d.line : 1);
  out += ':' + std::to_string(d.column > 0 ? d.column : 1);
  out += ": error[" + d.code + "]: " + printable(d.message);
  return out;
}

namespace {
std::string summary(const std::vector<diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "descheck error";
  std::string text = format(diagnostics.front());
  if (diagnostics.size() > 1) text += " (and " + std::to_string(diagnostics.size() - 1) + " more)";
  return text;
}
}  // namespace

error::error(std::vector<diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {
  if (diagnostics_.empty()) diagnostics_.push_back({"", 0, 0, codes::io, "unknown error"});
}

}  // namespace descheck
