// `flowaudit diff --format json`: the DiffResult as one JSON document (schema in
// src/report/json_schema.md, section "diff"); keys in a fixed order.
#include "src/report/diff_reporter.h"
#include "src/report/json_report.h"

namespace flowaudit {
namespace {

OrderedJson Nullable(const std::string& text) {
  return text.empty() ? OrderedJson(nullptr) : OrderedJson(text);
}

OrderedJson RuleRefJson(const RuleRef& rule) {
  OrderedJson j;
  j["file"] = Nullable(rule.file);
  j["line"] = rule.line > 0 ? OrderedJson(rule.line) : OrderedJson(nullptr);
  j["text"] = rule.text;
  j["action"] = rule.action;
  return j;
}

OrderedJson OptionalRule(const std::optional<RuleRef>& rule) {
  return rule ? RuleRefJson(*rule) : OrderedJson(nullptr);
}

OrderedJson LocationJson(const Location& at) {
  if (at.file.empty()) return nullptr;
  OrderedJson j;
  j["file"] = at.file;
  j["line"] = at.line > 0 ? OrderedJson(at.line) : OrderedJson(nullptr);
  return j;
}

OrderedJson FilterJson(const FilterDiff& f) {
  OrderedJson j;
  j["device"] = f.device;
  j["filter"] = f.filter;
  j["status"] = f.status;
  j["changes"] = OrderedJson::array();
  for (const PacketChange& c : f.changes) {
    OrderedJson cj;
    cj["kind"] = c.kind;
    cj["context"] = Nullable(c.context);
    cj["packets"] = c.packets;
    cj["witness"] = c.witness ? PacketJson(*c.witness) : OrderedJson(nullptr);
    cj["verdict_before"] = c.verdict_before;
    cj["verdict_after"] = c.verdict_after;
    cj["before"] = RuleRefJson(c.before);
    cj["after"] = RuleRefJson(c.after);
    j["changes"].push_back(std::move(cj));
  }
  j["truncated"] = f.truncated;
  j["no_effect"] = OrderedJson::array();
  for (const IneffectiveRule& r : f.no_effect) {
    j["no_effect"].push_back({{"change", r.change},
                              {"before", OptionalRule(r.before)},
                              {"after", OptionalRule(r.after)}});
  }
  j["note"] = Nullable(f.note);
  return j;
}

OrderedJson RequirementJson(const RequirementChange& r) {
  OrderedJson j;
  j["id"] = r.id;
  j["title"] = r.title;
  j["severity"] = LevelName(r.severity);
  j["change"] = r.change;
  j["before"] = r.before ? OrderedJson(StatusName(*r.before)) : OrderedJson(nullptr);
  j["after"] = r.after ? OrderedJson(StatusName(*r.after)) : OrderedJson(nullptr);
  j["message_before"] = r.message_before;
  j["message_after"] = r.message_after;
  j["details"] = r.details;
  j["locations"] = OrderedJson::array();
  for (const Location& at : r.locations) j["locations"].push_back(LocationJson(at));
  return j;
}

}  // namespace

void RenderDiffJson(const DiffResult& result, const ReportOptions& options, std::ostream& out) {
  OrderedJson j;
  j["flowaudit"] = options.version;
  j["subject"] = result.subject;
  j["before"] = result.before;
  j["after"] = result.after;
  j["verdict"] = DiffVerdict(result);
  j["requirements"] = OrderedJson::array();
  for (const RequirementChange& r : result.requirements)
    j["requirements"].push_back(RequirementJson(r));
  j["filters"] = OrderedJson::array();
  for (const FilterDiff& f : result.filters) j["filters"].push_back(FilterJson(f));
  j["listeners"] = OrderedJson::array();
  for (const ListenerChange& l : result.listeners) {
    OrderedJson lj;
    lj["device"] = l.device;
    lj["endpoint"] = l.endpoint;
    lj["change"] = l.change;
    lj["before"] = Nullable(l.before);
    lj["after"] = Nullable(l.after);
    lj["before_at"] = LocationJson(l.before_at);
    lj["after_at"] = LocationJson(l.after_at);
    j["listeners"].push_back(std::move(lj));
  }
  j["devices_added"] = result.devices_added;
  j["devices_removed"] = result.devices_removed;
  j["diagnostics"] = OrderedJson::array();
  for (const Diagnostic& d : result.diagnostics.All())
    j["diagnostics"].push_back(DiagnosticJson(d));
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace flowaudit
