// Helpers shared by the damaged-input property tests (garbled_line_test, garbled_lb_test):
// line access and replacement in a config text, and whether a diagnostic points at the damage.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "models/diagnostics.h"

namespace flowaudit::testing {

// Offsets of line `line` (1-based) in `text`: its first character and its end (the line
// break or the end of the text).
inline std::pair<size_t, size_t> LineBounds(const std::string& text, int line) {
  size_t begin = 0;
  for (int l = 1; l < line; ++l) begin = text.find('\n', begin) + 1;
  size_t end = text.find('\n', begin);
  return {begin, end == std::string::npos ? text.size() : end};
}

inline std::string LineAt(const std::string& text, int line) {
  auto [begin, end] = LineBounds(text, line);
  return text.substr(begin, end - begin);
}

inline std::string ReplaceLine(const std::string& text, int line, const std::string& row) {
  auto [begin, end] = LineBounds(text, line);
  return text.substr(0, begin) + row + text.substr(end);
}

inline std::string WithoutLine(const std::string& text, int line) {
  auto [begin, end] = LineBounds(text, line);
  return text.substr(0, begin) + (end == text.size() ? "" : text.substr(end + 1));
}

// The row's leading blanks.
inline std::string IndentOf(const std::string& row) {
  size_t indent = row.find_first_not_of(" \t");
  return row.substr(0, indent == std::string::npos ? 0 : indent);
}

// Some located diagnostic is at `line` or within [first, last].
inline bool ReportedAt(const Diagnostics& diagnostics, int first, int last, int line) {
  for (const Diagnostic& d : diagnostics.All()) {
    if (!d.location.IsValid()) continue;
    int at = d.location.Start().line;
    if ((at >= first && at <= last) || at == line) return true;
  }
  return false;
}

// One damaged copy of a config: line `line` of the span [first, last] garbled.
struct Damage {
  int first = 0, last = 0, line = 0;
  std::string text;
};

// A random span (the lines of one rule or block), then a random line of it and a random way
// to damage it; `garblings(line)` lists the damaged texts for a line (none: not damageable).
// nullopt when no line of the chosen span can be damaged.
template <typename Garblings>
std::optional<Damage> PickDamage(std::mt19937& rng, const std::vector<std::pair<int, int>>& spans,
                                 Garblings garblings) {
  auto [first, last] = spans[rng() % spans.size()];
  std::vector<Damage> candidates;
  for (int l = first; l <= last; ++l) {
    for (std::string& text : garblings(l)) candidates.push_back({first, last, l, std::move(text)});
  }
  if (candidates.empty()) return std::nullopt;
  return candidates[rng() % candidates.size()];
}

}  // namespace flowaudit::testing
