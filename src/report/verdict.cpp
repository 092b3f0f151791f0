#include "src/report/verdict.h"

namespace flowaudit {

VerdictCounts CountVerdict(const AuditResult& result) {
  VerdictCounts counts;
  for (const RequirementResult& r : result.requirements) {
    ++counts.total;
    if (!IsFailing(r.status)) continue;
    if (r.waiver) {
      ++counts.waived;
    } else if (r.baseline) {
      ++counts.known;
    } else {
      ++counts.failing;
    }
  }
  return counts;
}

std::string VerdictText(const VerdictCounts& counts) {
  std::string text;
  if (counts.failing == 0) {
    text = "all requirements pass";
  } else {
    text = std::to_string(counts.failing) + " of " + std::to_string(counts.total) +
           (counts.total == 1 ? " requirement " : " requirements ") +
           (counts.failing == 1 ? "fails" : "fail");
  }
  std::string accepted;
  if (counts.waived > 0) accepted = std::to_string(counts.waived) + " waived";
  if (counts.known > 0) {
    accepted +=
        (accepted.empty() ? "" : ", ") + std::to_string(counts.known) + " known from the baseline";
  }
  return accepted.empty() ? text : text + " (" + accepted + ")";
}

}  // namespace flowaudit
