// Resource limits in the importers (docs/limits.md): each pathological input ends in one located
// error, never a stack overflow or an exponential walk.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "importers/cisco_asa/cisco_asa_importer.h"
#include "importers/f5_bigip/f5_bigip_importer.h"
#include "importers/flowaudit_yaml/flowaudit_yaml_importer.h"
#include "importers/iptables/iptables_importer.h"
#include "importers/junos/junos_importer.h"
#include "importers/nftables/nftables_importer.h"
#include "importers/nginx/nginx_importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

TEST_CASE("limits: a 100,000-deep nft -j document is an error at the 257th bracket") {
  NftablesImporter importer;
  Imported fw = ImportText(importer, "fw.json",
                           "{\"nftables\": " + Repeat("[", 100000) + Repeat("]", 100000) + "}");
  // The outer object is level 1: the bracket that opens level 257 is the 256th '['.
  CHECK(Summary(fw) == "fw.json:1:269: error: JSON nested deeper than 256 levels\n");
}

TEST_CASE("limits: a 100,000-deep AS3 declaration is an error, not a stack overflow") {
  F5BigipImporter importer;
  Imported lb =
      ImportText(importer, "as3.json", Repeat("{\"a\":", 100000) + "1" + Repeat("}", 100000));
  CHECK(Summary(lb) == "as3.json:1:1281: error: JSON nested deeper than 256 levels\n");
}

TEST_CASE("limits: nginx blocks nested 100,000 deep are an error at the 201st") {
  NginxImporter importer;
  Imported rp = ImportText(importer, "nginx.conf", Repeat("x { ", 100000) + Repeat("} ", 100000));
  CHECK(Summary(rp) == "nginx.conf:1:803: error: blocks nested deeper than 200 levels\n");
}

TEST_CASE("limits: a 'billion laughs' YAML device is an error, quickly") {
  std::string text = "device: lol\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text +=
        std::string(1, c) + ": &" + c + " [" + Repeat("*" + prev + ", ", 9) + "*" + prev + "]\n";
  }
  FlowauditYamlImporter importer;
  auto start = std::chrono::steady_clock::now();
  Imported fw = ImportText(importer, "lol.yaml", text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 2.0);
  CHECK(Summary(fw) ==
        "lol.yaml:2:17: error: YAML aliases expand the document beyond 1000425 nodes (the file's "
        "size in bytes plus 1000000)\n");
}

TEST_CASE("limits: ASA object-groups nested 100 deep stop at 64 levels") {
  std::string config;
  for (int i = 0; i < 100; ++i) {
    config += "object-group network G" + std::to_string(i) + "\n group-object G" +
              std::to_string(i + 1) + "\n";
  }
  config += "object-group network G100\n network-object host 10.0.0.1\n";
  config += "access-list X extended permit ip object-group G0 any\n";
  CiscoAsaImporter importer;
  Imported fw = ImportText(importer, "asa.cfg", config);
  CHECK(Summary(fw).find("asa.cfg:128:15: error: object-groups nested deeper than 64 levels\n") ==
        0);
}

TEST_CASE("limits: Junos address-sets nested 100 deep stop at 64 levels") {
  std::string sets;
  for (int i = 0; i < 100; ++i) {
    sets +=
        "address-set S" + std::to_string(i) + " { address-set S" + std::to_string(i + 1) + "; }\n";
  }
  std::string config = "security {\naddress-book {\nglobal {\naddress A 10.0.0.1/32;\n" + sets +
                       "address-set S100 { address A; }\n}\n}\npolicies {\n"
                       "from-zone a to-zone b {\npolicy p { match { source-address S0; "
                       "destination-address any; application any; } then { permit; } }\n}\n}\n}\n";
  JunosImporter importer;
  Imported fw = ImportText(importer, "srx.conf", config);
  CHECK(Summary(fw).find("srx.conf:68:31: error: address-sets nested deeper than 64 levels\n") ==
        0);
}

TEST_CASE("limits: user chains jumping 100 deep stop at 64 calls with UNKNOWN, not a crash") {
  std::string rules = "*filter\n:FORWARD DROP [0:0]\n";
  for (int i = 0; i < 100; ++i) rules += ":C" + std::to_string(i) + " - [0:0]\n";
  rules += "-A FORWARD -j C0\n";
  for (int i = 0; i < 99; ++i) {
    rules += "-A C" + std::to_string(i) + " -j C" + std::to_string(i + 1) + "\n";
  }
  rules += "-A C99 -p tcp --dport 80 -j ACCEPT\nCOMMIT\n";
  IptablesImporter importer(Family::kIpv4);
  Imported fw = ImportText(importer, "fw.rules", rules);
  CHECK_FALSE(fw.diagnostics.HasErrors());
  // Line 103 is `-A FORWARD -j C0`, line 104 + i is Ci's jump: with FORWARD and C0…C62 on the
  // stack (64 chains), C62's jump to C63 on line 166 is one too many.
  Decision d = fw.filter("FORWARD").Evaluate(Tcp("10.0.0.1", "10.0.0.2", 80), {});
  CHECK(DescribeDecision(d) == "unknown line 166");
  CHECK(d.problem == "chain loop or nesting too deep at this rule");
  // The BDD analysis agrees: no packet is permitted or denied for sure.
  FilterVerdicts verdicts = fw.filter("FORWARD").Verdicts(PacketSet::All(), {});
  CHECK(verdicts.permit.IsEmpty());
  CHECK(verdicts.deny.IsEmpty());
}

// Two groups per level, each naming both groups of the next: 2^40 copies of one host, though
// nothing nests deeper than 41 levels.
TEST_CASE("limits: ASA object-groups naming the same groups over and over stop at the budget") {
  std::string config =
      "object-group network G40\n network-object host 10.0.0.1\n"
      "object-group network H40\n network-object host 10.0.0.1\n";
  for (int i = 39; i >= 0; --i) {
    for (const char* name : {"G", "H"}) {
      config += "object-group network " + std::string(name) + std::to_string(i) +
                "\n group-object G" + std::to_string(i + 1) + "\n group-object H" +
                std::to_string(i + 1) + "\n";
    }
  }
  config += "access-list X extended permit ip any object-group G0\n";
  CiscoAsaImporter importer;
  ImportPastExpansionBudget(importer, "asa.cfg", config, "object-group");
}

TEST_CASE("limits: ACEs naming one big group do not use the expansion budget") {
  // 1,000 hosts named by 300 ACEs: 300,000 members in rules, but the group is flattened once.
  std::string config = "object-group network BIG\n";
  for (int i = 0; i < 1000; ++i) {
    config += " network-object host 10.0." + std::to_string(i / 256) + "." +
              std::to_string(i % 256) + "\n";
  }
  for (int i = 0; i < 300; ++i) {
    config += "access-list X extended permit tcp any object-group BIG eq " +
              std::to_string(1000 + i) + "\n";
  }
  ScopedEnvironment budget("FLOWAUDIT_GROUP_MEMBERS", "200000");
  CiscoAsaImporter importer;
  Imported fw = ImportText(importer, "asa.cfg", config);
  CHECK_FALSE(fw.diagnostics.HasErrors());
}

TEST_CASE("limits: Junos address-sets naming the same sets over and over stop at the budget") {
  std::string sets = "address-set S40 { address A; }\naddress-set T40 { address A; }\n";
  for (int i = 39; i >= 0; --i) {
    std::string next = std::to_string(i + 1);
    sets += "address-set S" + std::to_string(i) + " { address-set S" + next + "; address-set T" +
            next + "; }\naddress-set T" + std::to_string(i) + " { address-set S" + next +
            "; address-set T" + next + "; }\n";
  }
  std::string config = "security {\naddress-book {\nglobal {\naddress A 10.0.0.1/32;\n" + sets +
                       "}\n}\npolicies {\n"
                       "from-zone a to-zone b {\npolicy p { match { source-address S0; "
                       "destination-address any; application any; } then { permit; } }\n}\n}\n}\n";
  JunosImporter importer;
  ImportPastExpansionBudget(importer, "srx.conf", config, "address-set");
}

}  // namespace
}  // namespace flowaudit
