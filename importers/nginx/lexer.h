// Splits NGINX config text into tokens the way nginx's own ngx_conf_read_token does: words
// (bare or quoted with '…' or "…", backslash escapes), and the punctuation `;`, `{` and `}`.
// `#` starts a comment only where a word could start; `${var}` braces belong to the word. Each
// token keeps its byte range so diagnostics point at it.
#pragma once

#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::nginx {

struct Token {
  enum class Kind { kWord, kSemicolon, kOpenBrace, kCloseBrace };
  Kind kind = Kind::kWord;
  std::string text;  // a word's value: quotes removed, \" \' \\ \t \r \n unescaped
  bool quoted = false;
  SourceRange range;
};

// Tokens of `part` (a whole file, or one file of an `nginx -T` dump). Lexical errors (an
// unterminated quote, a quote followed by more text) are reported with nginx's wording;
// tokenizing stops there.
std::vector<Token> Tokenize(const SourceRange& part, Diagnostics& diagnostics);

}  // namespace flowaudit::nginx
