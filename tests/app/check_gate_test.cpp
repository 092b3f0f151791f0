// `flowaudit check` as a CI gate on the real examples: --fail-on levels, several outputs in one
// run, waivers, baselines and SARIF paths from the repository root.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "src/app/command_line.h"
#include "src/app/files.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

namespace fs = std::filesystem;

const std::string kExamples = std::string(FLOWAUDIT_SOURCE_DIR) + "/examples/";
const std::string kNoPort80 =
    kExamples + "lync-hlb-no-port80/site.yaml";                          // 3 fail (high, critical)
const std::string kContoso = kExamples + "lync-contoso/site.yaml";       // passes; 1 info
const std::string kCrl = kExamples + "lync-edge-crl-blocked/site.yaml";  // 1 medium fail

struct Ran {
  int code = 0;
  std::string out, err;
};

// Runs `flowaudit check ARGS…` in-process on a fixed day and time.
Ran Check(std::vector<std::string> args, const std::string& today = "2026-11-25") {
  std::vector<const char*> argv = {"flowaudit", "check"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out, err;
  Console console{out, err, false};
  CommandLine command_line;
  Ran ran;
  if (auto done =
          ParseCommandLine(static_cast<int>(argv.size()), argv.data(), command_line, console)) {
    ran.code = *done;
  } else {
    command_line.check.today = today;
    command_line.check.timestamp = "2026-11-25T08:00:00";
    ran.code = RunCommand(command_line, console);
  }
  ran.out = out.str();
  ran.err = err.str();
  return ran;
}

std::string Read(const std::string& path) {
  std::string text, error;
  INFO(path, ": ", error);
  REQUIRE(ReadTextFile(path, &text, &error));
  return text;
}

bool Contains(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

TEST_CASE("check --fail-on: every level on real examples") {
  // Three failing requirements, high and critical.
  CHECK(Check({kNoPort80, "--format", "json"}).code == 1);  // default: error
  for (const char* word : {"error", "warning", "info", "critical", "high", "medium", "low"}) {
    CHECK_MESSAGE(Check({kNoPort80, "--format", "json", "--fail-on", word}).code == 1, word);
  }
  CHECK(Check({kNoPort80, "--format", "json", "--fail-on", "never"}).code == 0);
  // One medium failure: below high.
  CHECK(Check({kCrl, "--format", "json", "--fail-on", "high"}).code == 0);
  CHECK(Check({kCrl, "--format", "json", "--fail-on", "medium"}).code == 1);
  CHECK(Check({kCrl, "--format", "json", "--fail-on", "error"}).code == 1);
  // All pass but one info result, no warnings: only `info` fails.
  CHECK(Check({kContoso, "--format", "json"}).code == 0);
  CHECK(Check({kContoso, "--format", "json", "--fail-on", "error"}).code == 0);
  CHECK(Check({kContoso, "--format", "json", "--fail-on", "warning"}).code == 0);
  CHECK(Check({kContoso, "--format", "json", "--fail-on", "info"}).code == 1);
  CHECK(Check({kContoso, "--format", "json", "--fail-on", "never"}).code == 0);
}

TEST_CASE("check --fail-on warning: a warning about the inputs fails the gate") {
  // lync-contoso with a chain nothing jumps to, using a match the importer does not know: a
  // located warning, and no verdict changes.
  testing::TempDir dir;
  fs::copy(kExamples + "lync-contoso", dir.path() / "site", fs::copy_options::recursive);
  std::string rules = (dir.path() / "site/configs/internal-fw.rules").string();
  std::string text = Read(rules);
  text.replace(text.find(":EDGE_INT - [0:0]\n"), 18, ":EDGE_INT - [0:0]\n:UNUSED - [0:0]\n");
  text.replace(text.rfind("COMMIT"), 6, "-A UNUSED -m weirdmatch --foo 1 -j ACCEPT\nCOMMIT");
  std::string error;
  REQUIRE(WriteFileAtomically(rules, text, &error));
  std::string site = (dir.path() / "site/site.yaml").string();
  Ran json = Check({site, "--format", "json"});
  CHECK(json.code == 0);
  CHECK(Contains(json.err, "warning: match 'weirdmatch' is not understood by flowaudit"));
  CHECK(Contains(json.out, "\"severity\": \"warning\""));
  CHECK(Check({site, "--format", "json", "--fail-on", "error"}).code == 0);
  CHECK(Check({site, "--format", "json", "--fail-on", "low"}).code == 0);
  CHECK(Check({site, "--format", "json", "--fail-on", "warning"}).code == 1);
  CHECK(Check({site, "--format", "json", "--fail-on", "info"}).code == 1);
  CHECK(Check({site, "--format", "json", "--fail-on", "never"}).code == 0);
}

TEST_CASE("check --waivers: an unused waiver is a located warning") {
  testing::TempDir dir;
  std::string waivers = dir.Write("unused.yaml",
                                  "waivers:\n  - id: lync-int-web-http\n    justification: j\n"
                                  "    owner: o\n    expires: 2030-01-01\n");
  // The requirement passes on lync-contoso: the waiver covers nothing.
  Ran error = Check({kContoso, "--format", "json", "--waivers", waivers, "--fail-on", "error"});
  CHECK(error.code == 0);
  CHECK(error.err.rfind(waivers +
                            ":2:5: warning: unused waiver for lync-int-web-http: the requirement "
                            "has no finding it covers\n",
                        0) == 0);
  CHECK(Contains(error.out,
                 "\"message\": \"unused waiver for lync-int-web-http: the requirement has no "
                 "finding it covers\""));
  CHECK(Check({kContoso, "--format", "json", "--waivers", waivers, "--fail-on", "warning"}).code ==
        1);
}

TEST_CASE("check: sarif, junit and json files in one run equal separate runs, byte for byte") {
  testing::TempDir dir;
  std::string sarif = (dir.path() / "r.sarif").string(), junit = (dir.path() / "r.xml").string(),
              json = (dir.path() / "r.json").string();
  Ran all =
      Check({kNoPort80, "--format", "sarif", "--output", sarif, "--format", "junit", "--output",
             junit, "--format", "json", "--output", json, "--format", "markdown"});
  CHECK(all.code == 1);
  CHECK(all.err == "");
  CHECK(Contains(all.out, "**flowaudit: 3 of 39 requirements fail** on site contoso"));
  CHECK(Read(sarif) == Check({kNoPort80, "--format", "sarif"}).out);
  CHECK(Read(junit) == Check({kNoPort80, "--format", "junit"}).out);
  CHECK(Read(json) == Check({kNoPort80, "--format", "json"}).out);
  CHECK(Read(json).rfind("{\n  \"flowaudit\"", 0) == 0);
  // `--output FILE --format F` in the old order still pairs.
  std::string single = (dir.path() / "single.json").string();
  CHECK(Check({kNoPort80, "--output", single, "--format", "json"}).code == 1);
  CHECK(Read(single) == Read(json));
}

TEST_CASE("check: when one file cannot be written, none is and nothing is left behind") {
  testing::TempDir dir;
  std::string json = (dir.path() / "r.json").string();
  Ran ran = Check({kNoPort80, "--format", "json", "--output", json, "--format", "sarif", "--output",
                   "/nonexistent/dir/r.sarif", "--format", "text"});
  CHECK(ran.code == 2);
  CHECK(ran.err ==
        "/nonexistent/dir/r.sarif: error: cannot write file: No such file or directory\n");
  CHECK(ran.out == "");  // not even the stdout report
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("check --format github and markdown on an example") {
  Ran github = Check({kNoPort80, "--format", "github"});
  CHECK(github.code == 1);
  CHECK(Contains(github.out,
                 "::error file=examples/lync-hlb-no-port80/site.yaml,line=36,col=3,"
                 "title=lync-hlb-web-listeners::[fail] service web-int: no listener on "
                 "10.1.0.100:80 (hlb)\n"));
  CHECK(
      Contains(github.out, "::error title=flowaudit::3 of 39 requirements fail on site contoso\n"));
  Ran markdown = Check({kContoso, "--format", "markdown"});
  CHECK(markdown.code == 0);
  CHECK(markdown.out.rfind("**flowaudit: all requirements pass** on site contoso\n", 0) == 0);
}

std::string NoPort80Waivers(const std::string& expires_listeners) {
  return "waivers:\n"
         "  - id: lync-hlb-web-listeners\n"
         "    scope: {device: hlb}\n"
         "    justification: \"port 80 | redirect comes with the new HLB; CHG-42\"\n"
         "    owner: web-team@contoso.com\n"
         "    expires: " +
         expires_listeners +
         "\n"
         "  - id: lync-int-web-http\n"
         "    scope: {device: hlb}\n"
         "    justification: same outage\n"
         "    owner: web-team@contoso.com\n"
         "    expires: 2027-01-31\n"
         "  - id: lync-phone-web-http\n"
         "    scope: {zone: phones}\n"
         "    justification: same outage\n"
         "    owner: web-team@contoso.com\n"
         "    expires: 2027-01-31\n";
}

TEST_CASE("check --waivers: covered requirements stop counting and show as waived") {
  testing::TempDir dir;
  std::string waivers = dir.Write("waivers.yaml", NoPort80Waivers("2027-01-31"));
  Ran json = Check({kNoPort80, "--format", "json", "--waivers", waivers});
  CHECK(json.code == 0);
  CHECK(json.err == "");
  CHECK(Contains(json.out,
                 "\"waiver\": {\n        \"id\": \"lync-hlb-web-listeners\",\n"
                 "        \"scope\": {\n          \"device\": \"hlb\"\n        },\n"
                 "        \"justification\": \"port 80 | redirect comes with the new "
                 "HLB; CHG-42\",\n        \"owner\": \"web-team@contoso.com\",\n"
                 "        \"expires\": \"2027-01-31\",\n        \"file\": \"" +
                     waivers + "\",\n        \"line\": 2\n      },"));
  Ran text = Check({kNoPort80, "--waivers", waivers});
  CHECK(text.code == 0);
  CHECK(Contains(text.out,
                 "\n  waived until 2027-01-31 by web-team@contoso.com (device hlb): "
                 "port 80 | redirect comes with the new HLB; CHG-42\n"));
  CHECK(Contains(text.out, "; 3 waived"));
  Ran sarif = Check({kNoPort80, "--format", "sarif", "--waivers", waivers});
  CHECK(Contains(sarif.out,
                 "\"suppressions\": [\n            {\n              \"kind\": "
                 "\"external\",\n              \"status\": \"accepted\",\n"
                 "              \"justification\": \"same outage\""));
  Ran junit = Check({kNoPort80, "--format", "junit", "--waivers", waivers});
  CHECK(Contains(junit.out,
                 "<skipped message=\"waived until 2027-01-31 by web-team@contoso.com "
                 "(zone phones): same outage\"/>"));
  CHECK(Contains(junit.out, "failures=\"0\""));
  Ran markdown = Check({kNoPort80, "--format", "markdown", "--waivers", waivers});
  CHECK(markdown.out.rfind("**flowaudit: all requirements pass (3 waived)** on site contoso\n",
                           0) == 0);
  CHECK(Contains(markdown.out, "| fail (waived) | critical | lync-hlb-web-listeners |"));
  Ran github = Check({kNoPort80, "--format", "github", "--waivers", waivers});
  CHECK(Contains(github.out,
                 "::notice file=examples/lync-hlb-no-port80/site.yaml,line=36,col=3,"
                 "title=lync-hlb-web-listeners (waived)::[fail] service web-int"));
  CHECK_FALSE(Contains(github.out, "::error"));
}

TEST_CASE("check --waivers: a narrower scope does not cover; an expired waiver fails loudly") {
  testing::TempDir dir;
  std::string narrow = dir.Write(
      "narrow.yaml",
      "waivers:\n  - id: lync-int-web-http\n    scope: {zone: phones}\n    justification: j\n"
      "    owner: o\n    expires: 2027-01-31\n");
  Ran ran = Check({kNoPort80, "--format", "json", "--waivers", narrow, "--fail-on", "critical"});
  CHECK(ran.code == 1);  // lync-hlb-web-listeners is still there
  CHECK(Contains(ran.err, "warning: unused waiver for lync-int-web-http (zone phones)"));

  std::string waivers = dir.Write("expired.yaml", NoPort80Waivers("2026-11-24"));
  Ran expired =
      Check({kNoPort80, "--format", "json", "--waivers", waivers, "--fail-on", "critical"});
  CHECK(expired.code == 1);
  CHECK(expired.err.rfind(waivers + ":2:5: error: waiver for lync-hlb-web-listeners expired on "
                                    "2026-11-24 (owner web-team@contoso.com)\n",
                          0) == 0);
  CHECK(Contains(expired.out, "\"severity\": \"error\""));
  CHECK(Contains(expired.out,
                 "\"message\": \"waiver for lync-hlb-web-listeners expired on "
                 "2026-11-24 (owner web-team@contoso.com)\""));
  // On a site that passes, an expired waiver alone fails the run.
  std::string lone = dir.Write("lone.yaml",
                               "waivers:\n  - id: lync-int-web-http\n    justification: j\n"
                               "    owner: o\n    expires: 2020-01-01\n");
  Ran passing = Check({kContoso, "--format", "json", "--waivers", lone});
  CHECK(passing.code == 1);
  CHECK(
      Contains(passing.err, "error: waiver for lync-int-web-http expired on 2020-01-01 (owner o)"));
}

TEST_CASE("check --waivers: bad files exit 2 with the place") {
  testing::TempDir dir;
  std::string unknown =
      dir.Write("unknown.yaml",
                "waivers:\n  - id: lync-int-web-htp\n    justification: j\n    owner: o\n"
                "    expires: 2027-01-31\n");
  Ran ran = Check({kNoPort80, "--waivers", unknown});
  CHECK(ran.code == 2);
  CHECK(ran.out == "");
  CHECK(ran.err.rfind(unknown + ":2:9: error: waiver for unknown requirement 'lync-int-web-htp'; "
                                "did you mean 'lync-int-web-http'?\n",
                      0) == 0);
  std::string date = dir.Write("date.yaml",
                               "waivers:\n  - id: lync-int-web-http\n    justification: j\n"
                               "    owner: o\n    expires: 2027-02-30\n");
  Ran bad_date = Check({kNoPort80, "--waivers", date});
  CHECK(bad_date.code == 2);
  CHECK(bad_date.err.rfind(date + ":5:14: error: waiver 'expires' must be a date YYYY-MM-DD, got "
                                  "'2027-02-30'\n",
                           0) == 0);
  Ran missing = Check({kNoPort80, "--waivers", (dir.path() / "none.yaml").string()});
  CHECK(missing.code == 2);
  CHECK(missing.err == (dir.path() / "none.yaml").string() +
                           ": error: cannot read waivers file: No such file or directory\n");
}

TEST_CASE("check --baseline: only new findings fail") {
  testing::TempDir dir;
  std::string baseline = dir.Write("baseline.json", Check({kNoPort80, "--format", "json"}).out);
  Ran same = Check({kNoPort80, "--format", "json", "--baseline", baseline});
  CHECK(same.code == 0);
  CHECK(Contains(same.out, "\"baseline\": true"));
  Ran text = Check({kNoPort80, "--baseline", baseline});
  CHECK(text.code == 0);
  CHECK(Contains(text.out, "\n  known: every finding is in the baseline\n"));
  CHECK(Contains(text.out, "; 3 known from the baseline"));

  // A baseline from before lync-int-web-http broke: that requirement is new and fails the gate.
  std::string before = Read(baseline);
  size_t at = before.find("\"id\": \"lync-int-web-http\"");
  REQUIRE(at != std::string::npos);
  size_t status = before.find("\"status\": \"fail\"", at);
  before.replace(status, std::string("\"status\": \"fail\"").size(), "\"status\": \"pass\"");
  std::string older = dir.Write("older.json", before);
  Ran newly = Check({kNoPort80, "--format", "json", "--baseline", older});
  CHECK(newly.code == 1);
  Ran github = Check({kNoPort80, "--format", "github", "--baseline", older});
  CHECK(Contains(github.out,
                 "::error title=lync-int-web-http::[fail] zone clients cannot fully "
                 "reach service web-int VIP 10.1.0.100 on tcp/80"));
  CHECK(Contains(github.out,
                 "::notice file=examples/lync-hlb-no-port80/site.yaml,line=36,col=3,"
                 "title=lync-hlb-web-listeners (known)::"));
  CHECK(Contains(github.out,
                 "::error title=flowaudit::1 of 39 requirements fails (2 known from "
                 "the baseline) on site contoso\n"));
}

TEST_CASE("check --baseline: unreadable or invalid baselines exit 2 with the path") {
  testing::TempDir dir;
  std::string missing = (dir.path() / "none.json").string();
  Ran ran = Check({kNoPort80, "--baseline", missing});
  CHECK(ran.code == 2);
  CHECK(ran.err == missing + ": error: cannot read baseline: No such file or directory\n");
  std::string text = dir.Write("report.txt", "FAIL lync-int-web-http\n");
  Ran invalid = Check({kNoPort80, "--baseline", text});
  CHECK(invalid.code == 2);
  CHECK(invalid.err.rfind(text + ": error: invalid baseline: not JSON: parse error at line 1", 0) ==
        0);
  std::string sarif = dir.Write("report.sarif", Check({kNoPort80, "--format", "sarif"}).out);
  Ran wrong = Check({kNoPort80, "--baseline", sarif});
  CHECK(wrong.code == 2);
  CHECK(wrong.err == sarif +
                         ": error: invalid baseline: not a 'flowaudit check --format json' "
                         "report: no 'requirements' list\n");
}

TEST_CASE("check --format sarif: artifact paths from the repository root") {
  // The example lives in this repository (a .git folder or, in a worktree, a file).
  Ran inside = Check({kCrl, "--format", "sarif"});
  CHECK(Contains(inside.out,
                 "\"uri\": \"examples/lync-edge-crl-blocked/configs/perimeter-fw.yaml\""));
  CHECK(Contains(inside.out, "\"uri\": \"file://" + std::string(FLOWAUDIT_SOURCE_DIR) + "/\""));

  // A copy in a git-like folder of its own: paths from that folder.
  testing::TempDir dir;
  fs::create_directories(dir.path() / "repo/.git");
  fs::create_directories(dir.path() / "repo/sites");
  fs::copy(kExamples + "lync-edge-crl-blocked", dir.path() / "repo/sites/dc1",
           fs::copy_options::recursive);
  std::string site = (dir.path() / "repo/sites/dc1/site.yaml").string();
  Ran copy = Check({site, "--format", "sarif"});
  CHECK(Contains(copy.out, "\"uri\": \"sites/dc1/configs/perimeter-fw.yaml\""));
  CHECK(Contains(copy.out, "\"uri\": \"file://" + (dir.path() / "repo").string() + "/\""));
  Ran github = Check({site, "--format", "github"});
  CHECK(Contains(github.out,
                 "::warning file=sites/dc1/configs/perimeter-fw.yaml,line=8,col=1,"
                 "title=lync-edge-crl-http::"));
  // Without a repository: the paths as shown (only when the temp folder is not in one itself).
  fs::remove_all(dir.path() / "repo/.git");
  Ran plain = Check({site, "--format", "sarif"});
  if (!Contains(plain.out, "file://")) {
    CHECK(Contains(
        plain.out,
        "\"uri\": \"" + (dir.path() / "repo/sites/dc1/configs/perimeter-fw.yaml").string() + "\""));
    CHECK(Contains(plain.out, "\"uri\": \"./\""));
  }
}

}  // namespace
}  // namespace flowaudit
