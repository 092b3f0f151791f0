// Interrupts (SIGINT from Ctrl-C, SIGTERM from kill or a CI timeout, SIGHUP from a closed
// terminal) end a run without leaving anything half-done: output files being written are
// completed first, programs the run started are stopped, temporary folders are removed, and
// then the process dies of the signal as it would have anyway (exit status 128+N in a shell).
// Without this, an interrupt during `--output` could leave a temporary file or only some of
// several outputs, and one during `diff --git` its snapshot folder.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <string>

namespace flowaudit::interrupts {

// Called first by main(): blocks the signals in every thread and starts the one thread that
// waits for them. Without it (library use, tests) the signals keep their default action.
void Install();

// While one exists, an interrupt waits for it to end, so what it guards (writing and renaming
// every output file) happens wholly or not at all; an interrupt that came meanwhile then ends the
// process as soon as it ends (the run does not go on to exit 0).
class Uninterruptible {
 public:
  Uninterruptible();
  ~Uninterruptible();
  Uninterruptible(const Uninterruptible&) = delete;
  Uninterruptible& operator=(const Uninterruptible&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;
};

// mkdtemp(pattern) for a temporary folder that is removed if the run is interrupted (created
// and registered as one step, so no interrupt falls between); its owner removes it otherwise and
// calls Forget. Empty when it cannot be created.
std::string MakeTemporaryFolder(const std::string& pattern);
void Forget(const std::string& folder);

// fork() for running a program: the child starts with the signals' default handling (so the
// program can be interrupted itself); if the run is interrupted, the watcher stops it (SIGTERM)
// and reaps it. Forget the child once the caller has reaped it.
pid_t ForkChild();
void Forget(pid_t child);

}  // namespace flowaudit::interrupts
