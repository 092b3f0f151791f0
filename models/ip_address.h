// IP addresses and prefixes of both families. An IPv4 address is kept as its 32-bit value in a
// 128-bit field with family kIpv4; IPv4 is a family, not a special case of IPv6.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "models/uint128.h"

namespace flowaudit {

enum class Family : uint8_t { kIpv4 = 0, kIpv6 = 1 };

inline int AddressBits(Family family) { return family == Family::kIpv4 ? 32 : 128; }
const char* FamilyName(Family family);  // "ipv4" / "ipv6"

struct IpAddress {
  Family family = Family::kIpv4;
  uint128 value = 0;

  bool operator==(const IpAddress&) const = default;
  auto operator<=>(const IpAddress&) const = default;
  std::string ToString() const;
};

// Parses dotted IPv4 or any textual IPv6 form; nullopt when the text is not an address.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct Prefix {
  IpAddress address;  // host bits are cleared
  int length = 0;

  uint128 First() const { return address.value; }
  uint128 Last() const;
  bool Contains(const IpAddress& a) const;
  std::string ToString() const;  // "10.1.0.0/16"; a host route prints without "/32"
  bool operator==(const Prefix&) const = default;
};

// The mask with `length` leading one bits over `bits` bits.
uint128 PrefixMask(int length, int bits);

// Parses "ADDR" (a host) or "ADDR/LEN". On failure returns nullopt and sets *error to a short
// reason ("prefix length 33 is out of range 0-32 for IPv4", "'x' is not an IP address").
// Host bits set in ADDR are cleared, as devices do (`10.1.2.3/16` means 10.1.0.0/16).
std::optional<Prefix> ParsePrefix(std::string_view text, std::string* error);

}  // namespace flowaudit
