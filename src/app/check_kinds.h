// The table of check kinds a policy requirement can use (DESIGN §7, STYLE 3). The checker
// implements each kind; this table is what `flowaudit list checks` prints and what a typo in
// a kind name is matched against.
#pragma once

#include <string_view>
#include <vector>

#include "importers/importer.h"  // Maturity

namespace flowaudit {

struct CheckKindInfo {
  const char* id;  // the `check: kind:` value in a pack
  const char* description;
  Maturity status;
};

// Sorted by id.
const std::vector<CheckKindInfo>& CheckKinds();
const CheckKindInfo* FindCheckKind(std::string_view id);

}  // namespace flowaudit
