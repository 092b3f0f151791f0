#include "src/app/query_command.h"

#include "importers/common/coverage.h"
#include "importers/importer.h"
#include "models/input_limits.h"
#include "src/app/exit_code.h"
#include "src/app/files.h"
#include "src/app/packet_spec.h"
#include "src/app/query.h"
#include "src/app/query_output.h"
#include "src/app/suggest.h"

namespace flowaudit {
namespace {

const std::vector<std::string>& QueryFormats() {
  static const std::vector<std::string> formats = {"json", "text"};
  return formats;
}

std::string ImporterIdList() {
  std::string ids;
  for (const ImporterInfo& info : Importers())
    ids += (ids.empty() ? "" : ", ") + std::string(info.id);
  return ids.empty() ? "none are built in" : ids;
}

// All packets, --packet specs first. Bad specs become located diagnostics; a --packet spec is
// shown as its own one-line file "<command line>".
std::vector<PacketSpec> ReadPackets(const QueryOptions& options, Diagnostics& diagnostics) {
  std::vector<PacketSpec> packets;
  for (const std::string& spec : options.packets) {
    std::vector<PacketSpec> one =
        ParsePacketLines(MakeSourceFile("<command line>", spec), diagnostics);
    packets.insert(packets.end(), one.begin(), one.end());
  }
  if (!options.packets_file.empty()) {
    std::string text, error;
    std::string name = options.packets_file == "-" ? "<stdin>" : options.packets_file;
    if (!ReadTextFile(options.packets_file, &text, &error)) {
      diagnostics.FileError(name, "cannot read file: " + error);
      return packets;
    }
    std::vector<PacketSpec> more =
        ParsePacketLines(MakeSourceFile(name, std::move(text)), diagnostics);
    packets.insert(packets.end(), more.begin(), more.end());
  }
  return packets;
}

// Usage problems that need no input: checked before a large config is read.
bool UsageIsValid(const QueryOptions& options, Console& console) {
  if (options.format != "json" && options.format != "text") {
    UsageError(console.err, UnknownNameMessage("format", options.format, QueryFormats()));
    return false;
  }
  if (options.packets.empty() && options.packets_file.empty()) {
    UsageError(console.err, "no packets to query; give --packet SPEC or --packets FILE");
    return false;
  }
  if (options.config == "-" && options.packets_file == "-") {
    UsageError(console.err, "CONFIG and --packets cannot both read standard input");
    return false;
  }
  return true;
}

}  // namespace

int RunQuery(const QueryOptions& options, Console& console) {
  if (!UsageIsValid(options, console)) return exit_code::kInput;
  const ImporterInfo* importer = nullptr;
  if (options.vendor != "auto") {
    importer = FindImporter(options.vendor);
    if (!importer) {
      std::string message = "unknown vendor '" + options.vendor + "'";
      std::string suggestion = SuggestImporter(options.vendor);
      message += suggestion.empty() ? "; importers: " + ImporterIdList() : "; " + suggestion;
      return UsageError(console.err, message);
    }
  }
  std::string text, error;
  if (!ReadTextFile(options.config, &text, &error)) {
    console.err << options.config << ": error: cannot read file: " << error << "\n";
    return exit_code::kInput;
  }
  std::string name = options.config == "-" ? "<stdin>" : options.config;
  SourceFilePtr file = MakeSourceFile(name, std::move(text));
  if (!importer) {
    importer = SniffImporter(file->text);
    if (!importer) {
      console.err << name << ": error: cannot tell the config format; name it with --vendor ("
                  << ImporterIdList() << ")\n";
      return exit_code::kInput;
    }
  }
  Diagnostics diagnostics;
  if (!CheckLineLengths(file, diagnostics)) {
    PrintDiagnostics(diagnostics, console.err);
    return exit_code::kInput;
  }
  // Standard input has no folder: its includes cannot be followed.
  Device device = (options.config == "-" ? importer->create()
                                         : CreateImporterForFile(*importer, options.config, name))
                      ->Import(file, diagnostics);
  NoteCoverage(device, file, diagnostics);
  if (options.strict) diagnostics.PromoteWarnings();
  PrintDiagnostics(diagnostics, console.err);
  if (diagnostics.HasErrors()) return exit_code::kInput;
  if (device.name.empty()) device.name = name;
  return QueryDevice(device, name, options, console);
}

int QueryDevice(const Device& device, const std::string& config_name, const QueryOptions& options,
                Console& console) {
  if (!UsageIsValid(options, console)) return exit_code::kInput;
  if (device.filters.empty() && device.virtual_servers.empty()) {
    console.err << config_name << ": error: no filters or virtual servers to query\n";
    return exit_code::kInput;
  }
  // Virtual servers answer only when there is no filter to ask (or none was named).
  bool use_virtual_servers =
      !device.virtual_servers.empty() && (device.filters.empty() && options.filter.empty());
  const Filter* filter = nullptr;
  if (!use_virtual_servers) {
    std::string error;
    filter = ChooseFilter(device, options.filter, config_name, &error);
    if (!filter) return UsageError(console.err, error);
  }
  Diagnostics diagnostics;
  std::vector<PacketSpec> packets = ReadPackets(options, diagnostics);
  PrintDiagnostics(diagnostics, console.err);
  if (diagnostics.HasErrors()) return exit_code::kInput;

  std::vector<QueryAnswer> answers = use_virtual_servers ? AnswerWithVirtualServers(device, packets)
                                                         : AnswerWithFilter(*filter, packets);
  if (options.format == "json") {
    WriteQueryJson(answers, console.out);
  } else {
    WriteQueryText(answers, console.out);
  }
  return exit_code::kOk;
}

}  // namespace flowaudit
