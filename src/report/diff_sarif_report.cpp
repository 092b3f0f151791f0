// `flowaudit diff --format sarif`: code scanning on a pull request. A result for each
// requirement that newly fails (an error or warning by severity) or changes otherwise (a note),
// and a warning on each AFTER rule that now decides packets differently; stable fingerprints.
#include "src/report/diff_reporter.h"
#include "src/report/sarif_report.h"

namespace flowaudit {
namespace {

const char* LevelOf(const RequirementChange& r) {
  if (r.change != "newly-failing" && r.change != "added") return "note";
  if (r.severity == Level::kCritical || r.severity == Level::kHigh) return "error";
  return r.severity == Level::kMedium ? "warning" : "note";
}

OrderedJson RuleOf(const std::string& id, const std::string& text, const char* level) {
  OrderedJson j;
  j["id"] = id;
  j["name"] = id;
  j["shortDescription"]["text"] = text;
  j["help"]["text"] = text;
  j["defaultConfiguration"]["level"] = level;
  return j;
}

OrderedJson Located(const std::string& file, int line, const ReportOptions& options) {
  OrderedJson location;
  location["physicalLocation"] = SarifPhysicalLocation(file, line, 0, options);
  return OrderedJson::array({location});
}

}  // namespace

void RenderDiffSarif(const DiffResult& result, const ReportOptions& options, std::ostream& out) {
  OrderedJson driver;
  driver["name"] = "flowaudit";
  driver["version"] = options.version;
  driver["rules"] = OrderedJson::array();
  std::vector<std::string> ids;
  auto rule_index = [&](const std::string& id, const std::string& text, const char* level) {
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == id) return i;
    }
    ids.push_back(id);
    driver["rules"].push_back(RuleOf(id, text, level));
    return ids.size() - 1;
  };
  OrderedJson results = OrderedJson::array();
  for (const RequirementChange& r : result.requirements) {
    OrderedJson j;
    j["ruleId"] = r.id;
    j["ruleIndex"] = rule_index(r.id, r.title.empty() ? r.id : r.title, LevelOf(r));
    j["level"] = LevelOf(r);
    const std::string& message = r.message_after.empty() ? r.message_before : r.message_after;
    j["message"]["text"] = "[" + ChangeWords(r.change) + "] " + message;
    std::string file = r.locations.empty() ? result.after : r.locations.front().file;
    int line = r.locations.empty() ? 0 : r.locations.front().line;
    j["locations"] = Located(file, line, options);
    j["partialFingerprints"]["flowauditDiff/v1"] =
        SarifFingerprint(r.id + "|" + r.change + "|" + file + "|" + message);
    results.push_back(std::move(j));
  }
  for (const FilterDiff& f : result.filters) {
    for (const PacketChange& c : f.changes) {
      std::string id = "flowaudit-diff/" + c.kind;
      OrderedJson j;
      j["ruleId"] = id;
      j["ruleIndex"] = rule_index(id, "A change " + ChangeWords(c.kind) + " packets", "warning");
      j["level"] = "warning";
      std::string packets;
      for (const std::string& cube : c.packets) packets += (packets.empty() ? "" : "; ") + cube;
      j["message"]["text"] = f.device + " " + f.filter + " " + ChangeWords(c.kind) + ": " +
                             packets + " (before: " + RuleWhere(c.before) + ")";
      std::string file = c.after.file.empty() ? result.after : c.after.file;
      j["locations"] = Located(file, c.after.line, options);
      j["partialFingerprints"]["flowauditDiff/v1"] =
          SarifFingerprint(id + "|" + f.device + "|" + f.filter + "|" + c.context + "|" + packets);
      results.push_back(std::move(j));
    }
  }
  out << SarifLog(std::move(driver), std::move(results), options)
             .dump(2, ' ', false, OrderedJson::error_handler_t::replace)
      << "\n";
}

}  // namespace flowaudit
