#include "src/app/command_line.h"

#include <CLI/CLI.hpp>

#include "src/app/exit_code.h"

namespace flowaudit {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or input error, "
    "3 internal error.";

// Each repetition of a repeatable option takes exactly one value, so `--policy P SITE` never
// swallows SITE.
CLI::Option* Repeatable(CLI::Option* option) {
  return option->expected(1)->allow_extra_args(false)->multi_option_policy(
      CLI::MultiOptionPolicy::TakeAll);
}

// The flags of commands that load a site file.
void AddSiteFlags(CLI::App* cmd, bool& strict, bool& allow_outside_paths) {
  cmd->add_flag("--strict", strict, "Treat unsupported config constructs as errors");
  cmd->add_flag("--allow-outside-paths", allow_outside_paths,
                "Allow config paths outside the site file's folder");
}

void AddCheck(CLI::App& app, CheckOptions& o) {
  CLI::App* cmd = app.add_subcommand("check", "Audit a site against its policy packs");
  cmd->add_option("SITE", o.site, "Site file (site.yaml)")->required();
  Repeatable(cmd->add_option("--policy", o.policies,
                             "Policy pack id or file, repeatable (default: the site's policies)"))
      ->type_name("P");
  cmd->add_option("--format", o.format, "Output format: text or json")
      ->type_name("F")
      ->capture_default_str();
  cmd->add_option("--output", o.output, "Write the report to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  cmd->add_option("--fail-on", o.fail_on,
                  "Exit 1 on a non-passing requirement at or above: critical, high, medium, low, "
                  "info; error (= low) or never")
      ->type_name("S")
      ->capture_default_str();
  AddSiteFlags(cmd, o.strict, o.allow_outside_paths);
}

void AddDiff(CLI::App& app, DiffOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "diff", "Change review: what a change to a site or a config opens, closes or breaks");
  cmd->add_option("BEFORE AFTER", o.inputs,
                  "Two site files or two configs of one device; with --git, one PATH")
      ->expected(1, 2)
      ->required();
  cmd->add_option("--git", o.git, "Compare PATH in the work tree with PATH at git revision REV")
      ->type_name("REV");
  Repeatable(cmd->add_option("--policy", o.policies,
                             "Site diffs: policy pack id or file, repeatable (default: AFTER's)"))
      ->type_name("P");
  cmd->add_option("--vendor", o.vendor, "Config diffs: importer id or auto")
      ->type_name("V")
      ->capture_default_str();
  cmd->add_option("--format", o.format, "Output format: text, json, markdown or github")
      ->type_name("F")
      ->capture_default_str();
  cmd->add_option("--output", o.output, "Write the report to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  cmd->add_option("--fail-on", o.fail_on,
                  "Sites: exit 1 when a requirement newly fails at or above this level; "
                  "configs: exit 1 on any changed verdict (never: always 0)")
      ->type_name("S")
      ->capture_default_str();
  AddSiteFlags(cmd, o.strict, o.allow_outside_paths);
}

void AddQuery(CLI::App& app, QueryOptions& o) {
  CLI::App* cmd = app.add_subcommand("query", "Verdict of concrete packets on one device config");
  cmd->add_option("CONFIG", o.config, "Device config file ('-' for stdin)")->required();
  cmd->add_option("--vendor", o.vendor, "Importer id (see 'flowaudit list importers') or auto")
      ->type_name("V")
      ->capture_default_str();
  cmd->add_option("--filter", o.filter, "Filter to evaluate (default: FORWARD or forward, else the first)")
      ->type_name("NAME");
  Repeatable(cmd->add_option("--packet", o.packets,
                             "'SRC DST PROTO DPORT [SPORT] [in=IF] [out=IF] [from=Z] [to=Z]', "
                             "repeatable"))
      ->type_name("SPEC");
  cmd->add_option("--packets", o.packets_file, "File with one packet SPEC per line ('-': stdin)")
      ->type_name("FILE");
  cmd->add_option("--format", o.format, "Output format: text or json (one object per line)")
      ->type_name("F")
      ->capture_default_str();
  cmd->add_flag("--strict", o.strict, "Treat warnings about the config as errors");
}

void AddExplain(CLI::App& app, ExplainOptions& o) {
  CLI::App* cmd =
      app.add_subcommand("explain", "Follow one flow hop by hop with the deciding rules");
  cmd->add_option("SITE", o.site, "Site file (site.yaml)")->required();
  cmd->add_option("--from", o.from, "Source: zone, host, service or address")
      ->type_name("A")
      ->required();
  cmd->add_option("--to", o.to, "Destination: zone, host, service or address")
      ->type_name("B")
      ->required();
  cmd->add_option("--service", o.service, "Service such as tcp/80")->type_name("S")->required();
  cmd->add_option("--format", o.format, "Output format: text or json")
      ->type_name("F")
      ->capture_default_str();
  AddSiteFlags(cmd, o.strict, o.allow_outside_paths);
}

void AddList(CLI::App& app, ListOptions& o) {
  CLI::App* cmd = app.add_subcommand("list", "What is built in, with a maturity status");
  cmd->add_option("TOPIC", o.topic, "importers, policies, checks or formats")->required();
}

}  // namespace

std::optional<int> ParseCommandLine(int argc, const char* const* argv, CommandLine& command_line,
                                    Console& console) {
  CLI::App app("Audits firewall and load-balancer policies against the flows a deployment needs.",
               "flowaudit");
  app.set_version_flag("--version", std::string("flowaudit ") + FLOWAUDIT_VERSION);
  app.require_subcommand(1);
  app.footer(kExitCodes);
  AddCheck(app, command_line.check);
  AddDiff(app, command_line.diff);
  AddQuery(app, command_line.query);
  AddExplain(app, command_line.explain);
  AddList(app, command_line.list);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, console.out, console.err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, console.out, console.err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, console.out, console.err);
  } catch (const CLI::ParseError& e) {
    std::string command = "flowaudit";
    for (const CLI::App* sub : app.get_subcommands()) command += " " + sub->get_name();
    console.err << "flowaudit: error: " << e.what() << "\n"
                << "Run '" << command << " --help' for usage.\n";
    return exit_code::kInput;
  }
  command_line.command = app.get_subcommands().front()->get_name();
  return std::nullopt;
}

int RunCommand(const CommandLine& command_line, Console& console) {
  const std::string& command = command_line.command;
  if (command == "check") return RunCheck(command_line.check, console);
  if (command == "diff") return RunDiff(command_line.diff, console);
  if (command == "query") return RunQuery(command_line.query, console);
  if (command == "explain") return RunExplain(command_line.explain, console);
  if (command == "list") return RunList(command_line.list, console);
  return UsageError(console.err, "unknown command '" + command + "'");
}

}  // namespace flowaudit
