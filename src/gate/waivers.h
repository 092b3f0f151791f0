// Waivers (`check --waivers FILE`): accepted findings with an owner, a justification and an
// expiry date. The loader reads the YAML file with located errors; ApplyWaivers attaches each
// waiver to the non-passing requirement it covers, so that it no longer counts for --fail-on.
// Format: docs/ci-gating.md. Used by src/app/check_command.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"
#include "src/check/result.h"

namespace flowaudit {

// One entry of the waivers file and where it is written.
struct WaiverEntry {
  Waiver waiver;
  SourceRange at;     // the entry (`- id: …`), for "expired" and "unused" messages
  SourceRange id_at;  // the id, for "unknown requirement"
};

// Parses a waivers file (the command reads it: src/app/files.h); nullopt after located errors
// (unknown keys, missing or empty fields, a scope that is not exactly one of device/zone/path, a
// date that is not YYYY-MM-DD).
std::optional<std::vector<WaiverEntry>> ParseWaivers(const SourceFilePtr& file,
                                                     Diagnostics& diagnostics);

// Errors for waivers whose id is not one of `requirement_ids` (the loaded packs' ids).
void CheckWaiverIds(const std::vector<WaiverEntry>& waivers,
                    const std::vector<std::string>& requirement_ids, Diagnostics& diagnostics);

// True for a real calendar date written YYYY-MM-DD.
bool IsValidDate(std::string_view text);

// True when the waiver's scope covers every non-passing finding of `r` (see docs/ci-gating.md).
bool WaiverCovers(const Waiver& waiver, const RequirementResult& r);

// Attaches each unexpired waiver to the non-passing requirement it covers (the first that does,
// in file order). An expired waiver (expires < today, both YYYY-MM-DD) never applies and adds
// an error; a waiver that covers nothing adds a warning. Both go to `diagnostics`.
void ApplyWaivers(const std::vector<WaiverEntry>& waivers, const std::string& today,
                  AuditResult& result, Diagnostics& diagnostics);

}  // namespace flowaudit
