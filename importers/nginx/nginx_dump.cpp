#include "importers/nginx/nginx_dump.h"

#include <fnmatch.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace flowaudit::nginx {
namespace {

constexpr std::string_view kMarker = "# configuration file ";

// The files of a dump by path, in the dump's order.
class DumpIncludeResolver final : public IncludeResolver {
 public:
  DumpIncludeResolver(std::string folder, std::vector<std::pair<std::string, SourceRange>> files)
      : folder_(std::move(folder)), files_(std::move(files)) {}

  IncludeResult Resolve(std::string_view pattern) override {
    std::string full(pattern);
    if (full.empty() || full.front() != '/') full = folder_ + full;
    std::vector<std::pair<std::string, SourceRange>> matches;
    for (const auto& [path, part] : files_) {
      if (::fnmatch(full.c_str(), path.c_str(), FNM_PATHNAME) == 0) matches.push_back({path, part});
    }
    std::sort(matches.begin(), matches.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    IncludeResult result;
    for (const auto& match : matches) result.parts.push_back(match.second);
    if (matches.empty() && full.find_first_of("*?[") == std::string::npos) {
      result.error = "\"" + full + "\" is not in the nginx -T output";
    }
    return result;
  }

 private:
  std::string folder_;  // the main config's folder, with a trailing "/"
  std::vector<std::pair<std::string, SourceRange>> files_;
};

}  // namespace

std::optional<NginxDump> SplitNginxDump(const SourceFilePtr& file) {
  const std::string& text = file->text;
  std::vector<std::pair<std::string, SourceRange>> files;
  size_t line = 0;
  while (line < text.size()) {
    size_t end = text.find('\n', line);
    if (end == std::string::npos) end = text.size();
    std::string_view current(text.data() + line, end - line);
    if (current.substr(0, kMarker.size()) == kMarker && current.size() > kMarker.size() + 1 &&
        current.back() == ':') {
      if (!files.empty()) {
        SourceRange& previous = files.back().second;
        previous.length = static_cast<uint32_t>(line - previous.offset);
      }
      std::string path(current.substr(kMarker.size(), current.size() - kMarker.size() - 1));
      size_t body = std::min(end + 1, text.size());
      files.push_back({path, SourceRange{file, static_cast<uint32_t>(body),
                                         static_cast<uint32_t>(text.size() - body)}});
    }
    line = end + 1;
  }
  if (files.empty()) return std::nullopt;
  NginxDump dump;
  dump.main = files.front().second;
  const std::string& main_path = files.front().first;
  std::string folder = main_path.substr(0, main_path.rfind('/') + 1);
  dump.includes = std::make_unique<DumpIncludeResolver>(folder, std::move(files));
  return dump;
}

}  // namespace flowaudit::nginx
