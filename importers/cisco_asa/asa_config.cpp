#include "importers/cisco_asa/asa_config.h"

#include <algorithm>

#include "importers/common/nesting.h"

namespace flowaudit::asa {

Match AddressAtom::ToMatch(Field field) const {
  if (!unknown.empty()) return Match({Term::Unknown(unknown)});
  Match match({Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0)});
  const int bits = AddressBits(family);
  const uint128 all = bits == 128 ? ~uint128(0) : (uint128(1) << bits) - 1;
  const uint128 host_bits = all & ~mask;
  // A contiguous mask is a range (cheaper and printable); anything else stays value/mask.
  if (((host_bits + 1) & host_bits) == 0) {
    if (mask != 0) match.Add(Term::FieldIn(field, {{value & mask, (value & mask) | host_bits}}));
  } else {
    match.Add(Term::Masked(field, value & mask, mask));
  }
  return match;
}

Match ServiceAtom::ToMatch() const {
  if (!unknown.empty()) return Match({Term::Unknown(unknown)});
  Match match;
  if (!any_protocol) {
    std::vector<ValueRange> ranges;
    for (uint8_t p : protocols) ranges.push_back({p, p});
    match.Add(Term::FieldIn(Field::kProtocol, std::move(ranges)));
  }
  if (!src_ports.empty()) match.Add(Term::FieldIn(Field::kSrcPort, src_ports));
  if (!dst_ports.empty()) match.Add(Term::FieldIn(Field::kDstPort, dst_ports));
  if (icmp_type) match.Add(Term::FieldIs(Field::kIcmpType, *icmp_type));
  return match;
}

const char* GroupKindName(GroupKind kind) {
  switch (kind) {
    case GroupKind::kNetwork:
      return "network";
    case GroupKind::kService:
    case GroupKind::kPortService:
      return "service";
    case GroupKind::kProtocol:
      return "protocol";
    case GroupKind::kIcmpType:
      return "icmp-type";
  }
  return "?";
}

const Interface* Config::FindInterface(std::string_view nameif) const {
  for (const Interface& i : interfaces) {
    if (!i.nameif.empty() && i.nameif == nameif) return &i;
  }
  return nullptr;
}

void Resolver::ErrorOnce(std::string_view at, std::string message) {
  if (!reported_.insert({at.data(), message}).second) return;
  diagnostics_.Error(RangeOf(file_, at), std::move(message));
}

void Resolver::WarningOnce(std::string_view at, std::string message) {
  if (!reported_.insert({at.data(), message}).second) return;
  diagnostics_.Warning(RangeOf(file_, at), std::move(message));
}

std::vector<AddressAtom> Resolver::NetworkObject(std::string_view name) {
  auto it = config_.network_objects.find(std::string(name));
  if (it != config_.network_objects.end()) return it->second;
  std::string message = "unknown network object '" + std::string(name) + "'";
  ErrorOnce(name, message);
  return {AddressAtom::Unknown(message)};
}

std::vector<ServiceAtom> Resolver::ServiceObject(std::string_view name) {
  auto it = config_.service_objects.find(std::string(name));
  if (it != config_.service_objects.end()) return it->second;
  std::string message = "unknown service object '" + std::string(name) + "'";
  ErrorOnce(name, message);
  return {ServiceAtom::Unknown(message)};
}

std::optional<Group> Resolver::Flatten(std::string_view name, GroupKind kind) {
  auto it = config_.groups.find(std::string(name));
  if (it == config_.groups.end()) return std::nullopt;
  const Group& group = it->second;
  bool service_kinds = (kind == GroupKind::kService || kind == GroupKind::kPortService) &&
                       (group.kind == GroupKind::kService || group.kind == GroupKind::kPortService);
  if (group.kind != kind && !service_kinds) return std::nullopt;
  // Each group is flattened once: ACEs naming it share the result (and the expansion budget
  // counts the flattening, not how many ACEs use it).
  auto cached = flattened_.find(&group);
  if (cached != flattened_.end()) return cached->second;
  Group out;
  out.kind = group.kind;
  out.port_protocol = group.port_protocol;
  out.name = group.name;
  std::vector<std::string> path{std::string(name)};
  if (SpendOn(group, name, out)) FlattenInto(group, out, path);
  return flattened_[&group] = out;
}

namespace {

void MarkUnknown(Group& out, const std::string& reason) {
  out.addresses.push_back(AddressAtom::Unknown(reason));
  out.services.push_back(ServiceAtom::Unknown(reason));
  if (out.unknown.empty()) out.unknown = reason;
}

}  // namespace

bool Resolver::SpendOn(const Group& group, std::string_view at, Group& out) {
  size_t members = 1 + group.addresses.size() + group.services.size() + group.values.size() +
                   group.references.size();
  if (budget_.Spend(members, [&] { ErrorOnce(at, budget_.TooFar("object-group")); })) {
    return true;
  }
  MarkUnknown(out, budget_.TooFar("object-group"));
  return false;
}

void Resolver::FlattenInto(const Group& group, Group& out, std::vector<std::string>& path) {
  out.addresses.insert(out.addresses.end(), group.addresses.begin(), group.addresses.end());
  out.services.insert(out.services.end(), group.services.begin(), group.services.end());
  out.values.insert(out.values.end(), group.values.begin(), group.values.end());
  out.any_protocol = out.any_protocol || group.any_protocol;
  for (const Reference& ref : group.references) {
    if (!ref.is_group) {
      if (group.kind == GroupKind::kNetwork) {
        for (AddressAtom& a : NetworkObject(ref.name)) out.addresses.push_back(std::move(a));
      } else {
        for (ServiceAtom& s : ServiceObject(ref.name)) out.services.push_back(std::move(s));
      }
      continue;
    }
    std::string name(ref.name);
    if (std::find(path.begin(), path.end(), name) != path.end()) {
      std::string cycle;
      for (const std::string& step : path) cycle += step + " -> ";
      ErrorOnce(ref.name, "object-group cycle: " + cycle + name);
      MarkUnknown(out, "object-group cycle");
      continue;
    }
    auto it = config_.groups.find(name);
    if (it == config_.groups.end()) {
      std::string message = "unknown object-group '" + name + "'";
      ErrorOnce(ref.name, message);
      MarkUnknown(out, message);
      continue;
    }
    if (it->second.kind != group.kind) {
      std::string message = "object-group '" + name + "' is a " + GroupKindName(it->second.kind) +
                            " group, not a " + GroupKindName(group.kind) + " group";
      ErrorOnce(ref.name, message);
      MarkUnknown(out, message);
      continue;
    }
    if (path.size() >= kMaxGroupNesting) {
      ErrorOnce(ref.name, GroupsNestedTooDeep("object-group"));
      MarkUnknown(out, GroupsNestedTooDeep("object-group"));
      continue;
    }
    if (!SpendOn(it->second, ref.name, out)) return;
    path.push_back(name);
    FlattenInto(it->second, out, path);
    path.pop_back();
  }
}

}  // namespace flowaudit::asa
