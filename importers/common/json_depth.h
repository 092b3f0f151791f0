// Nesting limit for JSON inputs (nftables `nft -j`, F5 AS3). nlohmann::json has no depth
// limit, and the importers and position scanners walk what it builds: a 100,000-deep `[[[…`
// is refused before parsing, with a located error (docs/limits.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace flowaudit {

inline constexpr int kMaxJsonDepth = 256;

// The offset of the first '[' or '{' (outside strings) nested deeper than `max_depth`, or
// nullopt when the text stays within it. Syntax is left to the parser.
std::optional<size_t> JsonTooDeepAt(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace flowaudit
