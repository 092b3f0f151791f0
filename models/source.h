// Source text and locations. Importers receive text plus a display name, never a path; every
// rule, object and diagnostic keeps a byte range into that text. Line and column are computed
// only when something is printed (ninja and clang do the same).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace flowaudit {

struct SourceFile {
  std::string name;  // as shown to users: a path relative to the site, or "<stdin>"
  std::string text;
  // Offsets where lines start, built on first use: a 38 MB config with thousands of warnings
  // must not be rescanned for each one. flowaudit is single-threaded.
  mutable std::unique_ptr<const std::vector<uint32_t>> line_starts = nullptr;

  const std::vector<uint32_t>& LineStarts() const;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

inline SourceFilePtr MakeSourceFile(std::string name, std::string text) {
  auto file = std::make_shared<SourceFile>();
  file->name = std::move(name);
  file->text = std::move(text);
  return file;
}

struct LineColumn {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

// A byte range in one source file. An empty `file` means "no location" (built-in defaults).
struct SourceRange {
  SourceFilePtr file;
  uint32_t offset = 0;
  uint32_t length = 0;

  bool IsValid() const { return file != nullptr; }
  LineColumn Start() const;
  // The whole line the range starts on, without its line break.
  std::string_view LineText() const;
  // The range's own text, clipped to the end of its first line.
  std::string_view Text() const;
  // "file:line" or "file:line:col", empty when there is no location.
  std::string ToString(bool with_column = false) const;
};

SourceRange RangeOf(const SourceFilePtr& file, std::string_view piece_of_text);

}  // namespace flowaudit
