#pragma once
/// \file rules/schedule.hpp
/// Step functions of the date, each step remembering where its value came from (SPEC section 1).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "descheck/core/date.hpp"

namespace descheck {

/// How a value is backed.
enum class value_status : std::uint8_t {
  unspecified,  ///< a bare number with no status given
  published,    ///< from an NHS document; `reference` says which
  draft,        ///< from a draft or announced document
  assumption,   ///< a modelling choice; `note` says why
};

/// Name of a status as written in YAML (`published`, ...; `unspecified` for none).
[[nodiscard]] const char* to_string(value_status s) noexcept;

/// How sensitivity and uncertainty runs draw a value from its range (SPEC sections 1 and 9).
enum class value_distribution : std::uint8_t {
  triangular,  ///< mode at the value; the default
  uniform,     ///< every point of the range equally likely
};

/// Name of a distribution as written in YAML (`triangular`, `uniform`).
[[nodiscard]] const char* to_string(value_distribution d) noexcept;

/// The plausible spread of a value (`range: [low, high]`), with low <= value <= high.
struct plausible_range {
  double low = 0.0;
  double high = 0.0;
  value_distribution distribution = value_distribution::triangular;
  friend bool operator==(const plausible_range&, const plausible_range&) = default;
};

/// Where a schedule value was written and what backs it.
struct origin {
  std::string file;  ///< path as given to the loader
  int line = 0;      ///< 1-based
  int column = 0;    ///< 1-based
  value_status status = value_status::unspecified;
  std::string reference;
  std::string note;
  std::optional<plausible_range> range;  ///< the value's `range`, when it has one
  friend bool operator==(const origin&, const origin&) = default;
};

/// Index of an origin in its rule set's origin table.
using origin_id = std::uint32_t;
/// The origin id of values that were never written down (built-in defaults).
inline constexpr origin_id no_origin = 0xFFFF'FFFFu;

/// One step: from `from` on (until the next step) the value is `value`, or undefined when empty.
struct step {
  date from = date::min();
  std::optional<double> value;
  origin_id source = no_origin;
  friend bool operator==(const step&, const step&) = default;
};

/// A step function of the date. Before its first step it is undefined.
class schedule {
 public:
  schedule() = default;
  /// A value in force since forever.
  static schedule constant(double value, origin_id source = no_origin);
  /// Steps must have strictly increasing `from`; the loader guarantees it.
  explicit schedule(std::vector<step> steps) : steps_(std::move(steps)) {}

  /// The value at `d`, or nullopt where undefined.
  [[nodiscard]] std::optional<double> at(date d) const noexcept {
    const step* s = step_at(d);
    return s ? s->value : std::nullopt;
  }
  /// The step in force at `d`, or nullptr before the first step.
  [[nodiscard]] const step* step_at(date d) const noexcept {
    const step* found = nullptr;
    for (const step& s : steps_) {  // schedules hold a handful of steps: a scan beats bisection
      if (s.from > d) break;
      found = &s;
    }
    return found;
  }
  /// True when the schedule has no steps at all (never defined).
  [[nodiscard]] bool empty() const noexcept { return steps_.empty(); }
  [[nodiscard]] const std::vector<step>& steps() const noexcept { return steps_; }
  /// Mutable access for loaders and scenario overlays.
  [[nodiscard]] std::vector<step>& steps() noexcept { return steps_; }

  friend bool operator==(const schedule&, const schedule&) = default;

 private:
  std::vector<step> steps_;
};

}  // namespace descheck
