// Pairing --format and --output by position, and the command line feeding it.
#include "src/app/report_requests.h"

#include <doctest/doctest.h>

#include <sstream>

#include "src/app/command_line.h"

namespace flowaudit {
namespace {

using Kind = ReportToken::Kind;

std::string Describe(const std::vector<ReportToken>& tokens) {
  std::string error;
  std::optional<std::vector<ReportRequest>> reports = PairReports(tokens, &error);
  if (!reports) return "error: " + error;
  std::string out;
  for (const ReportRequest& r : *reports) {
    out += (out.empty() ? "" : ", ") + r.format + ">" + (r.file.empty() ? "stdout" : r.file);
  }
  return out;
}

TEST_CASE("report pairing: each --output belongs to the --format before it") {
  CHECK(Describe({}) == "text>stdout");
  CHECK(Describe({{Kind::kFormat, "json"}}) == "json>stdout");
  CHECK(Describe({{Kind::kOutput, "out.txt"}}) == "text>out.txt");  // as before: text
  CHECK(Describe({{Kind::kFormat, "json"}, {Kind::kOutput, "a.json"}}) == "json>a.json");
  CHECK(Describe({{Kind::kOutput, "a.json"}, {Kind::kFormat, "json"}}) == "json>a.json");
  CHECK(Describe({{Kind::kFormat, "sarif"},
                  {Kind::kOutput, "a.sarif"},
                  {Kind::kFormat, "junit"},
                  {Kind::kOutput, "a.xml"},
                  {Kind::kFormat, "text"}}) == "sarif>a.sarif, junit>a.xml, text>stdout");
  CHECK(Describe({{Kind::kFormat, "text"}, {Kind::kFormat, "json"}, {Kind::kOutput, "a.json"}}) ==
        "text>stdout, json>a.json");
}

TEST_CASE("report pairing: usage errors") {
  CHECK(Describe({{Kind::kFormat, "text"}, {Kind::kFormat, "json"}}) ==
        "error: only one --format can go to standard output; give the others an --output FILE");
  CHECK(Describe({{Kind::kOutput, "a"}, {Kind::kFormat, "json"}, {Kind::kOutput, "b"}}) ==
        "error: --output a has no --format before it; write --format F --output FILE for each "
        "report");
  CHECK(Describe({{Kind::kFormat, "json"}, {Kind::kOutput, "a"}, {Kind::kOutput, "b"}}) ==
        "error: --output b has no --format before it; write --format F --output FILE for each "
        "report");
  CHECK(Describe({{Kind::kOutput, "a"}, {Kind::kOutput, "b"}}) ==
        "error: --output a has no --format before it; write --format F --output FILE for each "
        "report");
  CHECK(Describe({{Kind::kFormat, "json"},
                  {Kind::kOutput, "a"},
                  {Kind::kFormat, "sarif"},
                  {Kind::kOutput, "a"}}) == "error: two reports would be written to a");
}

TEST_CASE("report pairing: from the command line, including --format=F") {
  std::vector<const char*> args = {"flowaudit", "check",   "site.yaml", "--format=sarif",
                                   "--output",  "a.sarif", "--format",  "junit",
                                   "--output",  "a.xml",   "--format",  "markdown"};
  CommandLine command_line;
  std::ostringstream out, err;
  Console console{out, err, false};
  REQUIRE_FALSE(ParseCommandLine(static_cast<int>(args.size()), args.data(), command_line, console)
                    .has_value());
  const std::vector<ReportRequest>& reports = command_line.check.reports;
  REQUIRE(reports.size() == 3);
  CHECK(reports[0].format == "sarif");
  CHECK(reports[0].file == "a.sarif");
  CHECK(reports[1].format == "junit");
  CHECK(reports[1].file == "a.xml");
  CHECK(reports[2].format == "markdown");
  CHECK(reports[2].file == "");

  std::vector<const char*> two = {"flowaudit", "check",    "site.yaml", "--format",
                                  "json",      "--format", "text"};
  CommandLine bad;
  std::optional<int> done =
      ParseCommandLine(static_cast<int>(two.size()), two.data(), bad, console);
  CHECK(done == 2);
  CHECK(err.str() ==
        "flowaudit: error: only one --format can go to standard output; give the others an "
        "--output FILE\nRun 'flowaudit check --help' for usage.\n");
}

}  // namespace
}  // namespace flowaudit
