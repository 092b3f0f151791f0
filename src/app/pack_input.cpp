#include "src/app/pack_input.h"

namespace flowaudit {

std::optional<std::vector<Pack>> LoadPacksForCommand(const std::vector<std::string>& requested,
                                                     const std::vector<std::string>& site_policies,
                                                     const std::string& site_file,
                                                     Diagnostics& diagnostics) {
  const std::vector<std::string>& names = requested.empty() ? site_policies : requested;
  if (names.empty()) {
    diagnostics.FileError(site_file,
                          "no policy packs: list them under 'policies:' or pass --policy");
    return std::nullopt;
  }
  std::vector<Pack> packs;
  for (const std::string& name : names) {
    if (std::optional<Pack> pack = LoadPack(name, diagnostics)) packs.push_back(std::move(*pack));
  }
  if (packs.size() != names.size()) return std::nullopt;
  return packs;
}

}  // namespace flowaudit
