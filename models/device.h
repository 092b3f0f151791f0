// Devices as the network model sees them: what a vendor config means once imported.
// A firewall or router is a pipeline of stages (filters and NAT, in the vendor's order) for
// transit traffic and another for traffic addressed to the device itself. A load balancer or
// reverse proxy owns virtual servers: a VIP:port either forwards to pool members, answers with
// an HTTP redirect, or — when no virtual server listens there — drops.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/filter.h"
#include "models/ip_address.h"
#include "models/source.h"

namespace flowaudit {

enum class DeviceKind { kFirewall, kLoadBalancer, kReverseProxy, kRouter };
const char* DeviceKindName(DeviceKind kind);  // "firewall", "load-balancer", …

enum class StageKind {
  kFilter,          // permit/deny
  kDestinationNat,  // DNAT/REDIRECT parts rewrite the destination; others pass unchanged
  kSourceNat,       // SNAT/MASQUERADE parts rewrite the source; others pass unchanged
};

struct Stage {
  StageKind kind = StageKind::kFilter;
  Filter filter;
  // When set, the stage sees only packets of this family; others pass it unchanged. A device
  // built from an iptables-save and an ip6tables-save dump has one pipeline of each.
  std::optional<Family> family;
};

// A health check as configured: what it probes and on which port. `port` 0 probes the
// member's own port; another value is an alias port (F5 `destination *:5061`, HAProxy
// `port 5061`), which is how a web VIP is made to follow the SIP service (RTCSRV).
struct HealthMonitor {
  std::string name;      // as written: "tcp", "lync_5061", "check"
  std::string type;      // "tcp", "http", "https", "icmp", "udp", "other"
  uint16_t port = 0;     // 0: the member's port
  SourceRange location;  // the monitor's definition, else where it is attached
};

struct PoolMember {
  std::string name;  // host name or address as written
  IpAddress address;
  uint16_t port = 0;
  SourceRange location;
  // Disabled or forced offline in the config (F5 `session user-disabled`/`state user-down`,
  // HAProxy `disabled`, NetScaler `-state DISABLED`): receives no new connections.
  bool enabled = true;
  bool backup = false;                  // receives traffic only when no active member is up
  std::vector<HealthMonitor> monitors;  // member-specific monitors (else the pool's)
};

// Session persistence of a virtual server (Lync: source address on the internal web VIPs,
// none or the MS-WSMAN cookie on the external ones).
enum class Persistence { kNone, kSourceAddress, kCookie, kOther };
const char* PersistenceName(Persistence p);  // "none", "source-address", "cookie", "other"

// What a virtual server does to the client's source address on the way to a member.
enum class SourceTranslation {
  kNone,       // transparent: members see the client's address
  kGiven,      // translated to configured addresses (`source_nat` when one is known)
  kDeviceOwn,  // translated to the device's own address (F5 automap, a proxy's socket)
};
const char* SourceTranslationName(SourceTranslation t);  // "none", "snat-pool", "device"

// The load-balancing settings the Lync HLB checks read. Each `*_at` is the line that sets
// the value; an invalid range means the vendor default applies (named in the importer docs).
struct LbSettings {
  // false: the config says nothing of persistence, timeouts and monitors (a design-time
  // flowaudit-yaml virtual server without those keys); checks of them are then UNKNOWN.
  bool described = true;
  Persistence persistence = Persistence::kNone;
  std::string persistence_name;  // cookie name (MS-WSMAN), profile or table as written
  bool persistence_cookie_http_only = false;
  SourceRange persistence_at;
  std::optional<int64_t> idle_timeout_s;  // unset: no idle timeout (connections never expire)
  SourceRange idle_timeout_at;
  std::vector<HealthMonitor> monitors;  // the pool's monitors
  bool tls_terminated = false;          // the device ends TLS (ssl bind, clientssl profile)
};

// "10.1.0.100:80", "[2001:db8::1]:443".
std::string EndpointText(const IpAddress& address, uint16_t port);

struct VirtualServer {
  // kRespond: the device answers itself (a static page, a 200); kUnknown: what happens
  // depends on something not modelled (an iRule, a content rule), see `unknown_reason`.
  enum class Mode { kForward, kRedirect, kReject, kRespond, kUnknown };
  std::string name;
  IpAddress address;  // 0.0.0.0 or :: with `any_address`
  uint8_t protocol = 6;
  uint16_t port = 0;
  // Listens on every address of `address`'s family the device has (HAProxy `*:80`, NGINX
  // `listen 80`, F5 `0.0.0.0:443` with mask any). A virtual server on the packet's own address
  // takes precedence.
  bool any_address = false;
  bool any_port = false;  // F5 `:any` / `:0`: every port
  Mode mode = Mode::kForward;
  std::vector<PoolMember> members;  // kForward (all of them, also disabled and backup)
  SourceTranslation source_translation = SourceTranslation::kNone;
  std::optional<IpAddress> source_nat;  // kForward: source address after SNAT, when known
  std::string redirect_location;        // kRedirect: e.g. "https://%host%%uri%"
  int redirect_status = 301;            // kRedirect; kRespond: the status answered
  std::string unknown_reason;           // kUnknown
  SourceRange unknown_at;               // kUnknown: the construct that makes it unknown
  LbSettings settings;
  SourceRange location;

  std::string Endpoint() const;  // "10.1.0.100:80", "*:80", "[::]:443"
  // The members that receive new connections: enabled non-backup members, else the enabled
  // backups, in member order.
  std::vector<const PoolMember*> ActiveMembers() const;
};

// How much of its input an importer understood. Every statement not understood also has a
// located warning; `query` and `check` print this as a note so a reader sees the share at once.
struct ImportCoverage {
  std::string unit = "lines";  // what was counted: "lines", "rules", "XML entries"
  int total = 0;               // statements read (blank lines and comments not counted)
  int understood = 0;          // modelled, or known not to affect filtering
  bool Counted() const { return total > 0; }
};

struct Device {
  std::string name;
  DeviceKind kind = DeviceKind::kFirewall;
  std::string vendor;
  std::vector<Stage> forward;  // transit traffic
  std::vector<Stage> local;    // traffic addressed to the device
  std::vector<VirtualServer> virtual_servers;
  std::map<std::string, Filter> filters;  // by the names `query --filter` accepts
  std::string default_filter;             // the one `query` uses without --filter
  // The vendor's own zone of each interface (PAN-OS, SRX). When set, a path through the
  // device names these zones in MatchContext (from_zone/to_zone) instead of the site's zones,
  // so zone terms in the vendor's rules keep their meaning.
  std::map<std::string, std::string> interface_zones;
  std::vector<SourceFilePtr> sources;
  SourceRange location;  // where the device is declared (site file), for reports
  // The one address family a config covers (iptables-save: IPv4, ip6tables-save: IPv6);
  // unset when it covers both.
  std::optional<Family> family;
  ImportCoverage coverage;

  // The virtual server a packet to address:port meets: one on that very address first, else
  // one listening on every address (callers decide whether the address is the device's).
  const VirtualServer* FindVirtualServer(const IpAddress& address, uint8_t protocol,
                                         uint16_t port) const;
  // Some virtual server is bound to this very address (every-address listeners own none).
  bool OwnsAddress(const IpAddress& address) const;
};

}  // namespace flowaudit
