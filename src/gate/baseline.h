// Baselines (`check --baseline FILE`): a previous `check --format json` report. A requirement
// whose findings all appear in the baseline is marked `baseline` ("known") and no longer counts
// for --fail-on, so a gate fails only on what a change newly broke. Used by
// src/app/check_command.cpp; documented in docs/ci-gating.md.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "src/check/result.h"

namespace flowaudit {

// The finding keys of a baseline report, by requirement id.
struct Baseline {
  std::map<std::string, std::set<std::string>> findings;
};

// Parses the text of a JSON report; nullopt and *error ("line 3: …", "requirements[2]: 'id'
// must be a string") when it is not JSON or not shaped like a check report.
std::optional<Baseline> ParseBaseline(const std::string& text, std::string* error);

// A requirement's findings, each as one key: for flow checks id + status + the flow's from, to,
// service and the path's vertices of each non-passing path (or of the flow when it has no
// non-passing path); for other kinds id + status + each detail line (or the message when there
// are none). Empty for pass and not-applicable.
std::set<std::string> FindingKeys(const RequirementResult& r);

// Marks `baseline` on every non-passing requirement whose findings are all in `baseline`.
void ApplyBaseline(const Baseline& baseline, AuditResult& result);

}  // namespace flowaudit
