// Reads the waivers file (format: docs/ci-gating.md) with located errors.
#include <algorithm>

#include "importers/common/suggest.h"
#include "importers/common/yaml_util.h"
#include "src/gate/waivers.h"

namespace flowaudit {
namespace {

const std::vector<std::string> kFileKeys = {"waivers"};
const std::vector<std::string> kWaiverKeys = {"id", "scope", "justification", "owner", "expires"};
const std::vector<std::string> kScopeKeys = {"device", "zone", "path"};

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

// "a->b ->  c" becomes "a -> b -> c", the form PathResult vertices are joined in.
std::string NormalizePath(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t arrow = text.find("->", start);
    std::string part = Trim(std::string_view(text).substr(
        start, arrow == std::string::npos ? std::string::npos : arrow - start));
    out += (out.empty() ? "" : " -> ") + part;
    if (arrow == std::string::npos) return out;
    start = arrow + 2;
  }
}

class WaiverReader {
 public:
  explicit WaiverReader(YamlReader& reader) : r_(reader) {}

  std::optional<std::vector<WaiverEntry>> Read(const YAML::Node& root) {
    if (!r_.ExpectMap(root, kFileKeys, "the waivers file") ||
        !r_.Require(root, "waivers", "the waivers file")) {
      return std::nullopt;
    }
    const YAML::Node& list = root["waivers"];
    std::vector<WaiverEntry> out;
    if (list.IsNull()) return out;  // `waivers:` with nothing under it
    if (!list.IsSequence()) {
      r_.Error(list, "waivers must be a list");
      return std::nullopt;
    }
    for (const YAML::Node& item : list) {
      if (std::optional<WaiverEntry> entry = ReadWaiver(item)) out.push_back(std::move(*entry));
    }
    if (r_.diagnostics().HasErrors()) return std::nullopt;
    return out;
  }

 private:
  // A required, non-empty single value.
  std::optional<std::string> Text(const YAML::Node& map, const std::string& key) {
    if (!r_.Require(map, key, "waiver")) return std::nullopt;
    std::optional<std::string> text = r_.String(map[key], "waiver '" + key + "'");
    if (text && Trim(*text).empty()) {
      r_.Error(map[key], "waiver '" + key + "' must not be empty");
      return std::nullopt;
    }
    return text;
  }

  bool ReadScope(const YAML::Node& node, Waiver& waiver) {
    if (!r_.ExpectMap(node, kScopeKeys, "waiver scope")) return false;
    if (node.size() != 1) {
      r_.Error(node, "waiver scope needs exactly one of 'device', 'zone' or 'path'");
      return false;
    }
    auto it = node.begin();
    std::string kind = it->first.as<std::string>("");
    std::optional<std::string> value = r_.String(it->second, "waiver scope '" + kind + "'");
    if (!value) return false;
    if (Trim(*value).empty()) {
      r_.Error(it->second, "waiver scope '" + kind + "' must not be empty");
      return false;
    }
    waiver.scope_kind = kind;
    waiver.scope_value = kind == "path" ? NormalizePath(*value) : Trim(*value);
    return true;
  }

  std::optional<WaiverEntry> ReadWaiver(const YAML::Node& item) {
    if (!r_.ExpectMap(item, kWaiverKeys, "waiver")) return std::nullopt;
    WaiverEntry entry;
    entry.at = r_.At(item);
    Waiver& w = entry.waiver;
    w.file = r_.file()->name;
    w.line = entry.at.Start().line;
    std::optional<std::string> id = Text(item, "id");
    std::optional<std::string> justification = Text(item, "justification");
    std::optional<std::string> owner = Text(item, "owner");
    std::optional<std::string> expires = Text(item, "expires");
    bool ok = id && justification && owner && expires;
    if (expires && !IsValidDate(*expires)) {
      r_.Error(item["expires"],
               "waiver 'expires' must be a date YYYY-MM-DD, got '" + *expires + "'");
      ok = false;
    }
    if (item["scope"] && !ReadScope(item["scope"], w)) ok = false;
    if (!ok) return std::nullopt;
    entry.id_at = r_.At(item["id"]);
    w.id = *id;
    w.justification = *justification;
    w.owner = *owner;
    w.expires = *expires;
    return entry;
  }

  YamlReader& r_;
};

}  // namespace

bool IsValidDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto number = [&](size_t at, size_t length) {
    return std::stoi(std::string(text.substr(at, length)));
  };
  int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::optional<std::vector<WaiverEntry>> ParseWaivers(const SourceFilePtr& file,
                                                     Diagnostics& diagnostics) {
  YamlReader reader(file, diagnostics);
  std::optional<YAML::Node> root = reader.Parse();
  if (!root) return std::nullopt;
  try {
    return WaiverReader(reader).Read(*root);
  } catch (const YAML::Exception& e) {
    diagnostics.FileError(file->name, "unexpected YAML structure: " + e.msg);
    return std::nullopt;
  }
}

void CheckWaiverIds(const std::vector<WaiverEntry>& waivers,
                    const std::vector<std::string>& requirement_ids, Diagnostics& diagnostics) {
  for (const WaiverEntry& entry : waivers) {
    const std::string& id = entry.waiver.id;
    if (std::find(requirement_ids.begin(), requirement_ids.end(), id) != requirement_ids.end()) {
      continue;
    }
    diagnostics.Error(entry.id_at, "waiver for unknown requirement '" + id + "'" +
                                       DidYouMean(id, requirement_ids));
  }
}

}  // namespace flowaudit
