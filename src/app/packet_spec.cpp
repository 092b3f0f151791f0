#include "src/app/packet_spec.h"

#include <cctype>
#include <limits>

#include "src/app/suggest.h"

namespace flowaudit {
namespace {

struct Token {
  std::string_view text;
  size_t offset = 0;
  size_t End() const { return offset + text.size(); }
};

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\r') ++i;
    tokens.push_back({text.substr(start, i - start), start});
  }
  return tokens;
}

struct ProtocolEntry {
  const char* name;
  uint8_t number;
};

// Sorted by name; `ipv6-icmp` is the IANA name iptables prints.
constexpr ProtocolEntry kProtocolNames[] = {
    {"ah", protocol::kAh},     {"esp", protocol::kEsp},       {"gre", protocol::kGre},
    {"icmp", protocol::kIcmp}, {"icmpv6", protocol::kIcmpv6}, {"ipv6-icmp", protocol::kIcmpv6},
    {"sctp", protocol::kSctp}, {"tcp", protocol::kTcp},       {"udp", protocol::kUdp},
};

// Decimal digits only; values past `max` (however many digits) come back as max + 1.
std::optional<uint64_t> ParseNumber(std::string_view text, uint64_t max) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > max) value = max + 1;
  }
  return value;
}

bool IsKeyValue(const Token& token) { return token.text.find('=') != std::string_view::npos; }

class SpecParser {
 public:
  SpecParser(std::string_view text, SpecError* error)
      : text_(text), tokens_(Tokenize(text)), error_(error) {}

  std::optional<PacketSpec> Parse() {
    if (tokens_.empty()) {
      Fail(0, 0, "expected a packet: SRC DST PROTO DPORT [SPORT]");
      return std::nullopt;
    }
    std::optional<IpAddress> src = Address("source");
    if (!src) return std::nullopt;
    std::optional<IpAddress> dst = Address("destination");
    if (!dst) return std::nullopt;
    if (src->family != dst->family) {
      const Token& t = tokens_[1];
      FailAt(t, "source and destination are of different address families");
      return std::nullopt;
    }
    spec_.packet.family = src->family;
    spec_.packet.src = src->value;
    spec_.packet.dst = dst->value;
    if (!Protocol() || !Ports() || !Context()) return std::nullopt;
    return spec_;
  }

 private:
  // Every Fail* records the error and returns false, so checks read `return Fail(…);`.
  bool Fail(size_t offset, size_t length, std::string message) {
    *error_ = SpecError{offset, length, std::move(message)};
    return false;
  }
  bool FailAt(const Token& t, std::string message) {
    return Fail(t.offset, t.text.size(), std::move(message));
  }
  // Where a missing field would have been: just after the last token.
  bool FailMissing(std::string message) {
    return Fail(tokens_.empty() ? 0 : tokens_.back().End(), 0, std::move(message));
  }
  const Token* Peek() const { return next_ < tokens_.size() ? &tokens_[next_] : nullptr; }
  // The next positional field, or nullptr at the end or at the first key=value.
  const Token* NextPositional() const {
    const Token* t = Peek();
    return t && !IsKeyValue(*t) ? t : nullptr;
  }

  std::optional<IpAddress> Address(const char* which) {
    const Token* t = NextPositional();
    if (!t) {
      FailMissing(std::string("expected ") + which + " address");
      return std::nullopt;
    }
    ++next_;
    std::optional<IpAddress> address = ParseIpAddress(t->text);
    if (!address) {
      // Built by appending: GCC 12 warns falsely (-Wrestrict) on "'" + std::string(…).
      std::string message = "'";
      message.append(t->text).append("' is not an IP address");
      FailAt(*t, std::move(message));
    }
    return address;
  }

  bool Protocol() {
    const Token* t = NextPositional();
    if (!t) return FailMissing("expected protocol (tcp, udp, icmp, icmpv6 or a number)");
    ++next_;
    std::string name(t->text);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::optional<uint64_t> number = ParseNumber(name, 255);
    if (number) {
      if (*number > 255) return FailAt(*t, "protocol " + name + " is out of range 0-255");
      spec_.packet.protocol = static_cast<uint8_t>(*number);
      return true;
    }
    std::vector<std::string> names;
    for (const ProtocolEntry& entry : kProtocolNames) {
      if (name == entry.name) {
        spec_.packet.protocol = entry.number;
        return CheckIcmpFamily(*t);
      }
      names.push_back(entry.name);
    }
    return FailAt(*t, UnknownNameMessage("protocol", t->text, names));
  }

  bool CheckIcmpFamily(const Token& t) {
    bool v6 = spec_.packet.family == Family::kIpv6;
    if (spec_.packet.protocol == protocol::kIcmp && v6) {
      return FailAt(t, "icmp is for IPv4 packets; use icmpv6 for IPv6");
    }
    if (spec_.packet.protocol == protocol::kIcmpv6 && !v6) {
      return FailAt(t, "icmpv6 is for IPv6 packets; use icmp for IPv4");
    }
    return true;
  }

  std::string ProtocolText() const { return ProtocolName(spec_.packet.protocol); }

  bool Ports() {
    Packet& p = spec_.packet;
    if (p.IsIcmp()) return IcmpTypeCode();
    const Token* t = NextPositional();
    if (!HasPorts(p.protocol)) {
      if (!t) return true;
      ++next_;
      if (t->text != "-") {
        return FailAt(*t, "protocol " + ProtocolText() + " has no ports; write '-'");
      }
      if (const Token* extra = NextPositional()) {
        return FailAt(*extra, "protocol " + ProtocolText() + " has no source port");
      }
      return true;
    }
    if (!t) return FailMissing("expected destination port after '" + ProtocolText() + "'");
    ++next_;
    if (t->text == "-") return FailAt(*t, ProtocolText() + " needs a destination port");
    std::optional<uint16_t> dport = Port(*t);
    if (!dport) return false;
    p.dst_port = *dport;
    p.src_port = kDefaultSourcePort;
    if (const Token* s = NextPositional()) {
      ++next_;
      std::optional<uint16_t> sport = Port(*s);
      if (!sport) return false;
      p.src_port = *sport;
    }
    return true;
  }

  std::optional<uint16_t> Port(const Token& t) {
    std::optional<uint64_t> n = ParseNumber(t.text, 65535);
    if (!n) {
      FailAt(t, "expected a port number, got '" + std::string(t.text) + "'");
      return std::nullopt;
    }
    if (*n > 65535) {
      FailAt(t, "port " + std::string(t.text) + " is out of range 0-65535");
      return std::nullopt;
    }
    return static_cast<uint16_t>(*n);
  }

  bool IcmpTypeCode() {
    const Token* t = NextPositional();
    if (!t) {
      return FailMissing("expected ICMP type[/code] after '" + ProtocolText() + "'");
    }
    ++next_;
    std::string_view type_text = t->text, code_text;
    size_t slash = t->text.find('/');
    if (slash != std::string_view::npos) {
      type_text = t->text.substr(0, slash);
      code_text = t->text.substr(slash + 1);
    }
    std::optional<uint64_t> type = ParseNumber(type_text, 255);
    std::optional<uint64_t> code =
        slash == std::string_view::npos ? std::optional<uint64_t>(0) : ParseNumber(code_text, 255);
    if (!type || !code) {
      return FailAt(*t, "expected ICMP type[/code], got '" + std::string(t->text) + "'");
    }
    if (*type > 255) {
      return Fail(t->offset, type_text.size(),
                  "ICMP type " + std::string(type_text) + " is out of range 0-255");
    }
    if (*code > 255) {
      return Fail(t->offset + slash + 1, code_text.size(),
                  "ICMP code " + std::string(code_text) + " is out of range 0-255");
    }
    spec_.packet.icmp_type = static_cast<uint8_t>(*type);
    spec_.packet.icmp_code = static_cast<uint8_t>(*code);
    if (const Token* extra = NextPositional()) {
      return FailAt(*extra, ProtocolText() + " has no source port");
    }
    return true;
  }

  bool Context() {
    static const std::vector<std::string> kKeys = {"from", "in", "out", "to"};
    std::vector<std::string> seen;
    for (; next_ < tokens_.size(); ++next_) {
      const Token& t = tokens_[next_];
      size_t eq = t.text.find('=');
      if (eq == std::string_view::npos) {
        return FailAt(t, "unexpected '" + std::string(t.text) +
                             "'; expected in=IF, out=IF, from=ZONE or to=ZONE");
      }
      std::string key(t.text.substr(0, eq));
      std::string value(t.text.substr(eq + 1));
      MatchContext& c = spec_.context;
      std::string* slot = key == "in"     ? &c.in_interface
                          : key == "out"  ? &c.out_interface
                          : key == "from" ? &c.from_zone
                          : key == "to"   ? &c.to_zone
                                          : nullptr;
      if (!slot) return Fail(t.offset, eq, UnknownNameMessage("field", key, kKeys));
      for (const std::string& s : seen) {
        if (s == key) return FailAt(t, "'" + key + "=' is given twice");
      }
      if (value.empty()) return FailAt(t, "expected a name after '" + key + "='");
      seen.push_back(key);
      *slot = value;
    }
    return true;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  SpecError* error_;
  PacketSpec spec_;
};

}  // namespace

std::optional<PacketSpec> ParsePacketSpec(std::string_view text, SpecError* error) {
  return SpecParser(text, error).Parse();
}

std::vector<PacketSpec> ParsePacketLines(const SourceFilePtr& file, Diagnostics& diagnostics) {
  std::vector<PacketSpec> specs;
  std::string_view text = file->text;
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    size_t comment = line.find('#');
    if (comment != std::string_view::npos &&
        (comment == 0 || line[comment - 1] == ' ' || line[comment - 1] == '\t')) {
      line = line.substr(0, comment);
    }
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      SpecError error;
      if (std::optional<PacketSpec> spec = ParsePacketSpec(line, &error)) {
        specs.push_back(*spec);
      } else {
        SourceRange at{file, static_cast<uint32_t>(line_start + error.offset),
                       static_cast<uint32_t>(error.length)};
        diagnostics.Error(at, error.message);
      }
    }
    line_start = line_end + 1;
  }
  return specs;
}

}  // namespace flowaudit
