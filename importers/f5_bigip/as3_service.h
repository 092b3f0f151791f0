// One AS3 service (Service_HTTP/HTTPS/TCP/UDP/L4) read into virtual servers, one per virtual
// address (plus the port-80 redirect virtual of `redirect80`), with the objects it refers to
// (Pool, Monitor, Persist, TCP_Profile, SNAT_Pool, iRule) resolved in the declaration.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "importers/f5_bigip/as3_positions.h"
#include "models/device.h"
#include "models/diagnostics.h"

namespace flowaudit::f5 {

struct As3Context {
  const nlohmann::ordered_json& root;
  const JsonPositions& positions;
  Diagnostics& diagnostics;
  const nlohmann::ordered_json* adc = nullptr;
  std::string adc_pointer;
};

// Where an object sits: its tenant, application, name and JSON pointer.
struct As3Place {
  std::string tenant, app, name, pointer;
};

// A reference resolved: an object of the declaration, or a pre-existing BIG-IP object
// (`{"bigip": "/Common/x"}`) named by `bigip`.
struct As3Target {
  const nlohmann::ordered_json* object = nullptr;
  As3Place place;
  std::string bigip;
};

// A reference as AS3 writes it: "name" (a sibling in the same application), "/T/A/name",
// {"use": …} or {"bigip": "/Common/x"}. An error (naming `what`) when it points nowhere.
std::optional<As3Target> ResolveAs3(As3Context& context, const As3Place& from,
                                    const nlohmann::ordered_json& ref,
                                    const std::string& ref_pointer, const std::string& what);

// The members and monitors of the Pool `pool` (as3_pool.cpp).
void ReadAs3Pool(As3Context& context, const As3Target& pool, VirtualServer& vs);
std::vector<HealthMonitor> ReadAs3Monitors(As3Context& context, const As3Place& from,
                                           const nlohmann::ordered_json& list,
                                           const std::string& pointer);

// Appends the virtual servers of `item` when it is a service; other classes are read when a
// service refers to them.
void ReadService(As3Context& context, const As3Place& place, const nlohmann::ordered_json& item,
                 std::vector<VirtualServer>& out);

}  // namespace flowaudit::f5
