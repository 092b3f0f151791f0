#include "models/ip_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace flowaudit {

const char* FamilyName(Family family) { return family == Family::kIpv4 ? "ipv4" : "ipv6"; }

std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (family == Family::kIpv4) {
    uint32_t host = static_cast<uint32_t>(value);
    in_addr a{htonl(host)};
    inet_ntop(AF_INET, &a, buffer, sizeof buffer);
  } else {
    in6_addr a{};
    for (int i = 0; i < 16; ++i) a.s6_addr[i] = static_cast<uint8_t>(value >> (8 * (15 - i)));
    inet_ntop(AF_INET6, &a, buffer, sizeof buffer);
  }
  return buffer;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string copy(text);
  if (copy.find(':') == std::string::npos) {
    in_addr a{};
    if (inet_pton(AF_INET, copy.c_str(), &a) != 1) return std::nullopt;
    return IpAddress{Family::kIpv4, uint128{ntohl(a.s_addr)}};
  }
  in6_addr a{};
  if (inet_pton(AF_INET6, copy.c_str(), &a) != 1) return std::nullopt;
  uint128 value = 0;
  for (int i = 0; i < 16; ++i) value = (value << 8) | a.s6_addr[i];
  return IpAddress{Family::kIpv6, value};
}

uint128 PrefixMask(int length, int bits) {
  if (length <= 0) return 0;
  uint128 all = MaxValueForWidth(bits);
  return all & ~MaxValueForWidth(bits - length);
}

uint128 Prefix::Last() const {
  int bits = AddressBits(address.family);
  return address.value | (MaxValueForWidth(bits) & ~PrefixMask(length, bits));
}

bool Prefix::Contains(const IpAddress& a) const {
  return a.family == address.family && a.value >= First() && a.value <= Last();
}

std::string Prefix::ToString() const {
  if (length == AddressBits(address.family)) return address.ToString();
  return address.ToString() + "/" + std::to_string(length);
}

std::optional<Prefix> ParsePrefix(std::string_view text, std::string* error) {
  size_t slash = text.find('/');
  std::string_view address_text = text.substr(0, slash);
  std::optional<IpAddress> address = ParseIpAddress(address_text);
  if (!address) {
    *error = "'" + std::string(address_text) + "' is not an IP address";
    return std::nullopt;
  }
  int bits = AddressBits(address->family);
  int length = bits;
  if (slash != std::string_view::npos) {
    std::string_view length_text = text.substr(slash + 1);
    auto [end, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (length_text.empty() || ec != std::errc() ||
        end != length_text.data() + length_text.size()) {
      *error = "'" + std::string(length_text) + "' is not a prefix length";
      return std::nullopt;
    }
    if (length < 0 || length > bits) {
      *error = "prefix length " + std::string(length_text) + " is out of range 0-" +
               std::to_string(bits) + " for " + (bits == 32 ? "IPv4" : "IPv6");
      return std::nullopt;
    }
  }
  address->value &= PrefixMask(length, bits);
  return Prefix{*address, length};
}

}  // namespace flowaudit
