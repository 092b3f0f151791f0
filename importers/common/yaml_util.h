// Helpers for reading YAML inputs (site files, policy packs, flowaudit's own device format)
// with compiler-style located diagnostics: every error names file:line:col and the key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/ip_address.h"
#include "models/source.h"

namespace flowaudit {

// Nodes that YAML aliases may add to a document, beyond one per byte of its text: a "billion
// laughs" document is an error, not an exponential walk (docs/limits.md).
inline constexpr size_t kMaxYamlAliasNodes = 1'000'000;

class YamlReader {
 public:
  YamlReader(SourceFilePtr file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  // Parses the whole file; nullopt (with a located error) on syntax errors, empty files or
  // binary data.
  std::optional<YAML::Node> Parse();

  SourceRange At(const YAML::Node& node) const;
  void Error(const YAML::Node& node, const std::string& message) {
    diagnostics_.Error(At(node), message);
  }
  void Warning(const YAML::Node& node, const std::string& message) {
    diagnostics_.Warning(At(node), message);
  }

  // Requires a mapping; reports keys outside `allowed` ("unknown key 'memebers' in service;
  // did you mean 'members'?"). Returns false when the node is not a mapping or a key is bad.
  bool ExpectMap(const YAML::Node& node, const std::vector<std::string>& allowed,
                 const std::string& what);
  bool Require(const YAML::Node& map, const std::string& key, const std::string& what);

  std::optional<std::string> String(const YAML::Node& node, const std::string& what);
  std::optional<bool> Bool(const YAML::Node& node, const std::string& what);
  std::optional<long long> Integer(const YAML::Node& node, const std::string& what, long long lo,
                                   long long hi);
  // A scalar or a sequence of scalars, as a list.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node,
                                                     const std::string& what);
  std::optional<IpAddress> Address(const YAML::Node& node);
  std::optional<Prefix> PrefixValue(const YAML::Node& node);

  const SourceFilePtr& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  SourceFilePtr file_;
  Diagnostics& diagnostics_;
};

// Offset of (0-based line, 0-based column) in text.
uint32_t OffsetOf(const std::string& text, int line, int column);

}  // namespace flowaudit
