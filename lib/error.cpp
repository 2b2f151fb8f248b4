#include "descheck/error.hpp"

#include <utility>

namespace descheck {

std::string format(const diagnostic& d) {
  std::string out = d.file.empty() ? std::string("<input>") : d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.column > 0) out += ':' + std::to_string(d.column);
  }
  out += ": error[" + d.code + "]: " + d.message;
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
