#include "src/app/diff_command.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <regex>

#include "importers/common/coverage.h"
#include "importers/importer.h"
#include "models/input_limits.h"
#include "src/app/check_command.h"
#include "src/app/exit_code.h"
#include "src/app/files.h"
#include "src/app/git_snapshot.h"
#include "src/app/pack_input.h"
#include "src/app/run_info.h"
#include "src/app/site_input.h"
#include "src/app/suggest.h"
#include "src/check/checker.h"
#include "src/diff/device_diff.h"
#include "src/diff/site_diff.h"
#include "src/gate/repository.h"
#include "src/report/diff_reporter.h"

namespace flowaudit {
namespace {

// A site file names itself with a top-level `site:` key; device configs never do.
bool LooksLikeSite(const std::string& text) {
  static const std::regex site_key(R"((^|\n)site:)");
  return std::regex_search(text, site_key);
}

struct Side {
  std::string path;     // where the file is read
  std::string display;  // how reports name it
  std::string text;
};

std::optional<Side> ReadSide(const std::string& path, const std::string& display,
                             Console& console) {
  Side side{path, display, {}};
  std::string error;
  if (!ReadTextFile(path, &side.text, &error)) {
    console.err << display << ": error: cannot read file: " << error << "\n";
    return std::nullopt;
  }
  return side;
}

// Device configs: both must be of one vendor.
Device ImportSide(const Side& side, const ImporterInfo& importer, Diagnostics& diagnostics) {
  SourceFilePtr file = MakeSourceFile(side.display, side.text);
  if (!CheckLineLengths(file, diagnostics)) return Device{};
  Device device =
      CreateImporterForFile(importer, side.path, side.display)->Import(file, diagnostics);
  NoteCoverage(device, file, diagnostics);
  return device;
}

const ImporterInfo* ImporterOf(const Side& side, const std::string& vendor, Console& console) {
  if (vendor != "auto") return FindImporter(vendor);
  const ImporterInfo* importer = SniffImporter(side.text);
  if (!importer) {
    console.err << side.display
                << ": error: cannot tell the config format; name it with --vendor\n";
  }
  return importer;
}

int DiffConfigs(const Side& before, const Side& after, const DiffOptions& options,
                DiffResult& result, Console& console) {
  const ImporterInfo* ib = ImporterOf(before, options.vendor, console);
  const ImporterInfo* ia = ImporterOf(after, options.vendor, console);
  if (!ib || !ia) return exit_code::kInput;
  if (std::string(ib->id) != ia->id) {
    console.err << after.display << ": error: '" << before.display << "' is " << ib->id << " and '"
                << after.display << "' is " << ia->id
                << "; diff compares two configs of one vendor\n";
    return exit_code::kInput;
  }
  Diagnostics diagnostics;
  Device db = ImportSide(before, *ib, diagnostics);
  Device da = ImportSide(after, *ia, diagnostics);
  if (options.strict) diagnostics.PromoteWarnings();
  PrintDiagnostics(diagnostics, console.err);
  if (diagnostics.HasErrors()) return exit_code::kInput;
  result.subject = "config";
  result.diagnostics = diagnostics;
  std::string name = da.name.empty() ? after.display : da.name;
  DiffDevice(name, db, da, {}, result);
  return exit_code::kOk;
}

int DiffSites(const Side& before, const Side& after, const DiffOptions& options, DiffResult& result,
              Console& console) {
  Diagnostics diagnostics;
  std::optional<Site> sb = LoadSiteForCommand(before.path, options.strict,
                                              options.allow_outside_paths, diagnostics, console);
  if (!sb) return exit_code::kInput;
  std::optional<Site> sa = LoadSiteForCommand(after.path, options.strict,
                                              options.allow_outside_paths, diagnostics, console);
  if (!sa) return exit_code::kInput;
  std::optional<std::vector<Pack>> packs =
      LoadPacksForCommand(options.policies, sa->policies, after.display, diagnostics);
  if (options.strict) diagnostics.PromoteWarnings();
  PrintDiagnostics(diagnostics, console.err);
  if (!packs || diagnostics.HasErrors()) return exit_code::kInput;
  AuditResult ab = RunAudit(*sb, *packs);
  AuditResult aa = RunAudit(*sa, *packs);
  result.subject = "site";
  result.diagnostics = diagnostics;
  result.diagnostics.Append(aa.diagnostics);
  result.requirements = DiffRequirements(ab, aa);
  DiffSiteDevices(*sb, *sa, {}, result);
  return exit_code::kOk;
}

// Reports name the snapshot's files "REV:path" rather than by their temporary folder.
void Relabel(std::string& file, const GitSnapshot& snapshot) {
  std::string prefix = snapshot.root() + "/";
  if (file.compare(0, prefix.size(), prefix) == 0)
    file = snapshot.label() + file.substr(prefix.size());
}

void Relabel(DiffResult& result, const GitSnapshot& snapshot) {
  for (FilterDiff& f : result.filters) {
    for (PacketChange& c : f.changes) Relabel(c.before.file, snapshot);
    for (IneffectiveRule& r : f.no_effect) {
      if (r.before) Relabel(r.before->file, snapshot);
    }
  }
  for (ListenerChange& l : result.listeners) Relabel(l.before_at.file, snapshot);
}

// The files a diff names (AFTER's side), so annotations can name them from the repository root.
std::vector<std::string> NamedFiles(const DiffResult& result) {
  std::vector<std::string> files;
  for (const RequirementChange& r : result.requirements) {
    for (const Location& at : r.locations) files.push_back(at.file);
  }
  for (const FilterDiff& f : result.filters) {
    for (const PacketChange& c : f.changes) files.push_back(c.after.file);
  }
  for (const ListenerChange& l : result.listeners) files.push_back(l.after_at.file);
  return files;
}

void AddRepositoryPaths(const DiffResult& result, const std::string& after,
                        ReportOptions& options) {
  std::filesystem::path folder = std::filesystem::path(after).parent_path();
  std::optional<std::filesystem::path> root =
      FindRepositoryRoot(folder.empty() ? std::filesystem::path(".") : folder);
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (!root || ec) return;
  options.repository_paths = RepositoryPaths(NamedFiles(result), *root, cwd);
  options.repository_root_uri = FileUri(*root);
}

}  // namespace

int RunDiff(const DiffOptions& options, Console& console) {
  for (const ReportRequest& request : options.reports) {
    if (!FindDiffReporter(request.format)) {
      return UsageError(console.err,
                        UnknownNameMessage("format", request.format, DiffReporterIds()));
    }
  }
  std::optional<FailOn> fail_on = ParseFailOn(options.fail_on);
  if (!fail_on) {
    return UsageError(console.err,
                      UnknownNameMessage("--fail-on level", options.fail_on, FailOnWords()));
  }
  if (options.vendor != "auto" && !FindImporter(options.vendor)) {
    return UsageError(
        console.err, "unknown vendor '" + options.vendor + "'; " + SuggestImporter(options.vendor));
  }
  size_t wanted = options.git.empty() ? 2 : 1;
  if (options.inputs.size() != wanted) {
    return UsageError(console.err, options.git.empty()
                                       ? "diff takes BEFORE and AFTER (or --git REV PATH)"
                                       : "with --git, diff takes one PATH in the work tree");
  }
  std::unique_ptr<GitSnapshot> snapshot;
  std::string before_path = options.inputs.front(), before_display = before_path;
  const std::string& after_path = options.inputs.back();
  if (!options.git.empty()) {
    std::string error;
    snapshot = GitSnapshot::Create(after_path, options.git, &error);
    if (!snapshot) {
      console.err << after_path << ": error: " << error << "\n";
      return exit_code::kInput;
    }
    before_path = snapshot->MapPath(after_path);
    before_display = snapshot->label() + snapshot->RelativePath(after_path);
    if (before_path.empty()) {
      console.err << after_path << ": error: not inside the git repository\n";
      return exit_code::kInput;
    }
  }
  std::optional<Side> before = ReadSide(before_path, before_display, console);
  std::optional<Side> after = ReadSide(after_path, after_path, console);
  if (!before || !after) return exit_code::kInput;
  bool before_site = LooksLikeSite(before->text), after_site = LooksLikeSite(after->text);
  if (before_site != after_site) {
    console.err << after_path << ": error: cannot compare a site file with a device config\n";
    return exit_code::kInput;
  }
  DiffResult result;
  result.before = before_display;
  result.after = after_path;
  int status = before_site ? DiffSites(*before, *after, options, result, console)
                           : DiffConfigs(*before, *after, options, result, console);
  if (status != exit_code::kOk) return status;
  if (snapshot) Relabel(result, *snapshot);
  ReportOptions base_options;
  base_options.timestamp = UtcTime("%Y-%m-%dT%H:%M:%S");
  base_options.hostname = HostName();
  AddRepositoryPaths(result, after_path, base_options);
  auto render = [&](const std::string& format, bool to_stdout, std::ostream& out) {
    ReportOptions report_options = base_options;
    report_options.color = console.color && to_stdout;
    FindDiffReporter(format)->render(result, report_options, out);
  };
  status = WriteReports(options.reports, render, console);
  if (status != exit_code::kOk) return status;
  if (fail_on->mode == FailOn::Mode::kNever) return exit_code::kOk;
  // warning and info widen --fail-on to every severity.
  Level level = fail_on->mode == FailOn::Mode::kSeverity ? fail_on->level : Level::kInfo;
  bool fails =
      result.subject == "site" ? result.HasNewFailureAtOrAbove(level) : result.HasEffectiveChange();
  return fails ? exit_code::kFindings : exit_code::kOk;
}

}  // namespace flowaudit
