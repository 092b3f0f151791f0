#include "importers/cisco_asa/config_reader.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "importers/cisco_asa/asa_names.h"

namespace flowaudit::asa {
namespace {

// Pre-8.3 `nat (inside) 1 10.0.0.0 255.0.0.0` names one interface and a NAT id; 8.3 and later
// name a pair, `(inside,outside)`, or none.
bool IsLegacyNat(const Line& line) {
  return line.words.size() >= 2 && line.words[1].starts_with("(") &&
         line.words[1].find(',') == std::string_view::npos;
}

// Top-level commands that cannot change which packets pass (management, routing protocols,
// VPN, logging). Their lines, and the lines of their sub-modes, are counted for one note.
constexpr std::string_view kNonFiltering[] = {
    "aaa",
    "aaa-server",
    "arp",
    "asdm",
    "auth-prompt",
    "banner",
    "boot",
    "call-home",
    "class-map",
    "clock",
    "console",
    "crypto",
    "dhcpd",
    "dhcprelay",
    "dns",
    "dns-guard",
    "domain-name",
    "dynamic-access-policy-record",
    "enable",
    "failover",
    "firewall",
    "ftp",
    "group-policy",
    "http",
    "icmp",
    "ip",
    "ipv6",
    "jumbo-frame",
    "license",
    "logging",
    "mac-address",
    "management-access",
    "monitor-interface",
    "mtu",
    "no",
    "ntp",
    "pager",
    "passwd",
    "policy-map",
    "privilege",
    "prompt",
    "route",
    "router",
    "service",
    "service-policy",
    "snmp-server",
    "ssh",
    "ssl",
    "sysopt",
    "telnet",
    "terminal",
    "tftp-server",
    "threat-detection",
    "time-range",
    "timeout",
    "tunnel-group",
    "user-identity",
    "username",
    "vpdn",
    "vpn-sessiondb",
    "webvpn",
    "xlate",
    "zonelabs-integrity",
    "hpm",
    "dynamic-filter",
    "flow-export",
    "community-list",
    "prefix-list",
    "route-map",
};

bool IsNonFiltering(std::string_view word) {
  return std::find(std::begin(kNonFiltering), std::end(kNonFiltering), word) !=
         std::end(kNonFiltering);
}

enum class Block { kNone, kInterface, kNetworkObject, kServiceObject, kGroup, kIgnored };

class Reader {
 public:
  Reader(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics), resolver_(result_.config, file, diagnostics) {}

  ReadResult Run(const std::vector<Line>& lines);

 private:
  void TopLevel(const Line& line);
  void SubLine(const Line& line);
  void StartObject(const Line& line);
  void StartGroup(const Line& line);
  void InterfaceLine(const Line& line);
  void NetworkObjectLine(const Line& line);
  void GroupLine(const Line& line);
  void AccessGroup(const Line& line);
  std::optional<ServiceAtom> Service(Cursor& in, bool object_form);
  void Ignore(std::string_view command) {
    ++ignored_lines_;
    ignored_commands_.insert(std::string(command));
  }
  void Warning(std::string_view at, std::string message) {
    diagnostics_.Warning(RangeOf(file_, at), std::move(message));
  }

  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  ReadResult result_;
  Resolver resolver_;
  Block block_ = Block::kNone;
  std::string current_;  // the object, group or interface being defined
  std::string ignored_block_;
  int ignored_lines_ = 0;
  std::set<std::string> ignored_commands_;
};

ReadResult Reader::Run(const std::vector<Line>& lines) {
  for (const Line& line : lines) {
    std::string_view first = line.words[0];
    if (first[0] == '!' || first[0] == ':') continue;  // comments, ": Saved"
    if (line.indented && block_ != Block::kNone) {
      SubLine(line);
      continue;
    }
    block_ = Block::kNone;
    TopLevel(line);
  }
  for (const auto& [name, group] : result_.config.groups) {
    if (group.addresses.empty() && group.services.empty() && group.values.empty() &&
        group.references.empty() && !group.any_protocol) {
      Warning(group.name, "object-group '" + name + "' is empty: it matches nothing");
    }
  }
  if (ignored_lines_ > 0) {
    std::string list;
    for (const std::string& command : ignored_commands_) {
      list += (list.empty() ? "" : ", ") + command;
    }
    diagnostics_.Note(RangeOf(file_, std::string_view(file_->text).substr(0, 0)),
                      "ignored " + std::to_string(ignored_lines_) +
                          (ignored_lines_ == 1 ? " line that does" : " lines that do") +
                          " not affect filtering (" + list + ")");
  }
  return std::move(result_);
}

void Reader::TopLevel(const Line& line) {
  Config& config = result_.config;
  std::string_view command = line.words[0];
  if (command == "ASA" || command == "names" || command == "end" || command == "Cryptochecksum:") {
    return;  // understood: the version line, the names switch, the trailer
  }
  if (command == "hostname" && line.words.size() >= 2) {
    config.hostname = line.words[1];
  } else if (command == "name") {
    Cursor in(line, 1, resolver_);
    std::optional<std::string_view> address_text = in.Expect("an address");
    std::optional<std::string_view> name = address_text ? in.Expect("a name") : std::nullopt;
    if (!name) return;
    std::optional<IpAddress> address = ParseIpAddress(*address_text);
    if (!address) {
      in.Error(*address_text, "expected an address, got '" + std::string(*address_text) + "'");
      return;
    }
    config.names[std::string(*name)] = *address;
  } else if (command == "interface") {
    block_ = Block::kInterface;
    config.interfaces.push_back(Interface{});
  } else if (command == "object") {
    StartObject(line);
  } else if (command == "object-group") {
    StartGroup(line);
  } else if (command == "access-list") {
    result_.access_lists.push_back(line);
  } else if (command == "clear" && line.words.size() >= 3 && line.words[1] == "configure" &&
             line.words[2] == "access-list") {
    // `clear configure access-list [NAME]` (Capirca starts every ACL with it) removes the
    // entries read so far: of that ACL, or of every ACL.
    std::erase_if(result_.access_lists, [&](const Line& entry) {
      return line.words.size() < 4 || (entry.words.size() >= 2 && entry.words[1] == line.words[3]);
    });
  } else if (command == "access-group") {
    AccessGroup(line);
  } else if (command == "same-security-traffic") {
    if (line.words.size() >= 3 && line.words[1] == "permit") {
      if (line.words[2] == "inter-interface") config.same_security_inter = true;
      if (line.words[2] == "intra-interface") config.same_security_intra = true;
    }
  } else if (command == "nat" && !IsLegacyNat(line)) {
    result_.nat_lines.push_back(NatLine{line, {}});
  } else if (command == "nat" || command == "static" || command == "global") {
    config.legacy_nat_lines.push_back(line.text);
    Warning(line.text, "pre-8.3 NAT ('" + std::string(command) +
                           "') is not modelled: paths through this device are UNKNOWN");
  } else if (command == "ipv6" && line.words.size() >= 2 && line.words[1] == "access-list") {
    Warning(line.text, "'ipv6 access-list' (pre-9.0 IPv6 ACL) is not supported; ignored");
  } else if (IsNonFiltering(command)) {
    Ignore(command);
    block_ = Block::kIgnored;
  } else {
    Warning(command, "unknown command '" + std::string(command) + "'; ignored");
    block_ = Block::kIgnored;
    ignored_block_ = command;
  }
}

void Reader::SubLine(const Line& line) {
  std::string_view first = line.words[0];
  if (first == "description") return;
  switch (block_) {
    case Block::kInterface:
      InterfaceLine(line);
      break;
    case Block::kNetworkObject:
      NetworkObjectLine(line);
      break;
    case Block::kServiceObject: {
      if (first != "service") {
        Warning(first, "unknown 'object service' line '" + std::string(first) + "'; ignored");
        return;
      }
      Cursor in(line, 1, resolver_);
      if (std::optional<ServiceAtom> s = Service(in, true)) {
        result_.config.service_objects[current_].push_back(std::move(*s));
      } else {
        result_.config.service_objects[current_].push_back(
            ServiceAtom::Unknown("invalid service '" + std::string(line.text) + "'"));
      }
      break;
    }
    case Block::kGroup:
      GroupLine(line);
      break;
    case Block::kIgnored:
      if (ignored_block_.empty()) Ignore(first);  // sub-lines of unknown commands: no noise
      break;
    case Block::kNone:
      break;
  }
}

void Reader::InterfaceLine(const Line& line) {
  Interface& i = result_.config.interfaces.back();
  std::string_view first = line.words[0];
  if (first == "nameif" && line.words.size() >= 2) {
    i.nameif = line.words[1];
    i.nameif_text = line.words[1];
  } else if (first == "security-level" && line.words.size() >= 2) {
    int level = -1;
    std::string_view text = line.words[1];
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
    if (ec != std::errc() || end != text.data() + text.size() || level < 0 || level > 100) {
      resolver_.ErrorOnce(text, "security level '" + std::string(text) + "' is not 0-100");
      return;
    }
    i.security_level = level;
  } else if (first == "ip" && line.words.size() >= 3 && line.words[1] == "address") {
    i.address = ParseIpAddress(line.words[2]);
  } else {
    Ignore("interface " + std::string(first));
  }
}

void Reader::StartObject(const Line& line) {
  Cursor in(line, 1, resolver_);
  std::optional<std::string_view> kind = in.Expect("'network' or 'service'");
  std::optional<std::string_view> name = kind ? in.Expect("an object name") : std::nullopt;
  if (!name) {
    block_ = Block::kIgnored;
    return;
  }
  current_ = *name;
  if (*kind == "network") {
    block_ = Block::kNetworkObject;
    result_.config.network_objects[current_];  // a second block merges into the first
  } else if (*kind == "service") {
    block_ = Block::kServiceObject;
    result_.config.service_objects[current_];
  } else {
    Warning(*kind, "unsupported object type '" + std::string(*kind) + "'; ignored");
    block_ = Block::kIgnored;
    ignored_block_ = "object";
  }
}

void Reader::NetworkObjectLine(const Line& line) {
  std::vector<AddressAtom>& atoms = result_.config.network_objects[current_];
  std::string_view first = line.words[0];
  Cursor in(line, 1, resolver_);
  if (first == "host" || first == "subnet") {
    Cursor at(line, first == "host" ? 0 : 1, resolver_);
    if (std::optional<AddressAtom> a = at.Address(result_.config)) {
      atoms.push_back(*a);
    } else {
      atoms.push_back(AddressAtom::Unknown("invalid address '" + std::string(line.text) + "'"));
    }
  } else if (first == "range") {
    std::optional<std::string_view> lo_text = in.Expect("the first address");
    std::optional<std::string_view> hi_text =
        lo_text ? in.Expect("the last address") : std::nullopt;
    if (!hi_text) return;
    std::optional<IpAddress> lo = ParseIpAddress(*lo_text), hi = ParseIpAddress(*hi_text);
    if (!lo || !hi || lo->family != hi->family || lo->value > hi->value) {
      in.Error(*lo_text, "invalid address range '" + std::string(*lo_text) + " " +
                             std::string(*hi_text) + "'");
      atoms.push_back(AddressAtom::Unknown("invalid address range"));
      return;
    }
    for (const AddressAtom& a : RangeAtoms(*lo, *hi)) atoms.push_back(a);
  } else if (first == "fqdn") {
    std::string fqdn(line.words.back());
    atoms.push_back(AddressAtom::Unknown("fqdn " + fqdn + " is not resolved"));
  } else if (first == "nat") {
    result_.nat_lines.push_back(NatLine{line, current_});
  } else {
    Warning(first, "unknown 'object network' line '" + std::string(first) + "'; ignored");
  }
}

void Reader::StartGroup(const Line& line) {
  Cursor in(line, 1, resolver_);
  std::optional<std::string_view> kind = in.Expect("a group type");
  std::optional<std::string_view> name = kind ? in.Expect("a group name") : std::nullopt;
  if (!name) {
    block_ = Block::kIgnored;
    return;
  }
  Group group;
  group.name = *name;
  if (*kind == "network") {
    group.kind = GroupKind::kNetwork;
  } else if (*kind == "service") {
    group.kind = GroupKind::kService;
    if (!in.AtEnd()) {
      std::string_view proto = in.Take();
      group.kind = GroupKind::kPortService;
      if (proto == "tcp") {
        group.port_protocol = 6;
      } else if (proto == "udp") {
        group.port_protocol = 17;
      } else if (proto == "tcp-udp") {
        group.port_protocol = 0;
      } else {
        in.Error(proto, "expected tcp, udp or tcp-udp, got '" + std::string(proto) + "'");
      }
    }
  } else if (*kind == "protocol") {
    group.kind = GroupKind::kProtocol;
  } else if (*kind == "icmp-type") {
    group.kind = GroupKind::kIcmpType;
  } else {
    Warning(*kind, "unsupported object-group type '" + std::string(*kind) +
                       "'; ACEs using it are UNKNOWN");
    block_ = Block::kIgnored;
    ignored_block_ = "object-group";
    return;
  }
  current_ = *name;
  if (result_.config.groups.count(current_)) {
    in.Error(*name, "object-group '" + current_ + "' is defined twice");
    block_ = Block::kIgnored;
    ignored_block_ = "object-group";
    return;
  }
  result_.config.groups[current_] = std::move(group);
  block_ = Block::kGroup;
}

void Reader::GroupLine(const Line& line) {
  Group& group = result_.config.groups[current_];
  std::string_view first = line.words[0];
  Cursor in(line, 1, resolver_);
  if (first == "group-object") {
    if (std::optional<std::string_view> name = in.Expect("a group name")) {
      group.references.push_back({true, *name});
    }
    return;
  }
  auto object_reference = [&] {
    in.Take();  // "object"
    if (std::optional<std::string_view> name = in.Expect("an object name")) {
      group.references.push_back({false, *name});
    }
  };
  switch (group.kind) {
    case GroupKind::kNetwork:
      if (first != "network-object") break;
      if (in.Peek() == "object") {
        object_reference();
      } else if (std::optional<AddressAtom> a = in.Address(result_.config)) {
        group.addresses.push_back(*a);
      } else {
        group.addresses.push_back(AddressAtom::Unknown("invalid network-object"));
      }
      return;
    case GroupKind::kPortService:
      if (first != "port-object") break;
      if (std::optional<std::vector<ValueRange>> ports = in.PortOperator(group.port_protocol)) {
        group.values.insert(group.values.end(), ports->begin(), ports->end());
      }
      return;
    case GroupKind::kService:
      if (first != "service-object") break;
      if (in.Peek() == "object") {
        object_reference();
      } else if (std::optional<ServiceAtom> s = Service(in, false)) {
        group.services.push_back(std::move(*s));
      } else {
        group.services.push_back(ServiceAtom::Unknown("invalid service-object"));
      }
      return;
    case GroupKind::kProtocol:
      if (first != "protocol-object") break;
      if (std::optional<std::string_view> word = in.Expect("a protocol")) {
        bool any = false;
        std::optional<uint8_t> p = LookUpProtocol(*word, &any);
        if (any) {
          group.any_protocol = true;
        } else if (p) {
          group.values.push_back({*p, *p});
        } else {
          in.Error(*word, "unknown protocol '" + std::string(*word) + "'");
        }
      }
      return;
    case GroupKind::kIcmpType:
      if (first != "icmp-object") break;
      if (std::optional<std::string_view> word = in.Expect("an ICMP type")) {
        if (std::optional<uint8_t> t = LookUpIcmpType(*word, false)) {
          group.values.push_back({*t, *t});
        } else {
          in.Error(*word, "unknown ICMP type '" + std::string(*word) + "'");
        }
      }
      return;
  }
  in.Error(first, "unexpected '" + std::string(first) + "' in a " + GroupKindName(group.kind) +
                      " object-group");
}

// `PROTO [source OP] [destination OP]` (object service: `service PROTO …`; service-object
// also accepts the ACE-like `PROTO [OP]` meaning destination ports, and `icmp TYPE`).
std::optional<ServiceAtom> Reader::Service(Cursor& in, bool object_form) {
  std::optional<std::string_view> word = in.Expect("a protocol");
  if (!word) return std::nullopt;
  ServiceAtom s;
  uint8_t port_protocol = 0;
  if (*word == "tcp-udp") {
    s.protocols = {6, 17};
  } else {
    bool any = false;
    std::optional<uint8_t> p = LookUpProtocol(*word, &any);
    if (!p && !any) {
      in.Error(*word, "unknown protocol '" + std::string(*word) + "'");
      return std::nullopt;
    }
    s.any_protocol = any;
    if (p) {
      s.protocols = {*p};
      port_protocol = *p;
    }
  }
  bool has_ports =
      s.protocols.size() == 2 || port_protocol == 6 || port_protocol == 17 || port_protocol == 132;
  bool icmp = port_protocol == 1 || port_protocol == 58;
  (void)object_form;
  while (!in.AtEnd()) {
    std::string_view next = in.Peek();
    if (icmp && !s.icmp_type) {
      in.Take();
      s.icmp_type = LookUpIcmpType(next, port_protocol == 58);
      if (!s.icmp_type) {
        in.Error(next, "unknown ICMP type '" + std::string(next) + "'");
        return std::nullopt;
      }
      continue;
    }
    std::vector<ValueRange>* target = &s.dst_ports;
    if (has_ports && (next == "source" || next == "destination")) {
      in.Take();
      if (next == "source") target = &s.src_ports;
      next = in.Peek();
    }
    if (has_ports &&
        (next == "eq" || next == "neq" || next == "lt" || next == "gt" || next == "range")) {
      std::optional<std::vector<ValueRange>> ports = in.PortOperator(port_protocol);
      if (!ports) return std::nullopt;
      *target = std::move(*ports);
      if (target->empty()) s.protocols.clear();  // e.g. `lt 0`: no port at all
      continue;
    }
    in.Error(next.empty() ? in.EndOfLine() : next,
             next.empty() ? "expected a port operator at the end of the line"
                          : "unexpected '" + std::string(next) + "' in a service");
    return std::nullopt;
  }
  return s;
}

void Reader::AccessGroup(const Line& line) {
  Cursor in(line, 1, resolver_);
  std::optional<std::string_view> acl = in.Expect("an access-list name");
  std::optional<std::string_view> where = acl ? in.Expect("'in', 'out' or 'global'") : std::nullopt;
  if (!where) return;
  Binding binding{std::string(*acl), *acl, line.text};
  if (*where == "global") {
    result_.config.global = binding;
    return;
  }
  if (*where != "in" && *where != "out") {
    in.Error(*where, "expected 'in', 'out' or 'global', got '" + std::string(*where) + "'");
    return;
  }
  std::optional<std::string_view> keyword = in.Expect("'interface'");
  std::optional<std::string_view> nameif = keyword ? in.Expect("an interface name") : std::nullopt;
  if (!nameif) return;
  if (*keyword != "interface") {
    in.Error(*keyword, "expected 'interface', got '" + std::string(*keyword) + "'");
    return;
  }
  auto& bindings = *where == "in" ? result_.config.inbound : result_.config.outbound;
  bindings[std::string(*nameif)] = binding;
}

}  // namespace

ReadResult ReadConfig(const std::vector<Line>& lines, const SourceFilePtr& file,
                      Diagnostics& diagnostics) {
  return Reader(file, diagnostics).Run(lines);
}

}  // namespace flowaudit::asa
