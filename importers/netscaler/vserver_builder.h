// The builder behind BuildVirtualServers (virtual_servers.h), shared by the lb part
// (lb_vservers.cpp: members, persistence, timeouts, source NAT, DOWN vservers and their
// backup URL) and the cs part (cs_vservers.cpp: content-switching targets).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "importers/netscaler/backends.h"
#include "importers/netscaler/expressions.h"
#include "importers/netscaler/ns_config.h"
#include "importers/netscaler/responder.h"
#include "importers/netscaler/service_types.h"
#include "models/device.h"

namespace flowaudit::netscaler {

// `add lb|cs vserver NAME TYPE [IP PORT]` once its words are checked.
struct VserverHead {
  const Entity* entity = nullptr;
  const ServiceType* type = nullptr;
  std::optional<IpAddress> address;  // unset: non-addressable
  uint16_t port = 0;
  bool any_port = false;
};

class VserverBuilder {
 public:
  VserverBuilder(const Config& config, Diagnostics& diagnostics);
  std::vector<VirtualServer> Build();

 private:
  // lb_vservers.cpp
  std::optional<VserverHead> ParseHead(const Entity& e);
  void FillLb(const VserverHead& lb, VirtualServer& vs);
  bool ApplyBinds(const VserverHead& head, const std::vector<const Command*>& binds,
                  VirtualServer& vs, std::vector<const Backend*>& backends);
  bool ApplyResponders(const VserverHead& head, const std::vector<const Command*>& binds,
                       VirtualServer& vs);
  void AddMembers(const std::vector<const Backend*>& backends, VirtualServer& vs);
  void SetPersistence(const VserverHead& lb, VirtualServer& vs);
  void SetSourceNat(const VserverHead& head, const std::vector<const Backend*>& backends,
                    VirtualServer& vs);
  void DownOrForward(const VserverHead& head, const std::vector<const Backend*>& backends,
                     VirtualServer& vs);
  void CommonSettings(const VserverHead& head, VirtualServer& vs);
  // cs_vservers.cpp
  void FillCs(const VserverHead& cs, VirtualServer& vs);
  std::vector<const Entity*> CsTargets(const VserverHead& cs, const ListenerFacts& facts,
                                       std::vector<const Command*>& responders);
  void MergeTargets(const VserverHead& cs, const std::vector<VirtualServer>& targets,
                    VirtualServer& vs);
  // virtual_servers.cpp
  void Emit(const VserverHead& head, bool cs);
  void CheckReferences();

  void MarkUnknown(VirtualServer& vs, const std::string& reason, const SourceRange& at);
  // A vserver can be built more than once (TCP and UDP for ANY, a cs target that also
  // listens): each message is given once per place.
  void ErrorOnce(const SourceRange& at, const std::string& message);
  void WarnOnce(const SourceRange& at, const std::string& message);
  void NoteOnce(const SourceRange& at, const std::string& message);
  static ListenerFacts FactsOf(const VserverHead& head, const VirtualServer& vs);

  const Config& config_;
  Diagnostics& diagnostics_;
  BackendTable backends_;
  std::map<std::string, VserverHead> lb_heads_;
  std::vector<VirtualServer> out_;
  std::map<std::tuple<IpAddress, uint8_t, uint16_t, bool>, SourceRange> endpoints_;
  std::set<std::pair<uint32_t, std::string>> said_;
};

}  // namespace flowaudit::netscaler
