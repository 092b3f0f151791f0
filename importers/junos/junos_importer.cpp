#include "importers/junos/junos_importer.h"

#include "importers/junos/address_book.h"
#include "importers/junos/applications.h"
#include "importers/junos/config_parser.h"
#include "importers/junos/coverage.h"
#include "importers/junos/device_builder.h"
#include "importers/junos/groups.h"

namespace flowaudit {

Device JunosImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  using namespace junos;
  ConfigTree tree = ParseConfig(file, diagnostics);
  Reporter reporter(diagnostics);
  ExpandGroups(*tree.root, reporter);
  const Node& root = *tree.root;
  MarkSectionsWithoutFiltering(root);

  AddressBooks books(root, reporter);
  Applications applications(root, reporter);
  DeviceParts parts;
  parts.interface_zones = ReadZoneInterfaces(root, reporter);
  parts.policies = ReadSecurityPolicies(root, books, applications, reporter);
  parts.filters = ReadFirewallFilters(root, reporter);
  parts.bindings = ReadFilterBindings(root, reporter);
  parts.nat = ReadNat(root, reporter);
  Device device = BuildDevice(std::move(parts), file, reporter);
  if (const Node* security = root.Find("security")) security->MarkSelf(Use::kUnderstood);
  device.coverage = ReportUnread(root, reporter);
  return device;
}

std::unique_ptr<Importer> CreateJunosImporter() { return std::make_unique<JunosImporter>(); }

bool SniffJunos(std::string_view text) {
  std::string_view head = text.substr(0, 64 * 1024);
  bool braces = head.find('{') != std::string_view::npos;
  size_t start = 0;
  while (start < head.size()) {
    size_t end = head.find('\n', start);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    for (std::string_view prefix : {"set security ", "set firewall ", "set interfaces ",
                                    "deactivate security ", "deactivate firewall "}) {
      if (line.substr(0, prefix.size()) == prefix) return true;
    }
    if (braces) {
      for (std::string_view opening : {"security {", "firewall {", "replace: firewall {"}) {
        if (line == opening) return true;
      }
      if (line.substr(0, 8) == "version " && !line.empty() && line.back() == ';') return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace flowaudit
