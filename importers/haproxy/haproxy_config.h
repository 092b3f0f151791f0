// What the HAProxy importer keeps of a haproxy.cfg: the proxies (frontend, backend, listen)
// with their defaults already applied, their listeners, routing rules and servers. The reader
// (config_reader.h) fills it; virtual_servers.h turns it into models::VirtualServer values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/haproxy/tokenizer.h"
#include "models/ip_address.h"

namespace flowaudit::haproxy {

// One ADDR:PORT[-PORT] of a bind line. Without an address (`:80`, `*:80`, `::`), the
// listener takes every local address of the family (`::` is dual-stack unless v6only).
struct BindAddress {
  std::optional<IpAddress> address;  // unset: every address
  bool any_ipv4 = false;
  bool any_ipv6 = false;
  uint16_t first_port = 0;
  uint16_t last_port = 0;
  uint8_t protocol = 6;  // quic4@/quic6@ listen on UDP
  SourceRange at;
};

struct Bind {
  std::vector<BindAddress> addresses;
  bool ssl = false;  // terminates TLS: `ssl_fc` is true for its connections
  SourceRange at;
};

// `if COND` / `unless COND`: the words of COND; `negate` for unless.
struct Condition {
  bool present = false;
  bool negate = false;
  Words words;
};

struct Redirect {
  std::string location;       // "https://%host%%uri%", a URL, or a prefix followed by "%uri%"
  int status = 302;           // HAProxy's default code
  bool http_request = false;  // `http-request redirect`: runs before plain `redirect` rules
  Condition condition;
  SourceRange at;
};

struct UseBackend {
  Word backend;
  Condition condition;
  SourceRange at;
};

// One line of `acl NAME CRITERION [FLAGS] [VALUES]`; lines sharing a name are ORed.
struct AclLine {
  Words criterion_and_values;
  SourceRange at;
};

struct Server {
  std::string name;
  IpAddress address;
  enum class PortKind { kClientPort, kFixed, kOffset } port_kind = PortKind::kClientPort;
  int port = 0;  // kFixed: the port; kOffset: added to the client's destination port
  bool disabled = false;
  bool backup = false;
  bool check = false;
  std::optional<int> check_port;
  SourceRange at;
};

// Settings the Lync/SfB HLB checks read (persistence, idle timeouts, health checks), each
// with the line that set it (invalid: not set, HAProxy's default applies).
struct HlbSettings {
  std::string balance;  // "roundrobin", "source", …; empty: roundrobin
  SourceRange balance_at;
  bool stick_on_source = false;  // `stick on src` (or `stick match src`)
  SourceRange stick_at;
  std::string stick_table_type;  // "ip", "ipv6", "string", …
  std::string cookie_name;       // `cookie NAME insert|rewrite|prefix …`
  bool cookie_http_only = false;
  SourceRange cookie_at;
  std::optional<int64_t> timeout_client_ms;
  std::optional<int64_t> timeout_server_ms;
  std::optional<int64_t> timeout_tunnel_ms;
  SourceRange timeout_client_at, timeout_server_at;
  bool http_check = false;  // `option httpchk`
};

struct Proxy {
  enum class Kind { kDefaults, kFrontend, kBackend, kListen } kind = Kind::kDefaults;
  std::string name;
  SourceRange at;  // the section line
  std::string mode = "tcp";
  std::optional<Word> default_backend;
  std::vector<Bind> binds;
  std::vector<Redirect> redirects;  // `http-request redirect` first, then `redirect`, in order
  std::vector<UseBackend> use_backends;
  std::map<std::string, std::vector<AclLine>> acls;
  std::vector<Server> servers;
  // `source ADDR`: connections to the servers leave from ADDR; `usesrc clientip` keeps the
  // client's address (transparent). Neither: the load balancer's own, unnamed address.
  std::optional<IpAddress> source;
  bool source_is_client = false;
  HlbSettings hlb;

  bool HasFrontend() const { return kind == Kind::kFrontend || kind == Kind::kListen; }
  bool HasBackend() const { return kind == Kind::kBackend || kind == Kind::kListen; }
};

struct Config {
  std::vector<Proxy> proxies;  // frontends, backends and listens in file order
  const Proxy* FindBackend(const std::string& name) const;
};

}  // namespace flowaudit::haproxy
