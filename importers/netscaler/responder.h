// Responder policies bound to a vserver (`bind lb|cs vserver V -policyName P -priority N`) and
// globally (`bind responder global P N END -type REQ_OVERRIDE|REQ_DEFAULT`), evaluated as
// NetScaler does for a request: global overrides, then the vserver's, then global defaults,
// each by ascending priority. The first policy whose rule holds for every request of the
// listener decides (a redirect, a response, a drop or reset); a rule that depends on the
// request's content before that makes the outcome unknown.
#pragma once

#include <string>
#include <vector>

#include "importers/netscaler/expressions.h"
#include "importers/netscaler/ns_config.h"
#include "models/device.h"

namespace flowaudit::netscaler {

struct ResponderOutcome {
  enum class Kind { kNone, kRedirect, kRespond, kReject, kUnknown } kind = Kind::kNone;
  std::string location;  // kRedirect
  int status = 302;      // kRedirect, kRespond
  std::string reason;    // kUnknown
  SourceRange at;        // the policy binding that decides
};

// `binds`: the vserver's bind lines that name a responder policy.
ResponderOutcome EvaluateResponders(const Config& config, const std::vector<const Command*>& binds,
                                    const ListenerFacts& facts, Diagnostics& diagnostics);

// Checks every responder policy and action once (names, action types); errors are located.
void CheckResponders(const Config& config, Diagnostics& diagnostics);

}  // namespace flowaudit::netscaler
