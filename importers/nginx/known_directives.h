// Directives the NGINX importer reads without modelling them because they cannot change where
// a packet goes (timeouts, TLS settings, headers, logging, buffers). Any other directive the
// importer does not handle itself gets a located warning.
#pragma once

#include <string_view>

namespace flowaudit::nginx {

bool IsHarmlessDirective(std::string_view name);

// Blocks whose contents are not directives (`map`, `geo`, `types`, …): read as opaque.
bool IsOpaqueBlock(std::string_view name);

}  // namespace flowaudit::nginx
