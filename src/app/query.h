// The engine of `flowaudit query`: what one device does with concrete packets. A firewall
// answers with the filter's decision and the rule (or chain policy) that made it; a load
// balancer answers with the virtual server on the packet's destination, if any. The answers
// are values; query_output.h renders them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/device.h"
#include "models/filter.h"
#include "src/app/packet_spec.h"

namespace flowaudit {

// A rule's place in its file, as printed: "fw.rules:12" and the trimmed line.
struct RuleText {
  std::string file;
  int line = 0;
  int column = 1;
  std::string text;  // the rule's line, or its own text where the line is very long
};

struct QueryAnswer {
  PacketSpec spec;
  std::string verdict;  // permit | deny | unknown; load balancers: forward | redirect |
                        // no-listener, a rejecting virtual server answers deny, one answering
                        // itself permit (action respond), an unknown one unknown
  std::string action;   // lowercase deciding action: accept, drop, reject, return, forward, …
  std::string action_as_written;  // "DROP" as the config spells it, for text output
  std::string filter;             // the filter's name, or "virtual-servers"
  std::optional<RuleText> rule;   // nullopt when a chain policy (or no listener) decided
  std::string policy_chain;       // the chain whose policy decided, when `rule` is nullopt
  std::string label;   // the deciding rule's name, where the format names rules ("web in",
                       // "interzone-default"): the only reference to a rule the importer added
  std::string reason;  // why the verdict is unknown (Decision::problem)
  const VirtualServer* server = nullptr;  // the deciding virtual server (its members, SNAT, …)
  std::string virtual_server;             // its name
  std::string location;                   // redirect target
};

// The filter `query` evaluates: `requested` by name, else the device's default filter (the
// importer names it: FORWARD, forward, vsys1, …), else its first filter. Returns nullptr and sets
// *error when the name is unknown or the device has no filters at all.
const Filter* ChooseFilter(const Device& device, const std::string& requested,
                           const std::string& config_name, std::string* error);

// Answers each packet against `filter`. Rule locations are resolved through a line index, so
// a thousand packets against a 50,000-line file stay cheap.
std::vector<QueryAnswer> AnswerWithFilter(const Filter& filter,
                                          const std::vector<PacketSpec>& packets);

// Answers each packet with the device's virtual servers (load balancers, reverse proxies).
std::vector<QueryAnswer> AnswerWithVirtualServers(const Device& device,
                                                  const std::vector<PacketSpec>& packets);

}  // namespace flowaudit
