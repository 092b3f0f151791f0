#include "src/diff/device_diff.h"

#include <map>
#include <set>

namespace flowaudit {
namespace {

const char* ModeName(VirtualServer::Mode mode) {
  switch (mode) {
    case VirtualServer::Mode::kForward:
      return "forward";
    case VirtualServer::Mode::kRedirect:
      return "redirect";
    case VirtualServer::Mode::kReject:
      return "reject";
    case VirtualServer::Mode::kRespond:
      return "respond";
    case VirtualServer::Mode::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string ProtocolName(uint8_t protocol) {
  if (protocol == 6) return "tcp";
  if (protocol == 17) return "udp";
  return std::to_string(protocol);
}

// What a reviewer needs to see change: the mode, where traffic goes and how it is kept.
std::string Describe(const VirtualServer& vs) {
  std::string out = ModeName(vs.mode);
  if (vs.mode == VirtualServer::Mode::kForward) {
    out += " to";
    std::vector<const PoolMember*> active = vs.ActiveMembers();
    if (active.empty()) out += " no member";
    for (const PoolMember* m : active) out += " " + EndpointText(m->address, m->port);
    if (vs.source_translation != SourceTranslation::kNone) {
      out += ", snat " + std::string(SourceTranslationName(vs.source_translation));
      if (vs.source_nat) out += " " + vs.source_nat->ToString();
    }
  } else if (vs.mode == VirtualServer::Mode::kRedirect) {
    out += " " + std::to_string(vs.redirect_status) + " " + vs.redirect_location;
  } else if (vs.mode == VirtualServer::Mode::kUnknown) {
    out += " (" + vs.unknown_reason + ")";
  }
  if (vs.settings.described) {
    out += ", persistence " + std::string(PersistenceName(vs.settings.persistence));
    if (vs.settings.idle_timeout_s) {
      out += ", idle timeout " + std::to_string(*vs.settings.idle_timeout_s) + " s";
    }
  }
  return out;
}

Location LocationOf(const SourceRange& where) {
  Location at;
  if (!where.IsValid()) return at;
  at.file = where.file->name;
  at.line = where.Start().line;
  at.column = where.Start().column;
  return at;
}

std::map<std::string, const VirtualServer*> ByEndpoint(const Device& device) {
  std::map<std::string, const VirtualServer*> out;
  for (const VirtualServer& vs : device.virtual_servers) {
    out.emplace(ProtocolName(vs.protocol) + " " + vs.Endpoint(), &vs);
  }
  return out;
}

void DiffListeners(const std::string& device, const Device& before, const Device& after,
                   DiffResult& out) {
  auto b = ByEndpoint(before), a = ByEndpoint(after);
  std::set<std::string> endpoints;
  for (const auto& [key, vs] : b) endpoints.insert(key);
  for (const auto& [key, vs] : a) endpoints.insert(key);
  for (const std::string& endpoint : endpoints) {
    auto ib = b.find(endpoint), ia = a.find(endpoint);
    ListenerChange c;
    c.device = device;
    c.endpoint = endpoint;
    if (ib != b.end()) {
      c.before = Describe(*ib->second);
      c.before_at = LocationOf(ib->second->location);
    }
    if (ia != a.end()) {
      c.after = Describe(*ia->second);
      c.after_at = LocationOf(ia->second->location);
    }
    if (c.before == c.after) continue;
    c.change = ib == b.end() ? "added" : ia == a.end() ? "removed" : "changed";
    out.listeners.push_back(std::move(c));
  }
}

// Filters worth comparing on their own: not a second name of another (iptables "FORWARD" and
// "filter/FORWARD"), and not a user chain that another filter reaches (its changes show there).
std::vector<std::string> FiltersToCompare(const Device& before, const Device& after) {
  std::set<std::string> names;
  for (const auto& [filter, f] : before.filters) names.insert(filter);
  for (const auto& [filter, f] : after.filters) names.insert(filter);
  std::vector<std::string> out;
  std::set<std::pair<const RuleSet*, std::string>> seen;
  for (const std::string& name : names) {
    const Device& device = after.filters.count(name) ? after : before;
    const Filter& filter = device.filters.at(name);
    if (!filter.IsValid()) {  // reported as unknown by DiffDevice
      out.push_back(name);
      continue;
    }
    const std::string& entry = filter.entry().name;
    if (!seen.insert({&filter.rules(), entry}).second) continue;
    bool reached = false;
    for (const auto& [other_name, other] : device.filters) {
      if (other_name == name || !other.IsValid() || &other.rules() != &filter.rules() ||
          other.entry().name == entry) {
        continue;
      }
      reached = reached || ReachableChains(other).count(entry) > 0;
    }
    if (!reached) out.push_back(name);
  }
  return out;
}

}  // namespace

void DiffDevice(const std::string& name, const Device& before, const Device& after,
                const FilterDiffOptions& options, DiffResult& out) {
  for (const std::string& filter : FiltersToCompare(before, after)) {
    auto ib = before.filters.find(filter), ia = after.filters.find(filter);
    if (ib == before.filters.end() || ia == after.filters.end()) {
      FilterDiff d;
      d.device = name;
      d.filter = filter;
      d.status = ib == before.filters.end() ? "added" : "removed";
      out.filters.push_back(std::move(d));
      continue;
    }
    if (!ib->second.IsValid() || !ia->second.IsValid()) {
      FilterDiff d;
      d.device = name;
      d.filter = filter;
      d.status = "unknown";
      d.note = "its entry chain is missing on one side: its packets were not compared";
      out.filters.push_back(std::move(d));
      continue;
    }
    out.filters.push_back(DiffFilter(name, filter, ib->second, ia->second, options));
  }
  DiffListeners(name, before, after, out);
}

}  // namespace flowaudit
