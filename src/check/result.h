// AuditResult: everything `check` found, as values. The checker fills it; reporters (text,
// json, and later sarif/junit/markdown) only render it. Nothing here computes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/packet.h"

namespace flowaudit {

enum class Status { kPass, kFail, kPartial, kUnknown, kInfo, kNotApplicable };
const char* StatusName(
    Status status);  // "pass", "fail", "partial", "unknown", "info", "not-applicable"

enum class Level { kCritical, kHigh, kMedium, kLow, kInfo };
const char* LevelName(Level level);  // "critical", "high", "medium", "low", "info"

// A rule (or default policy) that decided something, with where it is written.
struct RuleRef {
  std::string device;  // "core-fw"
  std::string filter;  // "FORWARD", "nat/PREROUTING", "virtual-servers"
  std::string file;    // display path, empty for built-in defaults
  int line = 0;        // 0 when there is no line (a default policy without a declaration)
  std::string text;    // the rule's source line, trimmed
  std::string action;  // "ACCEPT", "DROP", "policy DROP", "no listener"
};

// One step inside one device on a path.
struct Step {
  std::string stage;  // "filter FORWARD", "nat PREROUTING", "virtual server"
  std::string
      outcome;  // "permit", "deny", "unknown", "dnat to 10.1.0.11:80", "no listener", "redirect"
  std::optional<RuleRef> rule;
};

struct Hop {
  std::string device;
  std::string in_interface;
  std::string out_interface;
  std::string from_zone;
  std::string to_zone;
  std::vector<Step> steps;
};

// One concrete packet followed hop by hop (explain, and the witnesses of a result).
struct Trace {
  Packet packet;  // as sent
  std::vector<Hop> hops;
  std::string outcome;  // "delivered to 10.1.0.11:80", "dropped by core-fw", "redirected by hlb"
};

// One path (a sequence of zones and devices) for one flow.
struct PathResult {
  std::vector<std::string> vertices;  // "clients", "core-fw", "servers", "hlb", "servers"
  Status status = Status::kPass;
  std::vector<std::string> delivered;  // packet-set summaries
  std::vector<std::string> dropped;
  std::vector<std::string> unknown;
  std::optional<Trace> delivered_witness;
  std::optional<Trace> dropped_witness;
  std::optional<Trace> unknown_witness;
  std::string reason;  // short: "dropped by core-fw FORWARD (configs/fw.rules:12)", "no listener
                       // on 10.1.0.100:80"
};

// One (source, destination, service) triple of a requirement.
struct FlowResult {
  std::string from;     // "zone clients (10.10.0.0/16)"
  std::string to;       // "service web-int VIP 10.1.0.100"
  std::string service;  // "tcp/80"
  Status status = Status::kPass;
  std::string message;
  std::vector<PathResult> paths;
};

// A place in an input file a finding points at (SARIF locations, annotations).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
};

// A waiver from `check --waivers FILE` that covers a non-passing requirement
// (src/gate/waivers.h). The requirement keeps its status; it no longer counts for --fail-on.
struct Waiver {
  std::string id;             // the requirement id
  std::string scope_kind;     // "device", "zone", "path", or empty: the whole requirement
  std::string scope_value;    // "edge-fw", "internet", "clients -> core-fw -> servers"
  std::string justification;  // why the finding is accepted
  std::string owner;          // who answers for it
  std::string expires;        // YYYY-MM-DD; the waiver stops applying the day after
  std::string file;           // the waivers file, as given on the command line
  int line = 0;               // 1-based line of the waiver's entry
};

struct RequirementResult {
  std::string id;
  std::string pack;
  std::string title;
  Level severity = Level::kMedium;
  std::string kind;  // "flow", "listener", "redirect"
  Status status = Status::kPass;
  std::string message;  // one line: what holds or what is wrong
  std::string rationale;
  std::vector<std::string> sources;
  std::vector<FlowResult> flows;     // flow checks
  std::vector<std::string> details;  // listener/redirect checks: one line per finding
  std::vector<Location> locations;   // deciding rules and virtual servers
  std::optional<Waiver> waiver;      // set when a --waivers entry covers every finding
  bool baseline = false;             // every finding is already in the --baseline report
};

// fail, partial and unknown: the statuses that need action.
bool IsFailing(Status status);
// Anything but pass and not-applicable: the statuses a waiver or a baseline can cover.
bool IsNonPassing(Status status);
// A failing or info requirement that neither a waiver nor the baseline accounts for.
bool CountsForGate(const RequirementResult& r);

struct AuditResult {
  std::string site;
  std::string site_file;
  std::vector<std::string> packs;
  std::vector<RequirementResult> requirements;
  Diagnostics diagnostics;  // warnings about the inputs (errors stop before a result exists)

  int Count(Status status) const;
  // True when some failing requirement at or above `level` counts for the gate (not waived,
  // not in the baseline).
  bool HasFailureAtOrAbove(Level level) const;
};

}  // namespace flowaudit
