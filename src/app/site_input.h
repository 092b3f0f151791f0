// Loading the site file for the commands that take one (check, explain).
#pragma once

#include <optional>
#include <string>

#include "models/diagnostics.h"
#include "src/app/console.h"
#include "src/site/site.h"

namespace flowaudit {

// Loads SITE; with `strict`, warnings are errors. On failure prints the diagnostics to stderr
// and returns nullopt (the command exits 2); on success the caller decides what to print.
std::optional<Site> LoadSiteForCommand(const std::string& path, bool strict,
                                       bool allow_outside_paths, Diagnostics& diagnostics,
                                       Console& console);

}  // namespace flowaudit
