#include "src/app/site_input.h"

namespace flowaudit {

std::optional<Site> LoadSiteForCommand(const std::string& path, bool strict,
                                       bool allow_outside_paths, Diagnostics& diagnostics,
                                       Console& console) {
  SiteOptions options;
  options.strict = strict;
  options.allow_outside_paths = allow_outside_paths;
  std::optional<Site> site = LoadSite(path, options, diagnostics);
  if (strict) diagnostics.PromoteWarnings();
  if (site && !diagnostics.HasErrors()) return site;
  PrintDiagnostics(diagnostics, console.err);
  if (!diagnostics.HasErrors()) console.err << path << ": error: cannot load site\n";
  return std::nullopt;
}

}  // namespace flowaudit
