// flowaudit's own YAML device format, for design-time sites: a firewall as ordered rules
// between zones (plus optional destination/source NAT), a load balancer or reverse proxy as
// virtual servers. Used for whole files (`vendor: flowaudit-yaml`, `config: hlb.yaml`) and for
// devices written inline in the site file. Format reference: docs/native-format.md.
#pragma once

#include <string>
#include <vector>

#include "importers/common/yaml_util.h"
#include "importers/importer.h"

namespace flowaudit {

class FlowauditYamlImporter : public Importer {
 public:
  // Keys of a device mapping this format reads; a site file adds its own (kind, interfaces…).
  static const std::vector<std::string>& DeviceKeys();
  // Reads the format's keys from a device mapping into `device`. `extra_keys` are keys the
  // caller owns and checks itself.
  static void ReadDevice(YamlReader& reader, const YAML::Node& node,
                         const std::vector<std::string>& extra_keys, Device& device);

 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

bool SniffFlowauditYaml(std::string_view text);

}  // namespace flowaudit
