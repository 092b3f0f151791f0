#include "src/app/interrupts.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

namespace flowaudit::interrupts {
namespace {

// Guards the registries, and is held by every Uninterruptible: the watcher takes it before
// cleaning up, so it waits for an output write in progress.
std::mutex& Lock() {
  static std::mutex lock;
  return lock;
}
std::vector<std::string>& Folders() {
  static std::vector<std::string> folders;
  return folders;
}
std::vector<pid_t>& Children() {
  static std::vector<pid_t> children;
  return children;
}

sigset_t Signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  return set;
}

std::atomic<bool> interrupted{false};

[[noreturn]] void Watch() {
  sigset_t set = Signals();
  int signal_number = SIGTERM;
  while (sigwait(&set, &signal_number) != 0) {
  }
  interrupted = true;
  Lock().lock();  // never released: the process ends below
  for (pid_t child : Children()) kill(child, SIGTERM);
  for (pid_t child : Children()) waitpid(child, nullptr, 0);
  for (const std::string& folder : Folders()) {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
  // Die of the signal itself, so the parent (a shell, CI) sees what happened.
  signal(signal_number, SIG_DFL);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  raise(signal_number);
  _exit(128 + signal_number);
}

template <typename T>
void Erase(std::vector<T>& list, const T& value) {
  list.erase(std::remove(list.begin(), list.end(), value), list.end());
}

}  // namespace

void Install() {
  sigset_t set = Signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // threads started later inherit the mask
  std::thread(Watch).detach();
}

Uninterruptible::Uninterruptible() : lock_(Lock()) {}

Uninterruptible::~Uninterruptible() {
  lock_.unlock();
  // The watcher is about to end the process: wait for it (this thread has the signals blocked,
  // so pause() returns only if something else wakes it).
  while (interrupted) pause();
}

std::string MakeTemporaryFolder(const std::string& pattern) {
  std::lock_guard<std::mutex> hold(Lock());
  std::string folder = pattern;
  if (!mkdtemp(folder.data())) return {};
  Folders().push_back(folder);
  return folder;
}

void Forget(const std::string& folder) {
  std::lock_guard<std::mutex> hold(Lock());
  Erase(Folders(), folder);
}

pid_t ForkChild() {
  // Under the lock, so an interrupt cannot come between the fork and the registration.
  std::lock_guard<std::mutex> hold(Lock());
  pid_t pid = fork();
  if (pid == 0) {
    for (int s : {SIGINT, SIGTERM, SIGHUP}) signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
  } else if (pid > 0) {
    Children().push_back(pid);
  }
  return pid;
}

void Forget(pid_t child) {
  std::lock_guard<std::mutex> hold(Lock());
  Erase(Children(), child);
}

}  // namespace flowaudit::interrupts
