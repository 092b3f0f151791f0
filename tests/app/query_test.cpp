// `flowaudit query` on devices built by hand from models types, so these tests hold whatever
// state the importers are in.
#include "src/app/query.h"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

#include "src/app/query_command.h"
#include "src/app/query_output.h"

namespace flowaudit {
namespace {

constexpr const char* kRules = R"RULES(*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
-A FORWARD -p tcp -d 10.1.0.100 --dport 443 -j ACCEPT
-A FORWARD -p udp -j REJECT
-A FORWARD -p tcp --dport 8080 -m weird -j ACCEPT
COMMIT
)RULES";

Rule MakeRule(const SourceFilePtr& file, std::string_view line, Match match, Action action) {
  size_t at = file->text.find(line);
  REQUIRE(at != std::string::npos);
  return Rule{std::move(match),
              std::move(action),
              RangeOf(file, std::string_view(file->text).substr(at, line.size())),
              {}};
}

Device Firewall() {
  SourceFilePtr file = MakeSourceFile("fw.rules", kRules);
  auto rules = std::make_shared<RuleSet>();
  Chain forward{"FORWARD", {}, Action::Of(ActionKind::kDrop, "DROP"), {}};
  forward.rules.push_back(
      MakeRule(file, "-A FORWARD -p tcp -d 10.1.0.100 --dport 443 -j ACCEPT",
               Match({Term::FieldIs(Field::kProtocol, protocol::kTcp),
                      Term::FieldIs(Field::kDstAddress, ParseIpAddress("10.1.0.100")->value),
                      Term::FieldIs(Field::kDstPort, 443)}),
               Action::Of(ActionKind::kAccept, "ACCEPT")));
  forward.rules.push_back(MakeRule(file, "-A FORWARD -p udp -j REJECT",
                                   Match({Term::FieldIs(Field::kProtocol, protocol::kUdp)}),
                                   Action::Of(ActionKind::kReject, "REJECT")));
  forward.rules.push_back(
      MakeRule(file, "-A FORWARD -p tcp --dport 8080 -m weird -j ACCEPT",
               Match({Term::FieldIs(Field::kProtocol, protocol::kTcp),
                      Term::FieldIs(Field::kDstPort, 8080), Term::Unknown("match 'weird'")}),
               Action::Of(ActionKind::kAccept, "ACCEPT")));
  rules->chains["FORWARD"] = forward;
  rules->chains["INPUT"] = Chain{"INPUT", {}, Action::Of(ActionKind::kAccept, "ACCEPT"), {}};
  Device device;
  device.name = "fw";
  device.filters["FORWARD"] = Filter("FORWARD", rules, "FORWARD");
  device.filters["INPUT"] = Filter("INPUT", rules, "INPUT");
  device.sources.push_back(file);
  return device;
}

Device LoadBalancer() {
  SourceFilePtr file =
      MakeSourceFile("hlb.conf", "vs web-443 10.1.0.100:443\nvs web-80 10.1.0.100:80\n");
  Device device;
  device.name = "hlb";
  device.kind = DeviceKind::kLoadBalancer;
  VirtualServer https;
  https.name = "web-443";
  https.address = *ParseIpAddress("10.1.0.100");
  https.port = 443;
  for (const char* name : {"fe01", "fe02"}) {
    PoolMember& m = https.members.emplace_back();
    m.name = name;
    m.address = *ParseIpAddress(name == std::string("fe01") ? "10.1.0.11" : "10.1.0.12");
    m.port = 443;
  }
  https.location = RangeOf(file, std::string_view(file->text).substr(0, 25));
  VirtualServer http;
  http.name = "web-80";
  http.address = https.address;
  http.port = 80;
  http.mode = VirtualServer::Mode::kRedirect;
  http.redirect_location = "https://%host%%uri%";
  http.location = RangeOf(file, std::string_view(file->text).substr(26, 24));
  device.virtual_servers = {https, http};
  return device;
}

struct Run {
  int code = 0;
  std::string out, err;
};

Run Query(const Device& device, QueryOptions options) {
  std::ostringstream out, err;
  Console console{out, err, false};
  Run run;
  run.code = QueryDevice(device, "fw.rules", options, console);
  run.out = out.str();
  run.err = err.str();
  return run;
}

QueryOptions Packets(std::vector<std::string> packets, std::string format = "text") {
  QueryOptions options;
  options.packets = std::move(packets);
  options.format = std::move(format);
  return options;
}

const std::vector<std::string> kFirewallPackets = {
    "10.10.0.5 10.1.0.100 tcp 443", "10.10.0.5 10.1.0.100 udp 53 in=eth0",
    "10.10.0.5 10.1.0.100 tcp 22",  "10.10.0.5 10.1.0.100 tcp 8080",
    "10.10.0.5 10.1.0.100 icmp 8",
};

TEST_CASE("query text: one aligned line per packet with the deciding rule or policy") {
  Run run = Query(Firewall(), Packets(kFirewallPackets));
  CHECK(run.code == 0);
  CHECK(run.err == "");
  CHECK(run.out ==
        "10.10.0.5:49152 -> 10.1.0.100:443 tcp         permit   by fw.rules:4              "
        "-A FORWARD -p tcp -d 10.1.0.100 --dport 443 -j ACCEPT\n"
        "10.10.0.5:49152 -> 10.1.0.100:53 udp in=eth0  deny     by fw.rules:5              "
        "-A FORWARD -p udp -j REJECT\n"
        "10.10.0.5:49152 -> 10.1.0.100:22 tcp          deny     by policy DROP of FORWARD\n"
        "10.10.0.5:49152 -> 10.1.0.100:8080 tcp        unknown  by policy DROP of FORWARD  "
        "(depends on a condition flowaudit does not understand (match 'weird') at fw.rules:6)\n"
        "10.10.0.5 -> 10.1.0.100 icmp 8/0              deny     by policy DROP of FORWARD\n");
}

TEST_CASE("query json: one object per packet per line, in input order") {
  Run run = Query(Firewall(), Packets(kFirewallPackets, "json"));
  CHECK(run.code == 0);
  CHECK(
      run.out ==
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"tcp","dport":443,"sport":49152,"in":null,"out":null},"verdict":"permit","action":"accept","filter":"FORWARD","rule":{"file":"fw.rules","line":4,"column":1,"text":"-A FORWARD -p tcp -d 10.1.0.100 --dport 443 -j ACCEPT"}})"
      "\n"
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"udp","dport":53,"sport":49152,"in":"eth0","out":null},"verdict":"deny","action":"reject","filter":"FORWARD","rule":{"file":"fw.rules","line":5,"column":1,"text":"-A FORWARD -p udp -j REJECT"}})"
      "\n"
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"tcp","dport":22,"sport":49152,"in":null,"out":null},"verdict":"deny","action":"drop","filter":"FORWARD","rule":null})"
      "\n"
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"tcp","dport":8080,"sport":49152,"in":null,"out":null},"verdict":"unknown","action":"drop","filter":"FORWARD","rule":null,"reason":"depends on a condition flowaudit does not understand (match 'weird') at fw.rules:6"})"
      "\n"
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"icmp","type":8,"code":0,"in":null,"out":null},"verdict":"deny","action":"drop","filter":"FORWARD","rule":null})"
      "\n");
}

TEST_CASE("query: --filter picks a filter by name; an unknown name lists the filters") {
  QueryOptions options = Packets({"10.10.0.5 10.1.0.1 tcp 22"});
  options.filter = "INPUT";
  Run input = Query(Firewall(), options);
  CHECK(input.out == "10.10.0.5:49152 -> 10.1.0.1:22 tcp  permit  by policy ACCEPT of INPUT\n");
  options.filter = "OUTPUT";
  Run unknown = Query(Firewall(), options);
  CHECK(unknown.code == 2);
  CHECK(unknown.out == "");
  CHECK(unknown.err ==
        "flowaudit: error: unknown filter 'OUTPUT'; filters in fw.rules: FORWARD, INPUT\n");
}

TEST_CASE("query: a bad --packet is located on the command line and nothing is answered") {
  Run run = Query(Firewall(),
                  Packets({"10.10.0.5 10.1.0.100 tcp 443", "10.10.0.5 10.1.0.100 tcp 70000"}));
  CHECK(run.code == 2);
  CHECK(run.out == "");
  CHECK(run.err ==
        "<command line>:1:26: error: port 70000 is out of range 0-65535\n"
        "10.10.0.5 10.1.0.100 tcp 70000\n"
        "                         ^~~~~\n");
}

TEST_CASE("query: usage errors") {
  CHECK(Query(Firewall(), Packets({})).err ==
        "flowaudit: error: no packets to query; give --packet SPEC or --packets FILE\n");
  CHECK(Query(Firewall(), Packets({"10.0.0.1 10.0.0.2 tcp 1"}, "jsn")).err ==
        "flowaudit: error: unknown format 'jsn'; did you mean 'json'?\n");
  QueryOptions options = Packets({"10.0.0.1 10.0.0.2 tcp 1"});
  options.packets_file = "/nonexistent/packets.txt";
  Run run = Query(Firewall(), options);
  CHECK(run.code == 2);
  CHECK(run.err ==
        "/nonexistent/packets.txt: error: cannot read file: No such file or directory\n");
  CHECK(Query(Device{}, Packets({"10.0.0.1 10.0.0.2 tcp 1"})).err ==
        "fw.rules: error: no filters or virtual servers to query\n");
}

TEST_CASE("query: unreadable config") {
  std::ostringstream out, err;
  Console console{out, err, false};
  QueryOptions options = Packets({"10.0.0.1 10.0.0.2 tcp 1"});
  options.config = "/nonexistent/fw.rules";
  CHECK(RunQuery(options, console) == 2);
  CHECK(err.str() == "/nonexistent/fw.rules: error: cannot read file: No such file or directory\n");
}

TEST_CASE("query on a load balancer: forward, redirect or no listener") {
  std::vector<std::string> packets = {"10.10.0.5 10.1.0.100 tcp 443", "10.10.0.5 10.1.0.100 tcp 80",
                                      "10.10.0.5 10.1.0.100 tcp 8080"};
  Run text = Query(LoadBalancer(), Packets(packets));
  CHECK(text.code == 0);
  CHECK(text.out ==
        "10.10.0.5:49152 -> 10.1.0.100:443 tcp   forward      by hlb.conf:1  web-443 -> "
        "10.1.0.11:443, 10.1.0.12:443\n"
        "10.10.0.5:49152 -> 10.1.0.100:80 tcp    redirect     by hlb.conf:2  web-80 redirects "
        "(301) to "
        "https://%host%%uri%\n"
        "10.10.0.5:49152 -> 10.1.0.100:8080 tcp  no-listener  no virtual server on 10.1.0.100:8080 "
        "tcp\n");
  Run json = Query(LoadBalancer(), Packets(packets, "json"));
  CHECK(
      json.out ==
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"tcp","dport":443,"sport":49152,"in":null,"out":null},"verdict":"forward","action":"forward","filter":"virtual-servers","rule":{"file":"hlb.conf","line":1,"column":1,"text":"vs web-443 10.1.0.100:443"},"virtual_server":"web-443","members":[{"name":"fe01","address":"10.1.0.11","port":443},{"name":"fe02","address":"10.1.0.12","port":443}],"snat":{"kind":"none","address":null},"persistence":"none"})"
      "\n"
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"tcp","dport":80,"sport":49152,"in":null,"out":null},"verdict":"redirect","action":"redirect","filter":"virtual-servers","rule":{"file":"hlb.conf","line":2,"column":1,"text":"vs web-80 10.1.0.100:80"},"virtual_server":"web-80","status":301,"location":"https://%host%%uri%"})"
      "\n"
      R"({"packet":{"src":"10.10.0.5","dst":"10.1.0.100","protocol":"tcp","dport":8080,"sport":49152,"in":null,"out":null},"verdict":"no-listener","action":"no-listener","filter":"virtual-servers","rule":null})"
      "\n");
}

TEST_CASE("query performance: 1,000 packets against a 50,000-rule filter") {
  std::string text;
  for (int i = 0; i < 50000; ++i) {
    text += "-A FORWARD -p tcp -d 10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250) +
            " --dport " + std::to_string(1000 + i % 5000) + " -j ACCEPT\n";
  }
  SourceFilePtr file = MakeSourceFile("big.rules", text);
  auto rules = std::make_shared<RuleSet>();
  Chain forward{"FORWARD", {}, Action::Of(ActionKind::kDrop, "DROP"), {}};
  size_t at = 0;
  for (int i = 0; i < 50000; ++i) {
    size_t end = text.find('\n', at);
    uint128 dst = (uint128{10} << 24) | (2 << 16) | ((i / 250) << 8) | (i % 250);
    forward.rules.push_back(Rule{Match({Term::FieldIs(Field::kProtocol, protocol::kTcp),
                                        Term::FieldIs(Field::kDstAddress, dst),
                                        Term::FieldIs(Field::kDstPort, 1000 + i % 5000)}),
                                 Action::Of(ActionKind::kAccept, "ACCEPT"),
                                 RangeOf(file, std::string_view(file->text).substr(at, end - at)),
                                 {}});
    at = end + 1;
  }
  rules->chains["FORWARD"] = std::move(forward);
  Filter filter("FORWARD", rules, "FORWARD");
  std::vector<PacketSpec> packets;
  for (int i = 0; i < 1000; ++i) {
    SpecError error;
    // Every other packet matches a late rule; the rest fall through to the policy.
    std::string spec = "10.9.0.1 10.2.199." + std::to_string(i % 250) + " tcp " +
                       std::to_string(i % 2 ? 1000 + (49750 + i % 250) % 5000 : 1);
    packets.push_back(*ParsePacketSpec(spec, &error));
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<QueryAnswer> answers = AnswerWithFilter(filter, packets);
  auto elapsed = std::chrono::steady_clock::now() - start;
  MESSAGE("answered 1,000 packets in ",
          std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), " ms");
  CHECK(elapsed < std::chrono::seconds(1));  // was 3.5 s when each packet walked every rule
  REQUIRE(answers.size() == 1000);
  CHECK(answers[1].verdict == "permit");
  CHECK(answers[1].rule->line == 49752);
  CHECK(answers[0].verdict == "deny");
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

// A one-line config (`nft -j list ruleset`): the answer names the column and shows the rule's
// own text, not the whole line; the label names a rule the importer added.
TEST_CASE("query: a rule on a very long line is shown by column and its own text") {
  std::string padding(300, ' ');
  std::string text = "{\"nftables\": [" + padding + "{\"rule\": {\"handle\": 4}}" + padding + "]}";
  SourceFilePtr file = MakeSourceFile("fw.json", text);
  auto rules = std::make_shared<RuleSet>();
  Chain chain{"forward", {}, Action::Of(ActionKind::kDrop, "drop"), {}};
  chain.rules.push_back(MakeRule(file, "{\"rule\": {\"handle\": 4}}",
                                 Match({Term::FieldIs(Field::kDstPort, 443)}),
                                 Action::Of(ActionKind::kAccept, "accept")));
  Rule added{Match(), Action::Of(ActionKind::kDrop, "deny"), {}, "interzone-default"};
  chain.rules.push_back(added);
  rules->chains["forward"] = chain;
  Device device;
  device.filters["forward"] = Filter("forward", rules, "forward");
  Run json = Query(device, Packets({"10.10.0.5 10.1.0.100 tcp 443"}, "json"));
  CHECK(
      json.out.find(
          R"("rule":{"file":"fw.json","line":1,"column":315,"text":"{\"rule\": {\"handle\": 4}}"})") !=
      std::string::npos);
  Run plain =
      Query(device, Packets({"10.10.0.5 10.1.0.100 tcp 443", "10.10.0.5 10.1.0.100 tcp 80"}));
  CHECK(plain.out.find("by fw.json:1:315") != std::string::npos);
  CHECK(plain.out.find("deny    by interzone-default") != std::string::npos);
  Run labelled = Query(device, Packets({"10.10.0.5 10.1.0.100 tcp 80"}, "json"));
  CHECK(labelled.out.find(R"("rule":null,"label":"interzone-default")") != std::string::npos);
  Run zoned = Query(device, Packets({"10.10.0.5 10.1.0.100 tcp 80 from=trust to=untrust"}, "json"));
  CHECK(zoned.out.find(R"("in":null,"out":null,"from":"trust","to":"untrust"})") !=
        std::string::npos);
}

}  // namespace
}  // namespace flowaudit
