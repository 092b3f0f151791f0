// Splits ns.conf into commands. NetScaler writes one command per line in the form
// `verb [module] entity positional… -option value…`; words are separated by blanks, `"…"` quotes
// with `\"` and `\\` escapes, `'…'` quotes verbatim, and `#` starts a comment line. Each word
// keeps the range it was written at so diagnostics point at it. Keywords (verbs, entities,
// option names) are case-insensitive and kept lowercased; names and values keep their case.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::netscaler {

struct Word {
  std::string text;  // unquoted and unescaped
  SourceRange at;    // as written, quotes included
  bool quoted = false;
};

// `-name value…`: NetScaler options take zero, one or several values (`-cip ENABLED X-FF`).
struct Option {
  Word name;  // lowercased, without the dash
  std::vector<Word> values;
  const Word* Value() const { return values.empty() ? nullptr : &values.front(); }
};

struct Command {
  Word verb;           // lowercased: "add", "bind", "set", …
  std::string object;  // lowercased: "lb vserver", "service", "ns ip", "vlan"
  SourceRange object_at;
  std::vector<Word> args;  // positional words after the object
  std::vector<Option> options;
  SourceRange at;  // the whole line
  // The option named `name` (lowercase, no dash), the last one when repeated.
  const Option* Find(std::string_view name) const;
  // Where a missing word would go: just after the last word of the line.
  SourceRange End() const;
};

// The commands of `file` in order; a line with an unterminated quote is an error and skipped.
std::vector<Command> ReadCommands(const SourceFilePtr& file, Diagnostics& diagnostics);

std::string Lower(std::string_view text);

}  // namespace flowaudit::netscaler
