// Cheap content tests for `--vendor auto`: does the text look like iptables-save output,
// and which address family do its addresses have? Looks at the start of the text only.
#include <string_view>

#include "importers/iptables/iptables_importer.h"

namespace flowaudit {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The first line that is neither blank nor a comment starts like iptables-save output.
bool LooksLikeIptablesSave(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    start = end == std::string_view::npos ? text.size() : end + 1;
    size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos || line[begin] == '#') continue;
    line.remove_prefix(begin);
    for (std::string_view table : {"*raw", "*mangle", "*nat", "*filter", "*security"}) {
      if (StartsWith(line, table)) return true;
    }
    return StartsWith(line, ":INPUT ") || StartsWith(line, ":PREROUTING ") ||
           StartsWith(line, "-A ") || StartsWith(line, "-N ") || StartsWith(line, "-P ") ||
           (StartsWith(line, "[") && line.find("] -A ") != std::string_view::npos);
  }
  return false;
}

// IPv6 when the addresses after -s/-d/--to-destination… are IPv6 (or, with no address at
// all, when the rules use ICMPv6).
bool LooksLikeIpv6(std::string_view text) {
  text = text.substr(0, kSniffBytes);
  int v4 = 0, v6 = 0;
  for (std::string_view option :
       {" -s ", " -d ", " --to-destination ", " --to-source ", " --src-range ", " --dst-range "}) {
    for (size_t at = text.find(option); at != std::string_view::npos;
         at = text.find(option, at + 1)) {
      std::string_view word = text.substr(at + option.size());
      word = word.substr(0, word.find_first_of(" \t\r\n/"));
      // "10.0.0.1:80" has one colon; IPv6 has at least two, or a bracket.
      size_t colons = 0;
      for (char c : word) colons += c == ':';
      if (colons >= 2 || StartsWith(word, "[")) {
        ++v6;
      } else if (word.find('.') != std::string_view::npos) {
        ++v4;
      }
    }
  }
  if (v4 != v6) return v6 > v4;
  return text.find("icmp6") != std::string_view::npos ||
         text.find("ipv6-icmp") != std::string_view::npos ||
         text.find("icmpv6") != std::string_view::npos;
}

}  // namespace

bool SniffIptables(std::string_view text) {
  return LooksLikeIptablesSave(text) && !LooksLikeIpv6(text);
}

bool SniffIp6tables(std::string_view text) {
  return LooksLikeIptablesSave(text) && LooksLikeIpv6(text);
}

}  // namespace flowaudit
