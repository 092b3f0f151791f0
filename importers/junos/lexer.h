// Tokens of JunOS configuration text, shared by the curly-brace and `set` parsers: words
// (unquoted, or "quoted" with backslash escapes), braces, brackets, semicolons and line
// ends. `#` comments (at the start of a word) and `/* … */` comments are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::junos {

struct Token {
  enum class Kind {
    kWord,
    kOpenBrace,
    kCloseBrace,
    kSemicolon,
    kOpenBracket,
    kCloseBracket,
    kNewline
  };
  Kind kind = Kind::kWord;
  std::string_view text;  // as written (with quotes), for locations
  std::string value;      // kWord: the word without quotes
};

// All tokens of the text. Unterminated strings and comments are located errors; the
// tokens before them are still returned.
std::vector<Token> Tokenize(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::junos
