#include "importers/panos/panos_values.h"

#include <cctype>

#include "models/ip_address.h"

namespace flowaudit::panos {

Match AddressAtom::ToMatch(Field field) const {
  if (!unknown.empty()) return Match({Term::Unknown(unknown)});
  Match match({Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0)});
  if (masked) {
    match.Add(Term::Masked(field, lo, hi));
  } else {
    const uint128 all = family == Family::kIpv4 ? (uint128(1) << 32) - 1 : ~uint128(0);
    if (lo != 0 || hi != all) match.Add(Term::FieldIn(field, {{lo, hi}}));
  }
  return match;
}

std::optional<AddressAtom> ParseNetmask(std::string_view text, std::string* error) {
  std::optional<Prefix> prefix = ParsePrefix(text, error);
  if (!prefix) return std::nullopt;
  AddressAtom atom;
  atom.family = prefix->address.family;
  atom.lo = prefix->First();
  atom.hi = prefix->Last();
  return atom;
}

std::optional<AddressAtom> ParseRange(std::string_view text, std::string* error) {
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    *error = "expected FIRST-LAST";
    return std::nullopt;
  }
  std::string_view first_text = text.substr(0, dash), last_text = text.substr(dash + 1);
  std::optional<IpAddress> first = ParseIpAddress(first_text), last = ParseIpAddress(last_text);
  if (!first || !last) {
    *error = "'" + std::string(!first ? first_text : last_text) + "' is not an IP address";
    return std::nullopt;
  }
  if (first->family != last->family) {
    *error = "the range mixes IPv4 and IPv6";
    return std::nullopt;
  }
  if (first->value > last->value) {
    *error = "the range is reversed";
    return std::nullopt;
  }
  AddressAtom atom;
  atom.family = first->family;
  atom.lo = first->value;
  atom.hi = last->value;
  return atom;
}

std::optional<AddressAtom> ParseWildcard(std::string_view text, std::string* error) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    *error = "expected ADDRESS/WILDCARD-MASK";
    return std::nullopt;
  }
  std::optional<IpAddress> address = ParseIpAddress(text.substr(0, slash));
  std::optional<IpAddress> wildcard = ParseIpAddress(text.substr(slash + 1));
  if (!address || !wildcard || address->family != wildcard->family) {
    *error = "expected ADDRESS/WILDCARD-MASK of one family";
    return std::nullopt;
  }
  const uint128 all = address->family == Family::kIpv4 ? (uint128(1) << 32) - 1 : ~uint128(0);
  AddressAtom atom;
  atom.family = address->family;
  atom.masked = true;
  atom.hi = all & ~wildcard->value;  // the bits that must match
  atom.lo = address->value & atom.hi;
  return atom;
}

std::optional<AddressAtom> ParseAddressLiteral(std::string_view text) {
  std::string error;
  if (text.find('-') != std::string_view::npos) return ParseRange(text, &error);
  if (text.empty() || !(std::isxdigit(static_cast<unsigned char>(text[0])) || text[0] == ':')) {
    return std::nullopt;
  }
  return ParseNetmask(text, &error);
}

std::optional<std::vector<ValueRange>> ParsePorts(std::string_view text, std::string* error) {
  std::vector<ValueRange> ranges;
  auto number = [](std::string_view s) -> std::optional<uint32_t> {
    if (s.empty() || s.size() > 5) return std::nullopt;
    uint32_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<uint32_t>(c - '0');
    }
    return v <= 65535 ? std::optional<uint32_t>(v) : std::nullopt;
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    size_t dash = item.find('-');
    std::optional<uint32_t> lo = number(item.substr(0, dash));
    std::optional<uint32_t> hi =
        dash == std::string_view::npos ? lo : number(item.substr(dash + 1));
    if (!lo || !hi) {
      *error = "invalid port '" + std::string(item) + "' (expected PORT or PORT-PORT, 0-65535)";
      return std::nullopt;
    }
    if (*lo > *hi) {
      *error = "port range '" + std::string(item) + "' is reversed";
      return std::nullopt;
    }
    ranges.push_back({*lo, *hi});
    start = comma + 1;
  }
  return ranges;
}

}  // namespace flowaudit::panos
