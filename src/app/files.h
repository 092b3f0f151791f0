// Whole-file reads and atomic writes for the commands. Library layers never open files by
// path except the site and policy loaders; everything a command reads or writes goes here.
#pragma once

#include <string>
#include <vector>

namespace flowaudit {

// Reads a whole file; "-" reads standard input. On failure returns false and sets *error to
// the reason ("No such file or directory").
bool ReadTextFile(const std::string& path, std::string* text, std::string* error);

// Writes `content` to a temporary file next to `path`, then renames it over `path`, so readers
// see either the old file or the whole new one, never half of it.
bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error);

struct FileContent {
  std::string path;
  std::string content;
};

// Several files, all or nothing as far as a process can manage: every temporary is written
// first and renamed only when all were; if one fails, the temporaries are removed, no target
// is touched, and *failed_path and *error say which file and why.
bool WriteFilesAtomically(const std::vector<FileContent>& files, std::string* failed_path,
                          std::string* error);

}  // namespace flowaudit
