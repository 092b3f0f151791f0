// PAN-OS value syntax: addresses as objects and rules write them (ip-netmask with or without
// a length, ip-range, ip-wildcard, literals in rule members) and port lists
// ("80,443,8000-8080"). Pure functions: errors come back as short reasons for the caller to
// locate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/match.h"

namespace flowaudit::panos {

// One address condition: a range or value/mask of one family, or something not resolvable
// (FQDN, dynamic group, region, unknown name), which a rule must treat as UNKNOWN.
struct AddressAtom {
  Family family = Family::kIpv4;
  bool masked = false;     // value/mask (ip-wildcard) rather than lo-hi
  uint128 lo = 0, hi = 0;  // range; for masked: value and mask
  std::string unknown;     // set: not resolvable, the reason
  static AddressAtom Unknown(std::string reason) {
    AddressAtom atom;
    atom.unknown = std::move(reason);
    return atom;
  }
  Match ToMatch(Field field) const;
};

// `ip-netmask`: "10.1.0.0/16", "192.0.2.10" (a host), "2001:db8::/32".
std::optional<AddressAtom> ParseNetmask(std::string_view text, std::string* error);
// `ip-range`: "192.0.2.100-192.0.2.150" (both ends of one family, in order).
std::optional<AddressAtom> ParseRange(std::string_view text, std::string* error);
// `ip-wildcard`: "10.0.1.0/0.0.254.255" — the mask's one bits are the bits that may vary.
std::optional<AddressAtom> ParseWildcard(std::string_view text, std::string* error);
// A literal in a rule member: a prefix, a host or a range; nullopt when it is none of these.
std::optional<AddressAtom> ParseAddressLiteral(std::string_view text);

// "80,443,8000-8080" (ports 0-65535, ranges in order).
std::optional<std::vector<ValueRange>> ParsePorts(std::string_view text, std::string* error);

}  // namespace flowaudit::panos
