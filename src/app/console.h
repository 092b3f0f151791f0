// Where commands write: results to `out`, diagnostics and errors to `err`. Commands take a
// Console instead of touching std::cout so tests can capture both streams.
#pragma once

#include <ostream>
#include <string_view>

#include "models/diagnostics.h"

namespace flowaudit {

struct Console {
  std::ostream& out;
  std::ostream& err;
  bool color = false;  // `out` is a terminal and NO_COLOR is unset
};

// True when stdout is a terminal and the NO_COLOR convention does not forbid colour.
bool StdoutWantsColor();

// Prints each diagnostic in the compiler-like form (FormatDiagnostic) to `err`.
void PrintDiagnostics(const Diagnostics& diagnostics, std::ostream& err);

// Prints "flowaudit: error: MESSAGE" and returns exit_code::kInput.
int UsageError(std::ostream& err, std::string_view message);

}  // namespace flowaudit
