#include "rules/yaml_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>
#include <utility>

#include "io/text.hpp"

namespace descheck::detail {

const char* describe(yaml_kind kind) noexcept {
  switch (kind) {
    case yaml_kind::null:
      return "nothing (null)";
    case yaml_kind::scalar:
      return "a single value";
    case yaml_kind::sequence:
      return "a list";
    case yaml_kind::map:
      return "a map";
  }
  return "an unknown node";
}

std::string quote(std::string_view text) {
  constexpr std::size_t limit = 60;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7F) ? '?' : text[i];
  }
  // Cutting may split a multi-byte character; drop its leading bytes so the message stays UTF-8.
  if (text.size() > limit) {
    while (out.size() > 1 && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (out.size() > 1 && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  }
  return out + "'";
}

const yaml_node* yaml_node::find(std::string_view key) const noexcept {
  for (const yaml_entry& e : entries)
    if (e.key.text == key) return &e.value;
  return nullptr;
}

const yaml_node* yaml_node::find_key(std::string_view key) const noexcept {
  for (const yaml_entry& e : entries)
    if (e.key.text == key) return &e.key;
  return nullptr;
}

namespace {

// Thrown from inside yaml-cpp's callbacks to abandon a document we refuse; caught in parse_yaml.
struct parse_stop {
  diagnostic problem;
};

int one_based(int yaml_cpp_index) { return yaml_cpp_index < 0 ? 0 : yaml_cpp_index + 1; }

// Builds the tree from parser events. A stack of open collections, each with its pending key.
class tree_builder final : public YAML::EventHandler {
 public:
  tree_builder(const std::string& file, const yaml_limits& limits, std::vector<diagnostic>& out)
      : file_(file), limits_(limits), out_(out) {}

  std::optional<yaml_node> take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      stop(mark, codes::yaml_syntax, "only one YAML document is allowed in a file; remove this second '---'");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    refuse_anchor(mark, anchor);
    add(leaf(mark, yaml_kind::null));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { refuse_anchor(mark, 1); }
  void OnAnchor(const YAML::Mark& mark, const std::string&) override { refuse_anchor(mark, 1); }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    refuse_anchor(mark, anchor);
    yaml_node node = leaf(mark, yaml_kind::scalar);
    node.text = value;
    node.plain = tag == "?";  // yaml-cpp tags plain scalars "?" and quoted or block ones "!"
    if (tag != "?" && tag != "!") node.tag = tag;
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, yaml_kind::sequence);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, yaml_kind::map);
  }
  void OnMapEnd() override { close(); }

 private:
  struct frame {
    yaml_node node;
    std::optional<yaml_node> key;               // a map's key awaiting its value
    std::unordered_map<std::string, int> seen;  // key -> line, for duplicates in O(1)
  };

  [[noreturn]] void stop(const YAML::Mark& mark, const char* code, std::string message) const {
    throw parse_stop{{file_, one_based(mark.line), one_based(mark.column), code, std::move(message)}};
  }

  // Anchors and aliases are refused outright: they are never needed in a rule set, and refusing
  // them is the simplest defence against alias bombs (a: &a [*a, *a, ...] nested).
  void refuse_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
    if (anchor != YAML::NullAnchor)
      stop(mark, codes::yaml_alias, "anchors and aliases are not supported; write the value out");
  }

  // Every node passes through here, so this is where the node budget is spent: a file within the
  // byte limit can still be a million one-character values, and each costs a tree node.
  yaml_node leaf(const YAML::Mark& mark, yaml_kind kind) {
    if (++nodes_ > limits_.max_nodes)
      stop(mark, codes::too_large,
           "more than " + std::to_string(limits_.max_nodes) +
               " values in one file; a rule-set file never needs that many");
    yaml_node node;
    node.kind = kind;
    node.line = one_based(mark.line);
    node.column = one_based(mark.column);
    return node;
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, yaml_kind kind) {
    refuse_anchor(mark, anchor);
    if (stack_.size() >= static_cast<std::size_t>(limits_.max_depth < 0 ? 0 : limits_.max_depth))
      stop(mark, codes::yaml_depth,
           "maps and lists are nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    stack_.push_back(frame{leaf(mark, kind), std::nullopt, {}});
  }

  void close() {
    yaml_node done = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(done));
  }

  void add(yaml_node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    frame& top = stack_.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (!top.key) {
      if (!node.is_scalar())
        throw parse_stop{{file_, node.line, node.column, codes::wrong_type,
                          std::string("a map key must be a plain name, not ") + describe(node.kind)}};
      top.key = std::move(node);
      return;
    }
    yaml_node key = std::move(*top.key);
    top.key.reset();
    // yaml-cpp marks an empty value (`key:`) at the next token, often on the next line; the key
    // is where a reader looks.
    if (node.is_null() && node.line != key.line) {
      node.line = key.line;
      node.column = key.column;
    }
    const auto [first, inserted] = top.seen.emplace(key.text, key.line);
    if (!inserted) {
      out_.push_back(
          {file_, key.line, key.column, codes::duplicate_key,
           "duplicate key " + quote(key.text) + " (first defined on line " + std::to_string(first->second) + ")"});
      return;  // the first definition wins, so later checks see one consistent map
    }
    top.node.entries.push_back(yaml_entry{std::move(key), std::move(node)});
  }

  const std::string& file_;
  const yaml_limits& limits_;
  std::vector<diagnostic>& out_;
  std::vector<frame> stack_;
  std::optional<yaml_node> root_;
  int documents_ = 0;
  std::size_t nodes_ = 0;
};

// YAML forbids tabs in indentation, and yaml-cpp's own message for them is obscure. Reports every
// offending line (up to the cap) so a file saved by a tab-happy editor is fixed in one go.
bool check_tabs(std::string_view text, const std::string& file, const yaml_limits& limits,
                std::vector<diagnostic>& out) {
  std::size_t found = 0;
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size() && found < limits.max_diagnostics) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(start, end - start);
    const std::size_t content = row.find_first_not_of(" \t\r");
    const std::size_t tab = row.find('\t');
    if (content != std::string_view::npos && tab < content) {
      out.push_back({file, line, static_cast<int>(tab) + 1, codes::yaml_tab,
                     "tab character in indentation; YAML indents with spaces only"});
      ++found;
    }
    if (end == text.size()) break;
    start = end + 1;
    ++line;
  }
  return found == 0;
}

// Control characters other than tab and line breaks never belong in a rule set; they are the
// mark of a binary or UTF-16 file, which yaml-cpp would otherwise read as garbage text.
bool check_controls(std::string_view text, const std::string& file, std::vector<diagnostic>& out) {
  int line = 1;
  int column = 1;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      static constexpr char hex[] = "0123456789ABCDEF";
      out.push_back({file, line, column, codes::encoding,
                     std::string("control character 0x") + hex[c >> 4] + hex[c & 0xF] +
                         " is not allowed (is this a binary or UTF-16 file?)"});
      return false;
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return true;
}

// Byte offset of a 1-based line and byte column, to name the offending byte.
std::size_t offset_of(std::string_view text, text_position pos) {
  std::size_t offset = 0;
  for (int line = 1; line < pos.line; ++line) offset = text.find('\n', offset) + 1;
  return offset + static_cast<std::size_t>(pos.column - 1);
}

}  // namespace

std::optional<yaml_node> parse_yaml(std::string_view text, const std::string& file, const yaml_limits& limits,
                                    std::vector<diagnostic>& out) {
  if (!check_tabs(text, file, limits, out)) return std::nullopt;
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    tree_builder builder(file, limits, out);
    if (!parser.HandleNextDocument(builder)) {
      out.push_back({file, 1, 1, codes::empty_file, "file holds no YAML document, only comments or blank lines"});
      return std::nullopt;
    }
    parser.HandleNextDocument(builder);  // the builder throws if a second document starts
    return builder.take_root();
  } catch (const parse_stop& stop) {
    out.push_back(stop.problem);
  } catch (const YAML::DeepRecursion& e) {
    out.push_back({file, one_based(e.mark.line), one_based(e.mark.column), codes::yaml_depth,
                   "maps and lists are nested too deeply"});
  } catch (const YAML::Exception& e) {
    out.push_back(
        {file, one_based(e.mark.line), one_based(e.mark.column), codes::yaml_syntax, "YAML syntax error: " + e.msg});
  } catch (const std::exception& e) {
    out.push_back({file, 0, 0, codes::yaml_syntax, std::string("cannot parse YAML: ") + e.what()});
  }
  return std::nullopt;
}

std::optional<yaml_node> load_yaml_file(const std::filesystem::path& path, const yaml_limits& limits,
                                        std::vector<diagnostic>& out) {
  const std::string file = display_name(path);
  const std::optional<std::string> content = read_file(path, limits.max_bytes, out);
  if (!content) return std::nullopt;
  std::string_view text = *content;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // editors on Windows add a BOM
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.push_back({file, 1, 1, codes::empty_file, "file is empty"});
    return std::nullopt;
  }
  if (looks_like_utf16(text)) {
    out.push_back(utf16_diagnostic(file));
    return std::nullopt;
  }
  if (const auto bad = find_invalid_utf8(text)) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(text[offset_of(text, *bad)]);
    out.push_back({file, bad->line, bad->column, codes::encoding,
                   std::string("byte 0x") + hex[byte >> 4] + hex[byte & 0xF] +
                       " is not valid UTF-8 (was the file saved as Windows-1252? save it as UTF-8)"});
    return std::nullopt;
  }
  if (!check_controls(text, file, out)) return std::nullopt;
  return parse_yaml(text, file, limits, out);
}

}  // namespace descheck::detail
