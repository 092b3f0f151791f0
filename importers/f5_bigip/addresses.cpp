#include "importers/f5_bigip/addresses.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace flowaudit::f5 {
namespace {

// Service names BIG-IP accepts and prints for ports (its /etc/services): `tmsh list` shows
// 8080 as `webcache` and 4443 as `pharos`.
const std::vector<std::pair<std::string, uint16_t>>& Services() {
  static const std::vector<std::pair<std::string, uint16_t>> names = {
      {"any", 0},
      {"ftp-data", 20},
      {"ftp", 21},
      {"ssh", 22},
      {"telnet", 23},
      {"smtp", 25},
      {"domain", 53},
      {"tftp", 69},
      {"gopher", 70},
      {"finger", 79},
      {"http", 80},
      {"kerberos", 88},
      {"pop3", 110},
      {"sunrpc", 111},
      {"nntp", 119},
      {"ntp", 123},
      {"netbios-ns", 137},
      {"netbios-dgm", 138},
      {"netbios-ssn", 139},
      {"imap", 143},
      {"snmp", 161},
      {"snmp-trap", 162},
      {"bgp", 179},
      {"ldap", 389},
      {"https", 443},
      {"microsoft-ds", 445},
      {"syslog", 514},
      {"ldaps", 636},
      {"imaps", 993},
      {"pop3s", 995},
      {"ms-sql-s", 1433},
      {"radius", 1812},
      {"radius-acct", 1813},
      {"mysql", 3306},
      {"ms-wbt-server", 3389},
      {"pharos", 4443},
      {"sip", 5060},
      {"sip-tls", 5061},
      {"http-alt", 8080},
      {"webcache", 8080},
  };
  return names;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(c); });
}

}  // namespace

std::optional<uint16_t> ParsePort(std::string_view text) {
  if (text == "*") return 0;
  if (AllDigits(text)) {
    if (text.size() > 5) return std::nullopt;
    int value = std::stoi(std::string(text));
    if (value > 65535) return std::nullopt;
    return static_cast<uint16_t>(value);
  }
  for (const auto& [name, port] : Services()) {
    if (name == text) return port;
  }
  return std::nullopt;
}

std::vector<std::string> PortNames() {
  // The common names first: a typo close to two names suggests the likelier one.
  std::vector<std::string> names = {"http", "https"};
  for (const auto& entry : Services()) names.push_back(entry.first);
  return names;
}

std::string_view BaseName(std::string_view name) {
  size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

AddressText ParseAddressText(std::string_view text) {
  AddressText out;
  size_t percent = text.find('%');
  out.host = std::string(text.substr(0, percent));
  if (percent != std::string_view::npos) {
    std::string_view rd = text.substr(percent + 1);
    if (!AllDigits(rd) || rd.size() > 5) return out;  // not an address
    out.route_domain = std::stoi(std::string(rd));
  }
  out.address = ParseIpAddress(out.host);
  return out;
}

std::optional<EndpointText> SplitEndpoint(std::string_view text) {
  size_t base = 0;
  size_t slash = text.rfind('/');
  if (slash != std::string_view::npos) base = slash + 1;
  std::string_view rest = text.substr(base);
  size_t colons = std::count(rest.begin(), rest.end(), ':');
  // IPv6 (two or more colons): the port follows the last dot; otherwise the last colon.
  size_t split = colons >= 2 ? rest.rfind('.') : rest.rfind(':');
  if (split == std::string_view::npos || split == 0) return std::nullopt;
  EndpointText out;
  std::string_view host = rest.substr(0, split);
  out.port_text = std::string(rest.substr(split + 1));
  out.port_offset = base + split + 1;
  out.address = ParseAddressText(host);
  out.host = out.address.address ? out.address.host : std::string(host);
  return out;
}

}  // namespace flowaudit::f5
