#include "src/app/list_command.h"

#include <algorithm>
#include <array>

#include "importers/importer.h"
#include "src/app/check_kinds.h"
#include "src/app/exit_code.h"
#include "src/app/suggest.h"
#include "src/policy/policy.h"
#include "src/report/diff_reporter.h"
#include "src/report/reporter.h"

namespace flowaudit {
namespace {

using Row = std::array<std::string, 3>;

void PrintRows(const std::vector<Row>& rows, std::ostream& out) {
  size_t first = 0, second = 0;
  for (const Row& row : rows) {
    first = std::max(first, row[0].size());
    second = std::max(second, row[1].size());
  }
  for (const Row& row : rows) {
    out << row[0] << std::string(first - row[0].size() + 2, ' ') << row[1]
        << std::string(second - row[1].size() + 2, ' ') << row[2] << "\n";
  }
}

int ListImporters(Console& console) {
  std::vector<Row> rows;
  for (const ImporterInfo& info : Importers()) {
    rows.push_back({info.id, MaturityName(info.status), info.description});
  }
  PrintRows(rows, console.out);
  return exit_code::kOk;
}

int ListPolicies(Console& console) {
  std::vector<Row> rows;
  Diagnostics diagnostics;
  for (const std::string& id : BuiltinPacks()) {
    std::optional<Pack> pack = LoadPack(id, diagnostics);
    if (!pack) continue;
    size_t n = pack->requirements.size();
    rows.push_back(
        {pack->id, std::to_string(n) + (n == 1 ? " requirement" : " requirements"), pack->title});
  }
  PrintRows(rows, console.out);
  PrintDiagnostics(diagnostics, console.err);
  return diagnostics.HasErrors() ? exit_code::kInput : exit_code::kOk;
}

int ListChecks(Console& console) {
  std::vector<Row> rows;
  for (const CheckKindInfo& info : CheckKinds()) {
    rows.push_back({info.id, MaturityName(info.status), info.description});
  }
  PrintRows(rows, console.out);
  return exit_code::kOk;
}

// The check formats, each marked with the commands that write it (diff has a table of its own).
int ListFormats(Console& console) {
  std::vector<Row> rows;
  for (const ReporterInfo& info : Reporters()) {
    std::string commands = FindDiffReporter(info.id) ? "[check, diff] " : "[check] ";
    rows.push_back({info.id, MaturityName(info.status), commands + info.description});
  }
  PrintRows(rows, console.out);
  return exit_code::kOk;
}

struct Topic {
  const char* id;
  int (*run)(Console& console);
};

// Sorted by id.
constexpr Topic kTopics[] = {
    {"checks", ListChecks},
    {"formats", ListFormats},
    {"importers", ListImporters},
    {"policies", ListPolicies},
};

}  // namespace

int RunList(const ListOptions& options, Console& console) {
  std::vector<std::string> ids;
  for (const Topic& topic : kTopics) {
    if (options.topic == topic.id) return topic.run(console);
    ids.push_back(topic.id);
  }
  return UsageError(console.err, UnknownNameMessage("list topic", options.topic, ids));
}

}  // namespace flowaudit
