// Splits one haproxy.cfg line into words as HAProxy does (configuration manual §2.2): words
// are separated by spaces and tabs, `#` starts a comment, `"…"` and `'…'` quote, and a
// backslash escapes the next character. Each word keeps the range it came from, so
// diagnostics point at the word as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/source.h"

namespace flowaudit::haproxy {

struct Word {
  std::string text;  // unquoted and unescaped
  SourceRange at;    // the word as written, quotes included
};

using Words = std::vector<Word>;

struct TokenizedLine {
  Words words;
  // Set when the line uses something HAProxy resolves at load time and we cannot: an
  // environment variable in double quotes ("${VAR}"). Empty otherwise.
  std::string unresolved;
};

// `line` is a view into `file->text` (one line without its line break).
TokenizedLine TokenizeLine(const SourceFilePtr& file, std::string_view line);

}  // namespace flowaudit::haproxy
