// Reads a site file (format: docs/site-format.md, schema: docs/site.schema.json) and imports
// every device config it names.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "importers/common/coverage.h"
#include "importers/common/suggest.h"
#include "importers/common/yaml_util.h"
#include "importers/flowaudit_yaml/flowaudit_yaml_importer.h"
#include "models/input_limits.h"
#include "src/site/site.h"

namespace flowaudit {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kSiteKeys = {"site",       "description", "sip_domains",
                                            "parameters", "zones",       "hosts",
                                            "services",   "devices",     "policies"};
const std::vector<std::string> kZoneKeys = {"subnets", "tags", "trust", "transit", "description"};
const std::vector<std::string> kHostKeys = {"address", "addresses", "zone", "roles", "description"};
const std::vector<std::string> kServiceKeys = {"vip", "members", "role", "device", "description"};
const std::vector<std::string> kDeviceSiteKeys = {"kind",       "vendor", "config",
                                                  "interfaces", "zone",   "description"};
const std::vector<std::string> kTrustLevels = {"trusted", "untrusted", "dmz"};
const std::vector<std::string> kDeviceKinds = {"firewall", "load-balancer", "reverse-proxy",
                                               "router"};

struct Parameter {
  std::string name;
  bool default_value;
};
const Parameter kParameters[] = {
    {"allow_federated_users", false},
    {"keep_crls_up_to_date_for_peers", true},
};

std::optional<std::string> ReadFile(const fs::path& path, std::string* error) {
  std::string text;
  if (!ReadInputFile(path.string(), &text, error)) return std::nullopt;
  return text;
}

class SiteLoader {
 public:
  SiteLoader(const std::string& path, const SiteOptions& options, Diagnostics& diagnostics)
      : path_(path), options_(options), diagnostics_(diagnostics) {}

  std::optional<Site> Load() {
    std::string error;
    auto text = ReadFile(path_, &error);
    if (!text) {
      diagnostics_.FileError(path_, "cannot read site file: " + error);
      return std::nullopt;
    }
    site_.file = path_;
    site_.source = MakeSourceFile(path_, std::move(*text));
    if (!CheckLineLengths(site_.source, diagnostics_)) return std::nullopt;
    YamlReader reader(site_.source, diagnostics_);
    reader_ = &reader;
    auto root = reader.Parse();
    if (!root) return std::nullopt;
    if (!reader.ExpectMap(*root, kSiteKeys, "the site file") ||
        !reader.Require(*root, "site", "the site file")) {
      return std::nullopt;
    }
    const YAML::Node& r = *root;
    if (auto name = reader.String(r["site"], "site")) site_.name = *name;
    if (r["sip_domains"]) {
      if (auto list = reader.StringList(r["sip_domains"], "sip_domains")) site_.sip_domains = *list;
    }
    ReadParameters(r["parameters"]);
    ForEach(r["zones"], "zones", &SiteLoader::ReadZone);
    ForEach(r["hosts"], "hosts", &SiteLoader::ReadHost);
    ForEach(r["devices"], "devices", &SiteLoader::ReadDevice);
    ForEach(r["services"], "services", &SiteLoader::ReadService);
    if (r["policies"]) ReadPolicies(r["policies"]);
    if (options_.strict) diagnostics_.PromoteWarnings();
    if (diagnostics_.HasErrors()) return std::nullopt;
    return std::move(site_);
  }

 private:
  using EntryReader = void (SiteLoader::*)(const std::string&, const YAML::Node&,
                                           const YAML::Node&);

  YamlReader& R() { return *reader_; }

  // Calls `read` for each `name: value` entry of a mapping.
  void ForEach(const YAML::Node& map, const std::string& what, EntryReader read) {
    if (!map) return;
    if (!map.IsMap()) {
      R().Error(map, what + " must be a mapping of names");
      return;
    }
    std::vector<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string name = it->first.as<std::string>("");
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        R().Error(it->first, "'" + name + "' is defined twice in " + what);
        continue;
      }
      seen.push_back(name);
      (this->*read)(name, it->first, it->second);
    }
  }

  std::vector<std::string> ZoneNames() const {
    std::vector<std::string> names;
    for (const Zone& z : site_.zones) names.push_back(z.name);
    return names;
  }

  bool CheckZone(const YAML::Node& node, const std::string& zone) {
    if (site_.FindZone(zone)) return true;
    R().Error(node, "unknown zone '" + zone + "'" + DidYouMean(zone, ZoneNames()));
    return false;
  }

  void ReadParameters(const YAML::Node& node) {
    std::vector<std::string> names;
    for (const Parameter& p : kParameters) names.push_back(p.name);
    if (node && !node.IsMap()) R().Error(node, "parameters must be a mapping");
    if (node && node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        std::string name = it->first.as<std::string>("");
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          R().Error(it->first, "unknown parameter '" + name + "'" + DidYouMean(name, names));
        } else if (auto flag = R().Bool(it->second, name)) {
          site_.parameters[name] = *flag ? "true" : "false";
        }
      }
    }
    for (const Parameter& p : kParameters) {
      site_.parameters.emplace(p.name, p.default_value ? "true" : "false");
    }
  }

  void ReadZone(const std::string& name, const YAML::Node& key, const YAML::Node& value) {
    std::string what = "zone '" + name + "'";
    if (!R().ExpectMap(value, kZoneKeys, what) || !R().Require(value, "subnets", what)) return;
    Zone zone;
    zone.name = name;
    zone.location = R().At(key);
    const YAML::Node& subnets = value["subnets"];
    if (subnets.IsSequence()) {
      for (const YAML::Node& s : subnets) {
        if (auto p = R().PrefixValue(s)) zone.subnets.push_back(*p);
      }
    } else if (auto p = R().PrefixValue(subnets)) {
      zone.subnets.push_back(*p);
    }
    if (value["tags"]) {
      if (auto tags = R().StringList(value["tags"], "tags")) zone.tags = *tags;
    }
    if (value["trust"]) {
      auto trust = R().String(value["trust"], "trust");
      if (trust &&
          std::find(kTrustLevels.begin(), kTrustLevels.end(), *trust) == kTrustLevels.end()) {
        R().Error(value["trust"], "unknown trust '" + *trust +
                                      "'; expected trusted, untrusted or dmz" +
                                      DidYouMean(*trust, kTrustLevels));
      } else if (trust) {
        zone.trust = *trust;
      }
    }
    zone.transit = zone.trust != "untrusted";
    if (value["transit"]) {
      if (auto transit = R().Bool(value["transit"], "transit")) zone.transit = *transit;
    }
    site_.zones.push_back(std::move(zone));
  }

  void ReadHost(const std::string& name, const YAML::Node& key, const YAML::Node& value) {
    if (!R().ExpectMap(value, kHostKeys, "host '" + name + "'")) return;
    Host host;
    host.name = name;
    host.location = R().At(key);
    if (value["address"] && value["addresses"]) {
      R().Error(value, "host '" + name + "' needs 'address' or 'addresses', not both");
      return;
    }
    if (value["address"]) {
      if (auto a = R().Address(value["address"])) host.addresses["address"] = *a;
    } else if (value["addresses"] && value["addresses"].IsMap()) {
      for (auto it = value["addresses"].begin(); it != value["addresses"].end(); ++it) {
        if (auto a = R().Address(it->second)) host.addresses[it->first.as<std::string>("")] = *a;
      }
      if (value["addresses"].size() == 0) {
        R().Error(value["addresses"], "host '" + name + "' has no addresses");
        return;
      }
    } else {
      R().Error(value, "host '" + name + "' needs 'address' or a mapping 'addresses'");
      return;
    }
    if (value["roles"]) {
      if (auto roles = R().StringList(value["roles"], "roles")) host.roles = *roles;
    }
    std::optional<std::string> forced_zone;
    if (value["zone"]) {
      forced_zone = R().String(value["zone"], "zone");
      if (forced_zone && !CheckZone(value["zone"], *forced_zone)) return;
    }
    for (const auto& [label, address] : host.addresses) {
      if (forced_zone) {
        const Zone* z = site_.FindZone(*forced_zone);
        bool inside = std::any_of(z->subnets.begin(), z->subnets.end(),
                                  [&ip = address](const Prefix& p) { return p.Contains(ip); });
        if (!inside) {
          R().Warning(value["zone"], "host '" + name + "': " + address.ToString() +
                                         " is in none of zone '" + *forced_zone + "''s subnets");
        }
        host.zones[label] = *forced_zone;
      } else if (const Zone* z = site_.ZoneOf(address)) {
        host.zones[label] = z->name;
      } else {
        R().Error(key, "host '" + name + "': no zone contains " + address.ToString());
      }
    }
    site_.hosts.push_back(std::move(host));
  }

  std::optional<fs::path> ResolveConfig(const YAML::Node& node) {
    auto text = R().String(node, "config");
    if (!text) return std::nullopt;
    fs::path full = (fs::path(path_).parent_path() / *text).lexically_normal();
    if (!Confined(node, *text, full, "config")) return std::nullopt;
    return full;
  }

  // A path named by the site must stay inside the site's folder once `..` and symlinks are
  // resolved (weakly_canonical follows both), unless --allow-outside-paths.
  bool Confined(const YAML::Node& node, const std::string& text, const fs::path& full,
                const std::string& what) {
    if (options_.allow_outside_paths) return true;
    fs::path base = fs::path(path_).parent_path();
    fs::path root = fs::weakly_canonical(fs::absolute(base.empty() ? fs::path(".") : base));
    fs::path resolved = fs::weakly_canonical(fs::absolute(full));
    auto [r, f] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
    if (r == root.end()) return true;
    R().Error(node, what + " path '" + text +
                        "' leaves the site's folder (use --allow-outside-paths to permit it)");
    return false;
  }

  void ReadDevice(const std::string& name, const YAML::Node& key, const YAML::Node& value) {
    std::string what = "device '" + name + "'";
    std::vector<std::string> allowed = kDeviceSiteKeys;
    for (const std::string& k : FlowauditYamlImporter::DeviceKeys()) allowed.push_back(k);
    if (!R().ExpectMap(value, allowed, what) || !R().Require(value, "kind", what)) return;
    if (site_.FindZone(name)) {
      R().Error(key, what + " has the name of a zone; names must be unique");
      return;
    }
    auto kind = R().String(value["kind"], "kind");
    if (!kind) return;
    auto kind_it = std::find(kDeviceKinds.begin(), kDeviceKinds.end(), *kind);
    if (kind_it == kDeviceKinds.end()) {
      R().Error(value["kind"],
                "unknown device kind '" + *kind + "'" + DidYouMean(*kind, kDeviceKinds));
      return;
    }
    // Firewalls and routers filter; load balancers and reverse proxies only have virtual servers.
    bool routes = *kind == "firewall" || *kind == "router";
    for (const char* k : {"rules", "default", "nat", "virtual_servers"}) {
      bool router_key = std::string(k) != "virtual_servers";
      if (value[k] && router_key != routes) {
        R().Error(value[k],
                  "a " + *kind + " has no '" + k + "'" +
                      (routes ? ": virtual servers belong to load balancers and reverse proxies"
                              : ": it forwards only what its virtual servers accept"));
        return;
      }
    }
    SiteDevice sd;
    sd.location = R().At(key);
    if (!ImportConfig(name, value, sd.device)) return;
    sd.device.name = name;
    sd.device.kind = static_cast<DeviceKind>(kind_it - kDeviceKinds.begin());
    sd.device.location = sd.location;
    ReadInterfaces(name, value, sd);
    CheckZoneReferences(sd);
    for (const VirtualServer& vs : sd.device.virtual_servers) {
      for (const SiteDevice& other : site_.devices) {
        if (other.device.OwnsAddress(vs.address)) {
          R().Error(key, what + " has a virtual server on " + vs.address.ToString() +
                             ", which device '" + other.device.name + "' already owns");
          return;
        }
      }
    }
    site_.devices.push_back(std::move(sd));
  }

  // `vendor_node` may be missing: the format is then sniffed from the text.
  const ImporterInfo* ChooseImporter(const YAML::Node& vendor_node, const YAML::Node& path_node,
                                     const SourceFile& file) {
    if (!vendor_node) {
      const ImporterInfo* sniffed = SniffImporter(file.text);
      if (!sniffed) {
        R().Error(path_node,
                  "cannot tell the format of '" + path_node.Scalar() + "'; name it with 'vendor:'");
      }
      return sniffed;
    }
    auto vendor = R().String(vendor_node, "vendor");
    if (!vendor) return nullptr;
    const ImporterInfo* importer = FindImporter(*vendor);
    if (!importer) {
      std::vector<std::string> ids;
      for (const ImporterInfo& info : Importers()) ids.push_back(info.id);
      R().Error(vendor_node, "unknown vendor '" + *vendor + "'" + DidYouMean(*vendor, ids));
    }
    return importer;
  }

  std::optional<Device> ImportFile(const YAML::Node& path_node, const YAML::Node& vendor_node) {
    auto path = ResolveConfig(path_node);
    if (!path) return std::nullopt;
    std::string error;
    auto text = ReadFile(*path, &error);
    if (!text) {
      R().Error(path_node, "cannot read '" + path_node.Scalar() + "': " + error);
      return std::nullopt;
    }
    std::string display =
        (fs::path(path_).parent_path() / path_node.Scalar()).lexically_normal().string();
    SourceFilePtr file = MakeSourceFile(display, std::move(*text));
    if (!CheckLineLengths(file, diagnostics_)) return std::nullopt;
    const ImporterInfo* importer = ChooseImporter(vendor_node, path_node, *file);
    if (!importer) return std::nullopt;
    Device device = CreateImporterForFile(*importer, *path, display)->Import(file, diagnostics_);
    NoteCoverage(device, file, diagnostics_);
    device.vendor = importer->id;
    if (std::find(device.sources.begin(), device.sources.end(), file) == device.sources.end()) {
      device.sources.push_back(file);
    }
    return device;
  }

  // `config:` is one file, or a list of files (each a path or {file, vendor}) with one config
  // per address family: an iptables-save and an ip6tables-save dump of one firewall.
  bool ImportConfigs(const std::string& name, const YAML::Node& value, Device& device) {
    const YAML::Node& config = value["config"];
    if (config.IsScalar()) {
      auto imported = ImportFile(config, value["vendor"]);
      if (imported) device = std::move(*imported);
      return imported.has_value();
    }
    if (!config.IsSequence() || config.size() == 0) {
      R().Error(config, "config must be a file or a list of files");
      return false;
    }
    bool ok = true;
    for (const YAML::Node& entry : config) {
      if (entry.IsMap() && (!R().ExpectMap(entry, {"file", "vendor"}, "config entry") ||
                            !R().Require(entry, "file", "a config entry"))) {
        ok = false;
        continue;
      }
      // (yaml-cpp's Node assignment writes through to the document, so no reassignment here.)
      auto part = entry.IsMap() ? ImportFile(entry["file"], entry["vendor"])
                                : ImportFile(entry, value["vendor"]);
      if (!part) {
        ok = false;
        continue;
      }
      if (!part->family || (device.family && *device.family == *part->family) ||
          (!device.sources.empty() && !device.family)) {
        R().Error(entry, "device '" + name +
                             "' lists several configs: each must cover one address family, and "
                             "each family once (an iptables-save and an ip6tables-save dump)");
        ok = false;
        continue;
      }
      MergeFamily(device, std::move(*part));
    }
    return ok;
  }

  // Adds a one-family config to a device: its stages see only packets of that family.
  static void MergeFamily(Device& device, Device part) {
    for (Stage& stage : part.forward) stage.family = part.family;
    for (Stage& stage : part.local) stage.family = part.family;
    device.forward.insert(device.forward.end(), part.forward.begin(), part.forward.end());
    device.local.insert(device.local.end(), part.local.begin(), part.local.end());
    for (auto& [key, filter] : part.filters) {
      device.filters[std::string(FamilyName(*part.family)) + "/" + key] = filter;
    }
    device.sources.insert(device.sources.end(), part.sources.begin(), part.sources.end());
    device.vendor += (device.vendor.empty() ? "" : "+") + part.vendor;
    // After the first config the device covers both families: no single one.
    device.family = device.sources.size() == part.sources.size() ? part.family : std::nullopt;
  }

  bool ImportConfig(const std::string& name, const YAML::Node& value, Device& device) {
    bool has_inline = false;
    for (const std::string& k : FlowauditYamlImporter::DeviceKeys()) has_inline |= bool(value[k]);
    if (!value["config"]) {
      if (value["vendor"]) {
        auto vendor = R().String(value["vendor"], "vendor");
        if (vendor && *vendor != "flowaudit-yaml") {
          R().Error(value["vendor"],
                    "device '" + name + "' names vendor '" + *vendor + "' but no config");
          return false;
        }
      }
      device.vendor = "flowaudit-yaml";
      FlowauditYamlImporter::ReadDevice(R(), value, kDeviceSiteKeys, device);
      return true;
    }
    if (has_inline) {
      R().Error(value, "device '" + name + "' has both a config file and inline rules");
      return false;
    }
    return ImportConfigs(name, value, device);
  }

  void ReadInterfaces(const std::string& name, const YAML::Node& value, SiteDevice& sd) {
    if (value["zone"]) {
      auto zone = R().String(value["zone"], "zone");
      if (zone && CheckZone(value["zone"], *zone)) sd.interfaces[*zone] = *zone;
    }
    if (value["interfaces"] && !value["interfaces"].IsMap()) {
      R().Error(value["interfaces"], "interfaces must map interface names to zones");
    } else if (value["interfaces"]) {
      for (auto it = value["interfaces"].begin(); it != value["interfaces"].end(); ++it) {
        auto zone = R().String(it->second, "zone");
        std::string interface = it->first.as<std::string>("");
        if (zone && CheckZone(it->second, *zone)) sd.interfaces[interface] = *zone;
        // With vendor zones, an interface the config does not place in a zone matches no
        // zone condition: say so rather than let every rule silently miss.
        const auto& vendor_zones = sd.device.interface_zones;
        if (!vendor_zones.empty() && !vendor_zones.count(interface)) {
          std::vector<std::string> known;
          for (const auto& [name, z] : vendor_zones) known.push_back(name);
          R().Warning(it->first, "interface '" + interface +
                                     "' is in no zone of the config of device '" + name + "'" +
                                     DidYouMean(interface, known));
        }
      }
    }
    if (!value["zone"] && !value["interfaces"]) {
      R().Error(value, "device '" + name + "' needs 'interfaces' (interface: zone) or 'zone'");
    }
  }

  // Zone conditions in rules (flowaudit's own format) must name zones of the site: a typo
  // would otherwise make a rule silently never match. Vendor zones are the importer's to check.
  void CheckZoneReferences(const SiteDevice& sd) {
    if (!sd.device.interface_zones.empty()) return;  // the vendor's own zones (PAN-OS, SRX)
    for (const auto& [filter_name, filter] : sd.device.filters) {
      for (const auto& [chain_name, chain] : filter.rules().chains) {
        for (const Rule& rule : chain.rules) CheckZoneTerms(rule.match, rule.location);
      }
    }
  }

  void CheckZoneTerms(const Match& match, const SourceRange& at) {
    for (const Term& t : match.terms()) {
      for (const Match& m : t.alternatives) CheckZoneTerms(m, at);
      bool zone_term = t.kind == Term::Kind::kFromZone || t.kind == Term::Kind::kToZone;
      if (zone_term && !site_.FindZone(t.name)) {
        diagnostics_.Error(
            at, "rule names unknown zone '" + t.name + "'" + DidYouMean(t.name, ZoneNames()));
      }
    }
  }

  void ReadService(const std::string& name, const YAML::Node& key, const YAML::Node& value) {
    std::string what = "service '" + name + "'";
    if (!R().ExpectMap(value, kServiceKeys, what) || !R().Require(value, "vip", what)) return;
    Service service;
    service.name = name;
    service.location = R().At(key);
    auto vip = R().Address(value["vip"]);
    if (!vip) return;
    service.vip = *vip;
    if (value["role"]) {
      if (auto role = R().String(value["role"], "role")) service.role = *role;
    }
    if (value["members"]) {
      auto members = R().StringList(value["members"], "members");
      if (!members) return;
      std::vector<std::string> host_names;
      for (const Host& h : site_.hosts) host_names.push_back(h.name);
      for (size_t i = 0; i < members->size(); ++i) {
        const std::string& m = (*members)[i];
        if (!site_.FindHost(m)) {
          const YAML::Node& at =
              value["members"].IsSequence() ? value["members"][i] : value["members"];
          R().Error(at, "unknown host '" + m + "'" + DidYouMean(m, host_names));
          continue;
        }
        service.members.push_back(m);
      }
    }
    if (value["device"]) {
      auto device = R().String(value["device"], "device");
      if (!device) return;
      if (!site_.FindDevice(*device)) {
        std::vector<std::string> names;
        for (const SiteDevice& x : site_.devices) names.push_back(x.device.name);
        R().Error(value["device"], "unknown device '" + *device + "'" + DidYouMean(*device, names));
        return;
      }
      service.device = *device;
    } else {
      for (const SiteDevice& d : site_.devices) {
        if (d.device.OwnsAddress(service.vip)) service.device = d.device.name;
      }
    }
    site_.services.push_back(std::move(service));
  }

  void ReadPolicies(const YAML::Node& node) {
    auto list = R().StringList(node, "policies");
    if (!list) return;
    // Pack files, like configs, are named relative to the site file; bare ids are built in.
    for (size_t i = 0; i < list->size(); ++i) {
      std::string& p = (*list)[i];
      if (p.find('/') != std::string::npos || fs::path(p).extension() == ".yaml") {
        fs::path full = (fs::path(path_).parent_path() / p).lexically_normal();
        if (!Confined(node.IsSequence() ? node[i] : node, p, full, "policy pack")) continue;
        p = full.string();
      }
    }
    site_.policies = *list;
  }

  std::string path_;
  SiteOptions options_;
  Diagnostics& diagnostics_;
  Site site_;
  YamlReader* reader_ = nullptr;
};

}  // namespace

std::optional<Site> LoadSite(const std::string& path, const SiteOptions& options,
                             Diagnostics& diagnostics) {
  try {
    return SiteLoader(path, options, diagnostics).Load();
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on shapes the loader did not expect (a list where a map belongs…).
    diagnostics.FileError(path, "unexpected YAML structure: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace flowaudit
