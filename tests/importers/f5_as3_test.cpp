// The F5 BIG-IP importer, AS3 declarations: services with their defaults (virtualPort,
// redirect80, snat, persistence, idle timeout), pools and members, monitors, iRules, and every
// diagnostic at the line and column of the JSON value it is about.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "importers/f5_bigip/f5_bigip_importer.h"
#include "tests/importers/f5_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  F5BigipImporter importer;
  return ImportText(importer, "as3.json", text);
}

std::string ReadFixture(const std::string& name) { return testing::ReadFixture("f5_bigip", name); }

TEST_CASE("as3: the Lync Front End pool: four services, monitors on 5061, idle timeout 1800") {
  Imported lb = Import(ReadFixture("lync-as3.json"));
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "10.1.0.100", 80) == "forward 10.1.0.11=10.1.0.11:80 10.1.0.12=10.1.0.12:80");
  CHECK(Answer(lb, "10.1.0.100", 443) == "forward 10.1.0.11=10.1.0.11:443 10.1.0.12=10.1.0.12:443");
  CHECK(Answer(lb, "10.1.0.101", 4443) ==
        "forward 10.1.0.11=10.1.0.11:4443 10.1.0.12=10.1.0.12:4443");
  CHECK(Answer(lb, "10.1.0.101", 8080) ==
        "forward 10.1.0.11=10.1.0.11:8080 10.1.0.12=10.1.0.12:8080 snat 10.1.0.5");
  CHECK(Answer(lb, "10.1.0.101", 443) == "no-listener");
  const VirtualServer& http = Vs(lb, "10.1.0.100", 80);
  CHECK(http.name == "/Contoso/LyncFE/web_int_http");
  CHECK(Line(http.location) == 13);
  CHECK(Line(http.members.at(1).location) == 48);
  CHECK(Settings(http) ==
        "persistence source-address  line 17; idle 1800 line 72; "
        "monitors sip_tls/tcp/5061 line 65; snat device");
  CHECK(Settings(Vs(lb, "10.1.0.100", 443)) ==
        "persistence source-address  line 0; idle 1800 line 72; "
        "monitors sip_tls/tcp/5061 line 65; snat device");
  CHECK(Settings(Vs(lb, "10.1.0.101", 4443)) ==
        "persistence none; idle 1800 line 72; monitors sip_tls/tcp/5061 line 65; snat none");
  CHECK(Settings(Vs(lb, "10.1.0.101", 8080)) ==
        "persistence none; idle 1800 line 72; monitors sip_tls/tcp/5061 line 65, tcp/tcp/0 "
        "line 62; snat snat-pool 10.1.0.5");
  CHECK(lb.device.virtual_servers.size() == 4);
}

TEST_CASE("as3: Service_HTTPS gets a port-80 redirect unless redirect80 is false") {
  Imported lb = Import(R"JSON({
  "class": "ADC",
  "schemaVersion": "3.50.0",
  "T": {
    "class": "Tenant",
    "A": {
      "class": "Application",
      "secure": {
        "class": "Service_HTTPS",
        "virtualAddresses": ["10.2.0.10"],
        "pool": "web",
        "serverTLS": "tls"
      },
      "secure_no80": {
        "class": "Service_HTTPS",
        "virtualAddresses": ["10.2.0.11"],
        "virtualPort": 8443,
        "redirect80": false,
        "pool": "web",
        "persistenceMethods": [{ "use": "wsman" }]
      },
      "plain": {
        "class": "Service_HTTP",
        "virtualAddresses": ["10.2.0.12", "2001:db8::12"],
        "pool": { "use": "/T/A/web" }
      },
      "web": {
        "class": "Pool",
        "minimumMembersActive": 1,
        "members": [
          { "servicePort": 443, "serverAddresses": ["10.2.1.1"], "priorityGroup": 10 },
          { "servicePort": 443, "serverAddresses": ["10.2.1.2"], "priorityGroup": 10, "enable": false },
          { "servicePort": 443, "serverAddresses": ["10.2.1.3"], "priorityGroup": 10, "adminState": "disable" },
          { "servicePort": 443, "servers": [{ "name": "spare", "address": "10.2.1.4" }] }
        ]
      },
      "wsman": { "class": "Persist", "persistenceMethod": "cookie", "cookieName": "MS-WSMAN", "httpOnly": false },
      "tls": { "class": "TLS_Server", "certificates": [{ "certificate": "cert" }] }
    }
  }
})JSON");
  CHECK(Summary(lb) == "");
  CHECK(Answer(lb, "10.2.0.10", 443) ==
        "forward 10.2.1.1=10.2.1.1:443 10.2.1.2=10.2.1.2:443(disabled) "
        "10.2.1.3=10.2.1.3:443(disabled) 10.2.1.4=10.2.1.4:443(backup)");
  CHECK(Answer(lb, "10.2.0.10", 80) == "redirect 302 https://[HTTP::host][HTTP::uri]");
  CHECK(Vs(lb, "10.2.0.10", 80).name == "/T/A/secure-Redirect-");
  CHECK(Line(Vs(lb, "10.2.0.10", 80).location) == 8);
  CHECK(Answer(lb, "10.2.0.11", 80) == "no-listener");
  CHECK(Answer(lb, "10.2.0.11", 8443) != "no-listener");
  CHECK(Answer(lb, "10.2.0.12", 80) != "no-listener");
  CHECK(Answer(lb, "2001:db8::12", 80) != "no-listener");
  CHECK(Answer(lb, "10.2.0.12", 443) == "no-listener");
  const LbSettings& secure = Vs(lb, "10.2.0.10", 443).settings;
  CHECK(secure.tls_terminated);
  CHECK(secure.persistence == Persistence::kCookie);
  CHECK(secure.persistence_name == "BIGipServer~T~A~web");
  CHECK(secure.persistence_cookie_http_only);
  CHECK_FALSE(secure.persistence_at.IsValid());
  CHECK(secure.idle_timeout_s == 300);
  CHECK_FALSE(secure.idle_timeout_at.IsValid());
  CHECK(Vs(lb, "10.2.0.10", 443).source_translation == SourceTranslation::kDeviceOwn);
  const LbSettings& wsman = Vs(lb, "10.2.0.11", 8443).settings;
  CHECK(wsman.persistence == Persistence::kCookie);
  CHECK(wsman.persistence_name == "MS-WSMAN");
  CHECK_FALSE(wsman.persistence_cookie_http_only);
  CHECK(Line(wsman.persistence_at) == 20);
  CHECK_FALSE(Vs(lb, "10.2.0.12", 80).settings.tls_terminated);
}

TEST_CASE("as3: iRules, BIG-IP references, disabled services") {
  Imported lb = Import(R"JSON({
  "class": "ADC",
  "T": {
    "class": "Tenant",
    "A": {
      "class": "Application",
      "sys": {
        "class": "Service_HTTP",
        "virtualAddresses": ["10.3.0.1"],
        "iRules": [{ "bigip": "/Common/_sys_https_redirect" }]
      },
      "custom": {
        "class": "Service_HTTP",
        "virtualAddresses": ["10.3.0.2"],
        "iRules": ["moved"]
      },
      "clever": {
        "class": "Service_HTTP",
        "virtualAddresses": ["10.3.0.3"],
        "pool": "p",
        "iRules": ["clever_rule"]
      },
      "outside": {
        "class": "Service_TCP",
        "virtualAddresses": ["10.3.0.4"],
        "virtualPort": 443,
        "pool": { "bigip": "/Common/legacy_pool" }
      },
      "off": {
        "class": "Service_TCP",
        "enable": false,
        "virtualAddresses": ["10.3.0.5"],
        "virtualPort": 443
      },
      "nopool": {
        "class": "Service_TCP",
        "virtualAddresses": ["10.3.0.6%2"],
        "virtualPort": 443,
        "allowVlans": [{ "bigip": "/Common/internal" }]
      },
      "p": { "class": "Pool", "members": [{ "servicePort": 80, "serverAddresses": ["10.3.1.1"] }] },
      "moved": { "class": "iRule", "iRule": "when HTTP_REQUEST {\n  HTTP::respond 301 Location \"https://x.contoso.com/\"\n}" },
      "clever_rule": { "class": "iRule", "iRule": "when HTTP_REQUEST {\n  if { [HTTP::uri] starts_with \"/x\" } { pool p2 }\n}" }
    }
  }
})JSON");
  CHECK(Summary(lb) ==
        "as3.json:43:51: warning: iRule clever_rule: 'if' may change where the connection goes; "
        "what clever does is unknown\n"
        "as3.json:27:17: warning: BIG-IP pool /Common/legacy_pool is outside the declaration: "
        "its members are unknown\n"
        "as3.json:31:9: note: off is disabled: it does not listen\n"
        "as3.json:39:9: warning: allowVlans: VLANs are not modelled, the service is assumed to "
        "listen on every VLAN\n"
        "as3.json:37:30: warning: route domain %2 is not modelled: the address is kept\n");
  CHECK(Answer(lb, "10.3.0.1", 80) == "redirect 302 https://[HTTP::host][HTTP::uri]");
  CHECK(Answer(lb, "10.3.0.2", 80) == "redirect 301 https://x.contoso.com/");
  CHECK(Answer(lb, "10.3.0.3", 80) == "unknown");
  CHECK(Vs(lb, "10.3.0.3", 80).unknown_reason ==
        "iRule clever_rule: 'if' may change where the connection goes");
  CHECK(Answer(lb, "10.3.0.4", 443) == "unknown");
  CHECK(Answer(lb, "10.3.0.5", 443) == "no-listener");
  CHECK(Answer(lb, "10.3.0.6", 443) == "reject");
}

TEST_CASE("as3: bad input: located errors") {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"{\"class\": \"ADC\",\n \"T\": {\"class\": \"Tenant\",\n",
       "as3.json:3:1: error: invalid JSON: syntax error while parsing object key - unexpected "
       "end of input; expected string literal\n"},
      {"{\"class\": \"AS3\"}",
       "as3.json:1:1: error: an AS3 request needs a 'declaration' object\n"},
      {"{\"class\": \"ADC\", \"T\": {\"class\": \"Tenant\", \"A\": {\"class\": \"Application\",\n"
       "  \"s\": {\"class\": \"Service_HTTP\", \"virtualAddresses\": [\"10.0.0.1\"],\n"
       "         \"pool\": \"missing\"}}}}",
       "as3.json:3:18: error: no Pool named 'missing' in the declaration\n"},
      {"{\"class\": \"ADC\", \"T\": {\"class\": \"Tenant\", \"A\": {\"class\": \"Application\",\n"
       "  \"s\": {\"class\": \"Service_TCP\", \"virtualAddresses\": [\"10.0.0.1\"]}}}}",
       "as3.json:2:8: error: Service_TCP s needs a 'virtualPort'\n"},
      {"{\"class\": \"ADC\", \"T\": {\"class\": \"Tenant\", \"A\": {\"class\": \"Application\",\n"
       "  \"s\": {\"class\": \"Service_TCP\", \"virtualPort\": 70000,\n"
       "        \"virtualAddresses\": [\"10.0.0.1\"]}}}}",
       "as3.json:2:48: error: 'virtualPort' must be a port from 0 to 65535\n"},
      {"{\"class\": \"ADC\", \"T\": {\"class\": \"Tenant\", \"A\": {\"class\": \"Application\",\n"
       "  \"s\": {\"class\": \"Service_HTTP\", \"virtualAddresses\": [\"10.0.0.300\"]}}}}",
       "as3.json:2:55: error: '10.0.0.300' is not an IP address\n"},
      {"{\"class\": \"ADC\", \"T\": {\"class\": \"Tenant\", \"A\": {\"class\": \"Application\",\n"
       "  \"s\": {\"class\": \"Service_HTTP\", \"virtualAddresses\": [\"10.0.0.1\"], \"pool\": "
       "\"p\"},\n"
       "  \"p\": {\"class\": \"Pool\", \"members\": [{\"serverAddresses\": [\"10.0.1.1\"]}]}}}}",
       "as3.json:3:38: error: a pool member needs a 'servicePort' from 0 to 65535\n"},
      {"{\"class\": \"ADC\", \"T\": {\"class\": \"Tenant\", \"A\": {\"class\": \"Application\",\n"
       "  \"s\": {\"class\": \"Service_HTTP\", \"virtualAddresses\": [\"10.0.0.1\"], \"pool\": "
       "\"p\"},\n"
       "  \"p\": {\"class\": \"Pool\", \"monitors\": [\"htp\"], \"members\": []}}}}",
       "as3.json:3:39: error: 'htp' is not a built-in monitor; refer to a Monitor with "
       "{\"use\": …}\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Imported lb = Import(c.text);
    CHECK(Summary(lb) == c.error);
    CHECK(lb.diagnostics.HasErrors());
  }
}

TEST_CASE("as3: never crashes: every prefix of the Lync declaration imports") {
  std::string text = ReadFixture("lync-as3.json");
  for (size_t n = 0; n <= text.size(); n += 5) {
    Imported lb = Import(text.substr(0, n));
    CHECK(lb.device.vendor == "f5-bigip");
  }
}

// Random edits (bytes changed, cut, repeated; braces, quotes and brackets inserted; the text
// truncated) of the tmsh example and the AS3 fixture: the importer returns normally and every
// diagnostic points inside the text.
void Fuzz(const std::string& seed, const char* name) {
  static const std::string kPieces[] = {"{",
                                        "}",
                                        "\"",
                                        "[",
                                        "]",
                                        ":",
                                        ".",
                                        "%2",
                                        "\\",
                                        "#",
                                        "\n",
                                        "when HTTP_REQUEST {",
                                        "ltm rule r {",
                                        ",",
                                        "null"};
  std::mt19937 rng(5);
  for (int round = 0; round < 1500; ++round) {
    std::string text = seed;
    for (int e = 1 + int(rng() % 5); e > 0 && !text.empty(); --e) {
      size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text[at] = static_cast<char>(rng() % 256);
          break;
        case 1:
          text.erase(at, 1 + rng() % 30);
          break;
        case 2:
          text.insert(at, kPieces[rng() % std::size(kPieces)]);
          break;
        default:
          text.insert(at, text.substr(rng() % text.size(), rng() % 60));
      }
    }
    F5BigipImporter importer;
    Imported out;
    CAPTURE(round);
    CHECK_NOTHROW(out = ImportText(importer, name, text));
    for (const Diagnostic& d : out.diagnostics.All()) {
      CHECK(d.location.offset + d.location.length <= text.size() + 1);
    }
  }
}

TEST_CASE("f5: never crashes on randomly damaged tmsh and AS3 input") {
  std::ifstream in(std::string(FLOWAUDIT_SOURCE_DIR) + "/examples/lync-f5-pool/configs/bigip.conf");
  std::stringstream tmsh;
  tmsh << in.rdbuf();
  Fuzz(
      tmsh.str() + "ltm rule /Common/r {\nwhen HTTP_REQUEST { HTTP::redirect \"https://x/\" }\n}\n",
      "bigip.conf");
  Fuzz(ReadFixture("lync-as3.json"), "as3.json");
}

TEST_CASE("as3: a listener of a class not modelled answers unknown, it does not vanish") {
  // AS3 refuses a class it does not know; the object still names its addresses and port.
  Imported lb = Import(R"({"class": "ADC", "T": {"class": "Tenant", "A": {"class": "Application",
    "v": {"class": "zq9-undefined", "virtualAddresses": ["10.0.0.1"], "virtualPort": 443},
    "w": {"class": "Service_Forwarding", "virtualAddresses": ["10.0.0.2"]}}}})");
  CHECK_FALSE(lb.diagnostics.HasErrors());
  CHECK(Answer(lb, "10.0.0.1", 443) == "unknown");
  CHECK(Answer(lb, "10.0.0.1", 443, 17) == "unknown");
  CHECK(Answer(lb, "10.0.0.1", 80) == "no-listener");
  CHECK(Answer(lb, "10.0.0.2", 8080) == "unknown");  // no port: every port
  CHECK(Summary(lb).find("as3.json:2:20: warning: class 'zq9-undefined' of v is not modelled; "
                         "what it answers is unknown\n") != std::string::npos);
}

TEST_CASE("as3: a reference to an object of another class is an error") {
  Imported lb = Import(R"({"class": "ADC", "T": {"class": "Tenant", "A": {"class": "Application",
    "v": {"class": "Service_TCP", "virtualAddresses": ["10.0.0.1"], "virtualPort": 443,
          "pool": "p"},
    "p": {"class": "Pool", "members": [{"servicePort": 443, "serverAddresses": ["10.0.1.1"]}],
          "monitors": [{"use": "m"}]},
    "m": {"class": "zq9-undefined", "monitorType": "tcp"}}}})");
  CHECK(Summary(lb).find("as3.json:6:20: error: 'm' is a zq9-undefined, not a Monitor\n") !=
        std::string::npos);
}

TEST_CASE("as3: a persistence method or monitor type AS3 does not know is reported") {
  Imported lb = Import(R"({"class": "ADC", "T": {"class": "Tenant", "A": {"class": "Application",
    "v": {"class": "Service_TCP", "virtualAddresses": ["10.0.0.1"], "virtualPort": 443,
          "pool": "p", "persistenceMethods": ["zq9-undefined"]},
    "p": {"class": "Pool", "members": [{"servicePort": 443, "serverAddresses": ["10.0.1.1"]}],
          "monitors": [{"use": "m"}]},
    "m": {"class": "Monitor", "monitorType": "zq9-undefined"}}}})");
  std::string summary = Summary(lb);
  CHECK(summary.find("as3.json:3:47: warning: persistence method 'zq9-undefined' is not an AS3 "
                     "method; modelled as other\n") != std::string::npos);
  CHECK(summary.find("as3.json:6:46: warning: monitor type 'zq9-undefined' is not an AS3 "
                     "monitorType; modelled as other\n") != std::string::npos);
  CHECK_FALSE(lb.diagnostics.HasErrors());
  CHECK(Answer(lb, "10.0.0.1", 443) == "forward 10.0.1.1=10.0.1.1:443");
}

TEST_CASE("as3: a tenant or application of another class is an error, not skipped") {
  CHECK(Summary(Import(R"({"class": "ADC", "T": {"class": "Tenant", "A": {"class": "zq9",
    "v": {"class": "Service_TCP", "virtualAddresses": ["10.0.0.1"], "virtualPort": 443}}}})")) ==
        "as3.json:1:58: error: class 'zq9' where AS3 expects class 'Application'\n");
  CHECK(Summary(Import(R"({"class": "ADC", "T": {"class": "zq9"}})")) ==
        "as3.json:1:33: error: class 'zq9' where AS3 expects class 'Tenant'\n");
}

}  // namespace
}  // namespace flowaudit
