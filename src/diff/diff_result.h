// DiffResult: what `flowaudit diff` found between BEFORE and AFTER, as values. The differ fills
// it; reporters only render it (as AuditResult for `check`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "models/packet.h"
#include "models/packet_set.h"
#include "src/check/result.h"

namespace flowaudit {

// Packets whose outcome in one filter differs between BEFORE and AFTER, all decided by the same
// pair of rules (or policies): the unit a reviewer reads.
struct PacketChange {
  // "newly-permitted", "newly-denied", "now-unknown", "no-longer-unknown", "translation-changed"
  std::string kind;
  std::string context;               // "in=eth0 out=eth1", "from=trust to=untrust" or empty
  std::vector<std::string> packets;  // a few readable cubes, then "… N more"
  std::optional<Packet> witness;     // one concrete packet of the change
  std::string verdict_before;        // "permit", "deny", "unknown"
  std::string verdict_after;
  RuleRef before;  // the rule (or policy) that decided these packets before
  RuleRef after;   // and after
  PacketSet set;   // exactly the packets of this change
};

// A rule added, removed, moved or edited that changed no packet's outcome.
struct IneffectiveRule {
  std::string change;  // "added", "removed", "moved", "modified"
  std::optional<RuleRef> before;
  std::optional<RuleRef> after;
};

struct FilterDiff {
  std::string device;
  std::string filter;
  std::string status;  // "changed", "unchanged", "added", "removed", "unknown"
  std::vector<PacketChange> changes;
  std::vector<IneffectiveRule> no_effect;
  bool truncated = false;  // more change groups than reported
  std::string note;        // how the comparison was bounded, when it was
};

// A load-balancer listener (virtual server) added, removed or changed.
struct ListenerChange {
  std::string device;
  std::string endpoint;  // "tcp 10.1.0.100:80"
  std::string change;    // "added", "removed", "changed"
  std::string before;    // one-line description, empty when absent
  std::string after;
  Location before_at;
  Location after_at;
};

// One requirement's result before and after.
struct RequirementChange {
  std::string id;
  std::string title;
  Level severity = Level::kMedium;
  // "newly-failing", "newly-passing", "changed" (same status, other packets or findings),
  // "added", "removed"
  std::string change;
  std::optional<Status> before;
  std::optional<Status> after;
  std::string message_before;
  std::string message_after;
  std::vector<std::string> details;  // what it delivers or drops now that it did not before
  std::vector<Location> locations;   // AFTER's deciding rules
};

struct DiffResult {
  std::string subject;  // "site" or "config"
  std::string before;   // display names of the two sides
  std::string after;
  std::vector<RequirementChange> requirements;  // only those that changed
  std::vector<FilterDiff> filters;              // every filter compared, changed first
  std::vector<ListenerChange> listeners;
  std::vector<std::string> devices_added;
  std::vector<std::string> devices_removed;
  Diagnostics diagnostics;

  bool HasEffectiveChange() const;
  // True when some requirement newly fails (or newly is unknown) at or above `level`.
  bool HasNewFailureAtOrAbove(Level level) const;
};

}  // namespace flowaudit
