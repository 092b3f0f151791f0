// Loading the policy packs for the commands that audit a site (check, diff).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "src/policy/policy.h"

namespace flowaudit {

// The packs named by --policy, else the site's `policies:`. Errors go to `diagnostics`; returns
// nullopt (exit 2) when there are none or one fails to load.
std::optional<std::vector<Pack>> LoadPacksForCommand(const std::vector<std::string>& requested,
                                                     const std::vector<std::string>& site_policies,
                                                     const std::string& site_file,
                                                     Diagnostics& diagnostics);

}  // namespace flowaudit
