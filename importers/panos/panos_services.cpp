// Services, service groups, custom applications and application groups (see panos_objects.h).
#include <algorithm>

#include "importers/panos/panos_objects.h"

namespace flowaudit::panos {

bool ServiceList::HasUnknown() const {
  return std::any_of(alternatives.begin(), alternatives.end(),
                     [](const Match& m) { return m.HasUnknown(); });
}

void ServiceList::Append(const ServiceList& other) {
  any = any || other.any;
  application_default = application_default || other.application_default;
  alternatives.insert(alternatives.end(), other.alternatives.begin(), other.alternatives.end());
}

namespace {

Match UnknownMatch(std::string reason) { return Match({Term::Unknown(std::move(reason))}); }

uint8_t PortProtocol(std::string_view name) {
  if (name == "tcp") return protocol::kTcp;
  if (name == "udp") return protocol::kUdp;
  if (name == "sctp") return protocol::kSctp;
  return 0;
}

}  // namespace

ServiceList Objects::Service(const Scope& scope, const xml::Element& member) {
  std::string_view name = member.TrimmedText();
  if (name == "any") return ServiceList{true, false, {}};
  if (name == "application-default") return ServiceList{false, true, {}};
  Found found = Find(scope, {"service", "service-group"}, name);
  if (found.entry && found.kind == "service") return ServiceObject(*found.entry);
  if (found.entry) {
    if (!Enter(*found.entry, member, "service-group")) {
      return ServiceList{false, false, {UnknownMatch("service-group cycle")}};
    }
    ServiceList group = ServiceGroup(*found.scope, *found.entry);
    if (Charge(member, group.alternatives.size(), "service-group")) return group;
    return ServiceList{false, false, {UnknownMatch(budget_.TooFar("service-group"))}};
  }
  if (std::optional<std::vector<Match>> builtin = BuiltinService(name)) {
    return ServiceList{false, false, *builtin};
  }
  std::string message = "unknown service or service-group " + Quoted(name);
  reader_.Error(member.TextOrTag(), message);
  return ServiceList{false, false, {UnknownMatch(message)}};
}

ServiceList Objects::ServiceObject(const xml::Element& entry) {
  auto cached = services_.find(&entry);
  if (cached != services_.end()) return cached->second;
  const std::string name(entry.AttributeValue("name"));
  ServiceList out;
  auto unknown = [&](const SourceRange& at, const std::string& message, bool error) {
    if (error) {
      reader_.Error(at, message);
    } else {
      reader_.Warning(at, message + "; rules using it are UNKNOWN");
    }
    out.alternatives.push_back(UnknownMatch(message));
  };
  const xml::Element* protocol_element = nullptr;
  for (const xml::Element& child : entry.children) {
    if (child.name == "description" || child.name == "tag") continue;
    if (child.name == "protocol") {
      protocol_element = &child;
    } else {
      unknown(child.name_range, "unknown element <" + child.name + "> in service " + Quoted(name),
              false);
    }
  }
  if (!protocol_element || protocol_element->children.empty()) {
    unknown(entry.location, "service " + Quoted(name) + " has no <protocol>", true);
    return services_[&entry] = out;
  }
  for (const xml::Element& proto : protocol_element->children) {
    uint8_t number = PortProtocol(proto.name);
    if (!number) {
      unknown(proto.name_range,
              "unknown protocol <" + proto.name + "> in service " + Quoted(name) +
                  " (expected tcp, udp or sctp)",
              false);
      continue;
    }
    Match match = ProtocolIs(number);
    bool has_port = false;
    for (const xml::Element& field : proto.children) {
      if (field.name == "override") continue;  // session timeouts: no effect on matching
      if (field.name != "port" && field.name != "source-port") {
        unknown(field.name_range, "unknown element <" + field.name + "> in service " + Quoted(name),
                false);
        continue;
      }
      has_port = has_port || field.name == "port";
      std::string error;
      std::optional<std::vector<ValueRange>> ports = ParsePorts(field.TrimmedText(), &error);
      if (!ports) {
        unknown(field.TextOrTag(),
                "invalid <" + field.name + "> in service " + Quoted(name) + ": " + error, true);
        continue;
      }
      match.Add(Term::FieldIn(field.name == "port" ? Field::kDstPort : Field::kSrcPort, *ports));
    }
    if (!has_port) {
      unknown(proto.location, "service " + Quoted(name) + " has no destination <port>", true);
      continue;
    }
    out.alternatives.push_back(std::move(match));
  }
  return services_[&entry] = out;
}

ServiceList Objects::ServiceGroup(const Scope& where, const xml::Element& entry) {
  auto cached = services_.find(&entry);
  if (cached != services_.end()) return cached->second;
  if (budget_.Exhausted()) return ServiceList{};  // the caller makes it UNKNOWN
  const std::string name(entry.AttributeValue("name"));
  path_.push_back(&entry);
  ServiceList out;
  const xml::Element* members = entry.Child("members");
  if (!members) {
    std::string message = "service-group " + Quoted(name) + " has no <members>";
    reader_.Error(entry.location, message);
    out.alternatives.push_back(UnknownMatch(message));
  } else {
    for (const xml::Element* member : reader_.Members(*members, "service-group " + Quoted(name))) {
      out.Append(Service(where, *member));
    }
  }
  for (const xml::Element& child : entry.children) {
    if (child.name != "members" && child.name != "tag" && child.name != "description") {
      reader_.Warning(child.name_range, "unknown element <" + child.name + "> in service-group " +
                                            Quoted(name) + " (ignored)");
    }
  }
  path_.pop_back();
  return services_[&entry] = out;
}

ApplicationList Objects::Application(const Scope& scope, const xml::Element& member) {
  std::string_view name = member.TrimmedText();
  if (name == "any") return ApplicationList{true, {}, {}};
  Found found = Find(scope, {"application", "application-group", "application-filter"}, name);
  if (found.kind == "application")
    return ApplicationList{false, {CustomApplication(*found.entry)}, {}};
  if (found.kind == "application-filter") {
    return ApplicationList{false, {}, {"application-filter " + Quoted(name)}};
  }
  if (found.entry) {
    if (!Enter(*found.entry, member, "application-group")) {
      return ApplicationList{false, {}, {"application-group cycle"}};
    }
    ApplicationList group = ApplicationGroup(*found.scope, *found.entry);
    if (Charge(member, group.applications.size() + group.unresolved.size(), "application-group")) {
      return group;
    }
    return ApplicationList{false, {}, {budget_.TooFar("application-group")}};
  }
  if (std::optional<ApplicationShape> builtin = BuiltinApplication(name)) {
    return ApplicationList{false, {*builtin}, {}};
  }
  // One of App-ID's thousands of applications: flowaudit knows nothing of its shape.
  return ApplicationList{false, {ApplicationShape{std::string(name), {}, {}}}, {}};
}

// A custom application's shape comes from its <default>: identified by IP protocol or ICMP
// type (exact shape), or standard ports (for application-default only).
ApplicationShape Objects::CustomApplication(const xml::Element& entry) {
  ApplicationShape shape{std::string(entry.AttributeValue("name")), {}, {}};
  const xml::Element* defaults = entry.Child("default");
  if (!defaults) return shape;
  for (const xml::Element& child : defaults->children) {
    if (child.name == "ident-by-ip-protocol") {
      std::string error;
      std::optional<std::vector<ValueRange>> number = ParsePorts(child.TrimmedText(), &error);
      if (!number || number->size() != 1 || number->front().lo != number->front().hi ||
          number->front().lo > 255) {
        reader_.Error(child.TextOrTag(), "expected an IP protocol number in <" + child.name + ">");
        continue;
      }
      shape.envelope = std::vector<Match>{ProtocolIs(static_cast<uint8_t>(number->front().lo))};
    } else if (child.name == "ident-by-icmp-type" || child.name == "ident-by-icmp6-type") {
      const uint8_t proto =
          child.name == "ident-by-icmp-type" ? protocol::kIcmp : protocol::kIcmpv6;
      const xml::Element* type = child.Child("type");
      const xml::Element* code = child.Child("code");
      std::string error;
      auto number = [&](const xml::Element* e) -> std::optional<uint8_t> {
        std::optional<std::vector<ValueRange>> v =
            e ? ParsePorts(e->TrimmedText(), &error) : std::nullopt;
        if (!v || v->size() != 1 || v->front().lo != v->front().hi || v->front().lo > 255) {
          return std::nullopt;
        }
        return static_cast<uint8_t>(v->front().lo);
      };
      std::optional<uint8_t> t = number(type);
      std::optional<uint8_t> c = code ? number(code) : std::nullopt;
      if (!t || (code && !c)) {
        reader_.Error(
            child.location,
            "expected an ICMP <type> (and optional <code>) of 0-255 in <" + child.name + ">");
        continue;
      }
      shape.envelope = std::vector<Match>{IcmpTypeOf(proto, *t, c)};
    } else if (child.name == "port") {
      std::vector<Match> ports;
      for (const xml::Element* member :
           reader_.Members(child, "application " + Quoted(shape.name))) {
        std::string_view text = member->TrimmedText();
        size_t slash = text.find('/');
        uint8_t proto = PortProtocol(text.substr(0, slash));
        std::string error;
        std::optional<std::vector<ValueRange>> list =
            slash == std::string_view::npos ? std::nullopt
                                            : ParsePorts(text.substr(slash + 1), &error);
        if (!proto || !list) {
          reader_.Warning(member->TextOrTag(), "unsupported default port " + Quoted(text) +
                                                   " of application " + Quoted(shape.name) +
                                                   " (expected tcp/PORTS or udp/PORTS)");
          continue;
        }
        ports.push_back(PortsOf(proto, *list));
      }
      if (!ports.empty()) shape.default_ports = ports;
    }
  }
  if (shape.envelope && !shape.default_ports) shape.default_ports = shape.envelope;
  return shape;
}

ApplicationList Objects::ApplicationGroup(const Scope& where, const xml::Element& entry) {
  auto cached = applications_.find(&entry);
  if (cached != applications_.end()) return cached->second;
  if (budget_.Exhausted()) return ApplicationList{};  // the caller makes it UNKNOWN
  const std::string name(entry.AttributeValue("name"));
  path_.push_back(&entry);
  ApplicationList out;
  // PAN-OS 8 and later list members in <members>; older versions directly in the entry.
  const xml::Element* members = entry.Child("members");
  const xml::Element& list = members ? *members : entry;
  for (const xml::Element* member : reader_.Members(list, "application-group " + Quoted(name))) {
    ApplicationList part = Application(where, *member);
    out.any = out.any || part.any;
    out.applications.insert(out.applications.end(), part.applications.begin(),
                            part.applications.end());
    out.unresolved.insert(out.unresolved.end(), part.unresolved.begin(), part.unresolved.end());
  }
  path_.pop_back();
  return applications_[&entry] = out;
}

}  // namespace flowaudit::panos
