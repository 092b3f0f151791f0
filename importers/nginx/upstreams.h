// `upstream NAME { server ADDR[:PORT] [weight=N] [backup] [down]; }` of the http and stream
// contexts (separate name spaces, as in nginx). Members marked `down` are kept disabled (they
// never receive traffic); `backup` members take traffic only when the others fail.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importers/nginx/config_tree.h"
#include "models/device.h"

namespace flowaudit::nginx {

struct Upstream {
  std::string name;
  std::vector<PoolMember> members;
  bool complete = true;  // false when a member could not be read (host names, unix sockets)
  SourceRange range;
  // `ip_hash` or `hash $remote_addr`: a client sticks to one member.
  Persistence persistence = Persistence::kNone;
  SourceRange persistence_at;
};

using Upstreams = std::map<std::string, Upstream>;

// Reads the upstream blocks directly inside `context` (an http or stream block).
// `stream`: members need a port; http members default to 80.
Upstreams ReadUpstreams(const std::vector<Directive>& context, bool stream,
                        Diagnostics& diagnostics);

// "10.0.0.1:8080", "[2001:db8::1]:443", "10.0.0.1" (with `default_port`). Sets *error to nginx's
// reason when the text is not an address with an optional port; a host name is not an error
// but returns nullopt with *error empty.
std::optional<PoolMember> ParseEndpoint(const Token& token, std::optional<uint16_t> default_port,
                                        std::string* error);

}  // namespace flowaudit::nginx
