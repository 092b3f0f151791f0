// 128-bit unsigned integers for header fields. IPv6 addresses are 128 bits wide and IPv4
// addresses are kept as their numeric value in the low 32 bits, so one type carries both.
#pragma once

#include <cstdint>
#include <string>

namespace flowaudit {

using uint128 = unsigned __int128;

inline uint128 MaxValueForWidth(int bits) {
  return bits >= 128 ? ~uint128{0} : ((uint128{1} << bits) - 1);
}

// Decimal text of a value (for diagnostics and ports/protocols; addresses use IpAddress).
std::string ToDecimal(uint128 value);

}  // namespace flowaudit
