#include "src/app/query.h"

#include <algorithm>
#include <cctype>

#include "src/app/batch_evaluate.h"

namespace flowaudit {
namespace {

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

const char* ActionKindWord(ActionKind kind) {
  switch (kind) {
    case ActionKind::kAccept:
      return "accept";
    case ActionKind::kDrop:
      return "drop";
    case ActionKind::kReject:
      return "reject";
    case ActionKind::kJump:
      return "jump";
    case ActionKind::kGoto:
      return "goto";
    case ActionKind::kReturn:
      return "return";
    case ActionKind::kContinue:
      return "continue";
    case ActionKind::kDnat:
      return "dnat";
    case ActionKind::kSnat:
      return "snat";
    case ActionKind::kMasquerade:
      return "masquerade";
    case ActionKind::kRedirect:
      return "redirect";
    case ActionKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

// The deciding rule's file, line, column and text (SourceFile keeps its line starts, so this
// is a binary search even in a large file).
RuleText Locate(const SourceRange& range) {
  RuleText out;
  if (!range.IsValid()) return out;
  LineColumn at = range.Start();
  std::string_view text = range.file->text;
  out.file = range.file->name;
  out.line = at.line;
  out.column = at.column;
  out.text = std::string(Trim(range.LineText()));
  // One-line formats (`nft -j`) would print the whole ruleset: show the rule itself.
  constexpr size_t kLongLine = 240;
  if (out.text.size() > kLongLine) {
    out.text = std::string(Trim(text.substr(range.offset, range.length)));
    if (out.text.size() > kLongLine) out.text = out.text.substr(0, kLongLine) + "...";
  }
  return out;
}

}  // namespace

const Filter* ChooseFilter(const Device& device, const std::string& requested,
                           const std::string& config_name, std::string* error) {
  if (device.filters.empty()) {
    *error = "no filters in " + config_name;
    return nullptr;
  }
  if (requested.empty()) {
    if (!device.default_filter.empty()) {
      auto chosen = device.filters.find(device.default_filter);
      if (chosen != device.filters.end()) return &chosen->second;
    }
    return &device.filters.begin()->second;
  }
  auto it = device.filters.find(requested);
  if (it != device.filters.end()) return &it->second;
  std::string names;
  for (const auto& [name, filter] : device.filters) names += (names.empty() ? "" : ", ") + name;
  *error = "unknown filter '" + requested + "'; filters in " + config_name + ": " + names;
  return nullptr;
}

std::vector<QueryAnswer> AnswerWithFilter(const Filter& filter,
                                          const std::vector<PacketSpec>& packets) {
  std::vector<QueryAnswer> answers(packets.size());
  EvaluateEach(filter, packets, [&](size_t i, const Decision& decision) {
    QueryAnswer& a = answers[i];
    a.spec = packets[i];
    a.verdict = VerdictName(decision.verdict);
    a.action = decision.action.name.empty() ? ActionKindWord(decision.action.kind)
                                            : Lowercase(decision.action.name);
    a.action_as_written = decision.action.name.empty() ? a.action : decision.action.name;
    a.filter = filter.name();
    if (decision.rule) a.label = decision.rule->label;
    if (decision.rule && decision.rule->location.IsValid()) {
      a.rule = Locate(decision.rule->location);
    } else if (decision.chain && !decision.rule) {
      a.policy_chain = decision.chain->name;
    }
    if (decision.verdict == Verdict::kUnknown) {
      // A rule without a location is one the importer added (e.g. "no ip6tables ruleset for
      // ipv6 packets"): its action names the reason.
      bool synthetic = decision.rule && !decision.rule->location.IsValid();
      a.reason = !decision.problem.empty() ? decision.problem
                 : synthetic               ? decision.action.name
                                           : "the deciding action is not understood";
    }
  });
  return answers;
}

std::vector<QueryAnswer> AnswerWithVirtualServers(const Device& device,
                                                  const std::vector<PacketSpec>& packets) {
  std::vector<QueryAnswer> answers;
  answers.reserve(packets.size());
  for (const PacketSpec& spec : packets) {
    const Packet& p = spec.packet;
    QueryAnswer& a = answers.emplace_back();
    a.spec = spec;
    a.filter = "virtual-servers";
    uint16_t port = HasPorts(p.protocol) ? p.dst_port : 0;
    const VirtualServer* vs = device.FindVirtualServer(p.Destination(), p.protocol, port);
    if (!vs) {
      a.verdict = a.action = "no-listener";
      continue;
    }
    a.virtual_server = vs->name;
    if (vs->location.IsValid()) a.rule = Locate(vs->location);
    a.server = vs;
    switch (vs->mode) {
      case VirtualServer::Mode::kForward:
        a.verdict = a.action = "forward";
        break;
      case VirtualServer::Mode::kRedirect:
        a.verdict = a.action = "redirect";
        a.location = vs->redirect_location;
        break;
      case VirtualServer::Mode::kRespond:
        // The device answers itself: the connection is accepted and ends there.
        a.verdict = "permit";
        a.action = "respond";
        break;
      case VirtualServer::Mode::kReject:
        a.verdict = "deny";
        a.action = "reject";
        break;
      case VirtualServer::Mode::kUnknown:
        a.verdict = "unknown";
        a.action = "forward";
        a.reason = vs->unknown_reason;
        if (vs->unknown_at.IsValid()) a.rule = Locate(vs->unknown_at);
        break;
    }
  }
  return answers;
}

}  // namespace flowaudit
