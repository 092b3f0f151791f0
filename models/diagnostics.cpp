#include "models/diagnostics.h"

namespace flowaudit {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

void Diagnostics::Add(Severity severity, const SourceRange& at, std::string message) {
  if (severity == Severity::kError) ++errors_;
  if (severity == Severity::kWarning) ++warnings_;
  all_.push_back(Diagnostic{severity, at, std::move(message), {}});
}

void Diagnostics::Error(const SourceRange& at, std::string message) {
  Add(Severity::kError, at, std::move(message));
}
void Diagnostics::Warning(const SourceRange& at, std::string message) {
  Add(Severity::kWarning, at, std::move(message));
}
void Diagnostics::Note(const SourceRange& at, std::string message) {
  Add(Severity::kNote, at, std::move(message));
}

void Diagnostics::FileError(std::string file_name, std::string message) {
  ++errors_;
  all_.push_back(Diagnostic{Severity::kError, {}, std::move(message), std::move(file_name)});
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other.all_) {
    if (d.severity == Severity::kError) ++errors_;
    if (d.severity == Severity::kWarning) ++warnings_;
    all_.push_back(d);
  }
}

void Diagnostics::PromoteWarnings() {
  for (Diagnostic& d : all_) {
    if (d.severity == Severity::kWarning) {
      d.severity = Severity::kError;
      --warnings_;
      ++errors_;
    }
  }
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out;
  if (d.location.IsValid()) {
    out = d.location.ToString(/*with_column=*/true) + ": ";
  } else if (!d.file_name.empty()) {
    out = d.file_name + ": ";
  }
  out += SeverityName(d.severity);
  out += ": " + d.message + "\n";
  if (d.location.IsValid()) {
    std::string_view line = d.location.LineText();
    out.append(line.data(), line.size());
    out += "\n";
    int column = d.location.Start().column;
    std::string caret;
    // Keep tabs so the caret lines up under tab-indented source.
    for (int i = 0; i + 1 < column && i < static_cast<int>(line.size()); ++i) {
      caret += line[i] == '\t' ? '\t' : ' ';
    }
    caret += '^';
    int underline = static_cast<int>(d.location.Text().size());
    for (int i = 1; i < underline; ++i) caret += '~';
    out += caret + "\n";
  }
  return out;
}

}  // namespace flowaudit
