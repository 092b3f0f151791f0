// Operand parsing shared by both passes of the ASA importer: lines into words, addresses with
// netmasks, port operators with ASA's port names (declared in config_reader.h).
#include <algorithm>

#include "importers/cisco_asa/asa_names.h"
#include "importers/cisco_asa/config_reader.h"
#include "importers/common/suggest.h"

namespace flowaudit::asa {

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    Line line;
    line.text = text.substr(start, end - start);
    if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
    line.indented = !line.text.empty() && (line.text[0] == ' ' || line.text[0] == '\t');
    size_t i = 0;
    while (i < line.text.size()) {
      if (line.text[i] == ' ' || line.text[i] == '\t') {
        ++i;
        continue;
      }
      size_t j = line.text.find_first_of(" \t", i);
      if (j == std::string_view::npos) j = line.text.size();
      line.words.push_back(line.text.substr(i, j - i));
      i = j;
    }
    if (!line.words.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::optional<uint128> ParseNetmask(std::string_view text) {
  std::optional<IpAddress> mask = ParseIpAddress(text);
  if (!mask || mask->family != Family::kIpv4) return std::nullopt;
  return mask->value;
}

std::vector<AddressAtom> RangeAtoms(const IpAddress& lo, const IpAddress& hi) {
  std::vector<AddressAtom> atoms;
  const int bits = AddressBits(lo.family);
  const uint128 all = bits == 128 ? ~uint128(0) : (uint128(1) << bits) - 1;
  uint128 next = lo.value;
  while (next <= hi.value) {
    int size = 0;  // host bits of the largest aligned block starting at `next` within range
    while (size < bits) {
      uint128 block = (uint128(1) << (size + 1)) - 1;
      if ((next & block) != 0 || (next | block) > hi.value) break;
      ++size;
    }
    uint128 host = size == 0 ? 0 : (uint128(1) << size) - 1;
    atoms.push_back(AddressAtom{lo.family, next, all & ~host, {}});
    if ((next | host) == all) break;
    next = (next | host) + 1;
  }
  return atoms;
}

std::optional<std::string_view> Cursor::Expect(const char* what) {
  if (AtEnd()) {
    Error(EndOfLine(), std::string("expected ") + what + " at the end of the line");
    return std::nullopt;
  }
  return Take();
}

std::optional<uint16_t> Cursor::Port(uint8_t ip_protocol) {
  std::optional<std::string_view> word = Expect("a port");
  if (!word) return std::nullopt;
  if (std::optional<uint16_t> port = LookUpPort(*word, ip_protocol)) return port;
  if (!word->empty() && (*word)[0] >= '0' && (*word)[0] <= '9') {
    Error(*word, "port '" + std::string(*word) + "' is out of range 0-65535");
    return std::nullopt;
  }
  const char* proto = ip_protocol == 17 ? "udp" : ip_protocol == 0 ? "tcp-udp" : "tcp";
  std::string message = "unknown " + std::string(proto) + " port name '" + std::string(*word) + "'";
  std::vector<std::string> names = PortNames();
  if (std::find(names.begin(), names.end(), std::string(*word)) == names.end()) {
    std::string hint = DidYouMean(*word, names);
    message += hint;  // "; did you mean 'x'?" or nothing
  }
  Error(*word, message);
  return std::nullopt;
}

std::optional<std::vector<ValueRange>> Cursor::PortOperator(uint8_t ip_protocol) {
  std::string_view op = Take();
  if (op == "range") {
    std::optional<uint16_t> lo = Port(ip_protocol);
    if (!lo) return std::nullopt;
    std::string_view hi_text = Peek();
    std::optional<uint16_t> hi = Port(ip_protocol);
    if (!hi) return std::nullopt;
    if (*lo > *hi) {
      Error(hi_text, "port range " + std::to_string(*lo) + "-" + std::to_string(*hi) +
                         " is empty: the first port is greater than the last");
      return std::nullopt;
    }
    return std::vector<ValueRange>{{*lo, *hi}};
  }
  std::optional<uint16_t> port = Port(ip_protocol);
  if (!port) return std::nullopt;
  uint128 p = *port;
  std::vector<ValueRange> ranges;
  if (op == "eq") {
    ranges.push_back({p, p});
  } else if (op == "neq") {
    if (p > 0) ranges.push_back({0, p - 1});
    if (p < 65535) ranges.push_back({p + 1, 65535});
  } else if (op == "lt") {  // exclusive
    if (p > 0) ranges.push_back({0, p - 1});
  } else if (op == "gt") {  // exclusive
    if (p < 65535) ranges.push_back({p + 1, 65535});
  }
  return ranges;
}

std::optional<AddressAtom> Cursor::Address(const Config& config) {
  std::optional<std::string_view> word = Expect("an address");
  if (!word) return std::nullopt;
  bool host = *word == "host";
  if (host) {
    word = Expect("an address after 'host'");
    if (!word) return std::nullopt;
  }
  std::optional<IpAddress> address = ParseIpAddress(*word);
  if (!address) {
    auto alias = config.names.find(std::string(*word));
    if (alias != config.names.end()) address = alias->second;
  }
  if (!address && word->find('/') != std::string_view::npos) {
    std::string error;
    std::optional<Prefix> prefix = ParsePrefix(*word, &error);
    if (!prefix) {
      Error(*word, error);
      return std::nullopt;
    }
    const int bits = AddressBits(prefix->address.family);
    return AddressAtom{
        prefix->address.family, prefix->address.value, PrefixMask(prefix->length, bits), {}};
  }
  if (!address) {
    Error(*word, "expected an address, got '" + std::string(*word) + "'");
    return std::nullopt;
  }
  const uint128 all = address->family == Family::kIpv4 ? (uint128(1) << 32) - 1 : ~uint128(0);
  if (host || address->family == Family::kIpv6)
    return AddressAtom{address->family, address->value, all, {}};
  std::optional<std::string_view> mask_text = Expect("a netmask");
  if (!mask_text) return std::nullopt;
  std::optional<uint128> mask = ParseNetmask(*mask_text);
  if (!mask) {
    Error(*mask_text, "expected a netmask after '" + std::string(*word) + "', got '" +
                          std::string(*mask_text) + "'");
    return std::nullopt;
  }
  return AddressAtom{Family::kIpv4, address->value & *mask, *mask, {}};
}

}  // namespace flowaudit::asa
