// Parses JunOS configuration text, curly-brace or `display set`, into one ConfigTree.
//
// Curly-brace: `word… ;` leaves, `word… { … }` blocks, `[ a b ]` lists (one statement per
// element), `inactive:` (the statement and everything below it is inactive), `replace:`,
// `protect:` (no effect on meaning) and `delete:` (the statement is skipped: it only tells a
// `load replace` to remove what follows).
// Set lines: `set PATH` adds a statement, `deactivate PATH` / `activate PATH` turn a node
// off and on, `delete PATH` is warned about and skipped. The syntax is chosen by the first
// word of the text (`set` or `deactivate` means set lines).
#pragma once

#include "importers/junos/config_tree.h"

namespace flowaudit::junos {

ConfigTree ParseConfig(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::junos
