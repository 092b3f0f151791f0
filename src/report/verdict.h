// The one-line verdict that the markdown and github reporters lead with ("3 of 39 requirements
// fail", "all requirements pass"), with waived and baseline-known requirements counted apart.
#pragma once

#include <string>

#include "src/check/result.h"

namespace flowaudit {

struct VerdictCounts {
  int total = 0;    // requirements
  int failing = 0;  // fail, partial or unknown, neither waived nor known from the baseline
  int waived = 0;   // failing but covered by a waiver
  int known = 0;    // failing, every finding in the baseline, not waived
};

VerdictCounts CountVerdict(const AuditResult& result);

// "3 of 39 requirements fail", "1 of 39 requirements fails", "all requirements pass", each
// followed by " (1 waived, 2 known from the baseline)" when there are any.
std::string VerdictText(const VerdictCounts& counts);

}  // namespace flowaudit
