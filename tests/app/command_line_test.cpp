// The command line: options land in their structs, --help/--version exit 0, usage errors exit
// 2 with one message line and a hint, and every table name gets "did you mean".
#include "src/app/command_line.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>

#include "importers/importer.h"
#include "src/app/check_kinds.h"
#include "src/app/files.h"
#include "src/app/suggest.h"

namespace flowaudit {
namespace {

struct Parsed {
  std::optional<int> done;
  CommandLine command_line;
  std::string out, err;
};

Parsed Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "flowaudit");
  Parsed parsed;
  std::ostringstream out, err;
  Console console{out, err, false};
  parsed.done =
      ParseCommandLine(static_cast<int>(args.size()), args.data(), parsed.command_line, console);
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

TEST_CASE("command line: check options fill CheckOptions") {
  Parsed p = Parse({"check", "--policy", "lync-2013", "site.yaml", "--policy", "mine.yaml",
                    "--format", "json", "--output", "out.json", "--fail-on", "high", "--strict",
                    "--allow-outside-paths"});
  REQUIRE_FALSE(p.done.has_value());
  const CheckOptions& o = p.command_line.check;
  CHECK(p.command_line.command == "check");
  CHECK(o.site == "site.yaml");
  CHECK(o.policies == std::vector<std::string>{"lync-2013", "mine.yaml"});
  REQUIRE(o.reports.size() == 1);
  CHECK(o.reports[0].format == "json");
  CHECK(o.reports[0].file == "out.json");
  CHECK(o.fail_on == "high");
  CHECK(o.strict);
  CHECK(o.allow_outside_paths);
}

TEST_CASE("command line: defaults") {
  Parsed p = Parse({"check", "site.yaml"});
  REQUIRE_FALSE(p.done.has_value());
  REQUIRE(p.command_line.check.reports.size() == 1);
  CHECK(p.command_line.check.reports[0].format == "text");
  CHECK(p.command_line.check.reports[0].file == "");
  CHECK(p.command_line.check.fail_on == "error");
  CHECK(p.command_line.check.policies.empty());
  CHECK_FALSE(p.command_line.check.strict);
}

TEST_CASE("command line: query, explain and list options") {
  Parsed q = Parse({"query", "fw.rules", "--vendor", "iptables", "--filter", "INPUT", "--packet",
                    "10.0.0.1 10.0.0.2 tcp 80", "--packet", "10.0.0.1 10.0.0.2 udp 53", "--packets",
                    "p.txt", "--format", "json", "--strict"});
  REQUIRE_FALSE(q.done.has_value());
  const QueryOptions& o = q.command_line.query;
  CHECK(o.config == "fw.rules");
  CHECK(o.vendor == "iptables");
  CHECK(o.filter == "INPUT");
  CHECK(o.packets ==
        std::vector<std::string>{"10.0.0.1 10.0.0.2 tcp 80", "10.0.0.1 10.0.0.2 udp 53"});
  CHECK(o.packets_file == "p.txt");
  CHECK(o.format == "json");
  CHECK(o.strict);
  CHECK(Parse({"query", "fw.rules"}).command_line.query.vendor == "auto");

  Parsed e = Parse(
      {"explain", "site.yaml", "--from", "clients", "--to", "web-int", "--service", "tcp/80"});
  REQUIRE_FALSE(e.done.has_value());
  CHECK(e.command_line.explain.from == "clients");
  CHECK(e.command_line.explain.to == "web-int");
  CHECK(e.command_line.explain.service == "tcp/80");

  Parsed l = Parse({"list", "checks"});
  REQUIRE_FALSE(l.done.has_value());
  CHECK(l.command_line.list.topic == "checks");
}

TEST_CASE("command line: --help and --version exit 0 on stdout") {
  Parsed version = Parse({"--version"});
  CHECK(version.done == 0);
  CHECK(version.out == std::string("flowaudit ") + FLOWAUDIT_VERSION + "\n");
  Parsed help = Parse({"query", "--help"});
  CHECK(help.done == 0);
  CHECK(help.out.find("--packet SPEC") != std::string::npos);
  CHECK(help.err == "");
}

TEST_CASE("command line: usage errors exit 2 with a hint to --help") {
  Parsed none = Parse({});
  CHECK(none.done == 2);
  CHECK(none.err ==
        "flowaudit: error: A subcommand is required\nRun 'flowaudit --help' for usage.\n");
  Parsed missing = Parse({"check"});
  CHECK(missing.done == 2);
  CHECK(missing.err ==
        "flowaudit: error: SITE is required\nRun 'flowaudit check --help' for usage.\n");
  Parsed extra = Parse({"check", "site.yaml", "--bogus"});
  CHECK(extra.done == 2);
  CHECK(extra.err ==
        "flowaudit: error: The following argument was not expected: --bogus\n"
        "Run 'flowaudit check --help' for usage.\n");
}

struct Ran {
  int code = 0;
  std::string out, err;
};

Ran RunArgs(std::vector<const char*> args) {
  Parsed p = Parse(std::move(args));
  REQUIRE_FALSE(p.done.has_value());
  std::ostringstream out, err;
  Console console{out, err, false};
  Ran ran;
  ran.code = RunCommand(p.command_line, console);
  ran.out = out.str();
  ran.err = err.str();
  return ran;
}

TEST_CASE("list: checks table, and did you mean for topics") {
  Ran checks = RunArgs({"list", "checks"});
  CHECK(checks.code == 0);
  CHECK(
      checks.out ==
      "flow      alpha  packets from a selector reach (or never reach) another on a service, on "
      "every path\n"
      "listener  alpha  a service's VIP listens on the given ports and forwards to every pool "
      "member\n"
      "redirect  alpha  HTTP on a public listener is absent, redirects to HTTPS, or bridges to "
      "8080\n"
      "hlb       alpha  a load balancer's setting on a service's VIPs (persistence, idle timeout, "
      "monitor, …)\n");
  Ran formats = RunArgs({"list", "formats"});
  CHECK(formats.out.rfind("github    alpha   [check, diff] GitHub workflow commands", 0) == 0);
  CHECK(formats.out.find("\njson      stable  [check, diff] ") != std::string::npos);
  CHECK(formats.out.find("\nmarkdown  alpha   [check, diff] a pull-request comment") !=
        std::string::npos);
  CHECK(formats.out.find("\nsarif     alpha   [check, diff] SARIF 2.1.0") != std::string::npos);
  Ran typo = RunArgs({"list", "importer"});
  CHECK(typo.code == 2);
  CHECK(typo.err == "flowaudit: error: unknown list topic 'importer'; did you mean 'importers'?\n");
  Ran far = RunArgs({"list", "xyz"});
  CHECK(far.err ==
        "flowaudit: error: unknown list topic 'xyz'; expected one of: checks, formats, "
        "importers, policies\n");
}

TEST_CASE("list importers prints one aligned row per table entry") {
  Ran importers = RunArgs({"list", "importers"});
  CHECK(importers.code == 0);
  size_t lines = 0;
  for (char c : importers.out) lines += c == '\n';
  CHECK(lines == Importers().size());
}

TEST_CASE("check: usage errors before any input is read") {
  Ran format = RunArgs({"check", "/nonexistent/site.yaml", "--format", "jsn"});
  CHECK(format.code == 2);
  CHECK(format.err == "flowaudit: error: unknown format 'jsn'; did you mean 'json'?\n");
  Ran fail_on = RunArgs({"check", "/nonexistent/site.yaml", "--fail-on", "hihg"});
  CHECK(fail_on.code == 2);
  CHECK(fail_on.err == "flowaudit: error: unknown --fail-on level 'hihg'; did you mean 'high'?\n");
}

TEST_CASE("--fail-on words") {
  CHECK(ParseFailOn("never")->mode == FailOn::Mode::kNever);
  CHECK(ParseFailOn("error")->mode == FailOn::Mode::kSeverity);
  CHECK(ParseFailOn("error")->level == Level::kLow);
  CHECK(ParseFailOn("critical")->level == Level::kCritical);
  CHECK(ParseFailOn("warning")->mode == FailOn::Mode::kWarning);
  CHECK(ParseFailOn("info")->mode == FailOn::Mode::kInfo);
  CHECK_FALSE(ParseFailOn("errors").has_value());
}

TEST_CASE("did you mean") {
  std::vector<std::string> topics = {"checks", "importers", "policies"};
  CHECK(ClosestName("importer", topics) == "importers");
  CHECK(ClosestName("polices", topics) == "policies");
  CHECK(ClosestName("chekcs", topics) == "checks");
  CHECK(ClosestName("xyz", topics) == "");
  CHECK(ClosestName("checks", topics) == "");  // an exact name is not a typo
  CHECK(ClosestName("tpc", {"tcp", "udp"}) == "tcp");
  CHECK(ClosestName("ah", {"tcp", "udp", "esp"}) == "");
  CHECK(UnknownNameMessage("vendor", "iptable", {"ip6tables", "iptables"}) ==
        "unknown vendor 'iptable'; did you mean 'iptables'?");
  CHECK(SuggestImporter("zzzzzzzz") == "");
  if (FindImporter("iptables")) CHECK(SuggestImporter("iptable") == "did you mean 'iptables'?");
}

TEST_CASE("query: unknown vendor gets a suggestion or the list of importers") {
  Ran ran = RunArgs(
      {"query", "fw.rules", "--vendor", "zzzzzzzz", "--packet", "10.0.0.1 10.0.0.2 tcp 80"});
  CHECK(ran.code == 2);
  CHECK(ran.err.rfind("flowaudit: error: unknown vendor 'zzzzzzzz'; importers: ", 0) == 0);
  if (FindImporter("iptables")) {
    Ran typo = RunArgs(
        {"query", "fw.rules", "--vendor", "iptable", "--packet", "10.0.0.1 10.0.0.2 tcp 80"});
    CHECK(typo.err == "flowaudit: error: unknown vendor 'iptable'; did you mean 'iptables'?\n");
  }
}

TEST_CASE("atomic write replaces the whole file and leaves no temporary behind") {
  std::string dir = "/tmp/flowaudit-test-XXXXXX";
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  std::string path = dir + "/report.json";
  std::string error;
  REQUIRE(WriteFileAtomically(path, "first\n", &error));
  REQUIRE(WriteFileAtomically(path, "second\n", &error));
  std::string text;
  REQUIRE(ReadTextFile(path, &text, &error));
  CHECK(text == "second\n");
  size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    entries += !entry.is_directory();
  CHECK(entries == 1);
  std::filesystem::remove_all(dir);
  CHECK_FALSE(WriteFileAtomically("/nonexistent/dir/out.json", "x", &error));
  CHECK(error == "No such file or directory");
  CHECK_FALSE(ReadTextFile("/", &text, &error));
  CHECK(error == "Is a directory");
}

}  // namespace
}  // namespace flowaudit
