#pragma once
/// \file report/doc.hpp
/// A rule set as a Markdown reference page: what each service requires, from when, who may do it,
/// and what backs every number (published, draft or assumption, with its reference or note).

#include <string>

#include "descheck/rules/rules.hpp"

namespace descheck {

/// The Markdown page of a loaded rule set: its id, label and version; every service (sorted by
/// id) with its specification, dependencies and a table of requirements (kind, priority, phase,
/// demand or minimum terms, delivering roles with their `max_share`, NCDES indicators); the roles
/// with their ARRS terms; the drivers with their default estimates; and the ARRS funding. Every
/// number carries a marker (P published, D draft, A assumption, U unannotated) resolved under its
/// table to the reference or note and the `file:line` where it is written, relative to the
/// rule-set directory. The output depends on the rule set only (no date, no absolute path), so a
/// generated page can be committed and compared.
[[nodiscard]] std::string rule_set_markdown(const rule_set& rules);

}  // namespace descheck
