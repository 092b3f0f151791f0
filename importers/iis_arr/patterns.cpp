#include "importers/iis_arr/patterns.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "importers/iis_arr/config_values.h"

namespace flowaudit::iis {
namespace {

constexpr size_t kMaxPatternLength = 2000;
constexpr int kMaxGroupDepth = 100;

// A Wildcard pattern as the equivalent anchored regular expression: `*` is any text.
std::string WildcardToRegex(const std::string& text) {
  std::string out = "^";
  for (char c : text) {
    if (c == '*') {
      out += "(.*)";
    } else if (std::string_view("\\^$.|?+()[]{}").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "$";
}

std::regex Compile(const Pattern& p) {
  auto flags = std::regex::ECMAScript;
  if (p.ignore_case) flags |= std::regex::icase;
  return std::regex(p.syntax == PatternSyntax::kWildcard ? WildcardToRegex(p.text) : p.text, flags);
}

Truth Negated(Truth t, bool negate) {
  if (!negate || t == Truth::kUnknown) return t;
  return t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}

// `^literal`, `^literal.*`, `^literal(.*)` (ECMAScript) or `literal*` (Wildcard): the pattern
// only asks whether the value starts with `literal`. False when it asks more.
bool PrefixPattern(const Pattern& p, std::string* literal) {
  std::string_view t = p.text;
  if (p.syntax == PatternSyntax::kWildcard) {
    if (t.empty() || t.back() != '*') return false;
    t.remove_suffix(1);
    if (t.find('*') != std::string_view::npos) return false;
    *literal = std::string(t);
    return true;
  }
  if (p.syntax != PatternSyntax::kEcmaScript || t.empty() || t.front() != '^') return false;
  t.remove_prefix(1);
  for (std::string_view tail : {"(.*)", ".*"}) {
    if (t.size() >= tail.size() && t.substr(t.size() - tail.size()) == tail) {
      t.remove_suffix(tail.size());
      break;
    }
  }
  literal->clear();
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\\' && i + 1 < t.size() && !std::isalnum(static_cast<unsigned char>(t[i + 1]))) {
      *literal += t[++i];
    } else if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) {
      return false;
    } else {
      *literal += c;
    }
  }
  return true;
}

Truth TestKnown(const Pattern& p, const std::string& value) {
  if (p.syntax == PatternSyntax::kExactMatch) {
    return (p.ignore_case ? EqualsIgnoreCase(p.text, value) : p.text == value) ? Truth::kTrue
                                                                               : Truth::kFalse;
  }
  try {
    std::regex re = Compile(p);
    return std::regex_search(value, re) ? Truth::kTrue : Truth::kFalse;
  } catch (const std::exception&) {
    return Truth::kUnknown;
  }
}

Truth TestPrefix(const Pattern& p, const std::string& prefix) {
  std::string literal;
  if (!PrefixPattern(p, &literal)) return Truth::kUnknown;
  size_t n = std::min(literal.size(), prefix.size());
  std::string_view a = std::string_view(literal).substr(0, n);
  std::string_view b = std::string_view(prefix).substr(0, n);
  if (!(p.ignore_case ? EqualsIgnoreCase(a, b) : a == b)) return Truth::kFalse;
  return literal.size() <= prefix.size() ? Truth::kTrue : Truth::kUnknown;
}

}  // namespace

bool CompilePattern(const Pattern& pattern, std::string* error) {
  if (pattern.syntax == PatternSyntax::kExactMatch) return true;
  // std::regex compiles and matches by recursion: bound the input so that no config can
  // exhaust the stack. Real rules are far below these limits.
  if (pattern.text.size() > kMaxPatternLength) {
    *error = "longer than " + std::to_string(kMaxPatternLength) + " characters, not supported";
    return false;
  }
  int depth = 0, deepest = 0;
  for (size_t i = 0; i < pattern.text.size(); ++i) {
    char c = pattern.text[i];
    if (c == '\\') {
      ++i;
    } else if (c == '(') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ')') {
      --depth;
    }
  }
  if (deepest > kMaxGroupDepth) {
    *error = "groups nested deeper than " + std::to_string(kMaxGroupDepth) + ", not supported";
    return false;
  }
  try {
    Compile(pattern);
    return true;
  } catch (const std::regex_error& e) {
    *error = e.what();
    return false;
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
}

bool MatchesEverything(const Pattern& p) {
  if (p.syntax == PatternSyntax::kWildcard) return p.text == "*";
  if (p.syntax != PatternSyntax::kEcmaScript) return false;
  for (const char* all : {"", ".*", "(.*)", "^(.*)$", "^.*$", "^(.*)", "^.*", ".*$", "(.*)$"}) {
    if (p.text == all) return true;
  }
  return false;
}

Truth Test(const Pattern& p, const KnownValue& value) {
  if (MatchesEverything(p)) return Negated(Truth::kTrue, p.negate);
  if (value.candidates.empty()) return Truth::kUnknown;
  std::optional<Truth> common;
  for (const std::string& candidate : value.candidates) {
    Truth t = value.open_tail ? TestPrefix(p, candidate) : TestKnown(p, candidate);
    if (common && *common != t) return Truth::kUnknown;
    common = t;
  }
  return Negated(*common, p.negate);
}

}  // namespace flowaudit::iis
