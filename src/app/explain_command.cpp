#include "src/app/explain_command.h"

#include "src/app/exit_code.h"
#include "src/app/site_input.h"
#include "src/app/suggest.h"
#include "src/check/checker.h"
#include "src/report/json_report.h"
#include "src/report/text_report.h"
#include "src/site/site.h"

namespace flowaudit {
namespace {

void WriteJson(const ExplainOptions& options, const Site& site, const std::vector<Trace>& traces,
               std::ostream& out) {
  OrderedJson j;
  j["site"] = site.name;
  j["from"] = options.from;
  j["to"] = options.to;
  j["service"] = options.service;
  j["traces"] = OrderedJson::array();
  for (const Trace& trace : traces) j["traces"].push_back(TraceJson(trace));
  out << j.dump(2, ' ', false, OrderedJson::error_handler_t::replace) << "\n";
}

void WriteText(const ExplainOptions& options, const std::vector<Trace>& traces, std::ostream& out) {
  out << options.from << " -> " << options.to << " " << options.service << ": " << traces.size()
      << (traces.size() == 1 ? " path" : " paths") << "\n";
  for (size_t i = 0; i < traces.size(); ++i) {
    RenderTraceText(traces[i], "path " + std::to_string(i + 1) + ":", "", out);
  }
}

}  // namespace

int RunExplain(const ExplainOptions& options, Console& console) {
  if (options.format != "text" && options.format != "json") {
    return UsageError(console.err, UnknownNameMessage("format", options.format, {"json", "text"}));
  }
  Diagnostics diagnostics;
  std::optional<Site> site = LoadSiteForCommand(options.site, options.strict,
                                                options.allow_outside_paths, diagnostics, console);
  if (!site) return exit_code::kInput;
  PrintDiagnostics(diagnostics, console.err);  // warnings
  ExplainResult result = Explain(*site, ExplainRequest{options.from, options.to, options.service});
  if (!result.error.empty()) return UsageError(console.err, result.error);
  if (options.format == "json") {
    WriteJson(options, *site, result.traces, console.out);
  } else {
    WriteText(options, result.traces, console.out);
  }
  return exit_code::kOk;
}

}  // namespace flowaudit
