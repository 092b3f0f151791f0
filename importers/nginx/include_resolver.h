// How the NGINX importer reads `include`d files. Importers get text plus a display name, never
// a path, so file access comes from outside: whoever runs the importer passes a resolver. The
// importer table's factory passes none (then `include` is a located warning); a caller that
// knows the config's folder passes a FolderIncludeResolver; tests pass a MapIncludeResolver.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/source.h"

namespace flowaudit::nginx {

struct IncludeResult {
  // The texts, in nginx's order (glob matches sorted by name): whole files, or parts of one
  // text (the files of an `nginx -T` dump).
  std::vector<SourceRange> parts;
  std::string error;  // set when the pattern cannot be followed
};

// A range covering all of `file`.
SourceRange WholeFile(const SourceFilePtr& file);

class IncludeResolver {
 public:
  virtual ~IncludeResolver() = default;
  // The files an `include PATTERN;` names. A pattern without wildcards must match a file.
  virtual IncludeResult Resolve(std::string_view pattern) = 0;
};

// Files under one folder (the main config's): relative patterns resolve against it, glob
// patterns (* ? [..]) match in any component, and whatever lies outside the folder (absolute
// paths elsewhere, "..", symbolic links leading out) is refused, as the site loader confines
// paths. Display names are relative to the folder (under `display_folder`).
class FolderIncludeResolver final : public IncludeResolver {
 public:
  // `display_folder`: how diagnostics name the folder (the main config's display name's
  // folder), so included files read "site/configs/conf.d/web.conf" like the main one.
  explicit FolderIncludeResolver(std::filesystem::path folder,
                                 std::filesystem::path display_folder = {});
  IncludeResult Resolve(std::string_view pattern) override;

 private:
  std::filesystem::path folder_;  // canonical
  std::filesystem::path display_folder_;
};

// In-memory files by name, for tests: the pattern is matched with fnmatch against every name.
class MapIncludeResolver final : public IncludeResolver {
 public:
  explicit MapIncludeResolver(std::map<std::string, std::string> files)
      : files_(std::move(files)) {}
  IncludeResult Resolve(std::string_view pattern) override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace flowaudit::nginx
