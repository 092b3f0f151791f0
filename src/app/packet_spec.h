// Concrete packets as users write them for `flowaudit query` (DESIGN §8), on the command line
// (--packet) or one per line in a packets file (--packets):
//
//   SRC DST PROTO DPORT [SPORT] [in=IF] [out=IF] [from=ZONE] [to=ZONE]
//
// PROTO is tcp, udp, sctp, icmp, icmpv6, gre, esp, ah or a number 0-255. DPORT is a port for
// protocols with ports, `type[/code]` for ICMP and ICMPv6, and `-` (or nothing) for protocols
// without ports. SPORT defaults to kDefaultSourcePort. In files, blank lines and lines starting
// with '#' are skipped, and " #" starts a trailing comment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/diagnostics.h"
#include "models/match.h"
#include "models/packet.h"
#include "models/source.h"

namespace flowaudit {

inline constexpr uint16_t kDefaultSourcePort = 49152;  // first ephemeral port (RFC 6335)

struct PacketSpec {
  Packet packet;
  MatchContext context;  // in=, out=, from=, to=
};

// Where a spec is wrong: a byte range of the spec text and a message.
struct SpecError {
  size_t offset = 0;
  size_t length = 0;
  std::string message;
};

// Parses one spec; on error returns nullopt and fills *error.
std::optional<PacketSpec> ParsePacketSpec(std::string_view text, SpecError* error);

// Parses every line of `file`. Each bad line adds a located error ("FILE:LINE:COL: error: …"
// with a caret); good lines are returned in order.
std::vector<PacketSpec> ParsePacketLines(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit
