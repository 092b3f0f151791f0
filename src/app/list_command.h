// `flowaudit list importers|policies|checks|formats`: what is built in, with a maturity status,
// one aligned row per table entry.
#pragma once

#include <string>

#include "src/app/console.h"

namespace flowaudit {

struct ListOptions {
  std::string topic;  // importers | policies | checks | formats
};

int RunList(const ListOptions& options, Console& console);

}  // namespace flowaudit
