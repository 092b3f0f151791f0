// `flowaudit check SITE`: load a site and its policy packs, audit, render, and exit 0 or 1 by
// --fail-on (DESIGN §8). Input errors print located diagnostics and exit 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/app/console.h"
#include "src/check/result.h"

namespace flowaudit {

struct CheckOptions {
  std::string site;                   // the site file
  std::vector<std::string> policies;  // pack ids or files; empty: the site's `policies:`
  std::string format = "text";        // a reporter id (src/report/reporter.h)
  std::string output;                 // write the report here (atomically); empty: stdout
  std::string fail_on = "error";      // critical|high|medium|low|info|error|never
  bool strict = false;                // unsupported constructs are errors
  bool allow_outside_paths = false;   // configs may live outside the site's folder
};

// What makes `check` exit 1: a requirement that is not passing (fail, partial or unknown) at
// or above `level`. `error`, the default, is the same as `low`: every finding except info.
struct FailOn {
  bool never = false;
  Level level = Level::kLow;
};

// nullopt when `text` is not one of the --fail-on words.
std::optional<FailOn> ParseFailOn(std::string_view text);
const std::vector<std::string>& FailOnWords();

int RunCheck(const CheckOptions& options, Console& console);

}  // namespace flowaudit
