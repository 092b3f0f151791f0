// Reads haproxy.cfg text into a haproxy::Config: sections, defaults (anonymous ones apply to
// the proxies after them; named ones through `from NAME`), listeners, routing rules and
// servers. Keywords that do not change where a connection goes are accepted silently; the
// ones that could and are not modelled get a located warning, bad input a located error.
#pragma once

#include "importers/haproxy/haproxy_config.h"
#include "models/diagnostics.h"

namespace flowaudit::haproxy {

Config ReadConfig(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::haproxy
