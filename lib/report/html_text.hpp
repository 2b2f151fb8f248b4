#pragma once
// Text into HTML for the report page (report/html.cpp): escaping, JSON inside a <script> element, and
// the Markdown the report's writers print turned into HTML, so that the page says the same sentences.
#include <string>
#include <string_view>

namespace descheck::detail {

/// Appends `text` escaped for HTML text and quoted attribute values (& < > " '). Control characters
/// other than tab and line feed print as \xNN, as in diagnostics: never markup, never a terminal escape.
void append_html_escaped(std::string& out, std::string_view text);

/// `text` escaped as by append_html_escaped.
[[nodiscard]] std::string html_escaped(std::string_view text);

/// `text` as a JSON string that is safe inside a <script> element: no `<` (so no `</script>` or
/// `<!--`), written as \u003c.
[[nodiscard]] std::string script_json_string(std::string_view text);

/// The subset of Markdown the report's writers print, as HTML: `#` headings, paragraphs (a line
/// each), `- ` and `1. ` lists, pipe tables (right-aligned columns get class "num"), `code` and
/// **bold**. Every piece of text is escaped; nothing in it becomes markup of its own.
[[nodiscard]] std::string markdown_to_html(std::string_view markdown);

}  // namespace descheck::detail
