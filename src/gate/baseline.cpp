#include "src/gate/baseline.h"

#include <nlohmann/json.hpp>

#include "importers/common/json_depth.h"

namespace flowaudit {
namespace {

using Json = nlohmann::json;

constexpr char kSeparator = '\x1f';  // cannot occur in a name, a service or a detail line

std::string Key(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& part : parts)
    out += (out.empty() ? "" : std::string(1, kSeparator)) + part;
  return out;
}

std::string JoinVertices(const std::vector<std::string>& vertices) {
  std::string out;
  for (const std::string& v : vertices) out += (out.empty() ? "" : " -> ") + v;
  return out;
}

std::optional<Status> StatusFromName(const std::string& name) {
  for (Status s : {Status::kPass, Status::kFail, Status::kPartial, Status::kUnknown, Status::kInfo,
                   Status::kNotApplicable}) {
    if (name == StatusName(s)) return s;
  }
  return std::nullopt;
}

// Reads the parts of a report that finding keys use; throws std::runtime_error with the
// place of the first thing that is missing or of the wrong type.
class ReportReader {
 public:
  RequirementResult Requirement(const Json& j, const std::string& where) {
    RequirementResult r;
    r.id = String(j, "id", where);
    r.status = StatusOf(j, where);
    r.message = j.contains("message") ? String(j, "message", where) : "";
    for (const Json& flow : List(j, "flows", where)) {
      std::string at = where + ".flows[" + std::to_string(r.flows.size()) + "]";
      r.flows.push_back(Flow(flow, at));
    }
    const Json& details = List(j, "details", where);
    for (size_t i = 0; i < details.size(); ++i) {
      if (!details[i].is_string()) Fail(where + ".details[" + std::to_string(i) + "]", "a string");
      r.details.push_back(details[i].get<std::string>());
    }
    return r;
  }

 private:
  [[noreturn]] void Fail(const std::string& where, const std::string& expected) {
    throw std::runtime_error(where + ": expected " + expected);
  }
  std::string String(const Json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
      Fail(where + "." + key, "a string");
    }
    return j[key].get<std::string>();
  }
  const Json& List(const Json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_array()) Fail(where + "." + key, "a list");
    return j[key];
  }
  Status StatusOf(const Json& j, const std::string& where) {
    std::string name = String(j, "status", where);
    std::optional<Status> status = StatusFromName(name);
    if (!status) Fail(where + ".status", "a status, got '" + name + "'");
    return *status;
  }
  FlowResult Flow(const Json& j, const std::string& where) {
    FlowResult flow;
    flow.from = String(j, "from", where);
    flow.to = String(j, "to", where);
    flow.service = String(j, "service", where);
    flow.status = StatusOf(j, where);
    for (const Json& p : List(j, "paths", where)) {
      std::string at = where + ".paths[" + std::to_string(flow.paths.size()) + "]";
      PathResult path;
      path.status = StatusOf(p, at);
      for (const Json& v : List(p, "vertices", at)) {
        if (!v.is_string()) Fail(at + ".vertices", "strings");
        path.vertices.push_back(v.get<std::string>());
      }
      flow.paths.push_back(std::move(path));
    }
    return flow;
  }
};

}  // namespace

std::set<std::string> FindingKeys(const RequirementResult& r) {
  std::set<std::string> keys;
  if (!IsNonPassing(r.status)) return keys;
  const std::string status = StatusName(r.status);
  for (const FlowResult& flow : r.flows) {
    if (!IsNonPassing(flow.status)) continue;
    bool any = false;
    for (const PathResult& path : flow.paths) {
      if (!IsNonPassing(path.status)) continue;
      keys.insert(
          Key({r.id, status, flow.from, flow.to, flow.service, JoinVertices(path.vertices)}));
      any = true;
    }
    if (!any) keys.insert(Key({r.id, status, flow.from, flow.to, flow.service, ""}));
  }
  if (!r.flows.empty()) {
    if (keys.empty()) keys.insert(Key({r.id, status, r.message}));  // failing, yet no flow does
    return keys;
  }
  for (const std::string& detail : r.details) keys.insert(Key({r.id, status, detail}));
  if (keys.empty()) keys.insert(Key({r.id, status, r.message}));
  return keys;
}

std::optional<Baseline> ParseBaseline(const std::string& text, std::string* error) {
  Json j;
  if (auto deep = JsonTooDeepAt(text)) {
    *error = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels (at byte " +
             std::to_string(*deep + 1) + ")";
    return std::nullopt;
  }
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 1: …" without the tag.
    std::string what = e.what();
    size_t tag_end = what.find("] ");
    *error = "not JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2));
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("requirements") || !j["requirements"].is_array()) {
    *error = "not a 'flowaudit check --format json' report: no 'requirements' list";
    return std::nullopt;
  }
  Baseline baseline;
  ReportReader reader;
  try {
    const Json& list = j["requirements"];
    for (size_t i = 0; i < list.size(); ++i) {
      RequirementResult r = reader.Requirement(list[i], "requirements[" + std::to_string(i) + "]");
      std::set<std::string> keys = FindingKeys(r);
      baseline.findings[r.id].insert(keys.begin(), keys.end());
    }
  } catch (const std::runtime_error& e) {
    *error = e.what();
    return std::nullopt;
  }
  return baseline;
}

void ApplyBaseline(const Baseline& baseline, AuditResult& result) {
  for (RequirementResult& r : result.requirements) {
    std::set<std::string> keys = FindingKeys(r);
    if (keys.empty()) continue;
    auto known = baseline.findings.find(r.id);
    if (known == baseline.findings.end()) continue;
    bool all = true;
    for (const std::string& key : keys) all = all && known->second.count(key) > 0;
    r.baseline = all;
  }
}

}  // namespace flowaudit
