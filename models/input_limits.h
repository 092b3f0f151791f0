// Limits on one input file (docs/limits.md): a config, site, pack, waiver or baseline file is
// read whole into memory, so its size is bounded before reading, and line-oriented parsers get
// lines of bounded length.
#pragma once

#include <cstddef>
#include <string>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit {

inline constexpr size_t kMaxInputBytes = size_t{256} << 20;  // 256 MiB
inline constexpr size_t kMaxLineBytes = size_t{1} << 20;     // 1 MiB

// Reads a whole file ("-" reads standard input) of at most `max_bytes`. On failure returns
// false and sets *error to the reason ("No such file or directory", "larger than 256 MiB …").
bool ReadInputFile(const std::string& path, std::string* text, std::string* error,
                   size_t max_bytes = kMaxInputBytes);

// Reports the first line longer than `max_line` bytes as an error at the byte past the limit;
// true when every line is short enough. JSON and XML files (first non-blank character '{', '['
// or '<') are exempt: `nft -j` and PAN-OS dumps hold a whole ruleset on one line.
bool CheckLineLengths(const SourceFilePtr& file, Diagnostics& diagnostics,
                      size_t max_line = kMaxLineBytes);

}  // namespace flowaudit
