#pragma once
// Pieces the NHS data importers share: a bounded problem log, reading text whose encoding the
// publisher does not state, finding columns by their published names, and writing CSV values.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "descheck/core/date.hpp"
#include "descheck/core/error.hpp"
#include "io/csv.hpp"

namespace descheck::detail {

/// Hash for maps keyed by std::string that are searched with a std::string_view (no copy per lookup).
struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
/// A map from text, searchable without building a std::string.
template <class Value>
using string_map = std::unordered_map<std::string, Value, string_hash, std::equal_to<>>;

/// Every problem of an import, kept up to a limit and counted beyond it; raise() throws them all.
class import_log {
 public:
  explicit import_log(std::size_t limit) : limit_(limit > 0 ? limit : 1) {}
  /// Whether another problem would still be shown.
  [[nodiscard]] bool has_room() const noexcept { return kept_.size() < limit_; }
  void add(diagnostic d);
  /// Moves the problems a csv_reader found into the log, with the count it could not store.
  void add_all(std::vector<diagnostic>& found, std::size_t unreported);
  [[nodiscard]] bool empty() const noexcept { return kept_.empty() && hidden_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return kept_.size(); }
  /// Orders the problems kept since `start` (one file's) by line and column.
  void sort_from(std::size_t start);
  /// Throws input_error with every problem kept, plus a line counting the hidden ones.
  [[noreturn]] void raise();

 private:
  std::size_t limit_;
  std::vector<diagnostic> kept_;
  std::size_t hidden_ = 0;
  diagnostic first_hidden_;
};

/// A published file's text, and its bytes when decoding changed them.
struct published_text {
  std::string text;  ///< UTF-8, without a BOM
  /// The file's bytes (without a BOM) when `text` was decoded from Windows-1252, so that byte
  /// columns can count them; empty when `text` is the file as it is.
  std::string raw;
};

/// A file's text as UTF-8 without a BOM: kept as it is when it is valid UTF-8 (a BOM is skipped),
/// else read as Windows-1252, the encoding NHS Digital publishes in. Nullopt after DC001-DC003.
[[nodiscard]] std::optional<published_text> read_published_text(const std::filesystem::path& path,
                                                                std::uintmax_t max_bytes, std::vector<diagnostic>& out);

/// The byte columns (DC040) among `found[from...]` count bytes of the decoded text; makes them
/// count the file's bytes, as an editor showing the file's encoding would. Nothing to do when the
/// text was not decoded.
void to_file_columns(const published_text& text, std::vector<diagnostic>& found, std::size_t from = 0);

/// A column an importer reads: any of `names` (compared without case), required or not.
struct published_column {
  std::vector<std::string_view> names;
  bool required = false;
};

/// Field index of each column (csv_absent where missing). A missing required column is DC041 at
/// the header line, with a "did you mean" over the header's names; other columns are ignored, since
/// publishers add columns between releases.
[[nodiscard]] std::vector<std::size_t> find_columns(const csv_reader& reader,
                                                    const std::vector<published_column>& columns,
                                                    std::vector<diagnostic>& out);

/// A diagnostic about field `field` of a record read by `reader`: column = field number, and the
/// message starts with `column 'NAME': `.
[[nodiscard]] diagnostic field_problem(const csv_reader& reader, const csv_record& rec, std::size_t field,
                                       const char* code, std::string_view message);

/// The trimmed text of a field, or empty when the column is absent.
[[nodiscard]] std::string_view field_text(const csv_record& rec, std::size_t column) noexcept;

/// A date as NHS files write it: `YYYYMMDD`, ISO `YYYY-MM-DD` or `DDMONYYYY` (`01JAN2021`).
[[nodiscard]] std::optional<date> parse_published_date(std::string_view text) noexcept;

/// A whole number without sign, exponent or junk (surrounding blanks allowed).
[[nodiscard]] std::optional<std::int64_t> parse_count(std::string_view text) noexcept;

/// The shortest text of `value` rounded to `decimals` places (`0.48`, `2`, `1.986666667`).
[[nodiscard]] std::string format_rounded(double value, int decimals);

/// The decimal with the fewest places (at most `decimals`) within `tolerance` of `value`: a sum
/// of values published to nine places is off by up to half a unit in the ninth place per term,
/// so 0.866666667 + 0.866666667 + 0.866666666 is 2.6, not 2.600000000 written as 2.599999999.
[[nodiscard]] double shortest_within(double value, int decimals, double tolerance) noexcept;

/// `value` rounded to `decimals` places, with -0 made 0.
[[nodiscard]] double round_to(double value, int decimals) noexcept;

}  // namespace descheck::detail
