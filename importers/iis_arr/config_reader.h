// Reads the XML of an applicationHost.config or web.config into iis::Config: site bindings,
// web farms, the proxy switch, httpRedirect and the URL Rewrite rule sets. Invalid values are
// located errors; elements that could change what a listener does but are not modelled are
// located warnings; sections that cannot (logging, modules, authentication…) are skipped.
#pragma once

#include "importers/common/xml.h"
#include "importers/iis_arr/iis_config.h"
#include "models/diagnostics.h"

namespace flowaudit::iis {

Config ReadConfig(const xml::Element& root, Diagnostics& diagnostics);

}  // namespace flowaudit::iis
