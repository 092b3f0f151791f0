#include "src/app/check_command.h"

#include <unistd.h>

#include <ctime>
#include <sstream>

#include "src/app/exit_code.h"
#include "src/app/files.h"
#include "src/app/site_input.h"
#include "src/app/suggest.h"
#include "src/check/checker.h"
#include "src/policy/policy.h"
#include "src/report/reporter.h"
#include "src/site/site.h"

namespace flowaudit {
namespace {

std::string UtcTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "localhost";
  return name;
}

}  // namespace

const std::vector<std::string>& FailOnWords() {
  static const std::vector<std::string> words = {"critical", "high",  "medium", "low",
                                                 "info",     "error", "never"};
  return words;
}

std::optional<FailOn> ParseFailOn(std::string_view text) {
  if (text == "never") return FailOn{true, Level::kInfo};
  if (text == "error") return FailOn{false, Level::kLow};
  for (Level level : {Level::kCritical, Level::kHigh, Level::kMedium, Level::kLow, Level::kInfo}) {
    if (text == LevelName(level)) return FailOn{false, level};
  }
  return std::nullopt;
}

int RunCheck(const CheckOptions& options, Console& console) {
  // Usage first: a typo in --format should not wait for a large site to load.
  const ReporterInfo* reporter = FindReporter(options.format);
  if (!reporter) {
    return UsageError(console.err, UnknownNameMessage("format", options.format, ReporterIds()));
  }
  std::optional<FailOn> fail_on = ParseFailOn(options.fail_on);
  if (!fail_on) {
    return UsageError(console.err,
                      UnknownNameMessage("--fail-on level", options.fail_on, FailOnWords()));
  }

  Diagnostics diagnostics;
  std::optional<Site> site = LoadSiteForCommand(options.site, options.strict,
                                                options.allow_outside_paths, diagnostics, console);
  if (!site) return exit_code::kInput;

  std::vector<Pack> packs;
  const std::vector<std::string>& names =
      options.policies.empty() ? site->policies : options.policies;
  if (names.empty()) {
    PrintDiagnostics(diagnostics, console.err);
    console.err << options.site
                << ": error: no policy packs: list them under 'policies:' or pass --policy\n";
    return exit_code::kInput;
  }
  for (const std::string& name : names) {
    if (std::optional<Pack> pack = LoadPack(name, diagnostics)) packs.push_back(std::move(*pack));
  }
  if (options.strict) diagnostics.PromoteWarnings();
  PrintDiagnostics(diagnostics, console.err);
  if (diagnostics.HasErrors() || packs.size() != names.size()) return exit_code::kInput;

  AuditResult result = RunAudit(*site, packs);
  // Loader warnings belong in the report too (the JSON "diagnostics"), ahead of the checker's.
  Diagnostics merged = diagnostics;
  merged.Append(result.diagnostics);
  result.diagnostics = std::move(merged);

  ReportOptions report_options;
  report_options.color = console.color && options.output.empty();
  report_options.timestamp = UtcTimestamp();
  report_options.hostname = HostName();
  if (options.output.empty()) {
    reporter->render(result, report_options, console.out);
  } else {
    std::ostringstream text;
    reporter->render(result, report_options, text);
    std::string error;
    if (!WriteFileAtomically(options.output, text.str(), &error)) {
      console.err << options.output << ": error: cannot write file: " << error << "\n";
      return exit_code::kInput;
    }
  }
  if (fail_on->never) return exit_code::kOk;
  return result.HasFailureAtOrAbove(fail_on->level) ? exit_code::kFindings : exit_code::kOk;
}

}  // namespace flowaudit
