#include "importers/common/yaml_util.h"

#include <algorithm>

#include "importers/common/suggest.h"

namespace flowaudit {

uint32_t OffsetOf(const std::string& text, int line, int column) {
  size_t offset = 0;
  for (int l = 0; l < line && offset < text.size(); ++l) {
    size_t newline = text.find('\n', offset);
    if (newline == std::string::npos) return static_cast<uint32_t>(text.size());
    offset = newline + 1;
  }
  return static_cast<uint32_t>(
      std::min(text.size(), offset + static_cast<size_t>(std::max(column, 0))));
}

namespace {

// Counts the nodes a reader would visit, aliases expanded, and stops when `left` runs out:
// yaml-cpp shares an anchored node between its aliases, so a small "billion laughs" document
// loads quickly but is exponential to walk. On running out, *where is the node reached.
bool WithinBudget(const YAML::Node& node, size_t& left, YAML::Node* where) {
  if (left == 0) {
    *where = node;
    return false;
  }
  --left;
  if (node.IsSequence()) {
    for (const YAML::Node& child : node) {
      if (!WithinBudget(child, left, where)) return false;
    }
  } else if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!WithinBudget(it->first, left, where) || !WithinBudget(it->second, left, where))
        return false;
    }
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> YamlReader::Parse() {
  const std::string& text = file_->text;
  SourceRange start{file_, 0, 0};
  if (text.find('\0') != std::string::npos) {
    diagnostics_.Error(SourceRange{file_, static_cast<uint32_t>(text.find('\0')), 1},
                       "binary data: not a YAML file");
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) {
      diagnostics_.Error(start, "empty file: expected a YAML mapping");
      return std::nullopt;
    }
    // Without aliases a document has fewer nodes than bytes; aliases may add kMaxYamlAliasNodes.
    size_t left = text.size() + kMaxYamlAliasNodes;
    YAML::Node where;
    if (!WithinBudget(root, left, &where)) {
      diagnostics_.Error(At(where), "YAML aliases expand the document beyond " +
                                        std::to_string(text.size() + kMaxYamlAliasNodes) +
                                        " nodes (the file's size in bytes plus " +
                                        std::to_string(kMaxYamlAliasNodes) + ")");
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    SourceRange at{file_, OffsetOf(text, e.mark.line, e.mark.column), 1};
    diagnostics_.Error(at, "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
}

SourceRange YamlReader::At(const YAML::Node& node) const {
  SourceRange range{file_, 0, 0};
  if (!node.IsDefined()) return range;  // a missing key: no place to point at
  YAML::Mark mark = node.Mark();
  if (mark.line < 0) return range;
  range.offset = OffsetOf(file_->text, mark.line, mark.column);
  if (node.IsScalar()) {
    // Quoted scalars start at the quote; point at the whole token when it is on one line.
    std::string_view rest = std::string_view(file_->text).substr(range.offset);
    size_t length = node.Scalar().size();
    if (!rest.empty() && (rest[0] == '"' || rest[0] == '\'')) length += 2;
    range.length = static_cast<uint32_t>(std::min(length, rest.size()));
  }
  return range;
}

bool YamlReader::ExpectMap(const YAML::Node& node, const std::vector<std::string>& allowed,
                           const std::string& what) {
  if (!node.IsMap()) {
    Error(node, what + " must be a mapping");
    return false;
  }
  bool ok = true;
  std::vector<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.as<std::string>("");
    // YAML forbids duplicate keys; yaml-cpp keeps both and reads only the first.
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      Error(it->first, "duplicate key '" + key + "' in " + what);
      ok = false;
    }
    seen.push_back(key);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      Error(it->first, "unknown key '" + key + "' in " + what + DidYouMean(key, allowed));
      ok = false;
    }
  }
  return ok;
}

bool YamlReader::Require(const YAML::Node& map, const std::string& key, const std::string& what) {
  if (map[key]) return true;
  Error(map, what + " needs '" + key + "'");
  return false;
}

std::optional<std::string> YamlReader::String(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    Error(node, what + " must be a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> YamlReader::Bool(const YAML::Node& node, const std::string& what) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  Error(node, what + " must be true or false");
  return std::nullopt;
}

std::optional<long long> YamlReader::Integer(const YAML::Node& node, const std::string& what,
                                             long long lo, long long hi) {
  if (!node.IsScalar()) {
    Error(node, what + " must be a number");
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  long long value = 0;
  bool digits = !s.empty() && s.size() < 19;
  for (char c : s) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    Error(node, what + " must be a number, got '" + s + "'");
    return std::nullopt;
  }
  value = std::stoll(s);
  if (value < lo || value > hi) {
    Error(node,
          what + " " + s + " is out of range " + std::to_string(lo) + "-" + std::to_string(hi));
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> YamlReader::StringList(const YAML::Node& node,
                                                               const std::string& what) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    Error(node, what + " must be a value or a list of values");
    return std::nullopt;
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      Error(item, what + " must list single values");
      return std::nullopt;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<IpAddress> YamlReader::Address(const YAML::Node& node) {
  auto text = String(node, "an address");
  if (!text) return std::nullopt;
  auto address = ParseIpAddress(*text);
  if (!address) Error(node, "'" + *text + "' is not an IP address");
  return address;
}

std::optional<Prefix> YamlReader::PrefixValue(const YAML::Node& node) {
  auto text = String(node, "a prefix");
  if (!text) return std::nullopt;
  std::string error;
  auto prefix = ParsePrefix(*text, &error);
  if (!prefix) Error(node, error);
  return prefix;
}

}  // namespace flowaudit
