// HAProxy conditions (`if`/`unless` with named and anonymous ACLs) seen from one listener:
// what is known about a connection before its content arrives is its destination, its port and
// whether the listener terminates TLS. Criteria on HTTP content (path, Host header, …) make
// the answer unknown.
#pragma once

#include <optional>
#include <string>

#include "importers/haproxy/haproxy_config.h"

namespace flowaudit::haproxy {

enum class Truth { kFalse, kTrue, kUnknown };

struct Listener {
  IpAddress address;
  uint16_t port = 0;
  bool ssl = false;
  bool http = false;  // mode http
};

// Evaluates `condition` for `listener`; an absent condition is true. When the result is
// kUnknown, *unknown_criterion names the first criterion that made it so ("path_beg").
Truth Evaluate(const Condition& condition, const Proxy& proxy, const Listener& listener,
               std::string* unknown_criterion);

// The first ACL name used by `condition` that `proxy` does not declare (HAProxy refuses it).
std::optional<Word> UndeclaredAcl(const Condition& condition, const Proxy& proxy);

}  // namespace flowaudit::haproxy
