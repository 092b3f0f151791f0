#include "importers/nginx/include_resolver.h"

#include <fnmatch.h>
#include <glob.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "models/input_limits.h"

namespace flowaudit::nginx {
namespace {

bool HasWildcards(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

bool IsInside(const std::filesystem::path& folder, const std::filesystem::path& path) {
  auto [f, p] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return f == folder.end();
}

}  // namespace

SourceRange WholeFile(const SourceFilePtr& file) {
  return SourceRange{file, 0, static_cast<uint32_t>(file->text.size())};
}

FolderIncludeResolver::FolderIncludeResolver(std::filesystem::path folder,
                                             std::filesystem::path display_folder)
    : display_folder_(std::move(display_folder)) {
  std::error_code ec;
  folder_ = std::filesystem::weakly_canonical(folder, ec);
  if (ec) folder_ = std::move(folder);
  if (folder_.filename().empty()) folder_ = folder_.parent_path();  // "dir/" names "dir"
}

IncludeResult FolderIncludeResolver::Resolve(std::string_view pattern) {
  IncludeResult result;
  std::filesystem::path full = std::filesystem::path(pattern).is_absolute()
                                   ? std::filesystem::path(pattern)
                                   : folder_ / std::filesystem::path(pattern);
  std::vector<std::string> matches;
  if (HasWildcards(pattern)) {
    glob_t g{};
    int rc = ::glob(full.c_str(), 0, nullptr, &g);
    if (rc == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) matches.emplace_back(g.gl_pathv[i]);
    }
    globfree(&g);
    if (rc != 0 && rc != GLOB_NOMATCH) {
      result.error = "cannot expand \"" + std::string(pattern) + "\"";
      return result;
    }
  } else {
    matches.push_back(full.string());
  }
  for (const std::string& match : matches) {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(match, ec);
    if (ec || !IsInside(folder_, canonical)) {
      result.error = "\"" + std::string(pattern) + "\" leaves the config's folder";
      result.parts.clear();
      return result;
    }
    std::string text, error;
    if (std::filesystem::is_directory(canonical) ||
        !ReadInputFile(canonical.string(), &text, &error)) {
      result.error = "cannot read \"" + match + "\"" + (error.empty() ? "" : ": " + error);
      result.parts.clear();
      return result;
    }
    std::filesystem::path display =
        (display_folder_ / std::filesystem::relative(canonical, folder_)).lexically_normal();
    result.parts.push_back(WholeFile(MakeSourceFile(display.generic_string(), std::move(text))));
  }
  return result;
}

IncludeResult MapIncludeResolver::Resolve(std::string_view pattern) {
  IncludeResult result;
  std::string p(pattern);
  if (p.find("..") != std::string::npos || (!p.empty() && p.front() == '/')) {
    result.error = "\"" + p + "\" leaves the config's folder";
    return result;
  }
  for (const auto& [name, text] : files_) {  // std::map: sorted, as glob sorts
    if (::fnmatch(p.c_str(), name.c_str(), FNM_PATHNAME) == 0) {
      result.parts.push_back(WholeFile(MakeSourceFile(name, text)));
    }
  }
  if (result.parts.empty() && !HasWildcards(pattern)) {
    result.error = "cannot read \"" + p + "\"";
  }
  return result;
}

}  // namespace flowaudit::nginx
