#include "src/app/git_snapshot.h"

#include <poll.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "src/app/interrupts.h"

namespace flowaudit {
namespace fs = std::filesystem;

int RunProgram(const std::vector<std::string>& argv, std::string* out, std::string* err) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) return -1;
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return -1;
  }
  pid_t pid = interrupts::ForkChild();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(err_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Read both pipes until both close, so a chatty child never blocks on a full pipe.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {out, err};
  int open_pipes = 2;
  char buffer[65536];
  while (open_pipes > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (pollfd& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  interrupts::Forget(pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line;
}

}  // namespace

std::unique_ptr<GitSnapshot> GitSnapshot::Create(const std::string& path,
                                                 const std::string& revision, std::string* error) {
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  std::string out, err;
  if (RunProgram({"git", "-C", folder.string(), "rev-parse", "--show-toplevel"}, &out, &err) != 0) {
    *error =
        err.empty() ? "cannot run git" : "not inside a git repository (" + FirstLine(err) + ")";
    return nullptr;
  }
  std::string toplevel = FirstLine(out);
  out.clear();
  err.clear();
  // "--end-of-options" keeps a revision such as "--output=x" from being read as an option.
  if (revision.empty() || revision[0] == '-' ||
      RunProgram(
          {"git", "-C", toplevel, "rev-parse", "--verify", "--quiet", revision + "^{commit}"}, &out,
          &err) != 0) {
    *error = "unknown git revision '" + revision + "'";
    return nullptr;
  }
  std::string commit = FirstLine(out);
  std::unique_ptr<GitSnapshot> snap(new GitSnapshot());
  snap->toplevel_ = toplevel;
  snap->label_ = revision + ":";
  std::string temp = interrupts::MakeTemporaryFolder(
      (fs::temp_directory_path() / "flowaudit-git-XXXXXX").string());
  if (temp.empty()) {
    *error = "cannot create a temporary folder";
    return nullptr;
  }
  snap->temp_ = temp;
  snap->tree_ = temp + "/tree";
  fs::create_directory(snap->tree_);
  std::string tar = temp + "/tree.tar";
  out.clear();
  err.clear();
  if (RunProgram({"git", "-C", toplevel, "archive", "--format=tar", "-o", tar, commit}, &out,
                 &err) != 0 ||
      RunProgram({"tar", "-xf", tar, "-C", snap->tree_}, &out, &err) != 0) {
    *error = "cannot read revision '" + revision + "': " + FirstLine(err);
    return nullptr;
  }
  fs::remove(tar);
  return snap;
}

GitSnapshot::~GitSnapshot() {
  std::error_code ignored;
  if (temp_.empty()) return;
  fs::remove_all(temp_, ignored);
  interrupts::Forget(temp_);
}

std::string GitSnapshot::RelativePath(const std::string& path) const {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(path), ec);
  fs::path top = fs::weakly_canonical(toplevel_, ec);
  fs::path relative = absolute.lexically_relative(top);
  if (relative.empty() || *relative.begin() == "..") return "";
  return relative.generic_string();
}

std::string GitSnapshot::MapPath(const std::string& path) const {
  std::string relative = RelativePath(path);
  return relative.empty() ? "" : (fs::path(tree_) / relative).string();
}

}  // namespace flowaudit
