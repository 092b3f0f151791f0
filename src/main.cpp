// flowaudit: options -> command -> exit code. Everything else lives in flowaudit_core; the one
// catch here turns a bug that escaped as an exception into exit 3 (STYLE 7). The BDD node limit
// is caught where filters are evaluated; outside them (building a site's address sets) it ends
// the run as an input error. Interrupts are handled first (src/app/interrupts.h), so a
// Ctrl-C or kill never leaves an output half-written.
#include <exception>
#include <iostream>

#include "models/packet_set.h"
#include "src/app/command_line.h"
#include "src/app/exit_code.h"
#include "src/app/interrupts.h"

int main(int argc, char** argv) {
  flowaudit::interrupts::Install();
  flowaudit::Console console{std::cout, std::cerr, flowaudit::StdoutWantsColor()};
  try {
    flowaudit::CommandLine command_line;
    if (auto done = flowaudit::ParseCommandLine(argc, argv, command_line, console)) return *done;
    int code = flowaudit::RunCommand(command_line, console);
    std::cout.flush();
    return code;
  } catch (const flowaudit::BddNodeLimitExceeded& e) {
    std::cerr << "flowaudit: error: the input is " << e.what()
              << " (set FLOWAUDIT_BDD_NODES to raise the limit)\n";
    return flowaudit::exit_code::kInput;
  } catch (const std::exception& e) {
    std::cerr << "flowaudit: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "flowaudit: internal error: unknown exception\n";
  }
  return flowaudit::exit_code::kInternal;
}
