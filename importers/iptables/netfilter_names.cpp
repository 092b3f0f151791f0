#include "importers/iptables/netfilter_names.h"

#include <strings.h>

#include <array>

namespace flowaudit::iptables {
namespace {

// True when `text` is a case-insensitive prefix of `name` (iptables' strncasecmp idiom).
bool IsPrefixOf(std::string_view text, std::string_view name) {
  return !text.empty() && text.size() <= name.size() &&
         strncasecmp(text.data(), name.data(), text.size()) == 0;
}

struct NamedNumber {
  std::string_view name;
  uint8_t number;
};

// /etc/protocols of Debian 12 (netbase 6.4) plus the names iptables knows itself.
constexpr NamedNumber kProtocols[] = {
    {"all", 0},          {"ip", 0},
    {"hopopt", 0},       {"icmp", 1},
    {"igmp", 2},         {"ggp", 3},
    {"ipencap", 4},      {"st", 5},
    {"tcp", 6},          {"egp", 8},
    {"igp", 9},          {"pup", 12},
    {"udp", 17},         {"hmp", 20},
    {"xns-idp", 22},     {"rdp", 27},
    {"iso-tp4", 29},     {"dccp", 33},
    {"xtp", 36},         {"ddp", 37},
    {"idpr-cmtp", 38},   {"ipv6", 41},
    {"ipv6-route", 43},  {"ipv6-frag", 44},
    {"idrp", 45},        {"rsvp", 46},
    {"gre", 47},         {"esp", 50},
    {"ah", 51},          {"skip", 57},
    {"ipv6-icmp", 58},   {"icmpv6", 58},
    {"ipv6-nonxt", 59},  {"ipv6-opts", 60},
    {"rspf", 73},        {"vmtp", 81},
    {"eigrp", 88},       {"ospf", 89},
    {"ax.25", 93},       {"ipip", 94},
    {"etherip", 97},     {"encap", 98},
    {"pim", 103},        {"ipcomp", 108},
    {"vrrp", 112},       {"l2tp", 115},
    {"isis", 124},       {"sctp", 132},
    {"fc", 133},         {"mobility-header", 135},
    {"mh", 135},         {"udplite", 136},
    {"mpls-in-ip", 137}, {"manet", 138},
    {"hip", 139},        {"shim6", 140},
    {"wesp", 141},       {"rohc", 142},
    {"ethernet", 143},
};

enum : uint8_t { kTcp = 1, kUdp = 2 };

struct Service {
  std::string_view name;
  uint16_t port;
  uint8_t protocols;
};

// Names and aliases from Debian 12's /etc/services (netbase 6.4) for common services.
constexpr Service kServices[] = {
    {"amqp", 5672, kTcp},
    {"amqps", 5671, kTcp},
    {"auth", 113, kTcp},
    {"bgp", 179, kTcp},
    {"bootpc", 68, kUdp},
    {"bootps", 67, kUdp},
    {"chargen", 19, kTcp | kUdp},
    {"daytime", 13, kTcp | kUdp},
    {"dhcpv6-client", 546, kUdp},
    {"dhcpv6-server", 547, kUdp},
    {"discard", 9, kTcp | kUdp},
    {"domain", 53, kTcp | kUdp},
    {"domain-s", 853, kTcp | kUdp},
    {"echo", 7, kTcp | kUdp},
    {"epmap", 135, kTcp},
    {"finger", 79, kTcp},
    {"ftp", 21, kTcp},
    {"ftp-data", 20, kTcp},
    {"ftps", 990, kTcp},
    {"ftps-data", 989, kTcp},
    {"git", 9418, kTcp},
    {"gopher", 70, kTcp},
    {"http", 80, kTcp},
    {"http-alt", 8080, kTcp},
    {"https", 443, kTcp | kUdp},
    {"ident", 113, kTcp},
    {"imap", 143, kTcp},
    {"imap2", 143, kTcp},
    {"imaps", 993, kTcp},
    {"ipp", 631, kTcp},
    {"ipsec-nat-t", 4500, kUdp},
    {"isakmp", 500, kUdp},
    {"iscsi-target", 3260, kTcp},
    {"kerberos", 88, kTcp | kUdp},
    {"kerberos-adm", 749, kTcp},
    {"kpasswd", 464, kTcp | kUdp},
    {"l2tp", 1701, kUdp},
    {"ldap", 389, kTcp | kUdp},
    {"ldaps", 636, kTcp | kUdp},
    {"login", 513, kTcp},
    {"microsoft-ds", 445, kTcp},
    {"ms-sql-m", 1434, kUdp},
    {"ms-sql-s", 1433, kTcp},
    {"ms-wbt-server", 3389, kTcp},
    {"mysql", 3306, kTcp},
    {"netbios-dgm", 138, kUdp},
    {"netbios-ns", 137, kUdp},
    {"netbios-ssn", 139, kTcp},
    {"nfs", 2049, kTcp | kUdp},
    {"nntp", 119, kTcp},
    {"ntp", 123, kUdp},
    {"openvpn", 1194, kTcp | kUdp},
    {"pop3", 110, kTcp},
    {"pop3s", 995, kTcp},
    {"postgresql", 5432, kTcp},
    {"printer", 515, kTcp},
    {"radius", 1812, kTcp | kUdp},
    {"radius-acct", 1813, kTcp | kUdp},
    {"rsync", 873, kTcp},
    {"rtsp", 554, kTcp | kUdp},
    {"shell", 514, kTcp},
    {"sip", 5060, kTcp | kUdp},
    {"sip-tls", 5061, kTcp | kUdp},
    {"smtp", 25, kTcp},
    {"smtps", 465, kTcp},
    {"snmp", 161, kTcp | kUdp},
    {"snmp-trap", 162, kTcp | kUdp},
    {"socks", 1080, kTcp},
    {"ssh", 22, kTcp},
    {"submission", 587, kTcp},
    {"submissions", 465, kTcp},
    {"sunrpc", 111, kTcp | kUdp},
    {"svn", 3690, kTcp},
    {"syslog", 514, kUdp},
    {"tacacs", 49, kTcp | kUdp},
    {"telnet", 23, kTcp},
    {"tftp", 69, kUdp},
    {"time", 37, kTcp | kUdp},
    {"webcache", 8080, kTcp},
    {"whois", 43, kTcp},
    {"www", 80, kTcp},
    {"x11", 6000, kTcp},
    {"xdmcp", 177, kUdp},
    {"xmpp-client", 5222, kTcp},
    {"xmpp-server", 5269, kTcp},
    {"zabbix-agent", 10050, kTcp},
    {"zabbix-trapper", 10051, kTcp},
};

struct IcmpName {
  std::string_view name;
  uint8_t type;
  uint8_t code_min;
  uint8_t code_max;
};

// iptables 1.8.9 extensions/libxt_icmp.h, in its order (the order decides ambiguity errors).
constexpr IcmpName kIcmpNames[] = {
    {"any", 0xFF, 0, 0xFF},
    {"echo-reply", 0, 0, 0xFF},
    {"pong", 0, 0, 0xFF},
    {"destination-unreachable", 3, 0, 0xFF},
    {"network-unreachable", 3, 0, 0},
    {"host-unreachable", 3, 1, 1},
    {"protocol-unreachable", 3, 2, 2},
    {"port-unreachable", 3, 3, 3},
    {"fragmentation-needed", 3, 4, 4},
    {"source-route-failed", 3, 5, 5},
    {"network-unknown", 3, 6, 6},
    {"host-unknown", 3, 7, 7},
    {"network-prohibited", 3, 9, 9},
    {"host-prohibited", 3, 10, 10},
    {"TOS-network-unreachable", 3, 11, 11},
    {"TOS-host-unreachable", 3, 12, 12},
    {"communication-prohibited", 3, 13, 13},
    {"host-precedence-violation", 3, 14, 14},
    {"precedence-cutoff", 3, 15, 15},
    {"source-quench", 4, 0, 0xFF},
    {"redirect", 5, 0, 0xFF},
    {"network-redirect", 5, 0, 0},
    {"host-redirect", 5, 1, 1},
    {"TOS-network-redirect", 5, 2, 2},
    {"TOS-host-redirect", 5, 3, 3},
    {"echo-request", 8, 0, 0xFF},
    {"ping", 8, 0, 0xFF},
    {"router-advertisement", 9, 0, 0xFF},
    {"router-solicitation", 10, 0, 0xFF},
    {"time-exceeded", 11, 0, 0xFF},
    {"ttl-exceeded", 11, 0, 0xFF},
    {"ttl-zero-during-transit", 11, 0, 0},
    {"ttl-zero-during-reassembly", 11, 1, 1},
    {"parameter-problem", 12, 0, 0xFF},
    {"ip-header-bad", 12, 0, 0},
    {"required-option-missing", 12, 1, 1},
    {"timestamp-request", 13, 0, 0xFF},
    {"timestamp-reply", 14, 0, 0xFF},
    {"address-mask-request", 17, 0, 0xFF},
    {"address-mask-reply", 18, 0, 0xFF},
};

// ip6tables has no "any".
constexpr IcmpName kIcmpv6Names[] = {
    {"destination-unreachable", 1, 0, 0xFF},
    {"no-route", 1, 0, 0},
    {"communication-prohibited", 1, 1, 1},
    {"beyond-scope", 1, 2, 2},
    {"address-unreachable", 1, 3, 3},
    {"port-unreachable", 1, 4, 4},
    {"failed-policy", 1, 5, 5},
    {"reject-route", 1, 6, 6},
    {"packet-too-big", 2, 0, 0xFF},
    {"time-exceeded", 3, 0, 0xFF},
    {"ttl-exceeded", 3, 0, 0xFF},
    {"ttl-zero-during-transit", 3, 0, 0},
    {"ttl-zero-during-reassembly", 3, 1, 1},
    {"parameter-problem", 4, 0, 0xFF},
    {"bad-header", 4, 0, 0},
    {"unknown-header-type", 4, 1, 1},
    {"unknown-option", 4, 2, 2},
    {"echo-request", 128, 0, 0xFF},
    {"ping", 128, 0, 0xFF},
    {"echo-reply", 129, 0, 0xFF},
    {"pong", 129, 0, 0xFF},
    {"router-solicitation", 133, 0, 0xFF},
    {"router-advertisement", 134, 0, 0xFF},
    {"neighbour-solicitation", 135, 0, 0xFF},
    {"neighbor-solicitation", 135, 0, 0xFF},
    {"neighbour-advertisement", 136, 0, 0xFF},
    {"neighbor-advertisement", 136, 0, 0xFF},
    {"redirect", 137, 0, 0xFF},
};

struct RejectName {
  std::string_view name;
  std::string_view alias;
};

// libipt_REJECT.c / libip6t_REJECT.c, in their order.
constexpr RejectName kRejectV4[] = {
    {"icmp-net-unreachable", "net-unreach"},
    {"icmp-host-unreachable", "host-unreach"},
    {"icmp-proto-unreachable", "proto-unreach"},
    {"icmp-port-unreachable", "port-unreach"},
    {"icmp-net-prohibited", "net-prohib"},
    {"icmp-host-prohibited", "host-prohib"},
    {"tcp-reset", "tcp-rst"},
    {"icmp-admin-prohibited", "admin-prohib"},
};
constexpr RejectName kRejectV6[] = {
    {"icmp6-no-route", "no-route"},
    {"icmp6-adm-prohibited", "adm-prohibited"},
    {"icmp6-addr-unreachable", "addr-unreach"},
    {"icmp6-port-unreachable", "port-unreach"},
    {"tcp-reset", "tcp-reset"},
    {"icmp6-policy-fail", "policy-fail"},
    {"icmp6-reject-route", "reject-route"},
};

constexpr std::string_view kNonTerminalTargets[] = {
    "AUDIT", "CHECKSUM", "CLASSIFY", "CONNMARK",  "CONNSECMARK", "CT",     "DSCP",
    "ECN",   "HL",       "HMARK",    "IDLETIMER", "LED",         "LOG",    "MARK",
    "NFLOG", "NOTRACK",  "RATEEST",  "SECMARK",   "SET",         "TCPMSS", "TCPOPTSTRIP",
    "TEE",   "TOS",      "TRACE",    "TTL",       "ULOG",
};

constexpr std::string_view kUnsupportedTargets[] = {
    "CLUSTERIP", "DNPT",   "NETMAP", "NFQUEUE", "QUEUE",  "SNPT",
    "SYNPROXY",  "TPROXY", "TARPIT", "MIRROR",  "DELUDE", "CHAOS",
};

template <typename List>
bool Contains(const List& list, std::string_view name) {
  for (std::string_view entry : list) {
    if (entry == name) return true;
  }
  return false;
}

}  // namespace

std::optional<uint64_t> ParseNumber(std::string_view text, uint64_t max) {
  int base = 10;
  size_t i = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    i = 2;
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    i = 1;
  }
  if (i >= text.size()) return std::nullopt;
  uint64_t value = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (digit >= base) return std::nullopt;
    value = value * base + digit;
    if (value > max) return std::nullopt;
  }
  return value;
}

std::optional<uint8_t> LookupProtocol(std::string_view name) {
  for (const NamedNumber& p : kProtocols) {
    if (p.name == name) return p.number;
  }
  return std::nullopt;
}

ServiceLookup LookupService(std::string_view name, uint8_t ip_protocol) {
  // iptables asks getservbyname with the rule's protocol; Debian's /etc/services lists
  // these names for tcp and udp only, so sctp, dccp and udplite rules must use numbers.
  uint8_t wanted = ip_protocol == 6 ? kTcp : ip_protocol == 17 ? kUdp : 0;
  ServiceLookup result;
  for (const Service& s : kServices) {
    if (s.name != name) continue;
    if (s.protocols & wanted) {
      result.port = s.port;
      return result;
    }
    result.other_protocol_only = true;
  }
  return result;
}

std::optional<IcmpTypeMatch> ParseIcmpType(std::string_view text, Family family,
                                           std::string* error) {
  const bool v4 = family == Family::kIpv4;
  const char* kind = v4 ? "ICMP" : "ICMPv6";
  const IcmpName* names = v4 ? kIcmpNames : kIcmpv6Names;
  size_t count = v4 ? std::size(kIcmpNames) : std::size(kIcmpv6Names);
  const IcmpName* found = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (!IsPrefixOf(text, names[i].name)) continue;
    if (found) {
      *error = "ambiguous " + std::string(kind) + " type '" + std::string(text) + "': '" +
               std::string(found->name) + "' or '" + std::string(names[i].name) + "'?";
      return std::nullopt;
    }
    found = &names[i];
  }
  if (found) {
    IcmpTypeMatch m;
    m.any = v4 && found->type == 0xFF;
    m.type = found->type;
    m.code_min = found->code_min;
    m.code_max = found->code_max;
    return m;
  }
  size_t slash = text.find('/');
  std::optional<uint64_t> type = ParseNumber(text.substr(0, slash), 0xFF);
  if (!type) {
    *error = "unknown " + std::string(kind) + " type '" + std::string(text) + "'";
    return std::nullopt;
  }
  IcmpTypeMatch m;
  m.type = static_cast<uint8_t>(*type);
  // The IPv4 kernel match treats type 255 as "any"; the IPv6 one has no such case.
  m.any = v4 && m.type == 0xFF;
  if (slash != std::string_view::npos) {
    std::optional<uint64_t> code = ParseNumber(text.substr(slash + 1), 0xFF);
    if (!code) {
      *error =
          "unknown " + std::string(kind) + " code '" + std::string(text.substr(slash + 1)) + "'";
      return std::nullopt;
    }
    m.code_min = m.code_max = static_cast<uint8_t>(*code);
  }
  return m;
}

std::optional<std::string_view> LookupRejectWith(std::string_view text, Family family) {
  auto search = [&](const auto& table) -> std::optional<std::string_view> {
    for (const RejectName& r : table) {
      if (IsPrefixOf(text, r.name) || IsPrefixOf(text, r.alias)) return r.name;
    }
    return std::nullopt;
  };
  return family == Family::kIpv4 ? search(kRejectV4) : search(kRejectV6);
}

uint8_t LookupConntrackState(std::string_view word, bool with_nat) {
  // libxt_conntrack.c tries the keywords in this order.
  static constexpr std::array<std::pair<std::string_view, uint8_t>, 7> kStates = {{
      {"INVALID", ct::kInvalid},
      {"NEW", ct::kNew},
      {"ESTABLISHED", ct::kEstablished},
      {"RELATED", ct::kRelated},
      {"UNTRACKED", ct::kUntracked},
      {"SNAT", ct::kSnat},
      {"DNAT", ct::kDnat},
  }};
  for (const auto& [name, bit] : kStates) {
    if (!with_nat && (bit == ct::kSnat || bit == ct::kDnat)) continue;
    if (IsPrefixOf(word, name)) return bit;
  }
  return 0;
}

bool IsNonTerminalTarget(std::string_view name) { return Contains(kNonTerminalTargets, name); }

bool IsUnsupportedTarget(std::string_view name) { return Contains(kUnsupportedTargets, name); }

}  // namespace flowaudit::iptables
