// `flowaudit check SITE`: load a site and its policy packs, audit, apply waivers and a baseline,
// render one or more reports, and exit 0 or 1 by --fail-on (DESIGN §8; docs/ci-gating.md).
// Input errors print located diagnostics and exit 2.
#pragma once

#include <string>
#include <vector>

#include "src/app/console.h"
#include "src/app/report_requests.h"
#include "src/check/result.h"
#include "src/gate/fail_on.h"

namespace flowaudit {

struct CheckOptions {
  std::string site;                   // the site file
  std::vector<std::string> policies;  // pack ids or files; empty: the site's `policies:`
  // What to render where (src/app/report_requests.h); at most one goes to stdout.
  std::vector<ReportRequest> reports = {{"text", ""}};
  std::string fail_on = "error";     // error|warning|info|never|critical|high|medium|low
  std::string waivers;               // --waivers FILE; empty: none
  std::string baseline;              // --baseline FILE (a JSON report); empty: none
  std::string today;                 // YYYY-MM-DD for waiver expiry; empty: today in UTC
  std::string timestamp;             // JUnit's run time, ISO 8601 UTC; empty: now (tests fix it)
  bool strict = false;               // unsupported constructs are errors
  bool allow_outside_paths = false;  // configs may live outside the site's folder
};

int RunCheck(const CheckOptions& options, Console& console);

}  // namespace flowaudit
