// The output of `nginx -T`: every file of the config, each after a line
// "# configuration file /etc/nginx/nginx.conf:". It is how a config with includes reaches the
// importer as one text: the first file is the main config, and `include` is resolved against
// the other files of the dump (paths relative to the main config's folder, globs sorted), so
// diagnostics point into the dump itself.
#pragma once

#include <memory>
#include <optional>

#include "importers/nginx/include_resolver.h"

namespace flowaudit::nginx {

struct NginxDump {
  SourceRange main;  // the first file's text
  std::unique_ptr<IncludeResolver> includes;
};

// nullopt when `file` is not an nginx -T dump (has no "# configuration file …:" line).
std::optional<NginxDump> SplitNginxDump(const SourceFilePtr& file);

}  // namespace flowaudit::nginx
