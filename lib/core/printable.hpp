#pragma once
// Control characters of input text print as \xNN wherever the text is echoed (diagnostics, the
// HTML page): a line break would start a line that reads as another diagnostic, an ESC a terminal
// escape.
#include <string>

namespace descheck::detail {

/// A C0 control character or DEL.
constexpr bool is_control(unsigned char byte) noexcept { return byte < 0x20 || byte == 0x7f; }

/// Appends `\xNN` (lower-case hex) for `byte`.
inline void append_hex_escape(std::string& out, unsigned char byte) {
  constexpr char hex[] = "0123456789abcdef";
  out += "\\x";
  out += hex[byte >> 4];
  out += hex[byte & 0xf];
}

}  // namespace descheck::detail
