#include "src/check/tracer.h"

namespace flowaudit {
namespace {

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t\r");
  return begin == std::string_view::npos ? "" : std::string(text.substr(begin, end - begin + 1));
}

void SetWhere(RuleRef& ref, const SourceRange& where) {
  if (!where.IsValid()) return;
  ref.file = where.file->name;
  ref.line = where.Start().line;
  ref.text = Trim(where.LineText());
}

RuleRef RefOf(const Device& device, const ConcreteStep& step) {
  if (!step.server && (step.decision.rule || step.decision.chain)) {
    return RefOfDecision(device.name, step.stage, step.decision.rule, step.decision.chain,
                         step.decision.action);
  }
  RuleRef ref;
  ref.device = device.name;
  ref.filter = step.stage;
  ref.action = step.outcome;
  if (step.server) SetWhere(ref, step.server->location);
  return ref;
}

}  // namespace

RuleRef RefOfDecision(const std::string& device, const std::string& filter, const Rule* rule,
                      const Chain* chain, const Action& action) {
  RuleRef ref;
  ref.device = device;
  ref.filter = filter;
  if (rule) {
    ref.action = rule->action.name;
    // A rule the importer added (a vendor's default rule) is known by its name alone.
    if (!rule->location.IsValid()) ref.text = rule->label;
    SetWhere(ref, rule->location);
  } else if (chain) {
    ref.action = "policy " + action.name;
    SetWhere(ref, chain->location);
  }
  return ref;
}

std::string DescribeRule(const RuleRef& rule) {
  std::string out = rule.device + " " + rule.filter;
  if (!rule.file.empty()) {
    out += " " + rule.file + ":" + std::to_string(rule.line);
  } else if (!rule.text.empty()) {
    out += " " + rule.text;
  }
  return out;
}

TraceSummary TraceAlongPath(const SiteNetwork& net, const FlowPath& path, const Packet& packet) {
  TraceSummary summary;
  summary.trace.packet = packet;
  Packet p = packet;
  for (const PathHop& hop : path.hops) {
    const Device& device = *net.network().At(hop.device_vertex).device;
    ConcreteHop result =
        hop.at_virtual_server
            ? TraceVirtualServer(device, p, static_cast<size_t>(std::max(hop.member, 0)))
            : TraceForward(device, p, hop.context);
    Hop out{device.name,           hop.context.in_interface, hop.context.out_interface,
            hop.context.from_zone, hop.context.to_zone,      {}};
    const ConcreteStep* last_decisive = nullptr;
    for (const ConcreteStep& step : result.steps) {
      Step s{step.stage, step.outcome, std::nullopt};
      bool has_rule = step.server || step.decision.rule || step.decision.chain;
      if (has_rule) s.rule = RefOf(device, step);
      out.steps.push_back(std::move(s));
      if (step.outcome != "no translation") last_decisive = &step;
    }
    summary.trace.hops.push_back(std::move(out));
    if (!result.out) {
      const Step& stop = summary.trace.hops.back().steps.back();
      summary.reason = stop.outcome == "deny" ? "dropped by " : stop.outcome + " at ";
      if (stop.rule) {
        summary.reason += DescribeRule(*stop.rule);
        if (stop.outcome == "deny") summary.reason += " (" + stop.rule->action + ")";
        summary.locations.push_back({stop.rule->file, stop.rule->line, 1, summary.reason});
      } else {
        summary.reason += device.name;
      }
      summary.trace.outcome = summary.reason;
      return summary;
    }
    if (result.verdict == Verdict::kUnknown && last_decisive && summary.reason.empty()) {
      summary.reason = "UNKNOWN at " + device.name + ": " + last_decisive->decision.problem;
      if (last_decisive->decision.rule) {
        const SourceRange& at = last_decisive->decision.rule->location;
        if (at.IsValid())
          summary.locations.push_back({at.file->name, at.Start().line, 1, summary.reason});
      }
    }
    p = *result.out;
  }
  summary.delivered = true;
  if (summary.reason.empty()) {
    summary.reason = "delivered to " + p.ToString();
    summary.trace.outcome = summary.reason;
  } else {
    summary.trace.outcome = summary.reason;
  }
  return summary;
}

}  // namespace flowaudit
