#include "src/app/query_output.h"

#include <algorithm>
#include <cctype>

#include "src/report/json_report.h"

namespace flowaudit {
namespace {

OrderedJson NameOrNull(const std::string& name) {
  return name.empty() ? OrderedJson(nullptr) : OrderedJson(name);
}

std::string PacketText(const PacketSpec& spec) {
  std::string text = spec.packet.ToString();
  const MatchContext& c = spec.context;
  if (!c.in_interface.empty()) text += " in=" + c.in_interface;
  if (!c.out_interface.empty()) text += " out=" + c.out_interface;
  if (!c.from_zone.empty()) text += " from=" + c.from_zone;
  if (!c.to_zone.empty()) text += " to=" + c.to_zone;
  return text;
}

std::string MemberEndpoint(const PoolMember& member) {
  std::string host = member.address.ToString();
  if (member.address.family == Family::kIpv6) host = "[" + host + "]";
  return host + ":" + std::to_string(member.port);
}

// The columns after the verdict: "by FILE:LINE" and what that line says.
std::pair<std::string, std::string> DecidedBy(const QueryAnswer& a) {
  std::string by;
  if (a.rule) {
    by = "by " + a.rule->file + ":" + std::to_string(a.rule->line);
    if (a.rule->column > 1) by += ":" + std::to_string(a.rule->column);
  }
  std::string what;
  if (a.filter != "virtual-servers") {
    if (!a.rule && !a.policy_chain.empty()) {
      by = "by policy " + a.action_as_written + " of " + a.policy_chain;
    } else if (!a.rule && !a.label.empty()) {
      by = "by " + a.label;  // a rule the importer added: the vendor's default rule
    } else if (!a.rule) {
      by = "-";  // no rule of the file decided (see the reason)
    }
    what = a.rule ? a.rule->text : "";
    if (!a.reason.empty()) what += (what.empty() ? "(" : "  (") + a.reason + ")";
    return {by, what};
  }
  if (a.verdict == "no-listener") {
    const Packet& p = a.spec.packet;
    std::string endpoint = p.Destination().ToString();
    if (p.family == Family::kIpv6) endpoint = "[" + endpoint + "]";
    if (HasPorts(p.protocol)) endpoint.append(":").append(std::to_string(p.dst_port));
    return {"no virtual server on " + endpoint + " " + ProtocolName(p.protocol), ""};
  }
  if (by.empty()) by = "by virtual server " + a.virtual_server;
  what = a.virtual_server;
  if (a.action == "forward") {
    std::vector<std::string> members;
    for (const PoolMember* m : a.server->ActiveMembers()) members.push_back(MemberEndpoint(*m));
    what += a.verdict == "unknown" ? " may forward -> " : " -> ";
    for (size_t i = 0; i < members.size(); ++i) what += (i ? ", " : "") + members[i];
    if (members.empty()) what += "(no members)";
    if (a.server->source_translation != SourceTranslation::kNone) {
      what += " (snat " +
              (a.server->source_nat ? a.server->source_nat->ToString()
                                    : SourceTranslationName(a.server->source_translation)) +
              ")";
    }
    if (!a.reason.empty()) what += "  (" + a.reason + ")";
  } else if (a.verdict == "redirect") {
    what += " redirects (" + std::to_string(a.server->redirect_status) + ") to " + a.location;
  } else if (a.action == "respond") {
    what += " answers itself (" + std::to_string(a.server->redirect_status) + ")";
  } else {
    what += " rejects";
  }
  return {by, what};
}

}  // namespace

std::string QueryAnswerJson(const QueryAnswer& a) {
  OrderedJson packet = PacketJson(a.spec.packet);
  packet["in"] = NameOrNull(a.spec.context.in_interface);
  packet["out"] = NameOrNull(a.spec.context.out_interface);
  // Zones only where the packet names them (PAN-OS, SRX).
  if (!a.spec.context.from_zone.empty()) packet["from"] = a.spec.context.from_zone;
  if (!a.spec.context.to_zone.empty()) packet["to"] = a.spec.context.to_zone;
  OrderedJson j;
  j["packet"] = std::move(packet);
  j["verdict"] = a.verdict;
  j["action"] = a.action;
  j["filter"] = a.filter;
  if (a.rule) {
    OrderedJson rule;
    rule["file"] = a.rule->file;
    rule["line"] = a.rule->line;
    rule["column"] = a.rule->column;
    rule["text"] = a.rule->text;
    j["rule"] = std::move(rule);
  } else {
    j["rule"] = nullptr;
  }
  if (!a.label.empty()) j["label"] = a.label;
  if (!a.reason.empty()) j["reason"] = a.reason;
  if (a.server) j["virtual_server"] = a.server->name;
  if (a.action == "forward") {
    // The members that receive new connections (disabled ones and idle backups do not).
    j["members"] = OrderedJson::array();
    for (const PoolMember* m : a.server->ActiveMembers()) {
      OrderedJson member;
      member["name"] = m->name;
      member["address"] = m->address.ToString();
      member["port"] = m->port;
      if (m->backup) member["backup"] = true;
      j["members"].push_back(std::move(member));
    }
    OrderedJson snat;
    snat["kind"] = SourceTranslationName(a.server->source_translation);
    snat["address"] =
        a.server->source_nat ? OrderedJson(a.server->source_nat->ToString()) : OrderedJson(nullptr);
    j["snat"] = std::move(snat);
    j["persistence"] = PersistenceName(a.server->settings.persistence);
  }
  if (a.verdict == "redirect") {
    j["status"] = a.server->redirect_status;
    j["location"] = a.location;
  }
  if (a.action == "respond") j["status"] = a.server->redirect_status;
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

void WriteQueryJson(const std::vector<QueryAnswer>& answers, std::ostream& out) {
  for (const QueryAnswer& answer : answers) out << QueryAnswerJson(answer) << "\n";
}

void WriteQueryText(const std::vector<QueryAnswer>& answers, std::ostream& out) {
  struct Row {
    std::string packet, verdict, by, what;
  };
  std::vector<Row> rows;
  size_t packet_width = 0, verdict_width = 0, by_width = 0;
  for (const QueryAnswer& a : answers) {
    auto [by, what] = DecidedBy(a);
    Row row{PacketText(a.spec), a.verdict, by, what};
    packet_width = std::max(packet_width, row.packet.size());
    verdict_width = std::max(verdict_width, row.verdict.size());
    if (!row.what.empty()) by_width = std::max(by_width, row.by.size());
    rows.push_back(std::move(row));
  }
  for (const Row& row : rows) {
    std::string line = row.packet + std::string(packet_width - row.packet.size() + 2, ' ') +
                       row.verdict + std::string(verdict_width - row.verdict.size() + 2, ' ') +
                       row.by;
    if (!row.what.empty()) line += std::string(by_width - row.by.size() + 2, ' ') + row.what;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace flowaudit
