// URL Rewrite patterns (ECMAScript, Wildcard, ExactMatch) tested against what a listener knows
// of a request before it arrives: a server variable is either fully known (`{HTTPS}` is "on" on
// an https binding), known up to a prefix (`{CACHE_URL}` starts with "https://"), one of a few
// strings (`{HTTP_HOST}` on a host-named binding is the name, with or without the port), or
// unknown. A test that the known part cannot settle is Truth::kUnknown.
#pragma once

#include <string>
#include <vector>

#include "importers/iis_arr/iis_config.h"

namespace flowaudit::iis {

enum class Truth { kFalse, kTrue, kUnknown };

// What the listener knows of an input: one of `candidates`, then, when `open_tail`, text only
// the request decides. No candidates and an open tail: nothing is known.
struct KnownValue {
  std::vector<std::string> candidates;
  bool open_tail = false;
};

// Whether the pattern is valid for its syntax (regular expressions compile).
bool CompilePattern(const Pattern& pattern, std::string* error);
// Whether the pattern (before `negate`) matches every string: `.*`, `(.*)`, `^(.*)$`, `*`.
bool MatchesEverything(const Pattern& pattern);
// The pattern (with `negate`) against a partly known value.
Truth Test(const Pattern& pattern, const KnownValue& value);

}  // namespace flowaudit::iis
