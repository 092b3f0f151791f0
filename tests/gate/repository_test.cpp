// The repository root for SARIF paths: found through a `.git` folder or file, no git needed.
#include "src/gate/repository.h"

#include <doctest/doctest.h>

#include "tests/report/sample_result.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

namespace fs = std::filesystem;

TEST_CASE("repository: the nearest .git folder or file above the site") {
  testing::TempDir dir;
  dir.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
  dir.Write("repo/sites/dc1/site.yaml", "site: dc1\n");
  dir.Write("worktree/.git", "gitdir: /elsewhere\n");  // worktrees and submodules: a file
  dir.Write("worktree/site.yaml", "site: wt\n");
  dir.Write("plain/site.yaml", "site: plain\n");
  CHECK(FindRepositoryRoot(dir.path() / "repo/sites/dc1") == dir.path() / "repo");
  CHECK(FindRepositoryRoot(dir.path() / "repo") == dir.path() / "repo");
  CHECK(FindRepositoryRoot(dir.path() / "worktree") == dir.path() / "worktree");
  // Outside any repository (the temp folder is not in one unless TMPDIR is).
  if (!FindRepositoryRoot(dir.path())) CHECK_FALSE(FindRepositoryRoot(dir.path() / "plain"));
}

TEST_CASE("repository: display paths become paths from the root with forward slashes") {
  AuditResult audit = testing::SampleResult();  // site examples/contoso/site.yaml
  fs::path root = "/src/repo";
  auto paths = RepositoryPaths(audit, root, "/src/repo/net");
  CHECK(paths.at("examples/contoso/site.yaml") == "net/examples/contoso/site.yaml");
  CHECK(paths.at("configs/hlb.conf") == "net/configs/hlb.conf");
  CHECK(paths.at("configs/fw.rules") == "net/configs/fw.rules");

  audit.site_file = "../other/./site.yaml";                         // normalized
  audit.requirements[0].locations[0].file = "/elsewhere/hlb.conf";  // outside: left out
  paths = RepositoryPaths(audit, root, "/src/repo/net");
  CHECK(paths.at("../other/./site.yaml") == "other/site.yaml");
  CHECK(paths.count("/elsewhere/hlb.conf") == 0);
  CHECK(FileUri("/src/repo") == "file:///src/repo/");
}

}  // namespace
}  // namespace flowaudit
