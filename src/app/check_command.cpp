#include "src/app/check_command.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <sstream>

#include "src/app/exit_code.h"
#include "src/app/files.h"
#include "src/app/pack_input.h"
#include "src/app/run_info.h"
#include "src/app/site_input.h"
#include "src/app/suggest.h"
#include "src/check/checker.h"
#include "src/gate/baseline.h"
#include "src/gate/repository.h"
#include "src/gate/waivers.h"
#include "src/policy/policy.h"
#include "src/report/reporter.h"
#include "src/site/site.h"

namespace flowaudit {
namespace {

// The gate's inputs besides the site: waivers and a baseline, read before the (slow) audit.
struct GateInputs {
  std::vector<WaiverEntry> waivers;
  std::optional<Baseline> baseline;
};

std::optional<GateInputs> LoadGateInputs(const CheckOptions& options, Console& console) {
  GateInputs inputs;
  std::string text, error;
  if (!options.waivers.empty()) {
    Diagnostics diagnostics;
    std::optional<std::vector<WaiverEntry>> waivers;
    if (!ReadTextFile(options.waivers, &text, &error)) {
      diagnostics.FileError(options.waivers, "cannot read waivers file: " + error);
    } else {
      waivers = ParseWaivers(MakeSourceFile(options.waivers, text), diagnostics);
    }
    PrintDiagnostics(diagnostics, console.err);
    if (!waivers || diagnostics.HasErrors()) return std::nullopt;
    inputs.waivers = std::move(*waivers);
  }
  if (!options.baseline.empty()) {
    if (!ReadTextFile(options.baseline, &text, &error)) {
      console.err << options.baseline << ": error: cannot read baseline: " << error << "\n";
      return std::nullopt;
    }
    inputs.baseline = ParseBaseline(text, &error);
    if (!inputs.baseline) {
      console.err << options.baseline << ": error: invalid baseline: " << error << "\n";
      return std::nullopt;
    }
  }
  return inputs;
}

// Inside a git repository, SARIF and GitHub annotations name files from its root.
void AddRepositoryPaths(const AuditResult& result, const std::string& site,
                        ReportOptions& options) {
  namespace fs = std::filesystem;
  fs::path folder = fs::path(site).parent_path();
  std::optional<fs::path> root = FindRepositoryRoot(folder.empty() ? fs::path(".") : folder);
  if (!root) return;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return;
  options.repository_paths = RepositoryPaths(result, *root, cwd);
  options.repository_root_uri = FileUri(*root);
}

}  // namespace

int RunCheck(const CheckOptions& options, Console& console) {
  // Usage first: a typo in --format should not wait for a large site to load.
  for (const ReportRequest& request : options.reports) {
    if (!FindReporter(request.format)) {
      return UsageError(console.err, UnknownNameMessage("format", request.format, ReporterIds()));
    }
  }
  std::optional<FailOn> fail_on = ParseFailOn(options.fail_on);
  if (!fail_on) {
    return UsageError(console.err,
                      UnknownNameMessage("--fail-on level", options.fail_on, FailOnWords()));
  }
  std::string today = options.today.empty() ? UtcTime("%Y-%m-%d") : options.today;
  std::optional<GateInputs> gate = LoadGateInputs(options, console);
  if (!gate) return exit_code::kInput;

  Diagnostics diagnostics;
  std::optional<Site> site = LoadSiteForCommand(options.site, options.strict,
                                                options.allow_outside_paths, diagnostics, console);
  if (!site) return exit_code::kInput;

  std::optional<std::vector<Pack>> packs =
      LoadPacksForCommand(options.policies, site->policies, options.site, diagnostics);
  if (options.strict) diagnostics.PromoteWarnings();
  if (packs) {
    std::vector<std::string> requirement_ids;
    for (const Pack& pack : *packs) {
      for (const Requirement& requirement : pack.requirements) {
        requirement_ids.push_back(requirement.id);
      }
    }
    CheckWaiverIds(gate->waivers, requirement_ids, diagnostics);
  }
  PrintDiagnostics(diagnostics, console.err);
  if (diagnostics.HasErrors() || !packs) return exit_code::kInput;

  AuditResult result = RunAudit(*site, *packs);
  // Loader warnings belong in the report too (the JSON "diagnostics"), ahead of the checker's,
  // and the gate's (expired and unused waivers) after them.
  Diagnostics merged = diagnostics;
  merged.Append(result.diagnostics);
  Diagnostics gate_diagnostics;
  ApplyWaivers(gate->waivers, today, result, gate_diagnostics);
  PrintDiagnostics(gate_diagnostics, console.err);
  merged.Append(gate_diagnostics);
  result.diagnostics = std::move(merged);
  if (gate->baseline) ApplyBaseline(*gate->baseline, result);

  ReportOptions report_options;
  report_options.timestamp =
      options.timestamp.empty() ? UtcTime("%Y-%m-%dT%H:%M:%S") : options.timestamp;
  report_options.hostname = HostName();
  AddRepositoryPaths(result, options.site, report_options);
  auto render = [&](const std::string& format, bool to_stdout, std::ostream& out) {
    ReportOptions these = report_options;
    these.color = console.color && to_stdout;
    FindReporter(format)->render(result, these, out);
  };
  if (int code = WriteReports(options.reports, render, console); code != exit_code::kOk) {
    return code;
  }
  return ShouldFail(result, *fail_on) ? exit_code::kFindings : exit_code::kOk;
}

}  // namespace flowaudit
