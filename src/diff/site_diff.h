// Compares two audits of a site (requirements) and the two sites' devices (filters, listeners).
#pragma once

#include "src/check/result.h"
#include "src/diff/diff_result.h"
#include "src/diff/filter_diff.h"
#include "src/site/site.h"

namespace flowaudit {

// Requirements whose status, message, delivered packets or findings differ.
std::vector<RequirementChange> DiffRequirements(const AuditResult& before,
                                                const AuditResult& after);

// Devices by name: added, removed, and the filter and listener differences of the others.
void DiffSiteDevices(const Site& before, const Site& after, const FilterDiffOptions& options,
                     DiffResult& out);

}  // namespace flowaudit
