// Reads one URL Rewrite rule collection (`<rules>` or `<globalRules>`): `<clear/>`,
// `<remove name/>` and each `<rule>` with its match, conditions and action. Values IIS would
// refuse (an unknown action type or redirectType, a missing url, a bad regular expression)
// are located errors.
#pragma once

#include "importers/common/xml.h"
#include "importers/iis_arr/iis_config.h"
#include "models/diagnostics.h"

namespace flowaudit::iis {

RuleLevel ReadRuleLevel(const xml::Element& rules, Diagnostics& diagnostics);

}  // namespace flowaudit::iis
