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

// The raw --format and --output occurrences of a command, paired into reports after parsing.
struct ReportFlags {
  CLI::App* command = nullptr;
  CLI::Option* format = nullptr;
  CLI::Option* output = nullptr;
  std::vector<std::string> formats;
  std::vector<std::string> outputs;
};

void AddReportFlags(CLI::App* cmd, ReportFlags& reports, const std::string& formats) {
  reports.command = cmd;
  reports.format = Repeatable(cmd->add_option("--format", reports.formats,
                                              "Output format: " + formats +
                                                  "; default text; repeatable, each with its "
                                                  "own --output"))
                       ->type_name("F");
  reports.output = Repeatable(cmd->add_option("--output", reports.outputs,
                                              "Write the report of the --format before it to FILE "
                                              "(atomically, after every report was rendered)"))
                       ->type_name("FILE");
}

void AddCheck(CLI::App& app, CheckOptions& o, ReportFlags& reports) {
  CLI::App* cmd = app.add_subcommand("check", "Audit a site against its policy packs");
  cmd->add_option("SITE", o.site, "Site file (site.yaml)")->required();
  Repeatable(cmd->add_option("--policy", o.policies,
                             "Policy pack id or file, repeatable (default: the site's policies)"))
      ->type_name("P");
  AddReportFlags(cmd, reports, "see 'flowaudit list formats'");
  cmd->add_option("--fail-on", o.fail_on,
                  "Exit 1 on: error (a failing requirement of severity low or above), warning "
                  "(also warnings about the inputs), info (also info results), never; or a "
                  "severity critical|high|medium|low. Waived and baseline findings never count; "
                  "an expired waiver always does")
      ->type_name("S")
      ->capture_default_str();
  cmd->add_option("--waivers", o.waivers,
                  "YAML file of accepted findings (id, scope, justification, owner, expires)")
      ->type_name("FILE");
  cmd->add_option("--baseline", o.baseline,
                  "A previous 'check --format json' report: fail only on findings not in it")
      ->type_name("FILE");
  AddSiteFlags(cmd, o.strict, o.allow_outside_paths);
}

void AddDiff(CLI::App& app, DiffOptions& o, ReportFlags& reports) {
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
  AddReportFlags(cmd, reports, "text, json, markdown or github");
  cmd->add_option("--fail-on", o.fail_on,
                  "Sites: exit 1 when a requirement newly fails at or above this level; "
                  "configs: exit 1 on any changed verdict (never: always 0)")
      ->type_name("S")
      ->capture_default_str();
  AddSiteFlags(cmd, o.strict, o.allow_outside_paths);
}

// Pairs the --format/--output occurrences by their order on the command line.
std::optional<std::string> PairReportFlags(const ReportFlags& raw,
                                           std::vector<ReportRequest>& out) {
  std::vector<ReportToken> tokens;
  size_t next_format = 0, next_output = 0;
  for (const CLI::Option* option : raw.command->parse_order()) {
    if (option == raw.format && next_format < raw.formats.size()) {
      tokens.push_back({ReportToken::Kind::kFormat, raw.formats[next_format++]});
    } else if (option == raw.output && next_output < raw.outputs.size()) {
      tokens.push_back({ReportToken::Kind::kOutput, raw.outputs[next_output++]});
    }
  }
  std::string error;
  std::optional<std::vector<ReportRequest>> reports = PairReports(tokens, &error);
  if (!reports) return error;
  out = std::move(*reports);
  return std::nullopt;
}

void AddQuery(CLI::App& app, QueryOptions& o) {
  CLI::App* cmd = app.add_subcommand("query", "Verdict of concrete packets on one device config");
  cmd->add_option("CONFIG", o.config, "Device config file ('-' for stdin)")->required();
  cmd->add_option("--vendor", o.vendor, "Importer id (see 'flowaudit list importers') or auto")
      ->type_name("V")
      ->capture_default_str();
  cmd->add_option("--filter", o.filter,
                  "Filter to evaluate (default: FORWARD or forward, else the first)")
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
  ReportFlags check_reports, diff_reports;
  AddCheck(app, command_line.check, check_reports);
  AddDiff(app, command_line.diff, diff_reports);
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
  const std::string& name = command_line.command;
  if (name == "check" || name == "diff") {
    std::optional<std::string> error =
        name == "check" ? PairReportFlags(check_reports, command_line.check.reports)
                        : PairReportFlags(diff_reports, command_line.diff.reports);
    if (error) {
      console.err << "flowaudit: error: " << *error << "\n"
                  << "Run 'flowaudit " << name << " --help' for usage.\n";
      return exit_code::kInput;
    }
  }
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
