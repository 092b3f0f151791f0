// Site: one deployment as its site file describes it — zones, hosts, services (VIPs),
// devices with their imported configs and interface-to-zone bindings, parameters and the
// policy packs to apply. The site loader fills it; the network builder and the checker read it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/device.h"
#include "models/diagnostics.h"
#include "models/ip_address.h"
#include "models/source.h"

namespace flowaudit {

struct Zone {
  std::string name;
  std::vector<Prefix> subnets;
  std::vector<std::string> tags;
  std::string trust = "trusted";  // trusted | untrusted | dmz
  bool transit = true;            // may a path pass through it? untrusted zones: no
  SourceRange location;
};

struct Host {
  std::string name;
  std::map<std::string, IpAddress> addresses;  // "address" for a single one, else by name
  std::map<std::string, std::string> zones;    // address name -> zone (derived when absent)
  std::vector<std::string> roles;
  SourceRange location;
};

struct Service {
  std::string name;
  IpAddress vip;
  std::vector<std::string> members;  // host names
  std::string role;                  // front-end-web-internal, …
  std::string device;                // the load balancer or reverse proxy that owns the VIP
  SourceRange location;
};

struct SiteDevice {
  Device device;  // imported: filters, pipelines, virtual servers; name/kind from the site
  std::map<std::string, std::string> interfaces;  // interface name -> zone name
  SourceRange location;
};

struct Site {
  std::string name;
  std::string file;  // the site file as given on the command line
  SourceFilePtr source;
  std::vector<std::string> sip_domains;
  std::map<std::string, std::string> parameters;  // scalar values as text ("true", "false")
  std::vector<Zone> zones;
  std::vector<Host> hosts;
  std::vector<Service> services;
  std::vector<SiteDevice> devices;
  std::vector<std::string> policies;

  const Zone* FindZone(const std::string& name) const;
  const Host* FindHost(const std::string& name) const;
  const Service* FindService(const std::string& name) const;
  const SiteDevice* FindDevice(const std::string& name) const;
  // Boolean parameter with its documented default.
  bool Flag(const std::string& name, bool default_value) const;
  // The zone whose subnets hold the address most specifically, or nullptr.
  const Zone* ZoneOf(const IpAddress& address) const;
};

struct SiteOptions {
  bool allow_outside_paths = false;  // config paths may leave the site's folder
  bool strict = false;               // unsupported constructs are errors
};

// Loads the site file and every config it names. On error returns nullopt; diagnostics say
// why with file:line:col. Warnings (unsupported constructs) leave the site usable.
std::optional<Site> LoadSite(const std::string& path, const SiteOptions& options,
                             Diagnostics& diagnostics);

}  // namespace flowaudit
