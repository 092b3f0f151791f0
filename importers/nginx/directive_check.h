// Walks the whole config once and warns, at the directive, about every directive the importer
// neither models nor knows to be harmless for packets. The modelling code (upstreams,
// behaviour, virtual servers) reports what goes wrong in the directives it reads.
#pragma once

#include <vector>

#include "importers/nginx/config_tree.h"

namespace flowaudit::nginx {

void WarnUnknownDirectives(const std::vector<Directive>& main, Diagnostics& diagnostics);

// The first directive not understood (as warned above) that can change what a server answers:
// at the top of its http or stream `context`, in the `server` block or its locations, or in an
// upstream of `context` the server passes to. nginx itself refuses a directive it does not
// know; one the importer does not know may be a damaged listen, proxy_pass or member, so the
// server's answer is unknown. nullptr when every such directive is understood.
const Directive* FirstUnknownDirective(const Directive& context, const Directive& server,
                                       bool stream);

}  // namespace flowaudit::nginx
