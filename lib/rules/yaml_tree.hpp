#pragma once
// A small YAML tree in which every node, map keys included, knows its 1-based line and column.
// yaml-cpp's own YAML::Node loses key positions and follows aliases (an alias bomb expands
// exponentially), so the rule-set and scenario loaders build this tree from yaml-cpp's event API
// instead, refusing anchors, aliases, deep nesting, duplicate keys and multi-document streams.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/error.hpp"

namespace descheck::detail {

/// What a node holds. A key without a value (`key:`), `~` and `null` are all `null`.
enum class yaml_kind : std::uint8_t { null, scalar, sequence, map };

/// Name of a kind for messages ("a map", "a list", ...).
[[nodiscard]] const char* describe(yaml_kind kind) noexcept;

/// `text` in single quotes for a one-line message: control characters become '?' and long text
/// is cut, so hostile input cannot forge extra diagnostic lines or flood the terminal.
[[nodiscard]] std::string quote(std::string_view text);

struct yaml_entry;

/// One node of a parsed document. Positions are 1-based; columns count bytes.
struct yaml_node {
  yaml_kind kind = yaml_kind::null;
  int line = 0;
  int column = 0;
  std::string text;  ///< scalar content
  /// The scalar was written plain (not quoted, no block style, no tag). Numbers must be plain so
  /// that `"1.0"` stays text, as every YAML reader would have it.
  bool plain = false;
  std::string tag;  ///< an explicit tag such as `!!float` (as yaml-cpp spells it), empty for none
  std::vector<yaml_node> items;     ///< sequence items in file order
  std::vector<yaml_entry> entries;  ///< map entries in file order; keys are unique scalars

  [[nodiscard]] bool is_null() const noexcept { return kind == yaml_kind::null; }
  [[nodiscard]] bool is_scalar() const noexcept { return kind == yaml_kind::scalar; }
  [[nodiscard]] bool is_sequence() const noexcept { return kind == yaml_kind::sequence; }
  [[nodiscard]] bool is_map() const noexcept { return kind == yaml_kind::map; }
  /// The value under `key` in a map, or nullptr (also for non-maps).
  [[nodiscard]] const yaml_node* find(std::string_view key) const noexcept;
  /// The key node of `key` in a map, or nullptr; for reporting at the key rather than the value.
  [[nodiscard]] const yaml_node* find_key(std::string_view key) const noexcept;
};

/// A key and its value. Keys are always scalars (the builder refuses complex keys).
struct yaml_entry {
  yaml_node key;
  yaml_node value;
};

/// Limits of one parse; the rule-set loader fills them from load_limits.
struct yaml_limits {
  std::uintmax_t max_bytes = 4u << 20;  ///< file size limit (DC002)
  int max_depth = 32;                   ///< open maps and lists at once (DC013)
  std::size_t max_diagnostics = 100;    ///< per-file cap on repeated findings such as tabs
  std::size_t max_nodes = 200'000;      ///< values in one file, keys included (DC002): bounds memory
};

/// Parses one YAML document held in `text` (UTF-8, no BOM). Problems go to `out` with `file` as
/// their file name. Returns nullopt when the text cannot be read as one document: a syntax error,
/// a tab in indentation, an anchor or alias, nesting past the limit, a second document, no
/// document at all. Duplicate keys are reported but do not stop the parse: the first one wins.
/// Never throws for bad input.
[[nodiscard]] std::optional<yaml_node> parse_yaml(std::string_view text, const std::string& file,
                                                  const yaml_limits& limits, std::vector<diagnostic>& out);

/// Reads `path` (size limit, empty file, UTF-8 BOM, invalid UTF-8, control characters) and parses
/// it with parse_yaml. Diagnostics name the file as `path.string()`.
[[nodiscard]] std::optional<yaml_node> load_yaml_file(const std::filesystem::path& path, const yaml_limits& limits,
                                                      std::vector<diagnostic>& out);

}  // namespace descheck::detail
