#include "models/input_limits.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace flowaudit {
namespace {

std::string Size(size_t bytes) {
  if (bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string TooLarge(size_t max_bytes) {
  return "larger than " + Size(max_bytes) + ", the limit for one input file";
}

}  // namespace

bool ReadInputFile(const std::string& path, std::string* text, std::string* error,
                   size_t max_bytes) {
  int fd = path == "-" ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  auto fail = [&](std::string reason) {
    if (fd != STDIN_FILENO) close(fd);
    *error = std::move(reason);
    return false;
  };
  // A regular file's size is known before reading: refuse without allocating anything.
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes) {
    return fail(TooLarge(max_bytes));
  }
  std::string content;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::strerror(errno));  // a folder fails here: "Is a directory"
    }
    // Pipes and growing files are counted as they are read.
    if (content.size() + static_cast<size_t>(n) > max_bytes) return fail(TooLarge(max_bytes));
    content.append(buffer, static_cast<size_t>(n));
  }
  if (fd != STDIN_FILENO) close(fd);
  *text = std::move(content);
  return true;
}

bool CheckLineLengths(const SourceFilePtr& file, Diagnostics& diagnostics, size_t max_line) {
  const std::string& text = file->text;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos &&
      (text[first] == '{' || text[first] == '[' || text[first] == '<'))
    return true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end - start > max_line) {
      diagnostics.Error(SourceRange{file, static_cast<uint32_t>(start + max_line), 1},
                        "line longer than " + Size(max_line) + ", the limit for one line");
      return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace flowaudit
