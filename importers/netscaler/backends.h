// The members a vserver can forward to: `add server`, `add service`, `add serviceGroup` with its
// `bind serviceGroup … SERVER PORT` members, and the monitors bound to services and groups
// (`bind service|serviceGroup X -monitorName M`, else NetScaler's tcp-default/ping-default).
// Every reference is checked here, once, with a located error and a did-you-mean.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/netscaler/ns_config.h"
#include "importers/netscaler/service_types.h"
#include "models/device.h"

namespace flowaudit::netscaler {

// One service, or one member of a service group.
struct Backend {
  std::string server;  // the server's name (an address when the service was added by IP)
  std::optional<IpAddress> address;  // unset: a domain-based server, resolved at run time
  SourceRange fqdn_at;
  uint16_t port = 0;  // 0: `*`, the port the client connected to
  bool enabled = true;
  bool usip = false;  // the client's address is kept (-usip YES or ns mode USIP)
  std::optional<SourceRange> netprofile_at;  // -netProfile sets the source address: not modelled
  std::vector<HealthMonitor> monitors;
  SourceRange at;  // the add service / bind serviceGroup line
};

class BackendTable {
 public:
  BackendTable(const Config& config, Diagnostics& diagnostics);
  // The backends of the service or group `name`, or nullptr when there is neither.
  const std::vector<Backend>* Find(const std::string& name) const;
  std::vector<std::string> Names() const;

 private:
  struct ServerInfo {
    std::optional<IpAddress> address;
    bool enabled = true;
    SourceRange at;
  };
  void ReadServers();
  void ReadMonitors();
  std::optional<Backend> MakeBackend(const Word& server_word, const Word& port_word, bool star_ok);
  // The monitors bound to service or group `e` (`key`: "service NAME" or "servicegroup NAME").
  std::vector<HealthMonitor> MonitorsOf(const std::string& key, const ServiceType& type,
                                        const Entity& e);
  bool Usip(const Entity& e) const;
  void ReadServices();
  void ReadGroups();

  const Config& config_;
  Diagnostics& diagnostics_;
  std::map<std::string, ServerInfo> servers_;
  std::map<std::string, HealthMonitor> monitors_;
  std::map<std::string, std::vector<Backend>> backends_;
};

// Options that cannot change which members get traffic or what a client sees; others on an
// add/set line are warned about. `kind`: "server", "service", "servicegroup", "lb monitor".
bool IsHarmlessOption(const std::string& kind, const std::string& option);

}  // namespace flowaudit::netscaler
