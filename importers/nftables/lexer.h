// Splits `nft list ruleset` text into tokens that keep their place in the source: words
// (addresses, ports, keywords, "@set", "!=", "10.0.0.1-10.0.0.9"), quoted strings, the
// punctuation `{ } ; ,` and line ends, which end a statement outside braces. `#` starts a
// comment up to the end of the line. Used by the nftables importer only.
#pragma once

#include <string_view>
#include <vector>

namespace flowaudit::nftables {

struct Token {
  enum class Kind { kWord, kString, kPunct, kNewline };
  Kind kind = Kind::kWord;
  std::string_view text;   // as written (quotes included), a view into the source
  std::string_view value;  // strings without their quotes

  bool Is(std::string_view word) const { return kind != Kind::kString && text == word; }
};

// Tokens of `text`. An unterminated string becomes a string token up to the end of its line;
// `*unterminated` then points at it (nullptr otherwise).
std::vector<Token> Tokenize(std::string_view text, const Token** unterminated);

}  // namespace flowaudit::nftables
