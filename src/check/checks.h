// The check kinds (`flow`, `listener`, `redirect`, `hlb`), each filling a RequirementResult's
// status, message, flows/details and locations. RunAudit (checker.cpp) applies `when:` and severity
// overrides and dispatches here.
#pragma once

#include "src/check/result.h"
#include "src/check/site_network.h"
#include "src/policy/policy.h"

namespace flowaudit {

void CheckFlow(const SiteNetwork& net, const Check& check, RequirementResult& out);
void CheckListener(const SiteNetwork& net, const Check& check, RequirementResult& out);
void CheckRedirect(const SiteNetwork& net, const Check& check, RequirementResult& out);
void CheckHlb(const SiteNetwork& net, const Check& check, RequirementResult& out);

// Whether a listener or hlb check's `services` selects `service` (by role or by name).
bool SelectsService(const Check& check, const Service& service);
// A finding: `message` in out.details and, when `at` is valid, a location for it.
void AddFinding(RequirementResult& out, const SourceRange& at, const std::string& message);

// The packets of one service spec; `ephemeral_source` limits TCP/UDP source ports to
// 1024-65535 (clients never send from privileged ports, so requiring those would be noise).
PacketSet ServicePackets(const PortSpec& spec, bool ephemeral_source);

}  // namespace flowaudit
