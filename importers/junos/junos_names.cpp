#include "importers/junos/junos_names.h"

#include <charconv>
#include <map>

namespace flowaudit::junos {
namespace {

std::optional<unsigned> Number(std::string_view text, unsigned max) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

template <typename Table>
std::optional<uint16_t> Find(const Table& table, std::string_view name) {
  auto it = table.find(std::string(name));
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// The port names JunOS accepts in firewall filters and applications
// (`destination-port ?` on a Junos device).
const std::map<std::string, uint16_t>& PortNames() {
  static const std::map<std::string, uint16_t> names = {
      {"afs", 1483},           {"bgp", 179},         {"biff", 512},        {"bootpc", 68},
      {"bootps", 67},          {"cmd", 514},         {"cvspserver", 2401}, {"dhcp", 67},
      {"domain", 53},          {"eklogin", 2105},    {"ekshell", 2106},    {"exec", 512},
      {"finger", 79},          {"ftp", 21},          {"ftp-data", 20},     {"http", 80},
      {"https", 443},          {"ident", 113},       {"imap", 143},        {"kerberos-sec", 88},
      {"klogin", 543},         {"kpasswd", 761},     {"krb-prop", 754},    {"krbupdate", 760},
      {"kshell", 544},         {"ldap", 389},        {"ldp", 646},         {"login", 513},
      {"mobileip-agent", 434}, {"mobilip-mn", 435},  {"msdp", 639},        {"netbios-dgm", 138},
      {"netbios-ns", 137},     {"netbios-ssn", 139}, {"nfsd", 2049},       {"nntp", 119},
      {"ntalk", 518},          {"ntp", 123},         {"pop3", 110},        {"pptp", 1723},
      {"printer", 515},        {"radacct", 1813},    {"radius", 1812},     {"rip", 520},
      {"rkinit", 2108},        {"smtp", 25},         {"snmp", 161},        {"snmptrap", 162},
      {"snpp", 444},           {"socks", 1080},      {"ssh", 22},          {"sunrpc", 111},
      {"syslog", 514},         {"tacacs", 49},       {"tacacs-ds", 65},    {"talk", 517},
      {"telnet", 23},          {"tftp", 69},         {"timed", 525},       {"who", 513},
      {"xdmcp", 177},          {"zephyr-clt", 2103}, {"zephyr-hm", 2104},  {"zephyr-srv", 2102},
  };
  return names;
}

const std::map<std::string, uint16_t>& ProtocolNames() {
  static const std::map<std::string, uint16_t> names = {
      {"ah", 51},        {"dstopts", 60},
      {"egp", 8},        {"esp", 50},
      {"fragment", 44},  {"gre", 47},
      {"hop-by-hop", 0}, {"icmp", 1},
      {"icmp6", 58},     {"icmpv6", 58},
      {"igmp", 2},       {"ipip", 4},
      {"ipv6", 41},      {"no-next-header", 59},
      {"ospf", 89},      {"pim", 103},
      {"routing", 43},   {"rsvp", 46},
      {"sctp", 132},     {"tcp", 6},
      {"udp", 17},       {"vrrp", 112},
  };
  return names;
}

const std::map<std::string, uint16_t>& IcmpTypeNames() {
  static const std::map<std::string, uint16_t> names = {
      {"echo-reply", 0},      {"unreachable", 3},      {"source-quench", 4},
      {"redirect", 5},        {"echo-request", 8},     {"router-advertisement", 9},
      {"router-solicit", 10}, {"time-exceeded", 11},   {"parameter-problem", 12},
      {"timestamp", 13},      {"timestamp-reply", 14}, {"info-request", 15},
      {"info-reply", 16},     {"mask-request", 17},    {"mask-reply", 18},
  };
  return names;
}

const std::map<std::string, uint16_t>& Icmp6TypeNames() {
  static const std::map<std::string, uint16_t> names = {
      {"destination-unreachable", 1},
      {"packet-too-big", 2},
      {"time-exceeded", 3},
      {"parameter-problem", 4},
      {"echo-request", 128},
      {"echo-reply", 129},
      {"membership-query", 130},
      {"membership-report", 131},
      {"membership-termination", 132},
      {"router-solicit", 133},
      {"router-advertisement", 134},
      {"neighbor-solicit", 135},
      {"neighbor-advertisement", 136},
      {"redirect", 137},
      {"router-renumbering", 138},
      {"node-information-request", 139},
      {"node-information-reply", 140},
  };
  return names;
}

PredefinedTerm Tcp(uint16_t lo, uint16_t hi = 0) {
  return {protocol::kTcp, false, lo, hi ? hi : lo, -1};
}
PredefinedTerm Udp(uint16_t lo, uint16_t hi = 0) {
  return {protocol::kUdp, false, lo, hi ? hi : lo, -1};
}
PredefinedTerm Proto(uint8_t p) { return {p, false, 0, 0, -1}; }
PredefinedTerm Icmp(int type) { return {protocol::kIcmp, false, 0, 0, type}; }
PredefinedTerm Icmp6(int type) { return {protocol::kIcmpv6, false, 0, 0, type}; }

// The applications of the `junos-defaults` group that flowaudit knows (`show groups
// junos-defaults applications` on an SRX). Port-based ones only; applications defined by an
// RPC program or UUID (junos-sun-rpc-*, junos-ms-rpc-*) are left out, so using them gives an
// UNKNOWN match with a warning. `junos-sip` and friends carry an ALG, which does not change
// which first packets the policy matches.
const std::map<std::string, std::vector<PredefinedTerm>>& Predefined() {
  static const std::map<std::string, std::vector<PredefinedTerm>> table = {
      {"junos-aol", {Tcp(5190, 5193)}},
      {"junos-bgp", {Tcp(179)}},
      {"junos-biff", {Udp(512)}},
      {"junos-bootpc", {Udp(68)}},
      {"junos-bootps", {Udp(67)}},
      {"junos-chargen", {Udp(19)}},
      {"junos-cifs", {Tcp(139), Tcp(445)}},
      {"junos-cvspserver", {Tcp(2401)}},
      {"junos-dhcp-client", {Udp(68)}},
      {"junos-dhcp-relay", {Udp(67)}},
      {"junos-dhcp-server", {Udp(67)}},
      {"junos-discard", {Udp(9)}},
      {"junos-dns-tcp", {Tcp(53)}},
      {"junos-dns-udp", {Udp(53)}},
      {"junos-echo", {Udp(7)}},
      {"junos-finger", {Tcp(79)}},
      {"junos-ftp", {Tcp(21)}},
      {"junos-ftp-data", {Tcp(20)}},
      {"junos-gnutella", {Udp(6346, 6347)}},
      {"junos-gopher", {Tcp(70)}},
      {"junos-gre", {Proto(protocol::kGre)}},
      {"junos-gtp", {Udp(2123), Udp(2152), Tcp(2123), Tcp(2152)}},
      {"junos-http", {Tcp(80)}},
      {"junos-http-ext", {Tcp(7001)}},
      {"junos-https", {Tcp(443)}},
      {"junos-icmp-all", {Proto(protocol::kIcmp)}},
      {"junos-icmp-ping", {Icmp(8)}},
      {"junos-icmp6-all", {Proto(protocol::kIcmpv6)}},
      {"junos-ident", {Tcp(113)}},
      {"junos-ike", {Udp(500)}},
      {"junos-ike-nat", {Udp(4500)}},
      {"junos-imap", {Tcp(143)}},
      {"junos-imaps", {Tcp(993)}},
      {"junos-internet-locator-service", {Tcp(389)}},
      {"junos-irc", {Tcp(6660, 6669)}},
      {"junos-l2tp", {Udp(1701)}},
      {"junos-ldap", {Tcp(389)}},
      {"junos-ldp-tcp", {Tcp(646)}},
      {"junos-ldp-udp", {Udp(646)}},
      {"junos-lpr", {Tcp(515)}},
      {"junos-mail", {Tcp(25)}},
      {"junos-mgcp-ca", {Udp(2727)}},
      {"junos-mgcp-ua", {Udp(2427)}},
      {"junos-ms-sql", {Tcp(1433)}},
      {"junos-msn", {Tcp(1863)}},
      {"junos-mysql", {Tcp(3306)}},
      {"junos-nbds", {Udp(138)}},
      {"junos-nbname", {Udp(137)}},
      {"junos-netbios-session", {Tcp(139)}},
      {"junos-nfsd-tcp", {Tcp(2049)}},
      {"junos-nfsd-udp", {Udp(2049)}},
      {"junos-nntp", {Tcp(119)}},
      {"junos-ntalk", {Udp(518)}},
      {"junos-ntp", {Udp(123)}},
      {"junos-ospf", {Proto(89)}},
      {"junos-pc-anywhere", {Udp(5632)}},
      {"junos-ping", {Icmp(8)}},
      {"junos-pingv6", {Icmp6(128)}},
      {"junos-pop3", {Tcp(110)}},
      {"junos-pptp", {Tcp(1723)}},
      {"junos-printer", {Tcp(515)}},
      {"junos-radacct", {Udp(1813)}},
      {"junos-radius", {Udp(1812)}},
      {"junos-rdp", {Tcp(3389)}},
      {"junos-rip", {Udp(520)}},
      {"junos-rsh", {Tcp(514)}},
      {"junos-rtsp", {Tcp(554)}},
      {"junos-sccp", {Tcp(2000)}},
      {"junos-sip", {Udp(5060), Tcp(5060)}},
      {"junos-smb", {Tcp(139), Tcp(445)}},
      {"junos-smb-session", {Tcp(445)}},
      {"junos-smtp", {Tcp(25)}},
      {"junos-smtps", {Tcp(465)}},
      {"junos-snmp-agentx", {Tcp(705)}},
      {"junos-snpp", {Tcp(444)}},
      {"junos-sql-monitor", {Udp(1434)}},
      {"junos-sqlnet-v1", {Tcp(1525)}},
      {"junos-sqlnet-v2", {Tcp(1521)}},
      {"junos-ssh", {Tcp(22)}},
      {"junos-stun", {Udp(3478, 3479), Tcp(3478, 3479)}},
      {"junos-syslog", {Udp(514)}},
      {"junos-tacacs", {Tcp(49)}},
      {"junos-tacacs-ds", {Tcp(65)}},
      {"junos-talk", {Udp(517)}},
      {"junos-tcp-any", {Tcp(0, 65535)}},
      {"junos-telnet", {Tcp(23)}},
      {"junos-tftp", {Udp(69)}},
      {"junos-udp-any", {Udp(0, 65535)}},
      {"junos-uucp", {Udp(540)}},
      {"junos-vnc", {Tcp(5800)}},
      {"junos-wais", {Tcp(210)}},
      {"junos-who", {Udp(513)}},
      {"junos-whois", {Tcp(43)}},
      {"junos-winframe", {Tcp(1494)}},
      {"junos-x-windows", {Tcp(6000, 6063)}},
      {"junos-xnm-clear-text", {Tcp(3221)}},
      {"junos-xnm-ssl", {Tcp(3220)}},
      {"junos-ymsg", {Tcp(5000, 5010), Tcp(5050)}},
  };
  return table;
}

}  // namespace

std::optional<uint16_t> LookUpPort(std::string_view name) {
  if (auto n = Number(name, 65535)) return static_cast<uint16_t>(*n);
  return Find(PortNames(), name);
}

std::optional<uint8_t> LookUpProtocol(std::string_view name) {
  if (auto n = Number(name, 255)) return static_cast<uint8_t>(*n);
  if (auto p = Find(ProtocolNames(), name)) return static_cast<uint8_t>(*p);
  return std::nullopt;
}

std::optional<uint8_t> LookUpIcmpType(std::string_view name, bool icmp6) {
  if (auto n = Number(name, 255)) return static_cast<uint8_t>(*n);
  if (auto t = Find(icmp6 ? Icmp6TypeNames() : IcmpTypeNames(), name)) {
    return static_cast<uint8_t>(*t);
  }
  return std::nullopt;
}

std::optional<ValueRange> ParsePortRange(std::string_view text) {
  if (auto single = LookUpPort(text)) return ValueRange{*single, *single};
  // A range: split at a '-' whose both sides are ports (names contain '-' too).
  for (size_t dash = text.find('-'); dash != std::string_view::npos;
       dash = text.find('-', dash + 1)) {
    auto lo = LookUpPort(text.substr(0, dash));
    auto hi = LookUpPort(text.substr(dash + 1));
    if (lo && hi && *lo <= *hi) return ValueRange{*lo, *hi};
  }
  return std::nullopt;
}

std::optional<std::vector<PredefinedTerm>> LookUpPredefinedApplication(std::string_view name) {
  auto it = Predefined().find(std::string(name));
  if (it == Predefined().end()) return std::nullopt;
  return it->second;
}

}  // namespace flowaudit::junos
