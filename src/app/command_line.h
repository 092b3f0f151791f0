// The command line: CLI11 fills one options struct per command (STYLE 8) and RunCommand hands
// it to that command. Parsing ends the run early for --help, --version and usage errors.
#pragma once

#include <optional>
#include <string>

#include "src/app/check_command.h"
#include "src/app/console.h"
#include "src/app/diff_command.h"
#include "src/app/explain_command.h"
#include "src/app/list_command.h"
#include "src/app/query_command.h"

namespace flowaudit {

struct CommandLine {
  std::string command;  // check | diff | query | explain | list
  CheckOptions check;
  DiffOptions diff;
  QueryOptions query;
  ExplainOptions explain;
  ListOptions list;
};

// Fills `command_line` from argv. Returns an exit code when the run ends here (--help and
// --version: 0; a usage error, printed with a hint to --help: 2), nullopt when a command is
// to run.
std::optional<int> ParseCommandLine(int argc, const char* const* argv, CommandLine& command_line,
                                    Console& console);

// Runs the parsed command and returns its exit code.
int RunCommand(const CommandLine& command_line, Console& console);

}  // namespace flowaudit
