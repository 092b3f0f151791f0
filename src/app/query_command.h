// `flowaudit query CONFIG`: the verdict of concrete packets on one device config (DESIGN §8).
// The config is imported once; each packet is then evaluated against the chosen filter (or,
// on a load balancer, its virtual servers).
#pragma once

#include <string>
#include <vector>

#include "models/device.h"
#include "src/app/console.h"

namespace flowaudit {

struct QueryOptions {
  std::string config;                // the device config file; "-" reads standard input
  std::string vendor = "auto";       // an importer id, or "auto" to sniff the text
  std::string filter;                // a name from Device::filters; empty: FORWARD or the first
  std::vector<std::string> packets;  // --packet SPECs, answered first, in order
  std::string packets_file;          // --packets FILE ("-": standard input), answered after
  std::string format = "text";       // text | json
  bool strict = false;               // warnings about the config are errors
};

// Reads and imports options.config, then answers as QueryDevice does.
int RunQuery(const QueryOptions& options, Console& console);

// Answers the packets of `options` against an already imported device; `config_name` names
// it in messages. Separate from RunQuery so tests can hand-build the device.
int QueryDevice(const Device& device, const std::string& config_name, const QueryOptions& options,
                Console& console);

}  // namespace flowaudit
