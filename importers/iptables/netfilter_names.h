// The names iptables accepts for numbers: protocols (/etc/protocols), services
// (/etc/services), ICMP and ICMPv6 types, REJECT replies and conntrack states, plus the
// classes of targets the importer knows. iptables resolves these with libc and its own
// tables at load time; flowaudit ships fixed copies (taken from Debian 12's netbase and
// iptables 1.8.9) so that an import never depends on the machine it runs on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/ip_address.h"

namespace flowaudit::iptables {

// An unsigned number as iptables reads it (strtoul base 0: "80", "0x50", "0120"); nullopt
// when the text is not a number or exceeds `max`.
std::optional<uint64_t> ParseNumber(std::string_view text, uint64_t max);

// "tcp", "ipv6-icmp", "all"… (lower case) to the IP protocol number; "all" is 0.
std::optional<uint8_t> LookupProtocol(std::string_view name);

// A service name for a protocol, as getservbyname(name, proto) on Debian would answer.
struct ServiceLookup {
  std::optional<uint16_t> port;
  bool other_protocol_only = false;  // the name exists, but not for this protocol
};
ServiceLookup LookupService(std::string_view name, uint8_t ip_protocol);

// One --icmp-type / --icmpv6-type value: a type with an inclusive code range, or (IPv4
// only) `any`.
struct IcmpTypeMatch {
  bool any = false;
  uint8_t type = 0;
  uint8_t code_min = 0;
  uint8_t code_max = 0xFF;
};
// Accepts what iptables accepts: a name or a unique case-insensitive prefix of one
// ("echo-request", "port-unr"), or TYPE[/CODE] numbers. On failure sets *error.
std::optional<IcmpTypeMatch> ParseIcmpType(std::string_view text, Family family,
                                           std::string* error);

// --reject-with values (a case-insensitive prefix of a name or alias, first table entry
// wins, as in iptables). Returns the canonical name, or nullopt.
std::optional<std::string_view> LookupRejectWith(std::string_view text, Family family);

// Conntrack states as bits of the kernel's state mask.
namespace ct {
inline constexpr uint8_t kInvalid = 1 << 0;
inline constexpr uint8_t kNew = 1 << 1;
inline constexpr uint8_t kEstablished = 1 << 2;
inline constexpr uint8_t kRelated = 1 << 3;
inline constexpr uint8_t kUntracked = 1 << 4;
inline constexpr uint8_t kSnat = 1 << 5;
inline constexpr uint8_t kDnat = 1 << 6;
}  // namespace ct
// One state of a --state / --ctstate list (a case-insensitive prefix of the keyword, as
// iptables reads it); `with_nat` admits SNAT and DNAT (conntrack, not state). 0 if unknown.
uint8_t LookupConntrackState(std::string_view word, bool with_nat);

// Targets that never decide a packet: evaluation continues with the next rule.
bool IsNonTerminalTarget(std::string_view name);
// Targets iptables has but flowaudit does not model (queueing to user space, TPROXY…).
bool IsUnsupportedTarget(std::string_view name);

}  // namespace flowaudit::iptables
