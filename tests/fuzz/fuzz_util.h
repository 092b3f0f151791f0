// Shared pieces of the fuzz targets: a temporary folder made once per process (every file a
// target writes goes below it) and a pass over the diagnostics that formats each one, so the
// location code (line/column lookup, caret) runs on every input too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "models/diagnostics.h"

namespace flowaudit::fuzz {

// The process's temporary folder, created on first use and removed at exit.
const std::filesystem::path& TempDir();
// Writes `size` bytes to TempDir()/name, replacing the file; returns the full path.
std::string WriteTempFile(const std::string& name, const uint8_t* data, size_t size);
// Formats every diagnostic; returns the total length so the work cannot be optimised away.
size_t FormatAll(const Diagnostics& diagnostics);

}  // namespace flowaudit::fuzz
