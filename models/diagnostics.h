// Located messages about the input. Importers and loaders never throw across a layer: they
// add diagnostics here and return what they understood. Errors make the run exit 2; warnings
// mark input that was not understood (its rules become `unknown`, so verdicts that depend on
// it are UNKNOWN); notes add context.
#pragma once

#include <string>
#include <vector>

#include "models/source.h"

namespace flowaudit {

enum class Severity { kNote, kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceRange location;
  std::string message;
  std::string file_name;  // used when there is no SourceFile (e.g. a file that cannot be read)
};

class Diagnostics {
 public:
  void Error(const SourceRange& at, std::string message);
  void Warning(const SourceRange& at, std::string message);
  void Note(const SourceRange& at, std::string message);
  // For inputs that have no text to point into (missing file, unreadable folder).
  void FileError(std::string file_name, std::string message);

  bool HasErrors() const { return errors_ > 0; }
  int ErrorCount() const { return errors_; }
  int WarningCount() const { return warnings_; }
  const std::vector<Diagnostic>& All() const { return all_; }
  void Append(const Diagnostics& other);
  // Turns every warning into an error (--strict).
  void PromoteWarnings();

 private:
  void Add(Severity severity, const SourceRange& at, std::string message);
  std::vector<Diagnostic> all_;
  int errors_ = 0;
  int warnings_ = 0;
};

// "path:line:col: error: message", then the source line and a caret under the column.
std::string FormatDiagnostic(const Diagnostic& diagnostic);
const char* SeverityName(Severity severity);

}  // namespace flowaudit
