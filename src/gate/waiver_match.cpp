// Which non-passing requirements a waiver covers, and applying waivers to a result.
#include <cctype>

#include "src/gate/waivers.h"

namespace flowaudit {
namespace {

std::string JoinVertices(const std::vector<std::string>& vertices) {
  std::string out;
  for (const std::string& v : vertices) out += (out.empty() ? "" : " -> ") + v;
  return out;
}

bool NameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// True when `name` occurs in `text` as a whole name ("hlb" in "(hlb)", not in "hlb2").
bool Names(const std::string& text, const std::string& name) {
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    bool starts = at == 0 || !NameCharacter(text[at - 1]);
    size_t end = at + name.size();
    bool ends = end == text.size() || !NameCharacter(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

// The non-passing paths of the non-passing flows: the findings of a flow check.
std::vector<const PathResult*> FailingPaths(const RequirementResult& r) {
  std::vector<const PathResult*> out;
  for (const FlowResult& flow : r.flows) {
    if (!IsNonPassing(flow.status)) continue;
    for (const PathResult& path : flow.paths) {
      if (IsNonPassing(path.status)) out.push_back(&path);
    }
  }
  return out;
}

// A non-passing flow without any non-passing path (no path at all): its finding is the flow.
bool HasFlowWithoutFailingPath(const RequirementResult& r) {
  for (const FlowResult& flow : r.flows) {
    if (!IsNonPassing(flow.status)) continue;
    bool any = false;
    for (const PathResult& path : flow.paths) any = any || IsNonPassing(path.status);
    if (!any) return true;
  }
  return false;
}

bool DeviceCovers(const std::string& device, const RequirementResult& r) {
  std::vector<const PathResult*> paths = FailingPaths(r);
  if (!paths.empty() && !HasFlowWithoutFailingPath(r)) {
    for (const PathResult* path : paths) {
      bool through = false;
      for (const std::string& v : path->vertices) through = through || v == device;
      if (!through) return false;
    }
    return true;
  }
  // Other kinds: every detail and every location names the device.
  if (r.details.empty() && r.locations.empty()) return false;
  for (const std::string& detail : r.details) {
    if (!Names(detail, device)) return false;
  }
  for (const Location& location : r.locations) {
    if (!Names(location.message, device) && !Names(location.file, device)) return false;
  }
  return true;
}

bool ZoneCovers(const std::string& zone, const RequirementResult& r) {
  std::vector<const PathResult*> paths = FailingPaths(r);
  if (paths.empty() || HasFlowWithoutFailingPath(r)) return false;
  for (const PathResult* path : paths) {
    if (path->vertices.empty()) return false;
    if (path->vertices.front() != zone && path->vertices.back() != zone) return false;
  }
  return true;
}

bool PathCovers(const std::string& joined, const RequirementResult& r) {
  std::vector<const PathResult*> paths = FailingPaths(r);
  if (paths.empty() || HasFlowWithoutFailingPath(r)) return false;
  for (const PathResult* path : paths) {
    if (JoinVertices(path->vertices) != joined) return false;
  }
  return true;
}

}  // namespace

bool WaiverCovers(const Waiver& waiver, const RequirementResult& r) {
  if (waiver.id != r.id || !IsNonPassing(r.status)) return false;
  if (waiver.scope_kind.empty()) return true;
  if (waiver.scope_kind == "device") return DeviceCovers(waiver.scope_value, r);
  if (waiver.scope_kind == "zone") return ZoneCovers(waiver.scope_value, r);
  if (waiver.scope_kind == "path") return PathCovers(waiver.scope_value, r);
  return false;
}

void ApplyWaivers(const std::vector<WaiverEntry>& waivers, const std::string& today,
                  AuditResult& result, Diagnostics& diagnostics) {
  for (const WaiverEntry& entry : waivers) {
    const Waiver& w = entry.waiver;
    if (w.expires < today) {  // YYYY-MM-DD compares as text
      diagnostics.Error(
          entry.at, "waiver for " + w.id + " expired on " + w.expires + " (owner " + w.owner + ")");
      continue;
    }
    bool used = false;
    for (RequirementResult& r : result.requirements) {
      if (r.waiver || !WaiverCovers(w, r)) continue;
      r.waiver = w;
      used = true;
      break;
    }
    if (!used) {
      std::string scope =
          w.scope_kind.empty() ? "" : " (" + w.scope_kind + " " + w.scope_value + ")";
      diagnostics.Warning(entry.at, "unused waiver for " + w.id + scope +
                                        ": the requirement has no finding it covers");
    }
  }
}

}  // namespace flowaudit
