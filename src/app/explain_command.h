// `flowaudit explain SITE --from A --to B --service tcp/80`: follow one witness packet along
// every path from A to B and print, hop by hop, what each device does with it and which rule
// decides (DESIGN §8).
#pragma once

#include <string>

#include "src/app/console.h"

namespace flowaudit {

struct ExplainOptions {
  std::string site;                  // the site file
  std::string from;                  // zone, host, service name or address
  std::string to;                    // likewise
  std::string service;               // "tcp/80", "udp/3478", "icmp"
  std::string format = "text";       // text | json
  bool strict = false;               // unsupported constructs are errors
  bool allow_outside_paths = false;  // configs may live outside the site's folder
};

int RunExplain(const ExplainOptions& options, Console& console);

}  // namespace flowaudit
