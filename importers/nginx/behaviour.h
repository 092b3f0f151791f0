// What one http or stream server does with a connection, at packet level: forward to members,
// answer with a redirect, or refuse (return 444, deny all, or nginx answering by itself). For
// http only `location /` (or the sole location) decides; the rewrite phase of the server
// (return, rewrite) runs before any location.
#pragma once

#include <string>
#include <vector>

#include "importers/nginx/config_tree.h"
#include "importers/nginx/upstreams.h"
#include "models/device.h"

namespace flowaudit::nginx {

struct Behaviour {
  VirtualServer::Mode mode = VirtualServer::Mode::kReject;
  std::vector<PoolMember> members;               // kForward
  Persistence persistence = Persistence::kNone;  // the upstream's
  SourceRange persistence_at;
  int redirect_status = 301;      // kRedirect
  std::string redirect_location;  // as written; `$scheme` is replaced per listener
  SourceRange decided_by;         // the directive that decided

  // Same packet-level answer (locations ignored).
  bool SameAs(const Behaviour& other) const;
  std::string Describe() const;  // "forward to 10.0.0.1:80, 10.0.0.2:80", "redirect 301 …"
};

// The behaviour of an http `server { … }` block. Warnings go to `diagnostics` (content-dependent
// choices, forms not modelled).
Behaviour HttpServerBehaviour(const Directive& server, const Upstreams& upstreams,
                              Diagnostics& diagnostics);

// The behaviour of a stream `server { … }` block (proxy_pass UPSTREAM | ADDR:PORT).
Behaviour StreamServerBehaviour(const Directive& server, const Upstreams& upstreams,
                                Diagnostics& diagnostics);

// `location` with `$scheme` replaced by the listener's scheme: `return 301 $scheme://…` on a
// plain HTTP listener redirects to http, not https.
std::string ResolveScheme(const std::string& location, bool ssl);

}  // namespace flowaudit::nginx
