#include "importers/cisco_asa/asa_names.h"

#include <charconv>

namespace flowaudit::asa {
namespace {

// ASA General Operations CLI Guide, "Addresses, Protocols, and Ports": -1 where the name does
// not exist for that protocol.
struct NamedPort {
  const char* name;
  int tcp;
  int udp;
};

constexpr NamedPort kPorts[] = {
    {"aol", 5190, -1},
    {"bgp", 179, -1},
    {"biff", -1, 512},
    {"bootpc", -1, 68},
    {"bootps", -1, 67},
    {"chargen", 19, -1},
    {"cifs", 3020, 3020},
    {"citrix-ica", 1494, -1},
    {"cmd", 514, -1},
    {"ctiqbe", 2748, -1},
    {"daytime", 13, -1},
    {"discard", 9, 9},
    {"dnsix", -1, 195},
    {"domain", 53, 53},
    {"echo", 7, 7},
    {"exec", 512, -1},
    {"finger", 79, -1},
    {"ftp", 21, -1},
    {"ftp-data", 20, -1},
    {"gopher", 70, -1},
    {"h323", 1720, -1},
    {"hostname", 101, -1},
    {"http", 80, 80},
    {"https", 443, -1},
    {"ident", 113, -1},
    {"imap4", 143, -1},
    {"irc", 194, -1},
    {"isakmp", -1, 500},
    {"kerberos", 750, 750},
    {"klogin", 543, -1},
    {"kshell", 544, -1},
    {"ldap", 389, -1},
    {"ldaps", 636, -1},
    {"login", 513, -1},
    {"lotusnotes", 1352, -1},
    {"lpd", 515, -1},
    {"mobile-ip", -1, 434},
    {"nameserver", -1, 42},
    {"netbios-dgm", -1, 138},
    {"netbios-ns", -1, 137},
    {"netbios-ssn", 139, -1},
    {"nfs", 2049, 2049},
    {"nntp", 119, -1},
    {"ntp", -1, 123},
    {"pcanywhere-data", 5631, -1},
    {"pcanywhere-status", -1, 5632},
    {"pim-auto-rp", 496, 496},
    {"pop2", 109, -1},
    {"pop3", 110, -1},
    {"pptp", 1723, -1},
    {"radius", -1, 1645},
    {"radius-acct", -1, 1646},
    {"rip", -1, 520},
    {"rsh", 514, -1},
    {"rtsp", 554, -1},
    {"secureid-udp", -1, 5510},
    {"sip", 5060, 5060},
    {"smtp", 25, -1},
    {"snmp", -1, 161},
    {"snmptrap", -1, 162},
    {"sqlnet", 1521, -1},
    {"ssh", 22, -1},
    {"sunrpc", 111, 111},
    {"syslog", -1, 514},
    {"tacacs", 49, 49},
    {"talk", 517, 517},
    {"telnet", 23, -1},
    {"tftp", -1, 69},
    {"time", -1, 37},
    {"uucp", 540, -1},
    {"vxlan", -1, 4789},
    {"who", -1, 513},
    {"whois", 43, -1},
    {"www", 80, 80},
    {"xdmcp", -1, 177},
};

struct NamedNumber {
  const char* name;
  uint8_t number;
};

constexpr NamedNumber kProtocols[] = {
    {"ah", 51},    {"eigrp", 88}, {"esp", 50},  {"gre", 47},   {"icmp", 1},
    {"icmp6", 58}, {"igmp", 2},   {"igrp", 9},  {"ipinip", 4}, {"ipsec", 50},
    {"nos", 94},   {"ospf", 89},  {"pcp", 108}, {"pim", 103},  {"pptp", 47},
    {"sctp", 132}, {"snp", 109},  {"tcp", 6},   {"udp", 17},
};

constexpr NamedNumber kIcmpTypes[] = {
    {"alternate-address", 6},    {"conversion-error", 31},  {"echo", 8},
    {"echo-reply", 0},           {"information-reply", 16}, {"information-request", 15},
    {"mask-reply", 18},          {"mask-request", 17},      {"mobile-redirect", 32},
    {"parameter-problem", 12},   {"redirect", 5},           {"router-advertisement", 9},
    {"router-solicitation", 10}, {"source-quench", 4},      {"time-exceeded", 11},
    {"timestamp-reply", 14},     {"timestamp-request", 13}, {"traceroute", 30},
    {"unreachable", 3},
};

constexpr NamedNumber kIcmp6Types[] = {
    {"echo", 128},
    {"echo-reply", 129},
    {"membership-query", 130},
    {"membership-reduction", 132},
    {"membership-report", 131},
    {"neighbor-advertisement", 136},
    {"neighbor-redirect", 137},
    {"neighbor-solicitation", 135},
    {"packet-too-big", 2},
    {"parameter-problem", 4},
    {"router-advertisement", 134},
    {"router-renumbering", 138},
    {"router-solicitation", 133},
    {"time-exceeded", 3},
    {"unreachable", 1},
};

std::optional<unsigned> Number(std::string_view text, unsigned max) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

template <size_t N>
std::optional<uint8_t> Find(const NamedNumber (&table)[N], std::string_view name) {
  for (const NamedNumber& entry : table) {
    if (name == entry.name) return entry.number;
  }
  return std::nullopt;
}

}  // namespace

std::optional<uint16_t> LookUpPort(std::string_view name, uint8_t ip_protocol) {
  if (!name.empty() && name[0] >= '0' && name[0] <= '9') {
    std::optional<unsigned> n = Number(name, 65535);
    if (!n) return std::nullopt;
    return static_cast<uint16_t>(*n);
  }
  for (const NamedPort& entry : kPorts) {
    if (name != entry.name) continue;
    int port = -1;
    if (ip_protocol == 17) {
      port = entry.udp;
    } else if (ip_protocol == 0) {
      port = entry.tcp == entry.udp ? entry.tcp : -1;
    } else {
      port = entry.tcp;  // tcp and sctp
    }
    if (port < 0) return std::nullopt;
    return static_cast<uint16_t>(port);
  }
  return std::nullopt;
}

std::vector<std::string> PortNames() {
  std::vector<std::string> names;
  for (const NamedPort& entry : kPorts) names.push_back(entry.name);
  return names;
}

std::optional<uint8_t> LookUpProtocol(std::string_view name, bool* any) {
  *any = name == "ip";
  if (*any) return std::nullopt;
  if (std::optional<unsigned> n = Number(name, 255)) return static_cast<uint8_t>(*n);
  return Find(kProtocols, name);
}

std::optional<uint8_t> LookUpIcmpType(std::string_view name, bool icmp6) {
  if (std::optional<unsigned> n = Number(name, 255)) return static_cast<uint8_t>(*n);
  return icmp6 ? Find(kIcmp6Types, name) : Find(kIcmpTypes, name);
}

}  // namespace flowaudit::asa
