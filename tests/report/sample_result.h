// A hand-built AuditResult shared by the reporter tests: one failing flow requirement with a
// dropped witness traced through two devices, one passing requirement, one failing listener
// requirement with details and locations, and one warning about the inputs.
#pragma once

#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit::testing {

// Report options with a fixed colour setting and version (the rest as defaulted).
inline ReportOptions Options(bool color, const char* version) {
  ReportOptions options;
  options.color = color;
  options.version = version;
  return options;
}

inline Packet SamplePacket(uint16_t dport) {
  Packet p;
  p.src = (uint128{10} << 24) | (10 << 16) | 1;   // 10.10.0.1
  p.dst = (uint128{10} << 24) | (1 << 16) | 100;  // 10.1.0.100
  p.protocol = protocol::kTcp;
  p.src_port = 49152;
  p.dst_port = dport;
  return p;
}

inline AuditResult SampleResult() {
  AuditResult result;
  result.site = "contoso";
  result.site_file = "examples/contoso/site.yaml";
  result.packs = {"lync-2013"};

  Trace dropped;
  dropped.packet = SamplePacket(80);
  dropped.outcome = "dropped by hlb";
  Hop fw{"core-fw", "inside", "dmz", "clients", "servers", {}};
  fw.steps.push_back(Step{"filter FORWARD", "permit",
                          RuleRef{"core-fw", "FORWARD", "configs/fw.rules", 12,
                                  "-A FORWARD -d 10.1.0.100 -j ACCEPT", "ACCEPT"}});
  Hop hlb{"hlb", "", "", "servers", "", {}};
  hlb.steps.push_back(Step{"virtual server", "no listener",
                           RuleRef{"hlb", "virtual-servers", "", 0, "", "no listener"}});
  dropped.hops = {fw, hlb};

  PathResult path;
  path.vertices = {"clients", "core-fw", "servers", "hlb"};
  path.status = Status::kFail;
  path.dropped = {"10.10.0.0/16 -> 10.1.0.100 tcp/80"};
  path.dropped_witness = dropped;
  path.reason = "no listener on 10.1.0.100:80";

  FlowResult flow;
  flow.from = "zone clients";
  flow.to = "service web-int VIP 10.1.0.100";
  flow.service = "tcp/80";
  flow.status = Status::kFail;
  flow.message = "no path delivers any packet";
  flow.paths = {path};

  RequirementResult http;
  http.id = "lync-int-web-http";
  http.pack = "lync-2013";
  http.title = "Clients reach internal web services on TCP 80";
  http.severity = Level::kHigh;
  http.kind = "flow";
  http.status = Status::kFail;
  http.message = "clients cannot reach web-int on tcp/80";
  http.rationale = "Address book and meeting content download over HTTP.";
  http.sources = {"https://learn.microsoft.com/lync/ports"};
  http.flows = {flow};
  http.locations = {Location{"configs/fw.rules", 12, 0, "rule on the path"}};

  RequirementResult https = http;
  https.id = "lync-int-web-https";
  https.title = "Clients reach internal web services on TCP 443";
  https.status = Status::kPass;
  https.message = "all 1 flows allowed";
  https.flows[0].service = "tcp/443";
  https.flows[0].status = Status::kPass;
  https.flows[0].message = "";
  https.flows[0].paths.clear();
  https.locations.clear();

  RequirementResult listeners;
  listeners.id = "lync-hlb-web-listeners";
  listeners.pack = "lync-2013";
  listeners.title = "HLB listens on 80 and 443";
  listeners.severity = Level::kCritical;
  listeners.kind = "listener";
  listeners.status = Status::kFail;
  listeners.message = "web-int listens on 443 but not 80";
  listeners.details = {"no listener on 10.1.0.100:80"};
  listeners.locations = {Location{"configs/hlb.conf", 3, 1, "virtual server web-int-443"}};

  result.requirements = {listeners, http, https};
  SourceFilePtr site = MakeSourceFile("examples/contoso/site.yaml", "site: contoso\nflag: x\n");
  result.diagnostics.Warning(RangeOf(site, std::string_view(site->text).substr(14, 4)),
                             "unknown key 'flag'");
  return result;
}

// The sample with its listener requirement waived (device hlb) and its HTTP flow known from a
// baseline.
inline AuditResult WaivedAndKnown() {
  AuditResult result = SampleResult();
  Waiver waiver;
  waiver.id = "lync-hlb-web-listeners";
  waiver.scope_kind = "device";
  waiver.scope_value = "hlb";
  waiver.justification = "new HLB in March; CHG-7";
  waiver.owner = "web-team";
  waiver.expires = "2027-03-31";
  waiver.file = "waivers.yaml";
  waiver.line = 2;
  result.requirements[0].waiver = waiver;
  result.requirements[1].baseline = true;
  return result;
}

}  // namespace flowaudit::testing
