// Reads tmsh configuration text (bigip.conf, bigip_base.conf, `tmsh list` output) into a tree of
// words and `{ }` blocks. Words are separated by blanks; `"…"` quotes (and may span lines, with
// backslash escapes); `#` at the start of a word comments out the rest of the line. The body of
// `ltm rule NAME { … }` is Tcl, kept verbatim: it ends at the brace that balances its opening
// one, counting every brace not escaped by a backslash, as Tcl does for a braced word.
#pragma once

#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::f5 {

struct Node {
  std::string text;  // unquoted
  SourceRange at;    // the word as written
  bool quoted = false;
  bool line_start = false;  // the first word of its line
  bool has_block = false;   // followed by `{ … }`
  std::vector<Node> block;
  SourceRange block_at;  // the opening brace
  // `ltm rule` bodies: the Tcl text between the braces, and where it starts.
  bool raw = false;
  SourceRange raw_at;  // offset/length of the body inside the file
};

// The top-level words of `file`. Unbalanced braces and unterminated quotes are errors; the
// tree then holds what was read before them.
std::vector<Node> ReadTmsh(const SourceFilePtr& file, Diagnostics& diagnostics);

// The nodes from `begin` up to (not including) the next node that starts a line.
size_t EndOfLine(const std::vector<Node>& nodes, size_t begin);

}  // namespace flowaudit::f5
