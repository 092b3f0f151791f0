// Walks the whole config once and warns, at the directive, about every directive the importer
// neither models nor knows to be harmless for packets. The modelling code (upstreams,
// behaviour, virtual servers) reports what goes wrong in the directives it reads.
#pragma once

#include <vector>

#include "importers/nginx/config_tree.h"

namespace flowaudit::nginx {

void WarnUnknownDirectives(const std::vector<Directive>& main, Diagnostics& diagnostics);

}  // namespace flowaudit::nginx
