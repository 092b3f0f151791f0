#include "src/report/sarif_report.h"

#include <cstdio>
#include <string>

namespace flowaudit {

// FNV-1a, 64 bits, as hex: the same input gives the same fingerprint on every platform.
std::string SarifFingerprint(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

OrderedJson SarifPhysicalLocation(const std::string& file, int line, int column,
                                  const ReportOptions& options) {
  OrderedJson artifact;
  artifact["uri"] = RepositoryPath(options, file);
  artifact["uriBaseId"] = "%SRCROOT%";
  OrderedJson j;
  j["artifactLocation"] = std::move(artifact);
  if (line > 0) {
    OrderedJson region;
    region["startLine"] = line;
    if (column > 0) region["startColumn"] = column;
    j["region"] = std::move(region);
  }
  return j;
}

namespace {

// SARIF levels: a failure's by its severity; UNKNOWN is a warning (it may hide a failure).
const char* LevelOfSeverity(Level severity) {
  switch (severity) {
    case Level::kCritical:
    case Level::kHigh:
      return "error";
    case Level::kMedium:
      return "warning";
    case Level::kLow:
    case Level::kInfo:
      return "note";
  }
  return "warning";
}

const char* LevelOf(const RequirementResult& r) {
  if (r.status == Status::kUnknown) return "warning";
  return LevelOfSeverity(r.severity);
}

bool Reported(const RequirementResult& r) {
  return r.status == Status::kFail || r.status == Status::kPartial || r.status == Status::kUnknown;
}

OrderedJson RuleSarif(const RequirementResult& r) {
  OrderedJson j;
  j["id"] = r.id;
  j["name"] = r.id;
  j["shortDescription"]["text"] = r.title.empty() ? r.id : r.title;
  if (!r.rationale.empty()) j["fullDescription"]["text"] = r.rationale;
  std::string help = r.rationale;
  for (const std::string& s : r.sources) help += (help.empty() ? "" : "\n") + ("Source: " + s);
  j["help"]["text"] = help.empty() ? r.id : help;
  j["defaultConfiguration"]["level"] = LevelOfSeverity(r.severity);
  j["properties"]["pack"] = r.pack;
  j["properties"]["severity"] = LevelName(r.severity);
  j["properties"]["tags"] = {"flowaudit", r.kind};
  return j;
}

OrderedJson ResultSarif(const RequirementResult& r, size_t rule_index, const AuditResult& audit,
                        const ReportOptions& options) {
  OrderedJson j;
  j["ruleId"] = r.id;
  j["ruleIndex"] = rule_index;
  j["level"] = LevelOf(r);
  j["message"]["text"] = "[" + std::string(StatusName(r.status)) + "] " + r.message;
  OrderedJson locations = OrderedJson::array();
  OrderedJson related = OrderedJson::array();
  std::string anchor = RepositoryPath(options, audit.site_file);
  for (size_t i = 0; i < r.locations.size(); ++i) {
    const Location& l = r.locations[i];
    if (i == 0) {
      OrderedJson location;
      location["physicalLocation"] = SarifPhysicalLocation(l.file, l.line, l.column, options);
      locations.push_back(std::move(location));
      anchor = RepositoryPath(options, l.file);
      continue;
    }
    OrderedJson location;
    location["id"] = static_cast<int>(i);
    location["physicalLocation"] = SarifPhysicalLocation(l.file, l.line, l.column, options);
    location["message"]["text"] = l.message;
    related.push_back(std::move(location));
  }
  if (locations.empty()) {  // nothing decided in a config: the site is where to look
    OrderedJson location;
    location["physicalLocation"] = SarifPhysicalLocation(audit.site_file, 0, 0, options);
    locations.push_back(std::move(location));
  }
  j["locations"] = std::move(locations);
  if (!related.empty()) j["relatedLocations"] = std::move(related);
  // The finding's identity: requirement, status and the file it sits in, not line numbers.
  j["partialFingerprints"]["flowauditFinding/v1"] =
      SarifFingerprint(r.id + "|" + StatusName(r.status) + "|" + anchor + "|" + r.message);
  if (r.waiver) {
    OrderedJson suppression;
    suppression["kind"] = "external";
    suppression["status"] = "accepted";
    suppression["justification"] = r.waiver->justification;
    suppression["properties"]["owner"] = r.waiver->owner;
    suppression["properties"]["expires"] = r.waiver->expires;
    j["suppressions"] = OrderedJson::array({suppression});
  }
  if (r.baseline) j["baselineState"] = "unchanged";  // already in the --baseline report
  return j;
}

}  // namespace

OrderedJson AuditResultSarif(const AuditResult& result, const ReportOptions& options) {
  OrderedJson driver;
  driver["name"] = "flowaudit";
  driver["version"] = options.version;
  driver["rules"] = OrderedJson::array();
  OrderedJson results = OrderedJson::array();
  for (size_t i = 0; i < result.requirements.size(); ++i) {
    const RequirementResult& r = result.requirements[i];
    driver["rules"].push_back(RuleSarif(r));
    if (Reported(r)) results.push_back(ResultSarif(r, i, result, options));
  }
  return SarifLog(std::move(driver), std::move(results), options);
}

OrderedJson SarifLog(OrderedJson driver, OrderedJson results, const ReportOptions& options) {
  OrderedJson run;
  run["tool"]["driver"] = std::move(driver);
  // Inside a git repository the URIs are relative to its root (what code scanning expects).
  run["originalUriBaseIds"]["%SRCROOT%"]["uri"] =
      options.repository_root_uri.empty() ? "./" : options.repository_root_uri;
  run["results"] = std::move(results);
  OrderedJson invocation;
  invocation["executionSuccessful"] = true;
  run["invocations"] = OrderedJson::array({invocation});
  OrderedJson j;
  j["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  j["version"] = "2.1.0";
  j["runs"] = OrderedJson::array({run});
  return j;
}

void RenderSarifReport(const AuditResult& result, const ReportOptions& options, std::ostream& out) {
  out << AuditResultSarif(result, options)
             .dump(2, ' ', false, OrderedJson::error_handler_t::replace)
      << "\n";
}

}  // namespace flowaudit
