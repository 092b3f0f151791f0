// The IIS ARR / URL Rewrite importer: what each site binding (VIP, port) answers — forward to
// which web-farm servers with which settings, redirect with which status and location, answer
// locally, abort, UNKNOWN with a located reason — and every diagnostic with its location.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "importers/iis_arr/iis_arr_importer.h"
#include "importers/importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text, std::string_view name = "applicationHost.config") {
  IisArrImporter importer;
  return ImportText(importer, name, text);
}

std::string ReadFixture(const std::string& name) { return testing::ReadFixture("iis_arr", name); }

int Line(const SourceRange& at) { return at.IsValid() ? at.Start().line : 0; }

const VirtualServer* Find(const Imported& imported, const char* vip, uint16_t port) {
  return imported.device.FindVirtualServer(*ParseIpAddress(vip), 6, port);
}

std::string MemberText(const PoolMember& m) {
  VirtualServer e;
  e.address = m.address;
  e.port = m.port;
  return e.Endpoint() + (m.enabled ? "" : "(disabled)");
}

// What a TCP connection to VIP:PORT meets: "forward 10.1.0.11:4443 10.1.0.13:4443(disabled)",
// "redirect 301 https://…", "respond 200", "reject", "unknown: REASON", "no-listener".
std::string Answer(const Imported& imported, const char* vip, uint16_t port) {
  const VirtualServer* vs = Find(imported, vip, port);
  if (!vs) return "no-listener";
  switch (vs->mode) {
    case VirtualServer::Mode::kRedirect:
      return "redirect " + std::to_string(vs->redirect_status) + " " + vs->redirect_location;
    case VirtualServer::Mode::kRespond:
      return "respond " + std::to_string(vs->redirect_status);
    case VirtualServer::Mode::kReject:
      return "reject";
    case VirtualServer::Mode::kUnknown:
      return "unknown: " + vs->unknown_reason;
    case VirtualServer::Mode::kForward:
      break;
  }
  std::string out = "forward";
  for (const PoolMember& m : vs->members) out += " " + MemberText(m);
  return out;
}

// An applicationHost.config with site Portal on 192.0.2.10 (http 80, https 443), the ARR
// proxy switch, global rules starting on line 8, then the web farms.
std::string AppHost(std::string_view rules, std::string_view farms = "",
                    std::string_view proxy = "<proxy enabled=\"true\" />") {
  std::string out =
      "<configuration>\n"
      "  <system.applicationHost><sites><site name=\"Portal\" id=\"1\"><bindings>\n"
      "    <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" />\n"
      "    <binding protocol=\"https\" bindingInformation=\"192.0.2.10:443:\" />\n"
      "  </bindings></site></sites></system.applicationHost>\n"
      "  <system.webServer>" +
      std::string(proxy) +
      "\n"
      "  <rewrite><globalRules>\n";
  out += rules;
  out += "  </globalRules></rewrite></system.webServer>\n";
  out += farms.empty() ? std::string(
                             "  <webFarms><webFarm name=\"farm\">\n"
                             "    <server address=\"10.0.0.1\" />\n"
                             "    <server address=\"10.0.0.2\" />\n"
                             "  </webFarm></webFarms>\n")
                       : std::string(farms);
  return out + "</configuration>\n";
}

TEST_CASE("iis-arr: a Lync reverse proxy: 443 to the farm on 4443, 80 redirected to https") {
  Imported rp = Import(ReadFixture("lync-rp.config"), "lync-rp.config");
  CHECK(Summary(rp) == "");
  CHECK(rp.device.vendor == "iis-arr");
  REQUIRE(rp.device.virtual_servers.size() == 2);
  CHECK(Answer(rp, "203.0.113.20", 443) ==
        "forward 10.1.0.11:4443 10.1.0.12:4443 10.1.0.13:4443(disabled)");
  CHECK(Answer(rp, "203.0.113.20", 80) == "redirect 301 https://{HTTP_HOST}/{R:1}");
  CHECK(Answer(rp, "203.0.113.20", 8080) == "no-listener");
  CHECK(Answer(rp, "203.0.113.21", 443) == "no-listener");

  const VirtualServer& https = *Find(rp, "203.0.113.20", 443);
  CHECK(https.name == "Lync External");
  CHECK(https.Endpoint() == "203.0.113.20:443");
  CHECK_FALSE(https.any_address);
  CHECK(https.protocol == 6);
  CHECK(https.settings.tls_terminated);
  CHECK(https.source_translation == SourceTranslation::kDeviceOwn);
  CHECK_FALSE(https.source_nat.has_value());
  CHECK(Line(https.location) == 49);  // the rule's <action>
  CHECK(Line(https.members[0].location) == 22);
  CHECK(https.members[0].name == "10.1.0.11");
  CHECK(https.ActiveMembers().size() == 2);
  CHECK(https.settings.persistence == Persistence::kCookie);
  CHECK(https.settings.persistence_name == "MS-WSMAN");
  CHECK(https.settings.persistence_cookie_http_only);
  CHECK(Line(https.settings.persistence_at) == 32);
  CHECK(https.settings.idle_timeout_s == 1800);
  CHECK(Line(https.settings.idle_timeout_at) == 33);
  REQUIRE(https.settings.monitors.size() == 1);
  CHECK(https.settings.monitors[0].name == "https://lync-ext-farm:5061/");
  CHECK(https.settings.monitors[0].type == "https");
  CHECK(https.settings.monitors[0].port == 5061);
  CHECK(Line(https.settings.monitors[0].location) == 34);

  const VirtualServer& http = *Find(rp, "203.0.113.20", 80);
  CHECK_FALSE(http.settings.tls_terminated);
  CHECK(Line(http.location) == 56);
  CHECK(rp.device.coverage.unit == "XML elements");
  CHECK(rp.device.coverage.total == 39);
  CHECK(rp.device.coverage.understood == 39);
}

TEST_CASE("iis-arr: web farm defaults: ports 80/443, no affinity, 30 s timeout, no monitor") {
  Imported lb =
      Import(AppHost("    <rule name=\"all\" stopProcessing=\"true\"><match url=\".*\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://FARM/{R:0}\" /></rule>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) == "forward 10.0.0.1:80 10.0.0.2:80");
  // The same rule on the https binding: the scheme of the URL picks the port, not the binding.
  CHECK(Answer(lb, "192.0.2.10", 443) == "forward 10.0.0.1:80 10.0.0.2:80");
  const VirtualServer& vs = *Find(lb, "192.0.2.10", 80);
  CHECK(vs.settings.persistence == Persistence::kNone);
  CHECK(vs.settings.persistence_name == "");
  CHECK_FALSE(vs.settings.persistence_at.IsValid());
  CHECK(vs.settings.idle_timeout_s == 30);
  CHECK_FALSE(vs.settings.idle_timeout_at.IsValid());
  CHECK(vs.settings.monitors.empty());
  CHECK(Line(vs.location) == 9);
  CHECK(Line(vs.members[1].location) == 13);
  CHECK(Find(lb, "192.0.2.10", 443)->settings.tls_terminated);
}

TEST_CASE("iis-arr: https rewrite uses httpsPort; cookie affinity defaults to ARRAffinity") {
  Imported lb = Import(AppHost(
      "    <rule name=\"all\" stopProcessing=\"true\"><match url=\"^(.*)$\" />\n"
      "      <action type=\"Rewrite\" url=\"https://farm/{R:1}\" /></rule>\n",
      "  <webFarms><webFarm name=\"farm\" enabled=\"true\">\n"
      "    <server address=\"10.0.0.1\"><applicationRequestRouting httpsPort=\"4443\" /></server>\n"
      "    <applicationRequestRouting><affinity useCookie=\"true\" />\n"
      "      <healthCheck url=\"http://farm/health\" /></applicationRequestRouting>\n"
      "  </webFarm></webFarms>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 443) == "forward 10.0.0.1:4443");
  const VirtualServer& vs = *Find(lb, "192.0.2.10", 443);
  CHECK(vs.settings.persistence == Persistence::kCookie);
  CHECK(vs.settings.persistence_name == "ARRAffinity");
  CHECK(Line(vs.settings.persistence_at) == 13);
  REQUIRE(vs.settings.monitors.size() == 1);
  // The https forward goes to httpsPort 4443; the http probe goes to httpPort (default 80).
  CHECK(vs.settings.monitors[0].type == "http");
  CHECK(vs.settings.monitors[0].port == 80);
  CHECK(Line(vs.settings.monitors[0].location) == 14);
  // The probe's scheme is the forward's: port 0, the member's port.
  Imported same = Import(AppHost(
      "    <rule name=\"all\" stopProcessing=\"true\"><match url=\"^(.*)$\" />\n"
      "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n",
      "  <webFarms><webFarm name=\"farm\" enabled=\"true\">\n"
      "    <server address=\"10.0.0.1\"><applicationRequestRouting httpPort=\"8080\" /></server>\n"
      "    <server address=\"10.0.0.2\"><applicationRequestRouting httpPort=\"8081\" /></server>\n"
      "    <applicationRequestRouting><healthCheck url=\"http://farm/health\" />\n"
      "    </applicationRequestRouting></webFarm></webFarms>\n"));
  CHECK(Summary(same) == "");
  CHECK(Answer(same, "192.0.2.10", 80) == "forward 10.0.0.1:8080 10.0.0.2:8081");
  REQUIRE(Find(same, "192.0.2.10", 80)->settings.monitors.size() == 1);
  CHECK(Find(same, "192.0.2.10", 80)->settings.monitors[0].port == 0);
}

TEST_CASE("iis-arr: redirectType maps to 301, 302, 303, 307; the default is Permanent") {
  auto redirect = [](const char* type) {
    std::string attribute = type[0] ? std::string(" redirectType=\"") + type + "\"" : "";
    return Answer(Import(AppHost("    <rule name=\"r\"><match url=\"(.*)\" />\n"
                                 "      <action type=\"Redirect\" url=\"https://portal/{R:1}\"" +
                                 attribute + " /></rule>\n")),
                  "192.0.2.10", 80);
  };
  CHECK(redirect("") == "redirect 301 https://portal/{R:1}");
  CHECK(redirect("Permanent") == "redirect 301 https://portal/{R:1}");
  CHECK(redirect("Found") == "redirect 302 https://portal/{R:1}");
  CHECK(redirect("SeeOther") == "redirect 303 https://portal/{R:1}");
  CHECK(redirect("Temporary") == "redirect 307 https://portal/{R:1}");
}

TEST_CASE("iis-arr: a Rewrite without stopProcessing goes on; later rules still apply") {
  // Rule 1 proxies to the farm but does not stop; rule 2 redirects every plain-HTTP request.
  Imported lb =
      Import(AppHost("    <rule name=\"proxy\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n"
                     "    <rule name=\"redirect\"><match url=\"(.*)\" />\n"
                     "      <conditions><add input=\"{HTTPS}\" pattern=\"off\" /></conditions>\n"
                     "      <action type=\"Redirect\" url=\"https://portal/\" /></rule>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) == "redirect 301 https://portal/");
  CHECK(Line(Find(lb, "192.0.2.10", 80)->location) == 12);
  // On https the redirect's condition is false: the earlier rewrite stands.
  CHECK(Answer(lb, "192.0.2.10", 443) == "forward 10.0.0.1:80 10.0.0.2:80");
  CHECK(Line(Find(lb, "192.0.2.10", 443)->location) == 9);
}

TEST_CASE("iis-arr: stopProcessing ends the run; a later rewrite replaces an earlier one") {
  Imported stop =
      Import(AppHost("    <rule name=\"proxy\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n"
                     "    <rule name=\"redirect\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Redirect\" url=\"https://portal/\" /></rule>\n"));
  CHECK(Answer(stop, "192.0.2.10", 80) == "forward 10.0.0.1:80 10.0.0.2:80");
  Imported local =
      Import(AppHost("    <rule name=\"proxy\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n"
                     "    <rule name=\"local\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"/maintenance.htm\" /></rule>\n"));
  CHECK(Answer(local, "192.0.2.10", 80) == "respond 200");
  CHECK(Line(Find(local, "192.0.2.10", 80)->location) == 11);
}

TEST_CASE("iis-arr: disabled rules are skipped; action None with stopProcessing serves locally") {
  Imported lb = Import(AppHost(
      "    <rule name=\"off\" enabled=\"false\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <action type=\"AbortRequest\" /></rule>\n"
      "    <rule name=\"keep\" stopProcessing=\"true\"><match url=\".*\" />\n"
      "      <action type=\"None\" /></rule>\n"
      "    <rule name=\"never\"><match url=\"(.*)\" />\n"
      "      <action type=\"Rewrite\" url=\"http://farm/\" /></rule>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) == "respond 200");
}

TEST_CASE("iis-arr: AbortRequest rejects, CustomResponse answers its status, no rule serves") {
  Imported abort = Import(AppHost(
      "    <rule name=\"a\"><match url=\"(.*)\" /><action type=\"AbortRequest\" /></rule>\n"));
  CHECK(Answer(abort, "192.0.2.10", 80) == "reject");
  CHECK(Line(Find(abort, "192.0.2.10", 80)->location) == 8);
  Imported custom = Import(AppHost(
      "    <rule name=\"c\"><match url=\"(.*)\" />\n"
      "      <action type=\"CustomResponse\" statusCode=\"403\" statusReason=\"Forbidden\" />\n"
      "    </rule>\n"));
  CHECK(Answer(custom, "192.0.2.10", 443) == "respond 403");
  Imported none = Import(AppHost(""));
  CHECK(Summary(none) == "");
  CHECK(Answer(none, "192.0.2.10", 80) == "respond 200");
  CHECK(Line(Find(none, "192.0.2.10", 80)->location) == 3);  // the binding
}

TEST_CASE("iis-arr: a rewrite to an address forwards to that one member") {
  Imported lb = Import(
      AppHost("    <rule name=\"bridge\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
              "      <conditions><add input=\"{SERVER_PORT}\" pattern=\"^80$\" /></conditions>\n"
              "      <action type=\"Rewrite\" url=\"http://10.1.0.101:8080/{R:1}\" /></rule>\n"
              "    <rule name=\"tls\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
              "      <action type=\"Rewrite\" url=\"https://[2001:db8::5]/{R:1}\" /></rule>\n",
              "", "<proxy enabled=\"true\" timeout=\"00:02:00\" />"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) == "forward 10.1.0.101:8080");
  CHECK(Answer(lb, "192.0.2.10", 443) == "forward [2001:db8::5]:443");
  const VirtualServer& vs = *Find(lb, "192.0.2.10", 80);
  CHECK(vs.source_translation == SourceTranslation::kDeviceOwn);
  CHECK(vs.members[0].name == "10.1.0.101");
  CHECK(Line(vs.members[0].location) == 10);
  CHECK(vs.settings.idle_timeout_s == 120);
  CHECK(Line(vs.settings.idle_timeout_at) == 6);
  CHECK(vs.settings.persistence == Persistence::kNone);
}

TEST_CASE("iis-arr: conditions on {HTTPS}, {SERVER_PORT_SECURE}, {CACHE_URL}, negate, MatchAny") {
  auto answers = [](const std::string& conditions) {
    Imported lb =
        Import(AppHost("    <rule name=\"r\" stopProcessing=\"true\">\n"
                       "      <match url=\"(.*)\" />\n" +
                       conditions + "      <action type=\"AbortRequest\" /></rule>\n"));
    CHECK(Summary(lb) == "");
    return Answer(lb, "192.0.2.10", 80) + " | " + Answer(lb, "192.0.2.10", 443);
  };
  CHECK(answers("<conditions><add input=\"{HTTPS}\" pattern=\"^on$\" /></conditions>\n") ==
        "respond 200 | reject");
  CHECK(answers("<conditions><add input=\"{HTTPS}\" pattern=\"^ON$\" negate=\"true\" />"
                "</conditions>\n") == "reject | respond 200");
  CHECK(answers("<conditions><add input=\"{HTTPS}\" pattern=\"^ON$\" ignoreCase=\"false\" />"
                "</conditions>\n") == "respond 200 | respond 200");
  CHECK(
      answers("<conditions><add input=\"{SERVER_PORT_SECURE}\" pattern=\"1\" /></conditions>\n") ==
      "respond 200 | reject");
  CHECK(answers("<conditions><add input=\"{CACHE_URL}\" pattern=\"^http://\" /></conditions>\n") ==
        "reject | respond 200");
  CHECK(answers("<conditions><add input=\"{CACHE_URL}\" pattern=\"^https://(.*)\" />"
                "</conditions>\n") == "respond 200 | reject");
  CHECK(answers("<conditions logicalGrouping=\"MatchAny\">\n"
                "<add input=\"{SERVER_PORT}\" pattern=\"^443$\" />\n"
                "<add input=\"{HTTPS}\" pattern=\"off\" /></conditions>\n") == "reject | reject");
  CHECK(answers("<conditions logicalGrouping=\"MatchAll\">\n"
                "<add input=\"{SERVER_PORT}\" pattern=\"^443$\" />\n"
                "<add input=\"{HTTPS}\" pattern=\"off\" /></conditions>\n") ==
        "respond 200 | respond 200");
  // A negated match that matches everything never matches.
  CHECK(answers("<conditions><add input=\"{HTTPS}\" pattern=\".*\" negate=\"true\" />"
                "</conditions>\n") == "respond 200 | respond 200");
}

TEST_CASE("iis-arr: a rule decided by the request makes the answer UNKNOWN, located") {
  Imported lb = Import(AppHost(
      "    <rule name=\"discover\" stopProcessing=\"true\">\n"
      "      <match url=\"(.*)\" />\n"
      "      <conditions><add input=\"{HTTP_HOST}\" pattern=\"^lyncdiscover\\.\" /></conditions>\n"
      "      <action type=\"Rewrite\" url=\"http://10.1.0.101:8080/{R:1}\" /></rule>\n"
      "    <rule name=\"to https\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <action type=\"Redirect\" url=\"https://{HTTP_HOST}/{R:1}\" /></rule>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) ==
        "unknown: rule 'discover' tests {HTTP_HOST} against '^lyncdiscover\\.', which only the "
        "request decides (possible answers: redirect 301 to https://{HTTP_HOST}/{R:1}; forward "
        "to 10.1.0.101:8080)");
  const VirtualServer& vs = *Find(lb, "192.0.2.10", 80);
  CHECK(vs.unknown_at.Start().line == 10);
  CHECK(vs.unknown_at.Start().column == 53);
  CHECK(vs.unknown_at.Text() == "^lyncdiscover\\.");
  // The requests that may be proxied are followed, uncertain.
  REQUIRE(vs.members.size() == 1);
  CHECK(MemberText(vs.members[0]) == "10.1.0.101:8080");
  CHECK(vs.source_translation == SourceTranslation::kDeviceOwn);
}

TEST_CASE("iis-arr: a content-dependent rule does not matter when every outcome is the same") {
  Imported lb =
      Import(AppHost("    <rule name=\"api\" stopProcessing=\"true\"><match url=\"^api/(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/api/{R:1}\" /></rule>\n"
                     "    <rule name=\"rest\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) == "forward 10.0.0.1:80 10.0.0.2:80");
  // Without the catch-all, a request outside api/ is served locally: UNKNOWN at the match.
  Imported partial =
      Import(AppHost("    <rule name=\"api\" stopProcessing=\"true\"><match url=\"^api/(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/api/{R:1}\" /></rule>\n"));
  CHECK(Answer(partial, "192.0.2.10", 80) ==
        "unknown: rule 'api' matches the URL path '^api/(.*)', which only the request decides "
        "(possible answers: answer 200; forward to 10.0.0.1:80 10.0.0.2:80)");
  CHECK(Line(Find(partial, "192.0.2.10", 80)->unknown_at) == 8);
}

TEST_CASE("iis-arr: {HTTP_HOST} is known on a host-named binding; the binding is noted") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites><site name=\"Lync\" id=\"1\"><bindings>\n"
      "    <binding protocol=\"http\" bindingInformation=\"*:80:LyncDiscover.contoso.com\" />\n"
      "  </bindings></site></sites></system.applicationHost>\n"
      "  <system.webServer><proxy enabled=\"true\" /><rewrite><globalRules>\n"
      "    <rule name=\"discover\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <conditions><add input=\"{HTTP_HOST}\" pattern=\"^lyncdiscover\\.contoso\\.com\" />\n"
      "      </conditions>\n"
      "      <action type=\"Rewrite\" url=\"http://10.1.0.101:8080/{R:1}\" /></rule>\n"
      "  </globalRules></rewrite></system.webServer>\n"
      "</configuration>\n";
  Imported lb = Import(config);
  CHECK(Summary(lb) ==
        "applicationHost.config:3:5: note: this binding answers only requests for host "
        "'lyncdiscover.contoso.com'; HTTP.sys refuses other host names (400)\n");
  // `*`: every IPv4 and every IPv6 address.
  REQUIRE(lb.device.virtual_servers.size() == 2);
  CHECK(lb.device.virtual_servers[0].Endpoint() == "*:80");
  CHECK(lb.device.virtual_servers[0].any_address);
  CHECK(lb.device.virtual_servers[1].Endpoint() == "[::]:80");
  CHECK(Answer(lb, "198.51.100.7", 80) == "forward 10.1.0.101:8080");
  CHECK(Answer(lb, "2001:db8::7", 80) == "forward 10.1.0.101:8080");
}

TEST_CASE("iis-arr: sites sharing an address and port by host name: the Host header decides") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites>\n"
      "    <site name=\"A\" id=\"1\"><bindings>\n"
      "      <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:a.example.com\" />\n"
      "    </bindings></site>\n"
      "    <site name=\"B\" id=\"2\"><bindings>\n"
      "      <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" />\n"
      "    </bindings></site>\n"
      "  </sites></system.applicationHost>\n"
      "  <location path=\"A\"><system.webServer><rewrite><rules>\n"
      "    <rule name=\"x\"><match url=\"(.*)\" /><action type=\"AbortRequest\" /></rule>\n"
      "  </rules></rewrite></system.webServer></location>\n"
      "</configuration>\n";
  Imported lb = Import(config);
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) ==
        "unknown: the Host header picks which site's bindings answer (A, B) and they differ");
  CHECK(Line(Find(lb, "192.0.2.10", 80)->unknown_at) == 4);
}

TEST_CASE("iis-arr: the ARR proxy switch: disabled or absent means no proxying") {
  std::string rule =
      "    <rule name=\"p\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n";
  Imported off = Import(AppHost(rule, "", "<proxy enabled=\"false\" />"));
  CHECK(Summary(off) ==
        "applicationHost.config:9:35: warning: rule 'p' rewrites to an absolute URL but the ARR "
        "proxy is disabled: IIS answers such a request with 404\n");
  CHECK(Answer(off, "192.0.2.10", 80) == "respond 404");
  Imported absent = Import(AppHost(rule, "", ""));
  CHECK(Summary(absent) ==
        "applicationHost.config:9:35: warning: rule 'p' rewrites to an absolute URL but the ARR "
        "proxy is not enabled (no <proxy enabled=\"true\"/>): IIS answers such a request with "
        "404\n");
  CHECK(Answer(absent, "192.0.2.10", 443) == "respond 404");
}

TEST_CASE("iis-arr: a web.config with site rules in a location; clear and sub-paths") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites><site name=\"Default Web Site\" id=\"1\"><bindings>\n"
      "    <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" />\n"
      "  </bindings></site></sites></system.applicationHost>\n"
      "  <system.webServer><proxy enabled=\"true\" /><rewrite><rules>\n"
      "    <rule name=\"server\"><match url=\"(.*)\" /><action type=\"AbortRequest\" /></rule>\n"
      "  </rules></rewrite></system.webServer>\n"
      "  <location path=\"Default Web Site\"><system.webServer><rewrite><rules>\n"
      "    <clear />\n"
      "    <rule name=\"site\"><match url=\"(.*)\" />\n"
      "      <action type=\"Rewrite\" url=\"/index.htm\" />\n"
      "    </rule>\n"
      "  </rules></rewrite></system.webServer></location>\n"
      "  <location path=\"Default Web Site/app\"><system.webServer><rewrite><rules>\n"
      "    <rule name=\"app\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <action type=\"Rewrite\" url=\"http://10.0.0.9/{R:1}\" /></rule>\n"
      "  </rules></rewrite></system.webServer></location>\n"
      "</configuration>\n";
  Imported lb = Import(config, "web.config");
  CHECK(Summary(lb) == "");
  // The server-level abort is cleared; the site serves locally, unless the request is under
  // /app, which is proxied.
  CHECK(Answer(lb, "192.0.2.10", 80) ==
        "unknown: rule 'app' applies only to requests under /app, which only the request path "
        "decides (possible answers: answer 200; forward to 10.0.0.9:80)");
  CHECK(Find(lb, "192.0.2.10", 80)->unknown_at.Text() == "Default Web Site/app");
  CHECK(Line(Find(lb, "192.0.2.10", 80)->unknown_at) == 14);
}

TEST_CASE("iis-arr: httpRedirect answers what the rules leave to the site") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites><site name=\"S\" id=\"1\"><bindings>\n"
      "    <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" />\n"
      "  </bindings></site></sites></system.applicationHost>\n"
      "  <location path=\"S\"><system.webServer>\n"
      "    <httpRedirect enabled=\"true\" destination=\"https://portal.example.com\" />\n"
      "  </system.webServer></location>\n"
      "</configuration>\n";
  Imported lb = Import(config);
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 80) == "redirect 302 https://portal.example.com");
  CHECK(Line(Find(lb, "192.0.2.10", 80)->location) == 6);
}

TEST_CASE("iis-arr: targets that are not modelled make the answer UNKNOWN with a warning") {
  Imported dns = Import(AppHost(
      "    <rule name=\"d\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <action type=\"Rewrite\" url=\"http://pool.contoso.com:8080/{R:1}\" /></rule>\n"));
  CHECK(Summary(dns) ==
        "applicationHost.config:9:42: warning: rule 'd' rewrites to 'pool.contoso.com', which "
        "is no web farm in this file: a DNS name whose address is unknown, so the answer is "
        "UNKNOWN\n");
  CHECK(Answer(dns, "192.0.2.10", 80) ==
        "unknown: rule 'd' rewrites to 'pool.contoso.com', which is neither a web farm nor an "
        "address");
  Imported variable = Import(
      AppHost("    <rule name=\"v\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
              "      <action type=\"Rewrite\" url=\"http://{HTTP_HOST}:8080/{R:1}\" /></rule>\n"));
  CHECK(Summary(variable) ==
        "applicationHost.config:9:35: warning: rule 'v' rewrites to a host taken from the "
        "request: where it forwards is UNKNOWN\n");
  CHECK(Answer(variable, "192.0.2.10", 80) ==
        "unknown: rule 'v' forwards to a host taken from the request");
  Imported disabled =
      Import(AppHost("    <rule name=\"f\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n",
                     "  <webFarms><webFarm name=\"farm\" enabled=\"false\">\n"
                     "    <server address=\"10.0.0.1\" />\n"
                     "  </webFarm></webFarms>\n"));
  CHECK(Summary(disabled) ==
        "applicationHost.config:9:42: warning: web farm 'farm' is disabled: ARR does not route "
        "to it, and where the request goes is UNKNOWN\n");
  CHECK(Answer(disabled, "192.0.2.10", 80) == "unknown: web farm 'farm' is disabled");
  Imported named =
      Import(AppHost("    <rule name=\"f\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm/{R:1}\" /></rule>\n",
                     "  <webFarms><webFarm name=\"farm\">\n"
                     "    <server address=\"10.0.0.1\" />\n"
                     "    <server address=\"fe02.contoso.com\" />\n"
                     "  </webFarm></webFarms>\n"));
  CHECK(Summary(named) ==
        "applicationHost.config:13:5: warning: server 'fe02.contoso.com' is a host name: DNS "
        "decides its address, so it is no member in the model\n");
  CHECK(Answer(named, "192.0.2.10", 80) ==
        "unknown: web farm 'farm' has servers named by host name (fe02.contoso.com), whose "
        "addresses DNS decides");
  CHECK(Find(named, "192.0.2.10", 80)->members.size() == 1);
}

TEST_CASE("iis-arr: a web.config alone proxies only if applicationHost.config enables ARR") {
  std::string config =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<configuration>\n"
      "  <system.webServer><rewrite><rules>\n"
      "    <rule name=\"p\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <action type=\"Rewrite\" url=\"http://10.0.0.1/{R:1}\" /></rule>\n"
      "  </rules></rewrite></system.webServer>\n"
      "</configuration>\n";
  Imported lb = Import(config, "web.config");
  CHECK(Summary(lb) ==
        "web.config:2:2: warning: no <site> bindings in this file: nothing listens in the "
        "model\n");
  CHECK(lb.device.virtual_servers.empty());
}

TEST_CASE("iis-arr: invalid input gets located errors") {
  auto errors = [](const std::string& text) { return Summary(Import(text)); };
  CHECK(errors("<configuration>\n  <system.webServer>\n</configuration>\n") ==
        "applicationHost.config:3:3: error: mismatched closing tag '</configuration>': expected "
        "'</system.webServer>' (opened at 2:3)\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                       "      <action type=\"Rewrite\" url=\"http://farn/{R:1}\" /></rule>\n")) ==
        "applicationHost.config:9:42: error: rule 'p' rewrites to an unknown web farm 'farn'; "
        "did you mean 'farm'?\n"
        "applicationHost.config:11:13: note: web farm 'farm' is defined here\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                       "      <action type=\"Proxy\" url=\"http://farm/\" /></rule>\n")) ==
        "applicationHost.config:9:21: error: unknown action type 'Proxy' (None, Rewrite, "
        "Redirect, CustomResponse, AbortRequest)\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                       "      <action type=\"Redirect\" url=\"https://x/\" redirectType=\"Moved\" "
                       "/></rule>\n")) ==
        "applicationHost.config:9:62: error: unknown redirectType 'Moved' (Permanent, Found, "
        "SeeOther, Temporary)\n");
  std::string bad_pattern =
      errors(AppHost("    <rule name=\"p\"><match url=\"(.*\" />\n"
                     "      <action type=\"AbortRequest\" /></rule>\n"));
  CHECK(bad_pattern ==
        "applicationHost.config:8:32: error: invalid pattern '(.*': Mismatched '(' and ')' in "
        "regular expression\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                       "      <action type=\"Redirect\" /></rule>\n")) ==
        "applicationHost.config:9:8: error: a Redirect action needs a url\n");
  CHECK(errors(AppHost("    <rule name=\"p\" stopProcessing=\"yes\"><match url=\"(.*)\" />\n"
                       "      <action type=\"AbortRequest\" /></rule>\n")) ==
        "applicationHost.config:8:36: error: stopProcessing must be true or false, got 'yes'\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                       "      <conditions logicalGrouping=\"All\" /></rule>\n")) ==
        "applicationHost.config:9:36: error: unknown logicalGrouping 'All' (MatchAll, "
        "MatchAny)\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><action type=\"AbortRequest\" /></rule>\n")) ==
        "applicationHost.config:8:6: error: rule 'p' has no <match url=…>\n");
  CHECK(errors(
            AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                    "      <action type=\"Rewrite\" url=\"http://10.0.0.1:99999/\" /></rule>\n")) ==
        "applicationHost.config:9:35: error: rule 'p' rewrites to an invalid port in "
        "'http://10.0.0.1:99999/'\n");
  CHECK(errors(AppHost("    <rule name=\"p\"><match url=\"(.*)\" />\n"
                       "      <action type=\"CustomResponse\" /></rule>\n")) ==
        "applicationHost.config:9:8: error: a CustomResponse action needs a statusCode 100-999\n");
}

TEST_CASE("iis-arr: bindings, farms and timeouts with invalid values are errors") {
  auto errors = [](const std::string& bindings, const std::string& farm) {
    return Summary(
        Import("<configuration>\n"
               "  <system.applicationHost><sites><site name=\"S\" id=\"1\"><bindings>\n" +
               bindings +
               "  </bindings></site></sites></system.applicationHost>\n"
               "  <webFarms><webFarm name=\"farm\">\n" +
               farm + "  </webFarm></webFarms>\n</configuration>\n"));
  };
  CHECK(errors("    <binding protocol=\"http\" bindingInformation=\"192.0.2.10:http:\" />\n", "") ==
        "applicationHost.config:3:61: error: binding port must be 1-65535, got 'http'\n");
  CHECK(errors("    <binding protocol=\"http\" bindingInformation=\"192.0.2.300:80:\" />\n", "") ==
        "applicationHost.config:3:50: error: binding address must be an IP address or *, got "
        "'192.0.2.300'\n");
  CHECK(errors("    <binding protocol=\"http\" bindingInformation=\"192.0.2.10\" />\n", "") ==
        "applicationHost.config:3:50: error: bindingInformation must be IP:PORT:HOST, got "
        "'192.0.2.10'\n");
  CHECK(errors("    <binding protocol=\"net.tcp\" bindingInformation=\"808:*\" />\n", "") ==
        "applicationHost.config:3:24: warning: 'net.tcp' bindings are not modelled: nothing "
        "listens there in the model\n");
  CHECK(errors("", "    <server address=\"10.0.0.1\" port=\"8080\" />\n") ==
        "applicationHost.config:5:32: warning: 'port' is not an attribute of an ARR <server>; "
        "ports come from <applicationRequestRouting httpPort httpsPort>\n");
  CHECK(errors("",
               "    <server address=\"10.0.0.1\"><applicationRequestRouting httpPort=\"0\" />"
               "</server>\n") ==
        "applicationHost.config:5:69: error: httpPort must be a port 1-65535, got '0'\n");
  CHECK(errors("",
               "    <applicationRequestRouting><protocol timeout=\"30\" />"
               "</applicationRequestRouting>\n") ==
        "applicationHost.config:5:51: error: timeout must be a time span hh:mm:ss, got '30'\n");
  CHECK(errors("", "    <loadBalance algorithm=\"x\" />\n") ==
        "applicationHost.config:5:6: warning: <loadBalance> in <webFarm> is not modelled\n");
}

TEST_CASE("iis-arr: sniffing takes IIS configs and leaves PAN-OS XML alone") {
  CHECK(SniffIisArr(ReadFixture("lync-rp.config")));
  CHECK(SniffIisArr("<configuration>\n<system.webServer><rewrite><rules/></rewrite>"));
  CHECK_FALSE(SniffIisArr("<config version=\"10.1.0\"><devices></devices></config>\n"));
  CHECK_FALSE(SniffIisArr("<configuration><appSettings /></configuration>\n"));
  CHECK_FALSE(SniffIisArr("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  const ImporterInfo* info = FindImporter("iis-arr");
  REQUIRE(info != nullptr);
  CHECK(SniffImporter(ReadFixture("lync-rp.config")) == info);
}

TEST_CASE("iis-arr: no crash on truncated or odd input") {
  std::string full = ReadFixture("lync-rp.config");
  for (size_t n = 0; n < full.size(); n += 7) {
    Imported imported = Import(full.substr(0, n));
    CHECK((imported.diagnostics.HasErrors() || imported.diagnostics.WarningCount() > 0 || n == 0 ||
           !imported.device.virtual_servers.empty()));
  }
  Import(
      "<configuration><system.webServer><rewrite><globalRules><rule name=\"r\">"
      "<match url=\"((((((((((a\" /></rule></globalRules></rewrite></system.webServer>"
      "</configuration>");
  Import("<other/>");
}

TEST_CASE("iis-arr: <remove name> drops one server rule for a site; Wildcard and ExactMatch") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites><site name=\"S\" id=\"1\"><bindings>\n"
      "    <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" />\n"
      "  </bindings></site></sites></system.applicationHost>\n"
      "  <system.webServer><rewrite><rules>\n"
      "    <rule name=\"Abort\" patternSyntax=\"Wildcard\"><match url=\"*\" />\n"
      "      <action type=\"AbortRequest\" /></rule>\n"
      "    <rule name=\"exact\" patternSyntax=\"ExactMatch\"><match url=\"x\" />\n"
      "      <conditions><add input=\"{SERVER_PORT}\" pattern=\"81\" /></conditions>\n"
      "      <action type=\"AbortRequest\" /></rule>\n"
      "    <rule name=\"wild\" patternSyntax=\"Wildcard\"><match url=\"*\" />\n"
      "      <conditions><add input=\"{CACHE_URL}\" pattern=\"http://*\" /></conditions>\n"
      "      <action type=\"CustomResponse\" statusCode=\"410\" /></rule>\n"
      "  </rules></rewrite></system.webServer>\n"
      "  <location path=\"S\"><system.webServer><rewrite><rules>\n"
      "    <remove name=\"abort\" />\n"
      "  </rules></rewrite></system.webServer></location>\n"
      "</configuration>\n";
  Imported lb = Import(config);
  CHECK(Summary(lb) == "");
  // Rule 'exact' needs port 81 (ExactMatch on the port): false. Rule 'wild' matches every path
  // and {CACHE_URL} starts with http:// on this binding.
  CHECK(Answer(lb, "192.0.2.10", 80) == "respond 410");
  CHECK(Line(Find(lb, "192.0.2.10", 80)->location) == 13);
}

TEST_CASE("iis-arr: {LOCAL_ADDR} and {SERVER_NAME} are known from the binding") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites><site name=\"S\" id=\"1\"><bindings>\n"
      "    <binding protocol=\"https\" bindingInformation=\"[2001:db8::20]:443:meet.contoso.com\" "
      "/>\n"
      "  </bindings></site></sites></system.applicationHost>\n"
      "  <system.webServer><rewrite><globalRules>\n"
      "    <rule name=\"a\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
      "      <conditions><add input=\"{LOCAL_ADDR}|{SERVER_NAME}\"\n"
      "        pattern=\"^2001:db8::20\\|meet\\.contoso\\.com$\" /></conditions>\n"
      "      <action type=\"AbortRequest\" /></rule>\n"
      "  </globalRules></rewrite></system.webServer>\n"
      "</configuration>\n";
  Imported lb = Import(config);
  CHECK(Answer(lb, "2001:db8::20", 443) == "reject");
  CHECK(lb.device.virtual_servers.size() == 1);
  CHECK(lb.device.virtual_servers[0].Endpoint() == "[2001:db8::20]:443");
}

TEST_CASE("iis-arr: file tests and too many request-dependent rules are UNKNOWN") {
  Imported file =
      Import(AppHost("    <rule name=\"f\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <conditions><add input=\"{REQUEST_FILENAME}\" matchType=\"IsFile\" "
                     "negate=\"true\" />\n"
                     "      </conditions><action type=\"Rewrite\" url=\"/index.htm\" /></rule>\n"
                     "    <rule name=\"g\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <action type=\"AbortRequest\" /></rule>\n"));
  CHECK(Answer(file, "192.0.2.10", 80) ==
        "unknown: rule 'f' tests the file system ({REQUEST_FILENAME}) (possible answers: abort; "
        "answer 200)");
  CHECK(Line(Find(file, "192.0.2.10", 80)->unknown_at) == 9);
  // Rewrites alternating between the local site and the farm, each on its own path: every
  // combination is a branch, too many to follow.
  std::string rules;
  for (int i = 0; i < 16; ++i) {
    std::string n = std::to_string(i);
    rules += "    <rule name=\"r" + n + "\"><match url=\"^p" + n +
             "/\" /><action type=\"Rewrite\" url=\"" + (i % 2 ? "http://farm/" : "/x") +
             "\" /></rule>\n";
  }
  rules += "    <rule name=\"last\"><match url=\"^q\" /><action type=\"AbortRequest\" /></rule>\n";
  Imported many = Import(AppHost(rules));
  CHECK(Summary(many) == "");
  CHECK(Answer(many, "192.0.2.10", 80) ==
        "unknown: rule 'r1' matches the URL path '^p1/', which only the request decides "
        "(possible answers: answer 200; abort; forward to 10.0.0.1:80 10.0.0.2:80; unknown (too "
        "many rules depend on the request to follow every combination))");
  // A rewrite to the local site while the site already answers changes nothing: no branch.
  Imported same = Import(AppHost(
      "    <rule name=\"a\"><match url=\"^a\" /><action type=\"Rewrite\" url=\"/a\" /></rule>\n"));
  CHECK(Answer(same, "192.0.2.10", 80) == "respond 200");
}

TEST_CASE("iis-arr: a port in a URL naming a web farm is UNKNOWN") {
  Imported lb =
      Import(AppHost("    <rule name=\"f\" stopProcessing=\"true\"><match url=\"(.*)\" />\n"
                     "      <action type=\"Rewrite\" url=\"http://farm:8080/{R:1}\" /></rule>\n"));
  CHECK(Summary(lb) ==
        "applicationHost.config:9:42: warning: a port in a URL naming web farm 'farm': whether "
        "ARR uses it or the servers' ports is not modelled\n");
  CHECK(Answer(lb, "192.0.2.10", 80) == "unknown: the rewrite names web farm 'farm' with a port");
  CHECK(Find(lb, "192.0.2.10", 80)->members.size() == 2);
}

TEST_CASE("iis-arr: duplicate names, conflicting bindings and misplaced sections") {
  std::string config =
      "<configuration>\n"
      "  <system.applicationHost><sites>\n"
      "    <site name=\"S\" id=\"1\"><bindings>\n"
      "      <binding protocol=\"http\" bindingInformation=\"*:80:\" />\n"
      "      <binding protocol=\"https\" bindingInformation=\"*:80:\" />\n"
      "      <binding protocol=\"http\" bindingInformation=\"*:80:\" />\n"
      "    </bindings></site>\n"
      "    <site name=\"s\" id=\"2\" />\n"
      "  </sites></system.applicationHost>\n"
      "  <webFarms><webFarm name=\"f\" /><webFarm name=\"F\" /></webFarms>\n"
      "  <system.webServer><rewrite><globalRules>\n"
      "    <rule name=\"a\"><match url=\"x\" /></rule><rule name=\"A\"><match url=\"y\" /></rule>\n"
      "    <add name=\"b\" />\n"
      "  </globalRules><outboundRules /></rewrite></system.webServer>\n"
      "  <location path=\"S\"><system.webServer><rewrite><globalRules /></rewrite>\n"
      "  </system.webServer></location>\n"
      "  <location path=\"Nowhere\"><system.webServer /></location>\n"
      "</configuration>\n";
  Imported lb = Import(config);
  CHECK(Summary(lb) ==
        "applicationHost.config:8:17: error: a second site named 's'\n"
        "applicationHost.config:10:48: error: a second web farm named 'F'\n"
        "applicationHost.config:12:56: error: a second rule named 'A' in this collection\n"
        "applicationHost.config:13:6: warning: <add> in <globalRules> is not modelled\n"
        "applicationHost.config:14:18: note: outbound rules change responses, not where "
        "requests go: skipped\n"
        "applicationHost.config:15:50: warning: <globalRules> belong to the server level; "
        "ignored here\n"
        "applicationHost.config:17:19: warning: no site named 'Nowhere' in this file: its "
        "settings apply to no listener\n"
        "applicationHost.config:5:7: error: this port is already bound as http at "
        "applicationHost.config:4\n"
        "applicationHost.config:6:7: error: a second binding on the same address, port and host "
        "name\n");
  CHECK(Summary(Import("<config version=\"10.1.0\"/>")) ==
        "applicationHost.config:1:2: error: expected <configuration> as the root element, got "
        "<config>\n");
}

TEST_CASE("iis-arr: coverage counts the XML elements a warning points into") {
  Imported lb =
      Import(AppHost("    <rule name=\"r\"><match url=\"(.*)\" /><action type=\"AbortRequest\" />\n"
                     "      <extra /></rule>\n"));
  CHECK(Summary(lb) == "applicationHost.config:9:8: warning: <extra> in <rule> is not modelled\n");
  CHECK(lb.device.coverage.total == 19);
  CHECK(lb.device.coverage.understood == 18);
}

TEST_CASE("iis-arr: httpRedirect status names") {
  auto status = [](const char* name) {
    std::string config =
        "<configuration>\n"
        "  <system.applicationHost><sites><site name=\"S\" id=\"1\"><bindings>\n"
        "    <binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" />\n"
        "  </bindings></site></sites></system.applicationHost>\n"
        "  <system.webServer><httpRedirect enabled=\"true\" destination=\"https://p/\" "
        "httpResponseStatus=\"" +
        std::string(name) +
        "\" /></system.webServer>\n"
        "</configuration>\n";
    Imported lb = Import(config);
    return Summary(lb) + Answer(lb, "192.0.2.10", 80);
  };
  CHECK(status("Permanent") == "redirect 301 https://p/");
  CHECK(status("Found") == "redirect 302 https://p/");
  CHECK(status("Temporary") == "redirect 307 https://p/");
  CHECK(status("PermRedirect") == "redirect 308 https://p/");
  CHECK(status("Moved") ==
        "applicationHost.config:5:95: error: unknown httpResponseStatus 'Moved' (Permanent, "
        "Found, Temporary, PermRedirect)\nredirect 302 https://p/");
}

TEST_CASE("iis-arr: patterns that would exhaust std::regex are refused, not crashed on") {
  std::string deep(5000, '(');
  deep += std::string(5000, ')');
  Imported lb = Import(AppHost("    <rule name=\"r\"><match url=\"" + deep +
                               "\" /><action type=\"AbortRequest\" /></rule>\n"));
  CHECK(Summary(lb).rfind("applicationHost.config:8:32: error: invalid pattern '((((", 0) == 0);
  CHECK(Summary(lb).find("longer than 2000 characters, not supported") != std::string::npos);
  std::string nested(150, '(');
  nested += std::string(150, ')');
  Imported lb2 = Import(AppHost("    <rule name=\"r\"><match url=\"" + nested +
                                "\" /><action type=\"AbortRequest\" /></rule>\n"));
  CHECK(Summary(lb2).find("groups nested deeper than 100, not supported") != std::string::npos);
}

TEST_CASE("iis-arr: mutated configs never crash the importer") {
  std::string seed = ReadFixture("lync-rp.config");
  static const std::string kPieces[] = {"<",
                                        ">",
                                        "\"",
                                        "/>",
                                        "{",
                                        "}",
                                        ":",
                                        "*",
                                        "(",
                                        ")",
                                        "\\",
                                        "&",
                                        "&amp;",
                                        "</rule>",
                                        "<rule name=\"z\">",
                                        "stopProcessing=\"true\" ",
                                        "http://",
                                        "[",
                                        "]",
                                        "\xff"};
  std::mt19937 rng(7);
  int with_errors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seed;
    int edits = 1 + static_cast<int>(rng() % 5);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text.erase(at, 1 + rng() % 30);
          break;
        case 1:
          text.insert(at, kPieces[rng() % std::size(kPieces)]);
          break;
        case 2:
          text.insert(at, text.substr(rng() % text.size(), rng() % 200));
          break;
        default:
          text[at] = static_cast<char>(rng() % 256);
      }
    }
    INFO("round " << round);
    Imported imported = Import(text);
    with_errors += imported.diagnostics.HasErrors();
    for (const Diagnostic& d : imported.diagnostics.All()) CHECK_FALSE(FormatDiagnostic(d).empty());
  }
  CHECK(with_errors > 1000);
}

TEST_CASE("iis-arr: the rules the ARR console writes (Wildcard, {HTTPS} on) pick by scheme") {
  Imported lb = Import(AppHost(
      "    <rule name=\"ARR_farm_loadbalance_SSL\" enabled=\"true\" patternSyntax=\"Wildcard\"\n"
      "          stopProcessing=\"true\">\n"
      "      <match url=\"*\" />\n"
      "      <conditions><add input=\"{HTTPS}\" pattern=\"on\" /></conditions>\n"
      "      <action type=\"Rewrite\" url=\"https://farm/{R:0}\" /></rule>\n"
      "    <rule name=\"ARR_farm_loadbalance\" enabled=\"true\" patternSyntax=\"Wildcard\"\n"
      "          stopProcessing=\"true\">\n"
      "      <match url=\"*\" />\n"
      "      <conditions><add input=\"{HTTPS}\" pattern=\"of*\" /></conditions>\n"
      "      <action type=\"Rewrite\" url=\"http://farm/{R:0}\" /></rule>\n",
      "  <webFarms><webFarm name=\"farm\">\n"
      "    <server address=\"10.1.0.11\">\n"
      "      <applicationRequestRouting httpPort=\"8080\" httpsPort=\"4443\" /></server>\n"
      "  </webFarm></webFarms>\n"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "192.0.2.10", 443) == "forward 10.1.0.11:4443");
  CHECK(Line(Find(lb, "192.0.2.10", 443)->location) == 12);
  CHECK(Answer(lb, "192.0.2.10", 80) == "forward 10.1.0.11:8080");
  CHECK(Line(Find(lb, "192.0.2.10", 80)->location) == 17);
}

TEST_CASE("iis-arr: misspelt rule attributes are warned about with a suggestion") {
  Imported lb = Import(AppHost(
      "    <rule name=\"p\" stopprocessing=\"true\"><match url=\"(.*)\" negated=\"true\" />\n"
      "      <action type=\"AbortRequest\" /></rule>\n"));
  CHECK(Summary(lb) ==
        "applicationHost.config:8:20: warning: unknown attribute 'stopprocessing' of <rule> (IIS "
        "refuses it); did you mean 'stopProcessing'?\n"
        "applicationHost.config:8:60: warning: unknown attribute 'negated' of <match> (IIS "
        "refuses it); did you mean 'negate'?\n");
  CHECK(Answer(lb, "192.0.2.10", 80) == "reject");
}

TEST_CASE("iis-arr: thousands of request-dependent rules stay bounded") {
  std::string rules;
  for (int i = 0; i < 20000; ++i) {
    rules += "<rule name=\"r" + std::to_string(i) +
             "\"><match url=\"^a\" /><action type=\"None\" /></rule>\n";
  }
  Imported lb = Import(AppHost(rules));
  CHECK(Summary(lb) == "");
  // Action None without stopProcessing changes nothing, matched or not: served locally.
  CHECK(Answer(lb, "192.0.2.10", 80) == "respond 200");
  // Rules that do change the run fork until the bound; the answer is then UNKNOWN.
  rules.clear();
  for (int i = 0; i < 20000; ++i) {
    rules += "<rule name=\"r" + std::to_string(i) +
             "\"><match url=\"^a\" /><action type=\"Rewrite\" url=\"" +
             (i % 2 ? "http://farm/" : "/x") + "\" /></rule>\n";
  }
  Imported forks = Import(AppHost(rules));
  CHECK(Summary(forks) == "");
  std::string answer = Answer(forks, "192.0.2.10", 80);
  // The first path forks at every other rule until the bound, before any branch ends.
  CHECK(answer == "unknown: too many rules depend on the request to follow every combination");
  CHECK(Line(Find(forks, "192.0.2.10", 80)->unknown_at) > 8);
}

TEST_CASE("iis: a typed attribute not modelled but damaged is an error, as IIS refuses it") {
  // IIS answers 500.19 to every request when a schema-typed value does not parse.
  std::string farm = R"(<configuration><webFarms><webFarm name="f" enabled="true">
  <server address="10.0.1.1" enabled="true" />
  <applicationRequestRouting>
    <healthCheck url="http://f/" interval="zq9-undefined" />
    <protocol timeout="00:30:00" preserveHostHeader="zq9-undefined" />
  </applicationRequestRouting>
</webFarm></webFarms></configuration>
)";
  std::string summary = Summary(Import(farm));
  CHECK(summary.find("applicationHost.config:4:44: error: interval must be a time span "
                     "hh:mm:ss, got 'zq9-undefined'\n") != std::string::npos);
  CHECK(summary.find(
            "applicationHost.config:5:54: error: preserveHostHeader must be true or false") !=
        std::string::npos);
}

TEST_CASE("iis: a binding protocol IIS does not know keeps its endpoint, answering UNKNOWN") {
  std::string config = AppHost("");
  size_t at = config.find("protocol=\"https\"");
  config.replace(at, 16, "protocol=\"zq9\"");
  Imported lb = Import(config);
  CHECK_FALSE(lb.diagnostics.HasErrors());
  CHECK(Answer(lb, "192.0.2.10", 443) == "unknown: binding protocol 'zq9' is not known");
  CHECK(Summary(lb).find("applicationHost.config:4:24: warning: binding protocol 'zq9' is not "
                         "known: what answers at 192.0.2.10:443: is UNKNOWN\n") !=
        std::string::npos);
}

TEST_CASE("iis: sslFlags must be a number or flag names") {
  auto with_flags = [](const std::string& flags) {
    std::string config = AppHost("");
    size_t at = config.find("192.0.2.10:443:\"");
    config.insert(at + 16, " sslFlags=\"" + flags + "\"");
    return Summary(Import(config));
  };
  CHECK(with_flags("1").empty());
  CHECK(with_flags("Sni, CentralCertStore").empty());
  CHECK(with_flags("zq9") ==
        "applicationHost.config:4:78: error: sslFlags must be a number or "
        "flags (None, Sni, CentralCertStore, …), got 'zq9'\n");
}

TEST_CASE("iis: an application pool that is not defined makes the site's answers UNKNOWN") {
  // No worker process can start: IIS answers 503 for the application.
  auto site = [](const std::string& pool) {
    return Import(
        "<configuration><system.applicationHost>\n"
        "  <applicationPools><add name=\"DefaultAppPool\" /></applicationPools>\n"
        "  <sites><site name=\"S\" id=\"1\">\n"
        "    <application path=\"/\" applicationPool=\"" +
        pool +
        "\" />\n"
        "    <bindings><binding protocol=\"http\" bindingInformation=\"192.0.2.10:80:\" "
        "/></bindings>\n"
        "  </site></sites></system.applicationHost></configuration>\n");
  };
  CHECK(Answer(site("DefaultAppPool"), "192.0.2.10", 80) == "respond 200");
  Imported lb = site("zq9");
  CHECK(Answer(lb, "192.0.2.10", 80) == "unknown: application pool 'zq9' is not defined");
  CHECK(Summary(lb) ==
        "applicationHost.config:4:44: warning: application pool 'zq9' is not "
        "defined: IIS answers 503 there; what site 'S' answers is UNKNOWN\n");
}

TEST_CASE("iis: a site's id and serverAutoStart are checked, as IIS refuses them") {
  std::string config = AppHost("");
  config.replace(config.find("id=\"1\""), 6, "id=\"x\" serverAutoStart=\"maybe\"");
  std::string summary = Summary(Import(config));
  CHECK(summary.find("error: site id must be a number, got 'x'") != std::string::npos);
  CHECK(summary.find("error: serverAutoStart must be true or false, got 'maybe'") !=
        std::string::npos);
}

}  // namespace
}  // namespace flowaudit
