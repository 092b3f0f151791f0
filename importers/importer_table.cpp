#include <algorithm>

#include "importers/cisco_asa/cisco_asa_importer.h"
#include "importers/common/suggest.h"
#include "importers/f5_bigip/f5_bigip_importer.h"
#include "importers/flowaudit_yaml/flowaudit_yaml_importer.h"
#include "importers/haproxy/haproxy_importer.h"
#include "importers/iis_arr/iis_arr_importer.h"
#include "importers/importer.h"
#include "importers/iptables/iptables_importer.h"
#include "importers/junos/junos_importer.h"
#include "importers/netscaler/netscaler_importer.h"
#include "importers/nftables/nftables_importer.h"
#include "importers/nginx/include_resolver.h"
#include "importers/nginx/nginx_importer.h"
#include "importers/panos/panos_importer.h"

namespace flowaudit {

const char* MaturityName(Maturity maturity) {
  switch (maturity) {
    case Maturity::kStable:
      return "stable";
    case Maturity::kAlpha:
      return "alpha";
    case Maturity::kWip:
      return "wip";
  }
  return "?";
}

const std::vector<ImporterInfo>& Importers() {
  static const std::vector<ImporterInfo> table = {
      {"cisco-asa", "Cisco ASA show running-config (extended ACLs, objects, access-groups, NAT)",
       Maturity::kAlpha, SniffCiscoAsa, CreateCiscoAsaImporter},
      {"f5-bigip",
       "F5 BIG-IP tmsh bigip.conf/bigip_base.conf and AS3 JSON (virtuals, pools, iRule redirects)",
       Maturity::kAlpha, SniffF5Bigip, CreateF5BigipImporter},
      {"flowaudit-yaml",
       "flowaudit's own YAML: firewall rules between zones, NAT, virtual servers (design time)",
       Maturity::kStable, SniffFlowauditYaml,
       [] { return std::unique_ptr<Importer>(new FlowauditYamlImporter()); }},
      {"haproxy", "HAProxy haproxy.cfg (frontends, backends, listen: binds, routing, redirects)",
       Maturity::kAlpha, SniffHaproxy, CreateHaproxyImporter},
      {"iis-arr",
       "IIS applicationHost.config/web.config: site bindings, ARR web farms, URL Rewrite rules",
       Maturity::kAlpha, SniffIisArr, CreateIisArrImporter},
      {"ip6tables", "ip6tables-save output (IPv6 ruleset: filter, nat, mangle, raw, security)",
       Maturity::kStable, SniffIp6tables, CreateIp6tablesImporter},
      {"iptables", "iptables-save output (IPv4 ruleset: filter, nat, mangle, raw, security)",
       Maturity::kStable, SniffIptables, CreateIptablesImporter},
      {"junos", "Juniper JunOS config, curly-brace or display set (SRX policies, firewall filters)",
       Maturity::kAlpha, SniffJunos, CreateJunosImporter},
      {"netscaler",
       "Citrix NetScaler / ADC ns.conf (lb and cs vservers, services, groups, responder redirects)",
       Maturity::kAlpha, SniffNetscaler, CreateNetscalerImporter},
      {"nftables", "nft list ruleset, text or -j JSON (ip, ip6, inet tables: chains, sets, maps)",
       Maturity::kAlpha, SniffNftables, CreateNftablesImporter},
      {"nginx", "NGINX nginx.conf (http and stream servers, upstreams, proxy_pass, redirects)",
       Maturity::kAlpha, SniffNginx, CreateNginxImporter},
      {"panos", "Palo Alto PAN-OS XML config (vsys or Panorama device groups, zones, NAT)",
       Maturity::kAlpha, SniffPanos, CreatePanosImporter},
  };
  return table;
}

const ImporterInfo* FindImporter(std::string_view id) {
  for (const ImporterInfo& info : Importers()) {
    if (id == info.id) return &info;
  }
  return nullptr;
}

const ImporterInfo* SniffImporter(std::string_view text) {
  for (const ImporterInfo& info : Importers()) {
    if (info.sniff(text)) return &info;
  }
  return nullptr;
}

std::unique_ptr<Importer> CreateImporterForFile(const ImporterInfo& info,
                                                const std::filesystem::path& path,
                                                const std::string& display) {
  if (std::string_view(info.id) == "nginx") {
    return std::make_unique<NginxImporter>(std::make_unique<nginx::FolderIncludeResolver>(
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(),
        std::filesystem::path(display).parent_path()));
  }
  return info.create();
}

std::string SuggestImporter(std::string_view id) {
  std::vector<std::string> ids;
  for (const ImporterInfo& info : Importers()) ids.push_back(info.id);
  std::string best = ClosestMatch(id, ids);
  return best.empty() ? best : "did you mean '" + best + "'?";
}

}  // namespace flowaudit
