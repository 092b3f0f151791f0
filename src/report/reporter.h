// The reporter table: every output format of `flowaudit check`, one row each (STYLE 3).
// Reporters only render an AuditResult; they never compute. `--format` looks a row up by id,
// `flowaudit list` could print the table, and an unknown id gets "did you mean …?".
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "importers/importer.h"  // Maturity
#include "src/check/result.h"

namespace flowaudit {

struct ReportOptions {
  bool color = false;                       // ANSI colours (text only; the caller decides)
  std::string version = FLOWAUDIT_VERSION;  // printed as "flowaudit" in JSON
  // When and where the run happened (JUnit requires both); the caller fills them so that
  // reporters stay pure functions.
  std::string timestamp = "1970-01-01T00:00:00";  // UTC, ISO 8601 without zone
  std::string hostname = "localhost";
  // Inside a git repository (src/gate/repository.h): each display path of the result mapped to
  // its path from the repository root, and the root as a file URI ("file:///src/repo/"). SARIF
  // and GitHub annotations use them; both empty outside a repository (paths stay as shown).
  std::map<std::string, std::string> repository_paths;
  std::string repository_root_uri;
};

// The path of `file` from the repository root when known, else `file` itself.
const std::string& RepositoryPath(const ReportOptions& options, const std::string& file);

struct ReporterInfo {
  const char* id;  // the --format value
  const char* description;
  Maturity status;
  void (*render)(const AuditResult& result, const ReportOptions& options, std::ostream& out);
};

// Sorted by id.
const std::vector<ReporterInfo>& Reporters();
const ReporterInfo* FindReporter(std::string_view id);
std::vector<std::string> ReporterIds();

}  // namespace flowaudit
