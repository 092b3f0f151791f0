// Turns the tmsh objects of one file into models::VirtualServer values: the destination, the
// pool's members, what the iRules do, and the settings the Lync HLB checks read (persistence,
// idle timeout, monitors, TLS termination, SNAT). Split over tmsh_virtuals.cpp (endpoints,
// members, mode) and tmsh_settings.cpp (profiles, persistence, monitors, SNAT).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "importers/f5_bigip/addresses.h"
#include "importers/f5_bigip/tmsh_config.h"
#include "models/device.h"

namespace flowaudit::f5 {

class TmshBuilder {
 public:
  TmshBuilder(const TmshConfig& config, Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}

  std::vector<VirtualServer> Build();

 private:
  // tmsh_virtuals.cpp
  void AddVirtual(const Virtual& v);
  bool Destination(const Virtual& v, VirtualServer& vs);
  std::vector<uint8_t> Protocols(const Virtual& v);
  void AddMembers(const Virtual& v, const Pool& pool, VirtualServer& vs);
  std::optional<PoolMember> MakeMember(const Member& m, const Pool& pool, const VirtualServer& vs,
                                       bool translate_port);
  void DecideMode(const Virtual& v, bool has_http, VirtualServer& vs);
  // A property not understood in the virtual or its pool makes its answer unknown.
  void NotUnderstood(const Virtual& v, VirtualServer& vs);
  std::optional<IpAddress> Address(const Ref& ref, const AddressText& a);

  // tmsh_settings.cpp
  void Profiles(const Virtual& v, VirtualServer& vs, bool* has_http);
  void IdleTimeout(const ProfileUse& use, const std::string& type, VirtualServer& vs);
  void Persistence(const Virtual& v, VirtualServer& vs);
  std::vector<HealthMonitor> Monitors(const std::vector<Ref>& refs, const std::string& from);
  std::optional<HealthMonitor> Monitor(const Ref& ref, const std::string& from);
  void SourceNat(const Virtual& v, VirtualServer& vs);
  void AutomapAddress(VirtualServer& vs);
  // The type of a profile ("tcp", "client-ssl", …), empty when unknown.
  std::string ProfileType(const std::string& name, const std::string& from);

  void WarnOnce(const SourceRange& at, const std::string& message);
  void NoteOnce(const SourceRange& at, const std::string& message);

  const TmshConfig& config_;
  Diagnostics& diagnostics_;
  std::vector<VirtualServer> out_;
  std::set<std::pair<uint32_t, std::string>> said_;
  bool route_domain_warned_ = false;
  std::map<IpAddress, const NodeObject*> nodes_by_address_;  // built on first use
};

// The VirtualServer name for an F5 object: `/Common/` dropped, other partitions kept.
std::string DisplayName(const std::string& name);

}  // namespace flowaudit::f5
