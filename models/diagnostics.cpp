#include "models/diagnostics.h"

#include <algorithm>

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
    int column = d.location.Start().column;
    int underline = static_cast<int>(d.location.Text().size());
    // A long line (a one-line `nft -j` dump) is shown as a window around the column.
    constexpr int kWidth = 200, kLongLine = 400;
    std::string prefix;
    if (static_cast<int>(line.size()) > kLongLine) {
      int first = std::max(0, column - 1 - kWidth / 2);
      line = line.substr(static_cast<size_t>(first), kWidth);
      column -= first;
      if (first > 0) {
        prefix = "...";
        column += 3;
      }
      underline = std::min(underline, kWidth);
    }
    out += prefix;
    out.append(line.data(), line.size());
    out += "\n";
    std::string caret;
    // Keep tabs so the caret lines up under tab-indented source.
    for (int i = 0; i + 1 < column && i < static_cast<int>(line.size() + prefix.size()); ++i) {
      size_t at = static_cast<size_t>(i) - std::min(static_cast<size_t>(i), prefix.size());
      caret += i >= static_cast<int>(prefix.size()) && line[at] == '\t' ? '\t' : ' ';
    }
    caret += '^';
    for (int i = 1; i < underline; ++i) caret += '~';
    out += caret + "\n";
  }
  return out;
}

}  // namespace flowaudit
