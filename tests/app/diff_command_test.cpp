// `flowaudit diff` as a command: exit codes, bad input, and --git on a real temporary
// repository (the user's checkout stays untouched).
#include "src/app/diff_command.h"

#include <doctest/doctest.h>

#include <sstream>

#include "src/app/git_snapshot.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

struct Ran {
  int code;
  std::string out, err;
};

Ran Diff(DiffOptions options) {
  std::ostringstream out, err;
  Console console{out, err, false};
  int code = RunDiff(options, console);
  return {code, out.str(), err.str()};
}

const char* kBefore =
    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    "-A FORWARD -d 10.1.0.100 -p tcp -m multiport --dports 80,443 -j ACCEPT\nCOMMIT\n";
const char* kAfter =
    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    "-A FORWARD -d 10.1.0.100 -p tcp --dport 443 -j ACCEPT\nCOMMIT\n";

TEST_CASE("diff: two configs, a changed verdict exits 1 and names both rules") {
  TempDir dir;
  DiffOptions o;
  o.inputs = {dir.Write("a.rules", kBefore), dir.Write("b.rules", kAfter)};
  Ran r = Diff(o);
  CHECK(r.code == 1);
  CHECK(r.out.find("NEWLY DENIED") != std::string::npos);
  CHECK(r.out.find("a.rules:5 ACCEPT") != std::string::npos);
  CHECK(r.out.find("policy DROP") != std::string::npos);
  o.fail_on = "never";
  CHECK(Diff(o).code == 0);
  o.inputs = {o.inputs[0], o.inputs[0]};
  o.fail_on = "error";
  Ran same = Diff(o);
  CHECK(same.code == 0);
  CHECK(same.out.find("no effective change") != std::string::npos);
}

TEST_CASE("diff: bad input exits 2 with the reason and writes nothing") {
  TempDir dir;
  std::string rules = dir.Write("a.rules", kBefore);
  std::string asa =
      dir.Write("fw.cfg",
                "ASA Version 9.8(4)\nhostname fw\naccess-list out extended permit tcp "
                "any host 10.1.0.100 eq 80\naccess-group out in interface outside\n");
  DiffOptions o;
  o.inputs = {rules, asa};
  o.reports = {{"text", (dir.path() / "out.txt").string()}};
  Ran r = Diff(o);
  CHECK(r.code == 2);
  CHECK(r.err.find("diff compares two configs of one vendor") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(o.reports[0].file));

  o.inputs = {rules, dir.Write("site.yaml", "site: x\n")};
  r = Diff(o);
  CHECK(r.code == 2);
  CHECK(r.err.find("cannot compare a site file with a device config") != std::string::npos);

  o.inputs = {rules, (dir.path() / "missing.rules").string()};
  CHECK(Diff(o).code == 2);

  o.inputs = {rules, rules};
  o.reports = {{"yaml", ""}};
  r = Diff(o);
  CHECK(r.code == 2);
  CHECK(r.err.find("format") != std::string::npos);
}

bool Git(const TempDir& dir, std::vector<std::string> args, std::string* out = nullptr) {
  args.insert(args.begin(), {"git", "-C", dir.path().string(), "-c", "user.name=t", "-c",
                             "user.email=t@example.com"});
  std::string o, e;
  int code = RunProgram(args, &o, &e);
  if (out) *out = o;
  return code == 0;
}

TEST_CASE("diff --git REV: the work tree against a revision, checkout untouched") {
  TempDir dir;
  std::string o;
  if (!Git(dir, {"init", "-q"})) {
    MESSAGE("git is not installed");
    return;
  }
  std::string path = dir.Write("fw/fw.rules", kBefore);
  REQUIRE(Git(dir, {"add", "."}));
  REQUIRE(Git(dir, {"commit", "-q", "-m", "first"}));
  dir.Write("fw/fw.rules", kAfter);
  std::string status_before, worktrees_before;
  REQUIRE(Git(dir, {"status", "--porcelain"}, &status_before));
  REQUIRE(Git(dir, {"worktree", "list"}, &worktrees_before));

  DiffOptions options;
  options.inputs = {path};
  options.git = "HEAD";
  Ran r = Diff(options);
  CHECK(r.code == 1);
  CHECK(r.out.find("HEAD:fw/fw.rules:5 ACCEPT") != std::string::npos);
  CHECK(r.out.find("NEWLY DENIED") != std::string::npos);

  std::string status_after, worktrees_after;
  REQUIRE(Git(dir, {"status", "--porcelain"}, &status_after));
  REQUIRE(Git(dir, {"worktree", "list"}, &worktrees_after));
  CHECK(status_before == status_after);
  CHECK(worktrees_before == worktrees_after);

  options.git = "no-such-revision";
  r = Diff(options);
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown git revision 'no-such-revision'") != std::string::npos);
  options.git = "--output=/tmp/x";
  CHECK(Diff(options).code == 2);
}

}  // namespace
}  // namespace flowaudit
