#pragma once
// The consistency check of pools built in code, beside validate_panel (panel.hpp): pooled_checker
// calls both when it is made.
#include "descheck/panel/panel.hpp"
#include "descheck/pools/pools.hpp"
#include "descheck/rules/rules.hpp"

namespace descheck::detail {

/// Members, employers and posts of every pool against the panel and rule set; throws input_error with
/// every problem: DC110 a member index past the networks, DC112 a member twice in one pool, DC111 a
/// pool id that is also a network id, DC150 an employer index past the networks, and the post
/// problems of validate_panel (DC030, DC044, DC045, DC022).
void validate_pools(const rule_set& rules, const panel& networks, const pool_set& pools);

}  // namespace descheck::detail
