// A rule's structural key: two rules with equal keys match the same packets and act alike, in
// every context. Importers resolve objects and groups into terms, so an edited object-group
// changes the key of every rule that uses it even when the rule's text is unchanged.
#pragma once

#include <string>

#include "models/filter.h"

namespace flowaudit {

std::string RuleKey(const Rule& rule);
std::string PolicyKey(const Chain& chain);  // the chain's default action, or "" without one

}  // namespace flowaudit
