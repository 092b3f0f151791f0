#include "importers/f5_bigip/tmsh_props.h"

namespace flowaudit::f5 {

Ref RefOf(const Node& node) { return Ref{node.text, node.at}; }

const std::set<std::string>& HarmlessKeys() {
  static const std::set<std::string> keys = {"description",
                                             "creation-time",
                                             "last-modified-time",
                                             "source-port",
                                             "connection-limit",
                                             "rate-limit",
                                             "rate-limit-mode",
                                             "rate-limit-src-mask",
                                             "rate-limit-dst-mask",
                                             "rate-class",
                                             "cmp-enabled",
                                             "auto-lasthop",
                                             "gtm-score",
                                             "nat64",
                                             "mirror",
                                             "serverssl-use-sni",
                                             "app-service",
                                             "metadata",
                                             "security-log-profiles",
                                             "fallback-persistence",
                                             "service-down-immediate-action",
                                             "address-status",
                                             "ip-intelligence-policy",
                                             "flow-eviction-policy",
                                             "fw-enforced-policy",
                                             "fw-staged-policy",
                                             "clone-pools",
                                             "auth",
                                             "related-rules",
                                             "throughput-capacity",
                                             "per-flow-request-access-policy",
                                             "load-balancing-mode",
                                             "slow-ramp-time",
                                             "service-down-action",
                                             "allow-nat",
                                             "allow-snat",
                                             "reselect-tries",
                                             "queue-depth-limit",
                                             "queue-on-connection-limit",
                                             "queue-time-limit",
                                             "ip-tos-to-client",
                                             "ip-tos-to-server",
                                             "link-qos-to-client",
                                             "link-qos-to-server",
                                             "ignore-persisted-weight",
                                             "min-up-members",
                                             "min-up-members-action",
                                             "min-up-members-checking",
                                             "ratio",
                                             "dynamic-ratio",
                                             "logging",
                                             "inherit-profile",
                                             "monitor-status",
                                             "profiles",
                                             "partition",
                                             "eviction-protected",
                                             "hardware-syn-cookie",
                                             "syn-cookie-status",
                                             "bwc-policy",
                                             "transparent-nexthop",
                                             "internal-virtual",
                                             "vs-index",
                                             "ttl-mode",
                                             "ttl-value",
                                             "mss-adjust"};
  return keys;
}

std::vector<Ref> Names(const Node& block_owner) {
  std::vector<Ref> out;
  for (const Node& n : block_owner.block) out.push_back(RefOf(n));
  return out;
}

std::vector<Ref> MonitorList(const std::vector<const Node*>& words) {
  std::vector<Ref> out;
  for (size_t i = 0; i < words.size(); ++i) {
    const Node& w = *words[i];
    if (w.text == "min" && i + 2 < words.size() && words[i + 2]->text == "of") {
      for (const Node& m : words[i + 2]->block) out.push_back(RefOf(m));
      i += 2;
    } else if (w.text != "and" && w.text != "none") {
      out.push_back(RefOf(w));
    }
  }
  return out;
}

bool ParseInt(const std::string& text, int* out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoi(text);
  return true;
}

}  // namespace flowaudit::f5
