// A read-only copy of a git revision's tree in a temporary folder, for `diff --git REV`. Made
// with `git archive`, so the user's checkout, index and worktree list are never touched; the
// folder is removed when the snapshot goes out of scope.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace flowaudit {

class GitSnapshot {
 public:
  // The tree of `revision` in the repository that holds `path`. On failure returns nullptr and
  // sets *error ("unknown git revision 'x'", "not inside a git repository").
  static std::unique_ptr<GitSnapshot> Create(const std::string& path, const std::string& revision,
                                             std::string* error);
  ~GitSnapshot();
  GitSnapshot(const GitSnapshot&) = delete;
  GitSnapshot& operator=(const GitSnapshot&) = delete;

  // Where `path` (a path in the work tree) lies in the snapshot; empty when it is outside the
  // repository.
  std::string MapPath(const std::string& path) const;
  // `path` relative to the repository's top folder ("fw/fw.rules"), empty when outside it.
  std::string RelativePath(const std::string& path) const;
  const std::string& root() const { return tree_; }    // the snapshot's top folder
  const std::string& label() const { return label_; }  // "REV:" for display names

 private:
  GitSnapshot() = default;
  std::string temp_;      // removed on destruction
  std::string tree_;      // temp_/tree
  std::string toplevel_;  // the repository's work tree
  std::string label_;
};

// Runs a program (no shell) and collects its standard output and error. Returns the exit
// status, or -1 when it could not be started.
int RunProgram(const std::vector<std::string>& argv, std::string* out, std::string* err);

}  // namespace flowaudit
