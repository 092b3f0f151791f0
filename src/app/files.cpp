#include "src/app/files.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "models/input_limits.h"
#include "src/app/interrupts.h"

namespace flowaudit {

bool ReadTextFile(const std::string& path, std::string* text, std::string* error) {
  return ReadInputFile(path, text, error);
}

namespace {

// Writes `content` to a new temporary file next to `path` and returns its name; empty (with
// *error set) on failure, with nothing left behind.
std::string WriteTemporary(const std::string& path, const std::string& content,
                           std::string* error) {
  std::string temp = path + ".tmp.XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    *error = std::strerror(errno);
    return {};
  }
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::strerror(errno);
      close(fd);
      unlink(temp.c_str());
      return {};
    }
    written += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; a report is an ordinary file.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  if (fsync(fd) != 0 || close(fd) != 0) {
    *error = std::strerror(errno);
    unlink(temp.c_str());
    return {};
  }
  return temp;
}

// FLOWAUDIT_TEST_WRITE_PAUSE_MS: a pause after each temporary file, so the interrupt test
// (tests/app/interrupt_test.sh) can signal a run in the middle of writing its outputs.
int TestPauseMilliseconds() {
  const char* value = std::getenv("FLOWAUDIT_TEST_WRITE_PAUSE_MS");
  if (!value) return 0;
  int ms = std::atoi(value);
  return ms > 0 && ms <= 60000 ? ms : 0;
}

}  // namespace

bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error) {
  std::string failed;
  return WriteFilesAtomically({{path, content}}, &failed, error);
}

bool WriteFilesAtomically(const std::vector<FileContent>& files, std::string* failed_path,
                          std::string* error) {
  // An interrupt waits until every file is renamed into place, or every temporary removed.
  interrupts::Uninterruptible writing;
  const int pause_ms = TestPauseMilliseconds();
  std::vector<std::string> temps;
  auto remove_temps = [&](size_t from) {
    for (size_t i = from; i < temps.size(); ++i) unlink(temps[i].c_str());
  };
  for (const FileContent& file : files) {
    std::string temp = WriteTemporary(file.path, file.content, error);
    if (temp.empty()) {
      *failed_path = file.path;
      remove_temps(0);
      return false;
    }
    temps.push_back(std::move(temp));
    if (pause_ms > 0) usleep(static_cast<useconds_t>(pause_ms) * 1000);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].path.c_str()) != 0) {
      // Rare (the folder vanished): the files renamed so far stay complete.
      *error = std::strerror(errno);
      *failed_path = files[i].path;
      remove_temps(i);
      return false;
    }
  }
  return true;
}

}  // namespace flowaudit
