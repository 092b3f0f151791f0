#include "src/app/console.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "src/app/exit_code.h"

namespace flowaudit {

bool StdoutWantsColor() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(fileno(stdout)) != 0;
}

void PrintDiagnostics(const Diagnostics& diagnostics, std::ostream& err) {
  for (const Diagnostic& diagnostic : diagnostics.All()) err << FormatDiagnostic(diagnostic);
}

int UsageError(std::ostream& err, std::string_view message) {
  err << "flowaudit: error: " << message << "\n";
  return exit_code::kInput;
}

}  // namespace flowaudit
