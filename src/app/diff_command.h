// `flowaudit diff BEFORE AFTER` and `flowaudit diff --git REV PATH`: change review. Two sites
// give requirement changes and device differences; two configs of one device give the packets
// whose verdict changed, with the rules responsible.
#pragma once

#include <string>
#include <vector>

#include "src/app/console.h"
#include "src/app/report_requests.h"

namespace flowaudit {

struct DiffOptions {
  std::vector<std::string> inputs;    // BEFORE AFTER, or PATH with --git
  std::string git;                    // --git REV: BEFORE is PATH at REV
  std::vector<std::string> policies;  // site diffs: packs (default: AFTER's policies)
  std::string vendor = "auto";        // config diffs
  std::vector<ReportRequest> reports = {{"text", ""}};  // --format/--output pairs
  std::string fail_on = "error";
  bool strict = false;
  bool allow_outside_paths = false;
};

int RunDiff(const DiffOptions& options, Console& console);

}  // namespace flowaudit
