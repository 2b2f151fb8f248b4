#pragma once
/// \file check/explain.hpp
/// A plain-English account of one network's check at one date (SPEC 4.7).

#include <cstdint>
#include <string>

#include "descheck/check/check.hpp"

namespace descheck {

/// Explains network `index` at `at`: every requirement in force, how its demand was derived
/// (driver × rate × phase, with the reference or assumption note behind each number), who
/// delivers it, and for each shortfall the bottleneck group. Text wrapped for a terminal.
[[nodiscard]] std::string explain(const rule_set& rules, const panel& networks, std::uint32_t index, date at);

}  // namespace descheck
