// The git repository a site lives in, so that SARIF artifact paths are relative to the
// repository root (what GitHub code scanning expects) rather than to the working folder of the
// run. Found by looking for `.git` (a folder, or a file in worktrees and submodules) from the
// site's folder upwards; no git subprocess.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/check/result.h"

namespace flowaudit {

// The nearest folder at or above `start` (made absolute) that holds `.git`; nullopt if none.
std::optional<std::filesystem::path> FindRepositoryRoot(const std::filesystem::path& start);

// Every file path the result names (site file, locations) mapped to its path relative to
// `root`, normalized with forward slashes. Display paths are relative to `cwd` unless
// absolute. Paths outside the root are left out (reporters keep them as they are).
std::map<std::string, std::string> RepositoryPaths(const AuditResult& result,
                                                   const std::filesystem::path& root,
                                                   const std::filesystem::path& cwd);
// The same for any list of display paths (the files a diff names).
std::map<std::string, std::string> RepositoryPaths(const std::vector<std::string>& files,
                                                   const std::filesystem::path& root,
                                                   const std::filesystem::path& cwd);

// "file:///abs/root/" for SARIF's originalUriBaseIds.
std::string FileUri(const std::filesystem::path& folder);

}  // namespace flowaudit
