#include "importers/junos/coverage.h"

#include <set>
#include <string>

namespace flowaudit::junos {
namespace {

bool AllUnread(const Node& node) {
  if (node.use() != Use::kUnread) return false;
  for (const auto& child : node.children()) {
    if (child->IsActive() && !AllUnread(*child)) return false;
  }
  return true;
}

void Count(const Node& node, ImportCoverage& coverage) {
  std::vector<const Node*> children = node.ActiveChildren();
  if (children.empty()) {
    ++coverage.total;
    if (node.use() == Use::kUnderstood) ++coverage.understood;
    return;
  }
  for (const Node* child : children) Count(*child, coverage);
}

void Warn(const Node& node, Reporter& reporter) {
  if (AllUnread(node)) {
    reporter.Warn(node, "statement not understood (ignored): '" + node.Path() + "'");
    return;
  }
  for (const Node* child : node.ActiveChildren()) Warn(*child, reporter);
}

}  // namespace

void MarkSectionsWithoutFiltering(const Node& root) {
  static const std::set<std::string> top = {"version",
                                            "system",
                                            "chassis",
                                            "snmp",
                                            "routing-options",
                                            "protocols",
                                            "event-options",
                                            "class-of-service",
                                            "policy-options",
                                            "access",
                                            "poe",
                                            "ethernet-switching-options",
                                            "vlans",
                                            "services",
                                            "routing-instances",
                                            "multi-chassis",
                                            "switch-options",
                                            "virtual-chassis",
                                            "access-profile",
                                            "apply-groups",
                                            "apply-groups-except",
                                            "forwarding-options",
                                            "bridge-domains"};
  static const std::set<std::string> security = {"log",
                                                 "screen",
                                                 "flow",
                                                 "alg",
                                                 "ike",
                                                 "ipsec",
                                                 "pki",
                                                 "ssh-known-hosts",
                                                 "application-tracking",
                                                 "idp",
                                                 "utm",
                                                 "forwarding-options",
                                                 "dynamic-vpn",
                                                 "certificates",
                                                 "authentication-key-chains"};
  for (const Node* section : root.ActiveChildren()) {
    if (!top.count(section->word())) continue;
    if (section->word() == "policy-options") {
      // Prefix lists are read where filters use them; the rest is routing policy.
      for (const Node* child : section->ActiveChildren()) {
        if (child->word() != "prefix-list") child->Mark(Use::kUnderstood);
      }
      section->MarkSelf(Use::kUnderstood);
      if (const Node* lists = section->Find("prefix-list")) lists->Mark(Use::kUnderstood);
      continue;
    }
    section->Mark(Use::kUnderstood);
  }
  if (const Node* s = root.Find("security")) {
    for (const Node* child : s->ActiveChildren()) {
      if (security.count(child->word())) child->Mark(Use::kUnderstood);
    }
    if (const Node* zones = s->Find("zones")) {
      if (const Node* functional = zones->Find("functional-zone")) {
        functional->Mark(Use::kUnderstood);  // the management zone: traffic to the device
      }
    }
  }
}

ImportCoverage ReportUnread(const Node& root, Reporter& reporter) {
  ImportCoverage coverage;
  coverage.unit = "statements";
  for (const Node* section : root.ActiveChildren()) {
    if (section->word() == "groups") continue;
    Warn(*section, reporter);
  }
  for (const Node* section : root.ActiveChildren()) {
    if (section->word() == "groups") continue;
    Count(*section, coverage);
  }
  return coverage;
}

}  // namespace flowaudit::junos
