// Import coverage of a config: of the statements read, how many carry no warning or error.
// Importers list where their statements are; whatever a diagnostic points into counts as not
// understood, so the figure cannot drift from the warnings users see.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/device.h"
#include "models/diagnostics.h"

namespace flowaudit {

// The non-blank lines of `file` that do not start (after indentation) with one of
// `comment_starts` — the statements of a line-oriented config.
std::vector<SourceRange> StatementLines(const SourceFilePtr& file, std::string_view comment_starts);

// `first_diagnostic`: diagnostics before this index belong to something else.
ImportCoverage CoverageOf(std::string unit, const std::vector<SourceRange>& statements,
                          const Diagnostics& diagnostics, size_t first_diagnostic);

// When `device` counted its coverage and did not understand everything, a note at the top of
// `file` says how much it did ("coverage: understood 410 of 415 lines (98%); …"). Commands call
// this after importing, so importer tests see only the importer's own diagnostics.
void NoteCoverage(const Device& device, const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit
