#include "importers/netscaler/service_types.h"

#include <array>
#include <cctype>
#include <vector>

#include "importers/common/suggest.h"

namespace flowaudit::netscaler {
namespace {

using T = ServiceType::Transport;

// Default -cltTimeout (seconds) by type, from the Command Reference's `add lb vserver`:
// 180 for HTTP and SSL, 9000 for TCP-like types, 120 for UDP-like ones.
constexpr int64_t kHttp = 180, kTcp = 9000, kUdp = 120;

constexpr std::array<ServiceType, 40> kTypes = {{
    {"HTTP", T::kTcp, false, true, kHttp},        {"SSL", T::kTcp, true, true, kHttp},
    {"TCP", T::kTcp, false, false, kTcp},         {"SSL_BRIDGE", T::kTcp, false, false, kTcp},
    {"SSL_TCP", T::kTcp, true, false, kTcp},      {"UDP", T::kUdp, false, false, kUdp},
    {"ANY", T::kAny, false, false, kTcp},         {"DNS", T::kUdp, false, false, kUdp},
    {"DNS_TCP", T::kTcp, false, false, kTcp},     {"ADNS", T::kUdp, false, false, kUdp},
    {"ADNS_TCP", T::kTcp, false, false, kTcp},    {"FTP", T::kTcp, false, false, kTcp},
    {"TFTP", T::kUdp, false, false, kUdp},        {"RTSP", T::kTcp, false, false, kTcp},
    {"SIP_UDP", T::kUdp, false, false, kUdp},     {"SIP_TCP", T::kTcp, false, false, kTcp},
    {"SIP_SSL", T::kTcp, true, false, kTcp},      {"DTLS", T::kUdp, true, false, kUdp},
    {"NNTP", T::kTcp, false, false, kTcp},        {"RPCSVR", T::kTcp, false, false, kTcp},
    {"SNMP", T::kUdp, false, false, kUdp},        {"DHCPRA", T::kUdp, false, false, kUdp},
    {"MYSQL", T::kTcp, false, false, kTcp},       {"MSSQL", T::kTcp, false, false, kTcp},
    {"ORACLE", T::kTcp, false, false, kTcp},      {"MONGO", T::kTcp, false, false, kTcp},
    {"MONGO_TLS", T::kTcp, true, false, kTcp},    {"RADIUS", T::kUdp, false, false, kUdp},
    {"RDP", T::kTcp, false, false, kTcp},         {"DIAMETER", T::kTcp, false, false, kTcp},
    {"SSL_DIAMETER", T::kTcp, true, false, kTcp}, {"SMPP", T::kTcp, false, false, kTcp},
    {"SYSLOGTCP", T::kTcp, false, false, kTcp},   {"SYSLOGUDP", T::kUdp, false, false, kUdp},
    {"USER_TCP", T::kTcp, false, false, kTcp},    {"USER_SSL_TCP", T::kTcp, true, false, kTcp},
    {"MQTT", T::kTcp, false, false, kTcp},        {"MQTT_TLS", T::kTcp, true, false, kTcp},
    {"PROXY", T::kTcp, false, false, kTcp},       {"QUIC", T::kUdp, true, false, kUdp},
}};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const ServiceType* FindServiceType(const Word& word, Diagnostics& diagnostics) {
  std::string upper = Upper(word.text);
  std::vector<std::string> names;
  for (const ServiceType& t : kTypes) {
    if (t.name == upper) return &t;
    names.emplace_back(t.name);
  }
  diagnostics.Error(word.at, "unknown service type '" + word.text + "'" + DidYouMean(upper, names));
  return nullptr;
}

std::optional<uint16_t> ParsePortWord(const Word& word, bool star_ok, Diagnostics& diagnostics) {
  if (word.text == "*") {
    if (star_ok) return 0;
    diagnostics.Error(word.at, "port '*' is not allowed here");
    return std::nullopt;
  }
  bool digits = !word.text.empty() && word.text.size() <= 5;
  for (char c : word.text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  int value = digits ? std::stoi(word.text) : 0;
  if (!digits || value < 1 || value > 65535) {
    diagnostics.Error(word.at, "invalid port '" + word.text +
                                   "'; NetScaler takes a number from 1 to 65535" +
                                   (star_ok ? " or *" : ""));
    return std::nullopt;
  }
  return static_cast<uint16_t>(value);
}

}  // namespace flowaudit::netscaler
