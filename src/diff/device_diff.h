// Compares one device before and after: every filter by name (DiffFilter) and every virtual
// server by its endpoint.
#pragma once

#include <string>
#include <vector>

#include "models/device.h"
#include "src/diff/diff_result.h"
#include "src/diff/filter_diff.h"

namespace flowaudit {

void DiffDevice(const std::string& name, const Device& before, const Device& after,
                const FilterDiffOptions& options, DiffResult& out);

}  // namespace flowaudit
