#include "importers/junos/interface_bindings.h"

namespace flowaudit::junos {

std::vector<FilterBinding> ReadFilterBindings(const Node& root, Reporter& reporter) {
  std::vector<FilterBinding> bindings;
  const Node* interfaces = root.Find("interfaces");
  if (!interfaces) return bindings;
  // Addresses, VLANs, descriptions and the like do not filter; filter bindings are read
  // below (a warning overrides this mark).
  interfaces->Mark(Use::kUnderstood);
  for (const Node* interface : interfaces->ActiveChildren()) {
    if (interface->word() == "interface-range") {
      reporter.Warn(*interface,
                    "interface ranges are not expanded (their filters are not "
                    "bound)");
      continue;
    }
    const Node* units = interface->Find("unit");
    if (!units) continue;
    for (const Node* unit : units->ActiveChildren()) {
      const Node* families = unit->Find("family");
      if (!families) continue;
      for (const Node* family : families->ActiveChildren()) {
        const Node* filter = family->Find("filter");
        if (!filter) continue;
        if (family->word() != "inet" && family->word() != "inet6") {
          reporter.Warn(*filter, "filters of family '" + family->word() + "' are not modelled");
          continue;
        }
        for (const Node* direction : filter->ActiveChildren()) {
          const std::string& word = direction->word();
          FilterBinding binding;
          binding.interface = interface->word() + "." + unit->word();
          binding.family = family->word() == "inet" ? Family::kIpv4 : Family::kIpv6;
          binding.input = word == "input" || word == "input-list";
          if (word == "input" || word == "output") {
            std::vector<const Node*> names = direction->ActiveChildren();
            if (names.size() != 1) {
              reporter.Error(*direction, "expected one filter name after '" + word + "'");
              continue;
            }
            binding.filter = names[0]->word();
            binding.at = names[0];
          } else if (word == "input-list" || word == "output-list") {
            reporter.Warn(*direction,
                          "filter lists are not modelled (packets on this "
                          "interface are UNKNOWN)");
            binding.at = direction;
          } else {
            continue;  // `group N` and the like: filter placement, not a filter
          }
          bindings.push_back(std::move(binding));
        }
      }
    }
  }
  return bindings;
}

}  // namespace flowaudit::junos
