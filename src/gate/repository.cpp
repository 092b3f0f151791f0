#include "src/gate/repository.h"

namespace flowaudit {

namespace fs = std::filesystem;

std::optional<fs::path> FindRepositoryRoot(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  if (ec) return std::nullopt;
  while (true) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (!dir.has_relative_path()) return std::nullopt;  // reached "/"
    fs::path parent = dir.parent_path();
    if (parent == dir) return std::nullopt;
    dir = parent;
  }
}

namespace {

std::optional<std::string> RelativeTo(const std::string& display, const fs::path& root,
                                      const fs::path& cwd) {
  if (display.empty()) return std::nullopt;
  fs::path full = fs::path(display).is_absolute() ? fs::path(display) : cwd / display;
  fs::path relative = full.lexically_normal().lexically_relative(root.lexically_normal());
  if (relative.empty()) return std::nullopt;
  std::string text = relative.generic_string();
  if (text == ".." || text.rfind("../", 0) == 0) return std::nullopt;  // outside the repository
  return text;
}

}  // namespace

std::map<std::string, std::string> RepositoryPaths(const std::vector<std::string>& files,
                                                   const fs::path& root, const fs::path& cwd) {
  std::map<std::string, std::string> paths;
  for (const std::string& display : files) {
    if (display.empty() || paths.count(display)) continue;
    if (std::optional<std::string> relative = RelativeTo(display, root, cwd)) {
      paths[display] = *relative;
    }
  }
  return paths;
}

std::map<std::string, std::string> RepositoryPaths(const AuditResult& result, const fs::path& root,
                                                   const fs::path& cwd) {
  std::vector<std::string> files{result.site_file};
  for (const RequirementResult& r : result.requirements) {
    for (const Location& location : r.locations) files.push_back(location.file);
  }
  return RepositoryPaths(files, root, cwd);
}

std::string FileUri(const fs::path& folder) {
  std::string text = folder.lexically_normal().generic_string();
  if (text.empty() || text.back() != '/') text += '/';
  return "file://" + text;
}

}  // namespace flowaudit
