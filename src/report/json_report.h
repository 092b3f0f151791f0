// The JSON reporter (schema: src/report/json_schema.md) and the JSON shapes of its parts, which
// `query` and `explain` reuse so a packet or a trace looks the same in every command. Keys keep
// a fixed order (nlohmann::ordered_json) so output is byte-stable.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "models/diagnostics.h"
#include "models/packet.h"
#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit {

using OrderedJson = nlohmann::ordered_json;

// {"src", "dst", "protocol", "dport", "sport"}; ICMP: "type"/"code" instead of the ports;
// other protocols without ports: neither.
OrderedJson PacketJson(const Packet& packet);
// {"packet", "outcome", "hops": [{"device", "in", "out", "from_zone", "to_zone", "steps"}]}
OrderedJson TraceJson(const Trace& trace);
OrderedJson DiagnosticJson(const Diagnostic& diagnostic);
OrderedJson AuditResultJson(const AuditResult& result, const ReportOptions& options);

// Pretty-printed AuditResultJson and a newline.
void RenderJsonReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace flowaudit
