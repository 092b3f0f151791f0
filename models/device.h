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

struct PoolMember {
  std::string name;  // host name or address as written
  IpAddress address;
  uint16_t port = 0;
  SourceRange location;
};

struct VirtualServer {
  enum class Mode { kForward, kRedirect, kReject };
  std::string name;
  IpAddress address;
  uint8_t protocol = 6;
  uint16_t port = 0;
  Mode mode = Mode::kForward;
  std::vector<PoolMember> members;      // kForward
  std::optional<IpAddress> source_nat;  // kForward: source address after SNAT, if any
  std::string redirect_location;        // kRedirect: e.g. "https://%host%%uri%"
  int redirect_status = 301;
  SourceRange location;

  std::string Endpoint() const;  // "10.1.0.100:80"
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

  const VirtualServer* FindVirtualServer(const IpAddress& address, uint8_t protocol,
                                         uint16_t port) const;
  bool OwnsAddress(const IpAddress& address) const;  // some virtual server uses it
};

}  // namespace flowaudit
