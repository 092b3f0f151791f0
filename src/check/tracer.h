// Follows one concrete packet along a path found by the symbolic search and records, at every
// device, the rule that decided — the evidence behind each result.
#pragma once

#include <string>
#include <vector>

#include "models/network.h"
#include "src/check/result.h"
#include "src/check/site_network.h"

namespace flowaudit {

struct TraceSummary {
  Trace trace;
  bool delivered = false;
  std::string reason;               // where and why it stopped, or "delivered to …"
  std::vector<Location> locations;  // the rules and virtual servers that decided
};

TraceSummary TraceAlongPath(const SiteNetwork& net, const FlowPath& path, const Packet& packet);

// The rule (or, without one, the chain's policy) that decided packets in a filter, as reports
// name it: file, line and the rule's text.
RuleRef RefOfDecision(const std::string& device, const std::string& filter, const Rule* rule,
                      const Chain* chain, const Action& action);

// "core-fw FORWARD configs/core-fw.rules:12" for reports.
std::string DescribeRule(const RuleRef& rule);

}  // namespace flowaudit
