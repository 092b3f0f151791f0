// AS3 Pool objects: members (servicePort with serverAddresses or servers, enable, adminState,
// priorityGroup), minimumMembersActive, and monitors (built-in names, Monitor objects with
// their targetPort, or BIG-IP monitors).
#include <set>

#include "importers/f5_bigip/addresses.h"
#include "importers/f5_bigip/as3_service.h"
#include "importers/f5_bigip/pool_members.h"

namespace flowaudit::f5 {

using json = nlohmann::ordered_json;

std::optional<As3Target> ResolveAs3(As3Context& context, const As3Place& from, const json& ref,
                                    const std::string& ref_pointer, const std::string& what) {
  std::string name, pointer = ref_pointer;
  if (ref.is_string()) {
    name = ref.get<std::string>();
  } else if (ref.is_object() && ref.contains("use") && ref["use"].is_string()) {
    name = ref["use"].get<std::string>();
    pointer = JsonPositions::Child(ref_pointer, "use");
  } else if (ref.is_object() && ref.contains("bigip") && ref["bigip"].is_string()) {
    As3Target target;
    target.bigip = ref["bigip"].get<std::string>();
    return target;
  } else {
    context.diagnostics.Error(context.positions.At(ref_pointer),
                              "expected a " + what +
                                  " reference: \"name\", {\"use\": …} or "
                                  "{\"bigip\": …}");
    return std::nullopt;
  }
  As3Place place{from.tenant, from.app, name, ""};
  if (!name.empty() && name[0] == '/') {
    // "/Tenant/Application/name"
    size_t a = name.find('/', 1), b = a == std::string::npos ? a : name.find('/', a + 1);
    if (b != std::string::npos) {
      place =
          As3Place{name.substr(1, a - 1), name.substr(a + 1, b - a - 1), name.substr(b + 1), ""};
    }
  }
  const json& adc = *context.adc;
  const json* object = nullptr;
  if (adc.contains(place.tenant) && adc[place.tenant].is_object() &&
      adc[place.tenant].contains(place.app) && adc[place.tenant][place.app].is_object() &&
      adc[place.tenant][place.app].contains(place.name)) {
    object = &adc[place.tenant][place.app][place.name];
  }
  if (!object || !object->is_object()) {
    context.diagnostics.Error(context.positions.At(pointer),
                              "no " + what + " named '" + name + "' in the declaration");
    return std::nullopt;
  }
  place.pointer = JsonPositions::Child(
      JsonPositions::Child(JsonPositions::Child(context.adc_pointer, place.tenant), place.app),
      place.name);
  std::string actual = object->value("class", "");
  if (actual != what) {
    // AS3 refuses a reference to an object of another class (or a class it does not know).
    context.diagnostics.Error(context.positions.At(JsonPositions::Child(place.pointer, "class")),
                              "'" + name + "' is a" +
                                  (actual.empty() ? "n object without class" : " " + actual) +
                                  ", not a " + what);
    return std::nullopt;
  }
  return As3Target{object, place, ""};
}

std::vector<HealthMonitor> ReadAs3Monitors(As3Context& context, const As3Place& from,
                                           const json& list, const std::string& pointer) {
  std::vector<HealthMonitor> out;
  if (!list.is_array()) {
    context.diagnostics.Error(context.positions.At(pointer), "'monitors' must be an array");
    return out;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = JsonPositions::Child(pointer, i);
    HealthMonitor m;
    m.location = context.positions.At(at);
    if (list[i].is_string()) {
      m.name = list[i].get<std::string>();
      std::optional<std::string> type = BuiltinMonitorType(m.name);
      if (!type) {
        context.diagnostics.Error(m.location, "'" + m.name +
                                                  "' is not a built-in monitor; refer to a "
                                                  "Monitor with {\"use\": …}");
        continue;
      }
      m.type = *type;
      out.push_back(m);
      continue;
    }
    std::optional<As3Target> target = ResolveAs3(context, from, list[i], at, "Monitor");
    if (!target) continue;
    if (!target->bigip.empty()) {
      m.name = target->bigip;
      std::optional<std::string> type = BuiltinMonitorType(BaseName(target->bigip));
      if (!type) {
        context.diagnostics.Warning(m.location, "BIG-IP monitor " + target->bigip +
                                                    " is outside the declaration: its type and "
                                                    "port are unknown");
      }
      m.type = type ? *type : "other";
      out.push_back(m);
      continue;
    }
    const json& mon = *target->object;
    m.name = target->place.name;
    m.location = context.positions.At(target->place.pointer);
    std::string type = mon.value("monitorType", "");
    static const std::set<std::string> types = {
        "dns",  "external", "ftp",  "gateway-icmp",  "http",       "http2",  "https",
        "icmp", "inband",   "ldap", "mysql",         "postgresql", "radius", "radius-accounting",
        "sip",  "smtp",     "tcp",  "tcp-half-open", "udp"};
    if (!types.count(type)) {
      context.diagnostics.Warning(
          context.positions.At(JsonPositions::Child(target->place.pointer, "monitorType")),
          "monitor type '" + type + "' is not an AS3 monitorType; modelled as other");
    }
    m.type = type == "tcp" || type == "tcp-half-open"                               ? "tcp"
             : type == "http" || type == "https" || type == "udp" || type == "icmp" ? type
                                                                                    : "other";
    if (mon.contains("targetPort") && mon["targetPort"].is_number_unsigned() &&
        mon["targetPort"].get<uint64_t>() <= 65535) {
      m.port = static_cast<uint16_t>(mon["targetPort"].get<uint64_t>());
    }
    out.push_back(m);
  }
  return out;
}

void ReadAs3Pool(As3Context& context, const As3Target& pool, VirtualServer& vs) {
  const json& p = *pool.object;
  const std::string& pointer = pool.place.pointer;
  if (p.value("class", "") != "Pool") {
    context.diagnostics.Error(context.positions.At(pointer),
                              "'" + pool.place.name + "' is not a Pool");
    return;
  }
  if (p.contains("monitors")) {
    vs.settings.monitors = ReadAs3Monitors(context, pool.place, p["monitors"],
                                           JsonPositions::Child(pointer, "monitors"));
  }
  int min_active = 1;  // AS3's default minimumMembersActive
  if (p.contains("minimumMembersActive") && p["minimumMembersActive"].is_number_integer()) {
    min_active = p["minimumMembersActive"].get<int>();
  }
  std::vector<int> priorities;
  const json empty = json::array();
  const json& members = p.contains("members") ? p["members"] : empty;
  std::string members_pointer = JsonPositions::Child(pointer, "members");
  if (!members.is_array()) {
    context.diagnostics.Error(context.positions.At(members_pointer), "'members' must be an array");
    return;
  }
  for (size_t i = 0; i < members.size(); ++i) {
    const json& m = members[i];
    std::string at = JsonPositions::Child(members_pointer, i);
    if (!m.is_object()) {
      context.diagnostics.Error(context.positions.At(at), "a pool member must be an object");
      continue;
    }
    std::string discovery = m.value("addressDiscovery", "static");
    if (discovery != "static") {
      context.diagnostics.Warning(
          context.positions.At(JsonPositions::Child(at, "addressDiscovery")),
          "addressDiscovery '" + discovery + "' finds members at run time: not modelled");
      continue;
    }
    if (!m.contains("servicePort") || !m["servicePort"].is_number_unsigned() ||
        m["servicePort"].get<uint64_t>() > 65535) {
      context.diagnostics.Error(
          context.positions.At(m.contains("servicePort") ? JsonPositions::Child(at, "servicePort")
                                                         : at),
          "a pool member needs a 'servicePort' from 0 to 65535");
      continue;
    }
    uint16_t port = static_cast<uint16_t>(m["servicePort"].get<uint64_t>());
    std::string admin = m.value("adminState", "enable");
    bool enabled = m.value("enable", true) && admin == "enable";
    int priority = m.contains("priorityGroup") && m["priorityGroup"].is_number_integer()
                       ? m["priorityGroup"].get<int>()
                       : 0;
    std::vector<HealthMonitor> monitors;
    if (m.contains("monitors")) {
      monitors =
          ReadAs3Monitors(context, pool.place, m["monitors"], JsonPositions::Child(at, "monitors"));
    }
    // serverAddresses: ["10.1.0.11"]; servers: [{"name": "fe01", "address": "10.1.0.11"}].
    std::vector<std::pair<std::string, std::string>> addresses;  // name, pointer
    if (m.contains("serverAddresses") && m["serverAddresses"].is_array()) {
      const json& list = m["serverAddresses"];
      for (size_t j = 0; j < list.size(); ++j) {
        std::string where = JsonPositions::Child(JsonPositions::Child(at, "serverAddresses"), j);
        addresses.push_back({list[j].is_string() ? list[j].get<std::string>() : "", where});
      }
    }
    if (m.contains("servers") && m["servers"].is_array()) {
      const json& list = m["servers"];
      for (size_t j = 0; j < list.size(); ++j) {
        std::string where = JsonPositions::Child(
            JsonPositions::Child(JsonPositions::Child(at, "servers"), j), "address");
        const json& s = list[j];
        addresses.push_back({s.is_object() && s.contains("address") && s["address"].is_string()
                                 ? s["address"].get<std::string>()
                                 : "",
                             where});
      }
    }
    for (const auto& [text, where] : addresses) {
      AddressText a = ParseAddressText(text);
      if (!a.address) {
        context.diagnostics.Error(context.positions.At(where),
                                  "'" + text + "' is not an IP address");
        continue;
      }
      PoolMember member;
      member.name = a.host;
      member.address = *a.address;
      member.port = port == 0 ? vs.port : port;
      member.location = context.positions.At(where);
      member.enabled = enabled;
      member.monitors = monitors;
      vs.members.push_back(member);
      priorities.push_back(priority);
    }
  }
  MarkPriorityBackups(vs.members, priorities, min_active);
}

}  // namespace flowaudit::f5
