// Pass one of the ASA importer: walks the running config line by line, fills a Config with
// names, objects, groups, interfaces and bindings, and hands back the access-list lines for
// pass two (ACEs may name objects defined after them). Lines that cannot affect filtering
// (logging, ntp, crypto, …) are counted for one summary note; commands it does not know at
// all get a warning each.
#pragma once

#include <string_view>
#include <vector>

#include "importers/cisco_asa/asa_config.h"
#include "models/filter.h"

namespace flowaudit::asa {

// A line split into words that point into the source text.
struct Line {
  std::string_view text;
  std::vector<std::string_view> words;
  bool indented = false;
};

std::vector<Line> SplitLines(std::string_view text);

// A NAT line of 8.3 and later; `object` names the network object of an object NAT line.
struct NatLine {
  Line line;
  std::string object;
};

struct ReadResult {
  Config config;
  std::vector<Line> access_lists;  // `access-list …` lines, in file order
  std::vector<NatLine> nat_lines;  // twice NAT and object NAT, in file order
};

ReadResult ReadConfig(const std::vector<Line>& lines, const SourceFilePtr& file,
                      Diagnostics& diagnostics);

// Parses "A.B.C.D" netmask text; nullopt unless it is an IPv4 address.
std::optional<uint128> ParseNetmask(std::string_view text);
// Address atoms covering [lo, hi] (inclusive) as prefixes.
std::vector<AddressAtom> RangeAtoms(const IpAddress& lo, const IpAddress& hi);

}  // namespace flowaudit::asa

namespace flowaudit::asa {

// Reads operands word by word; errors go to the Resolver (located, reported once).
class Cursor {
 public:
  Cursor(const Line& line, size_t next, Resolver& resolver)
      : line_(line), next_(next), resolver_(resolver) {}
  bool AtEnd() const { return next_ >= line_.words.size(); }
  std::string_view Peek() const { return AtEnd() ? std::string_view() : line_.words[next_]; }
  std::string_view PeekAt(size_t ahead) const {
    return next_ + ahead < line_.words.size() ? line_.words[next_ + ahead] : std::string_view();
  }
  void Back() { --next_; }
  std::string_view Take() { return AtEnd() ? std::string_view() : line_.words[next_++]; }
  // The next word, or an error "expected WHAT at the end of the line" (nullopt).
  std::optional<std::string_view> Expect(const char* what);
  std::string_view EndOfLine() const { return line_.text.substr(line_.text.size()); }
  Resolver& resolver() { return resolver_; }
  void Error(std::string_view at, std::string message) {
    resolver_.ErrorOnce(at, std::move(message));
  }

  // `eq P | neq P | lt P | gt P | range A B`, ports named for `ip_protocol` (0: tcp-udp).
  std::optional<std::vector<ValueRange>> PortOperator(uint8_t ip_protocol);
  std::optional<uint16_t> Port(uint8_t ip_protocol);
  // `host A`, `A MASK`, `IPV6/LEN`, `A` (an IPv6 host), with `name` aliases for IPv4.
  std::optional<AddressAtom> Address(const Config& config);

 private:
  const Line& line_;
  size_t next_;
  Resolver& resolver_;
};

}  // namespace flowaudit::asa
