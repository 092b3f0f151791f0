// Diagnostics as users read them: location, source line and caret; very long lines (one-line
// JSON dumps) shown as a window around the column.
#include "models/diagnostics.h"

#include <doctest/doctest.h>

namespace flowaudit {
namespace {

TEST_CASE("diagnostics: a caret under the column, and a window on a very long line") {
  SourceFilePtr short_file = MakeSourceFile("a.cfg", "permit tcp any any eq www\n");
  Diagnostics d;
  d.Warning(RangeOf(short_file, std::string_view(short_file->text).substr(22, 3)), "named port");
  CHECK(FormatDiagnostic(d.All().back()) ==
        "a.cfg:1:23: warning: named port\npermit tcp any any eq www\n                      ^~~\n");

  std::string text = std::string(1000, 'x') + "BAD" + std::string(1000, 'y');
  SourceFilePtr long_file = MakeSourceFile("fw.json", text);
  d.Error(RangeOf(long_file, std::string_view(long_file->text).substr(1000, 3)), "bad value");
  std::string shown = FormatDiagnostic(d.All().back());
  std::string expected_line = "..." + std::string(100, 'x') + "BAD" + std::string(97, 'y');
  CHECK(shown == "fw.json:1:1001: error: bad value\n" + expected_line + "\n" +
                     std::string(103, ' ') + "^~~\n");
}

}  // namespace
}  // namespace flowaudit
