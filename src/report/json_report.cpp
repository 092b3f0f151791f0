#include "src/report/json_report.h"

namespace flowaudit {
namespace {

// Absent text and line numbers are null rather than "" or 0, so consumers test one thing.
OrderedJson TextOrNull(const std::string& text) {
  return text.empty() ? OrderedJson(nullptr) : OrderedJson(text);
}
OrderedJson NumberOrNull(int number) {
  return number == 0 ? OrderedJson(nullptr) : OrderedJson(number);
}

OrderedJson RuleJson(const std::optional<RuleRef>& rule) {
  if (!rule) return nullptr;
  OrderedJson j;
  j["device"] = rule->device;
  j["filter"] = rule->filter;
  j["file"] = TextOrNull(rule->file);
  j["line"] = NumberOrNull(rule->line);
  j["text"] = TextOrNull(rule->text);
  j["action"] = rule->action;
  return j;
}

OrderedJson OptionalTraceJson(const std::optional<Trace>& trace) {
  return trace ? TraceJson(*trace) : OrderedJson(nullptr);
}

OrderedJson PathJson(const PathResult& path) {
  OrderedJson j;
  j["vertices"] = path.vertices;
  j["status"] = StatusName(path.status);
  j["reason"] = path.reason;
  j["delivered"] = path.delivered;
  j["dropped"] = path.dropped;
  j["unknown"] = path.unknown;
  j["delivered_witness"] = OptionalTraceJson(path.delivered_witness);
  j["dropped_witness"] = OptionalTraceJson(path.dropped_witness);
  j["unknown_witness"] = OptionalTraceJson(path.unknown_witness);
  return j;
}

OrderedJson FlowJson(const FlowResult& flow) {
  OrderedJson j;
  j["from"] = flow.from;
  j["to"] = flow.to;
  j["service"] = flow.service;
  j["status"] = StatusName(flow.status);
  j["message"] = flow.message;
  j["paths"] = OrderedJson::array();
  for (const PathResult& path : flow.paths) j["paths"].push_back(PathJson(path));
  return j;
}

OrderedJson LocationJson(const Location& location) {
  OrderedJson j;
  j["file"] = location.file;
  j["line"] = NumberOrNull(location.line);
  j["column"] = NumberOrNull(location.column);
  j["message"] = location.message;
  return j;
}

OrderedJson WaiverJson(const std::optional<Waiver>& waiver) {
  if (!waiver) return nullptr;
  OrderedJson j;
  j["id"] = waiver->id;
  if (waiver->scope_kind.empty()) {
    j["scope"] = nullptr;
  } else {
    j["scope"][waiver->scope_kind] = waiver->scope_value;
  }
  j["justification"] = waiver->justification;
  j["owner"] = waiver->owner;
  j["expires"] = waiver->expires;
  j["file"] = waiver->file;
  j["line"] = NumberOrNull(waiver->line);
  return j;
}

OrderedJson RequirementJson(const RequirementResult& r) {
  OrderedJson j;
  j["id"] = r.id;
  j["pack"] = r.pack;
  j["title"] = r.title;
  j["severity"] = LevelName(r.severity);
  j["kind"] = r.kind;
  j["status"] = StatusName(r.status);
  j["message"] = r.message;
  j["rationale"] = r.rationale;
  j["sources"] = r.sources;
  j["flows"] = OrderedJson::array();
  for (const FlowResult& flow : r.flows) j["flows"].push_back(FlowJson(flow));
  j["details"] = r.details;
  j["locations"] = OrderedJson::array();
  for (const Location& location : r.locations) j["locations"].push_back(LocationJson(location));
  j["waiver"] = WaiverJson(r.waiver);
  j["baseline"] = r.baseline;
  return j;
}

}  // namespace

OrderedJson PacketJson(const Packet& packet) {
  OrderedJson j;
  j["src"] = packet.Source().ToString();
  j["dst"] = packet.Destination().ToString();
  j["protocol"] = ProtocolName(packet.protocol);
  if (packet.IsIcmp()) {
    j["type"] = packet.icmp_type;
    j["code"] = packet.icmp_code;
  } else if (HasPorts(packet.protocol)) {
    j["dport"] = packet.dst_port;
    j["sport"] = packet.src_port;
  }
  return j;
}

OrderedJson TraceJson(const Trace& trace) {
  OrderedJson j;
  j["packet"] = PacketJson(trace.packet);
  j["outcome"] = trace.outcome;
  j["hops"] = OrderedJson::array();
  for (const Hop& hop : trace.hops) {
    OrderedJson h;
    h["device"] = hop.device;
    h["in"] = TextOrNull(hop.in_interface);
    h["out"] = TextOrNull(hop.out_interface);
    h["from_zone"] = TextOrNull(hop.from_zone);
    h["to_zone"] = TextOrNull(hop.to_zone);
    h["steps"] = OrderedJson::array();
    for (const Step& step : hop.steps) {
      OrderedJson s;
      s["stage"] = step.stage;
      s["outcome"] = step.outcome;
      s["rule"] = RuleJson(step.rule);
      h["steps"].push_back(std::move(s));
    }
    j["hops"].push_back(std::move(h));
  }
  return j;
}

OrderedJson DiagnosticJson(const Diagnostic& d) {
  OrderedJson j;
  j["severity"] = SeverityName(d.severity);
  if (d.location.IsValid()) {
    LineColumn at = d.location.Start();
    j["file"] = d.location.file->name;
    j["line"] = at.line;
    j["column"] = at.column;
  } else {
    j["file"] = TextOrNull(d.file_name);
    j["line"] = nullptr;
    j["column"] = nullptr;
  }
  j["message"] = d.message;
  return j;
}

OrderedJson AuditResultJson(const AuditResult& result, const ReportOptions& options) {
  OrderedJson j;
  j["flowaudit"] = options.version;
  j["site"] = result.site;
  j["site_file"] = result.site_file;
  j["packs"] = result.packs;
  OrderedJson summary;
  for (Status s : {Status::kPass, Status::kFail, Status::kPartial, Status::kUnknown, Status::kInfo,
                   Status::kNotApplicable}) {
    summary[StatusName(s)] = result.Count(s);
  }
  j["summary"] = std::move(summary);
  j["requirements"] = OrderedJson::array();
  for (const RequirementResult& r : result.requirements) {
    j["requirements"].push_back(RequirementJson(r));
  }
  j["diagnostics"] = OrderedJson::array();
  for (const Diagnostic& d : result.diagnostics.All()) {
    j["diagnostics"].push_back(DiagnosticJson(d));
  }
  return j;
}

void RenderJsonReport(const AuditResult& result, const ReportOptions& options, std::ostream& out) {
  // Config text is not always UTF-8 (Latin-1 comments); replace bad bytes instead of throwing.
  out << AuditResultJson(result, options).dump(2, ' ', false, OrderedJson::error_handler_t::replace)
      << "\n";
}

}  // namespace flowaudit
