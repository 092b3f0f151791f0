// The PAN-OS importer: objects and groups, security rules on concrete first packets with
// their zones (Filter::Evaluate names the deciding rule and its <entry> line), the default
// rules and their overrides, Panorama's rule order, NAT stages, UNKNOWN conditions
// (applications, FQDNs, dynamic groups) and every diagnostic with its exact text.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "importers/panos/panos_importer.h"
#include "models/forwarding.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  PanosImporter importer;
  return ImportText(importer, "fw.xml", text);
}

// Diagnostics other than the coverage note every import ends with.
std::string Problems(const Imported& fw) {
  std::string out;
  for (const Diagnostic& d : fw.diagnostics.All()) {
    if (d.severity == Severity::kNote && d.message.rfind("coverage:", 0) == 0) continue;
    std::string text = FormatDiagnostic(d);
    out += text.substr(0, text.find('\n')) + "\n";
  }
  return out;
}

Imported ImportClean(std::string_view text) {
  Imported fw = Import(text);
  CHECK_MESSAGE(Problems(fw).empty(), Problems(fw));
  return fw;
}

std::string Name(const Rule* rule) {
  std::string out = "'" + rule->label + "'";
  if (rule->location.IsValid()) out += " line " + std::to_string(rule->location.Start().line);
  return out;
}

// "permit 'web in' line 34", "deny 'interzone-default'", "unknown 'ssl' line 40": the verdict,
// and the rule that decided it (for UNKNOWN: the first rule whose match is uncertain).
std::string Describe(const Decision& d) {
  std::string out = VerdictName(d.verdict);
  if (d.verdict == Verdict::kUnknown && !d.uncertain.empty())
    return out + " " + Name(d.uncertain.front());
  if (d.rule) return out + " " + Name(d.rule);
  return out + " (" + d.action.name + ")";
}

std::string Verdict(const Imported& fw, const Packet& packet, const std::string& from,
                    const std::string& to, const std::string& filter = "vsys1") {
  MatchContext context;
  context.from_zone = from;
  context.to_zone = to;
  return Describe(fw.filter(filter).Evaluate(packet, context));
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(FLOWAUDIT_SOURCE_DIR) + "/tests/importers/data/panos/" + name);
  REQUIRE_MESSAGE(in.good(), name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A vsys1 running config around `body` (objects and a <rulebase>): 6 lines come first, so
// the body's first line is line 7.
std::string Vsys(const std::string& body) {
  return R"XML(<?xml version="1.0"?>
<config version="10.1.0" urldb="paloaltonetworks">
  <devices>
    <entry name="localhost.localdomain">
      <vsys>
        <entry name="vsys1">
)XML" + body +
         R"XML(
        </entry>
      </vsys>
    </entry>
  </devices>
</config>
)XML";
}

// A rule from `from` to `to` with the given members (all `any` unless given).
std::string RuleXml(const std::string& name, const std::string& inner) {
  return "<entry name=\"" + name + "\">" + inner + "</entry>\n";
}

std::string Members(const std::string& element, std::initializer_list<const char*> members) {
  std::string out = "<" + element + ">";
  for (const char* m : members) out += std::string("<member>") + m + "</member>";
  return out + "</" + element + ">";
}

// A rule with the elements of `inner`; the match elements it lacks are `any`.
std::string AnyRule(const std::string& name, const std::string& inner, const char* action) {
  std::string defaults;
  for (const char* e : {"from", "to", "source", "destination", "application", "service"}) {
    if (inner.find("<" + std::string(e) + ">") == std::string::npos)
      defaults += Members(e, {"any"});
  }
  return RuleXml(name, defaults + inner + "<action>" + action + "</action>");
}

std::string Rulebase(const std::string& rules, const std::string& extra = "") {
  return "<rulebase><security><rules>\n" + rules + "</rules></security>" + extra + "</rulebase>";
}

constexpr const char* kRunningConfig = R"XML(<?xml version="1.0"?>
<config version="10.1.0" urldb="paloaltonetworks">
  <devices>
    <entry name="localhost.localdomain">
      <vsys>
        <entry name="vsys1">
          <zone>
            <entry name="trust"><network><layer3><member>ethernet1/1</member><member>ethernet1/3</member></layer3></network></entry>
            <entry name="untrust"><network><layer3><member>ethernet1/2</member></layer3></network></entry>
            <entry name="dmz"><network><virtual-wire><member>ethernet1/4</member></virtual-wire></network></entry>
          </zone>
          <address>
            <entry name="web01"><ip-netmask>10.1.0.10</ip-netmask></entry>
            <entry name="lan"><ip-netmask>10.0.0.0/16</ip-netmask><tag><member>inside</member></tag></entry>
            <entry name="web6"><ip-netmask>2001:db8::10</ip-netmask></entry>
            <entry name="pool"><ip-range>10.1.0.100-10.1.0.150</ip-range></entry>
            <entry name="odd"><ip-wildcard>10.2.0.1/0.0.255.0</ip-wildcard></entry>
            <entry name="10.9.9.9"><ip-netmask>10.1.0.99</ip-netmask></entry>
          </address>
          <address-group>
            <entry name="WEB"><static><member>web01</member><member>web6</member><member>MORE</member></static></entry>
            <entry name="MORE"><static><member>pool</member></static></entry>
          </address-group>
          <service>
            <entry name="tcp-8443"><protocol><tcp><port>8443,9000-9001</port></tcp></protocol></entry>
            <entry name="dns-high"><protocol><udp><port>53</port><source-port>1024-65535</source-port></udp></protocol></entry>
          </service>
          <service-group>
            <entry name="web-ports"><members><member>service-https</member><member>tcp-8443</member></members></entry>
          </service-group>
          <rulebase>
            <security>
              <rules>
                <entry name="web in" uuid="0e0c1a2b-0000-4000-8000-000000000001">
                  <from><member>untrust</member></from>
                  <to><member>dmz</member></to>
                  <source><member>any</member></source>
                  <destination><member>WEB</member></destination>
                  <source-user><member>any</member></source-user>
                  <category><member>any</member></category>
                  <application><member>any</member></application>
                  <service><member>web-ports</member><member>service-http</member></service>
                  <action>allow</action>
                  <log-end>yes</log-end>
                </entry>
                <entry name="block odd">
                  <from><member>any</member></from>
                  <to><member>any</member></to>
                  <source><member>any</member></source>
                  <destination><member>odd</member></destination>
                  <application><member>any</member></application>
                  <service><member>any</member></service>
                  <action>drop</action>
                </entry>
                <entry name="dns">
                  <from><member>trust</member></from>
                  <to><member>untrust</member><member>dmz</member></to>
                  <source><member>lan</member></source>
                  <destination><member>198.51.100.53</member><member>198.51.100.64/30</member></destination>
                  <application><member>any</member></application>
                  <service><member>dns-high</member></service>
                  <action>allow</action>
                </entry>
                <entry name="named like an address">
                  <from><member>trust</member></from>
                  <to><member>dmz</member></to>
                  <source><member>any</member></source>
                  <destination><member>10.9.9.9</member><member>10.1.0.200-10.1.0.201</member></destination>
                  <application><member>any</member></application>
                  <service><member>service-http</member></service>
                  <action>allow</action>
                </entry>
                <entry name="old">
                  <from><member>any</member></from>
                  <to><member>any</member></to>
                  <source><member>any</member></source>
                  <destination><member>any</member></destination>
                  <application><member>any</member></application>
                  <service><member>any</member></service>
                  <action>allow</action>
                  <disabled>yes</disabled>
                </entry>
                <entry name="not from lan">
                  <from><member>trust</member></from>
                  <to><member>untrust</member></to>
                  <source><member>lan</member></source>
                  <destination><member>any</member></destination>
                  <negate-source>yes</negate-source>
                  <application><member>any</member></application>
                  <service><member>any</member></service>
                  <action>reset-client</action>
                </entry>
                <entry name="lan out">
                  <from><member>trust</member></from>
                  <to><member>untrust</member></to>
                  <source><member>lan</member></source>
                  <destination><member>lan</member></destination>
                  <negate-destination>yes</negate-destination>
                  <application><member>any</member></application>
                  <service><member>any</member></service>
                  <action>allow</action>
                </entry>
              </rules>
            </security>
          </rulebase>
        </entry>
      </vsys>
    </entry>
  </devices>
</config>
)XML";

TEST_CASE("panos: a vsys running config: objects, groups, literals and rules in order") {
  Imported fw = Import(kRunningConfig);
  CHECK(Problems(fw) == "fw.xml:81:29: note: rule 'old' is disabled: it does not apply\n");
  CHECK(fw.device.vendor == "panos");
  CHECK(fw.device.default_filter == "vsys1");
  CHECK(fw.device.filters.size() == 1);
  // Zones and their interfaces (layer3 and virtual-wire).
  CHECK(fw.device.interface_zones == std::map<std::string, std::string>{{"ethernet1/1", "trust"},
                                                                        {"ethernet1/2", "untrust"},
                                                                        {"ethernet1/3", "trust"},
                                                                        {"ethernet1/4", "dmz"}});
  // A host without a length, IPv6, a nested group holding a range, built-in and grouped services.
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.10", 443), "untrust", "dmz") ==
        "permit 'web in' line 34");
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.10", 8080), "untrust", "dmz") ==
        "permit 'web in' line 34");
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.10", 9001), "untrust", "dmz") ==
        "permit 'web in' line 34");
  CHECK(Verdict(fw, Tcp("2001:db8::1", "2001:db8::10", 80), "untrust", "dmz") ==
        "permit 'web in' line 34");
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.150", 8443), "untrust", "dmz") ==
        "permit 'web in' line 34");
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.151", 8443), "untrust", "dmz") ==
        "deny 'interzone-default'");
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.10", 22), "untrust", "dmz") ==
        "deny 'interzone-default'");
  CHECK(Verdict(fw, Udp("203.0.113.5", "10.1.0.10", 443), "untrust", "dmz") ==
        "deny 'interzone-default'");
  // Zones: the same packet from another zone is not matched.
  CHECK(Verdict(fw, Tcp("203.0.113.5", "10.1.0.10", 443), "trust", "dmz") ==
        "deny 'interzone-default'");
  // ip-wildcard 10.2.0.1/0.0.255.0: the third octet may vary.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.2.77.1", 80), "trust", "untrust") ==
        "deny 'block odd' line 46");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.2.77.2", 80), "trust", "untrust") ==
        "permit 'lan out' line 93");
  // Literal members, several zones, source ports.
  CHECK(Verdict(fw, Udp("10.0.3.3", "198.51.100.53", 53, 5353), "trust", "untrust") ==
        "permit 'dns' line 55");
  CHECK(Verdict(fw, Udp("10.0.3.3", "198.51.100.67", 53, 5353), "trust", "dmz") ==
        "permit 'dns' line 55");
  CHECK(Verdict(fw, Udp("10.0.3.3", "198.51.100.68", 53, 5353), "trust", "dmz") ==
        "deny 'interzone-default'");
  CHECK(Verdict(fw, Udp("10.0.3.3", "198.51.100.53", 53, 53), "trust", "dmz") ==
        "deny 'interzone-default'");
  // An object named like an address is the object; a literal range.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.1.0.99", 80), "trust", "dmz") ==
        "permit 'named like an address' line 64");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.9.9.9", 80), "trust", "dmz") == "deny 'interzone-default'");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.1.0.201", 8080), "trust", "dmz") ==
        "permit 'named like an address' line 64");
  // The disabled rule does not apply; negated source and destination.
  CHECK(Verdict(fw, Tcp("10.5.0.1", "8.8.8.8", 80), "trust", "untrust") ==
        "deny 'not from lan' line 83");
  CHECK(fw.filter("vsys1")
            .Evaluate(Tcp("10.5.0.1", "8.8.8.8", 80), {"", "", "trust", "untrust"})
            .action.kind == ActionKind::kReject);
  CHECK(Verdict(fw, Tcp("10.0.0.1", "8.8.8.8", 80), "trust", "untrust") ==
        "permit 'lan out' line 93");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "untrust") ==
        "deny 'interzone-default'");
  // The default rules: same zone allowed, different zones denied.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "trust") ==
        "permit 'intrazone-default'");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.0.0.2", 80), "dmz", "trust") == "deny 'interzone-default'");
  // 7 rules (1 disabled), 3 zones, 6 addresses, 2 groups, 2 services, 1 service group.
  CHECK(fw.device.coverage.total == 21);
  CHECK(fw.device.coverage.understood == 21);
  CHECK(fw.diagnostics.WarningCount() == 0);
}

constexpr const char* kZones = R"XML(<zone>
  <entry name="trust"><network><layer3><member>ethernet1/1</member></layer3></network></entry>
  <entry name="untrust"><network><layer3><member>ethernet1/2</member></layer3></network></entry>
  <entry name="dmz"><network><layer3><member>ethernet1/3</member></layer3></network></entry>
</zone>
)XML";

TEST_CASE("panos: rule types and the default rules, with overrides") {
  const std::string rules =
      AnyRule("same zone",
              Members("from", {"trust", "dmz"}) + Members("to", {"trust", "dmz"}) +
                  Members("destination", {"10.9.0.0/16"}) + "<rule-type>intrazone</rule-type>",
              "deny") +
      AnyRule("other zones",
              Members("destination", {"10.8.0.0/16"}) + "<rule-type>interzone</rule-type>",
              "allow");
  const std::string overrides = R"XML(
<default-security-rules><rules>
  <entry name="intrazone-default"><action>deny</action><log-end>yes</log-end></entry>
  <entry name="interzone-default"><action>allow</action></entry>
</rules></default-security-rules>)XML";
  // Lines: the zones take 7-11, the rules 13-14, the overrides 17-18.
  Imported fw = ImportClean(Vsys(kZones + Rulebase(rules, overrides)));
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.9.1.1", 80), "trust", "trust") ==
        "deny 'same zone' line 13");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.9.1.1", 80), "dmz", "dmz") == "deny 'same zone' line 13");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.9.1.1", 80), "trust", "dmz") ==
        "permit 'interzone-default' line 18");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.9.1.1", 80), "untrust", "untrust") ==
        "deny 'intrazone-default' line 17");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.8.1.1", 80), "trust", "dmz") ==
        "permit 'other zones' line 14");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.8.1.1", 80), "trust", "trust") ==
        "deny 'intrazone-default' line 17");
  // One zone unknown: the zones differ. Both unknown: either could be, so the rule and the
  // defaults (which disagree here) make it UNKNOWN.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.8.1.1", 80), "trust", "") ==
        "permit 'other zones' line 14");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.7.1.1", 80), "", "") ==
        "unknown 'intrazone-default' line 17");

  // Without overrides: intrazone allowed, interzone denied.
  Imported plain = ImportClean(Vsys(kZones + Rulebase(rules)));
  CHECK(Verdict(plain, Tcp("10.0.0.1", "10.7.1.1", 80), "untrust", "untrust") ==
        "permit 'intrazone-default'");
  CHECK(Verdict(plain, Tcp("10.0.0.1", "10.7.1.1", 80), "untrust", "trust") ==
        "deny 'interzone-default'");
  CHECK(Verdict(plain, Tcp("10.0.0.1", "10.7.1.1", 80), "", "") == "unknown 'intrazone-default'");
  const Chain& chain = plain.filter("vsys1").entry();
  REQUIRE(chain.rules.size() == 4);
  CHECK(chain.rules[2].label == "intrazone-default");
  CHECK(chain.rules[3].label == "interzone-default");

  CHECK(fw.device.coverage.understood == fw.device.coverage.total);
  // When both defaults deny, unknown zones do not matter.
  Imported both = ImportClean(Vsys(
      kZones +
      Rulebase(
          "",
          "<default-security-rules><rules><entry name=\"intrazone-default\"><action>deny</action>"
          "</entry></rules></default-security-rules>")));
  CHECK(Verdict(both, Tcp("10.0.0.1", "10.7.1.1", 80), "", "") == "deny 'interzone-default'");
}

TEST_CASE("panos: applications are App-ID conditions: UNKNOWN within their known shape") {
  const std::string apps = R"XML(<application>
  <entry name="icmp-echo-request"><category>networking</category>
    <default><ident-by-icmp-type><type>8</type></ident-by-icmp-type></default></entry>
</application>
)XML";
  const std::string rules =
      AnyRule("ssl out",
              Members("application", {"ssl"}) + Members("service", {"application-default"}),
              "allow") +
      AnyRule("echo",
              Members("application", {"icmp-echo-request"}) +
                  Members("service", {"application-default"}),
              "allow") +
      AnyRule("browsing", Members("from", {"dmz"}) + Members("application", {"web-browsing"}),
              "allow") +
      AnyRule("unlisted",
              Members("from", {"untrust"}) + Members("application", {"facebook-base"}) +
                  Members("service", {"application-default"}),
              "allow") +
      AnyRule("deny all", "", "deny");
  // Lines: applications 7-10, rules 12-16.
  Imported fw = Import(Vsys(apps + Rulebase(rules)));
  CHECK(
      Problems(fw) ==
      "fw.xml:12:190: warning: application 'ssl' is identified by App-ID (layer 7), which "
      "flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports allow\n"
      "fw.xml:13:187: warning: application 'icmp-echo-request' is identified by App-ID (layer "
      "7), which flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports "
      "allow\n"
      "fw.xml:14:230: warning: application 'web-browsing' is identified by App-ID (layer 7), "
      "which flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports allow\n"
      "fw.xml:15:195: warning: application 'facebook-base' is identified by App-ID (layer 7), "
      "which flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports allow\n");
  // ssl on its standard port: allowed only if App-ID says it is TLS.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "192.0.2.1", 443), "trust", "untrust") ==
        "unknown 'ssl out' line 12");
  // Outside the standard ports of ssl and the echo type, the rules surely do not match.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "192.0.2.1", 8443), "trust", "untrust") ==
        "deny 'deny all' line 16");
  CHECK(Verdict(fw, Udp("10.0.0.1", "192.0.2.1", 443), "trust", "untrust") ==
        "deny 'deny all' line 16");
  CHECK(Verdict(fw, Icmp("10.0.0.1", "192.0.2.1", 8), "trust", "untrust") ==
        "unknown 'echo' line 13");
  CHECK(Verdict(fw, Icmp("10.0.0.1", "192.0.2.1", 0), "trust", "untrust") ==
        "deny 'deny all' line 16");
  // web-browsing with service any: TCP on any port, never UDP.
  CHECK(Verdict(fw, Tcp("10.0.0.1", "192.0.2.1", 8081), "dmz", "untrust") ==
        "unknown 'browsing' line 14");
  CHECK(Verdict(fw, Udp("10.0.0.1", "192.0.2.1", 8081), "dmz", "untrust") ==
        "deny 'deny all' line 16");
  // An application flowaudit knows nothing of: its standard ports are unknown too.
  CHECK(Verdict(fw, Udp("10.0.0.1", "192.0.2.1", 5000), "untrust", "trust") ==
        "unknown 'unlisted' line 15");
  CHECK(fw.device.coverage.total == 6);
  CHECK(fw.device.coverage.understood == 2);  // the custom application and 'deny all'
}

TEST_CASE("panos: FQDNs, dynamic groups, external lists, regions and users are UNKNOWN") {
  const std::string objects = R"XML(<address>
  <entry name="api"><fqdn>api.example.com</fqdn></entry>
</address>
<address-group>
  <entry name="tagged"><dynamic><filter>'prod' and 'web'</filter></dynamic></entry>
</address-group>
<external-list><entry name="blocklist"><type><ip><url>https://example.com/l</url></ip></type></entry></external-list>
)XML";
  const std::string rules =
      AnyRule("to api", Members("destination", {"api"}), "allow") +
      AnyRule("to tagged", Members("destination", {"tagged"}), "allow") +
      AnyRule("from list", Members("source", {"blocklist"}), "deny") +
      AnyRule("from US", Members("source", {"US"}), "deny") +
      AnyRule("alice", Members("source-user", {"corp\\alice"}), "allow") +
      AnyRule("typo", Members("destination", {"web-srv"}), "allow") +
      AnyRule("web", Members("destination", {"192.0.2.80"}) + Members("service", {"service-http"}),
              "allow");
  // Lines: objects 7-13, rules 15-21.
  Imported fw = Import(Vsys(objects + Rulebase(rules)));
  CHECK(
      Problems(fw) ==
      "fw.xml:8:27: warning: address 'api' is an FQDN (api.example.com), resolved by the device "
      "at run time; rules using it are UNKNOWN\n"
      "fw.xml:11:25: warning: address-group 'tagged' is dynamic ('prod' and 'web'): its members "
      "are registered at run time; rules using it are UNKNOWN\n"
      "fw.xml:17:236: warning: external dynamic list 'blocklist' is fetched by the device at run "
      "time; rules using it are UNKNOWN\n"
      "fw.xml:18:234: warning: region 'US' is matched by geolocation, which flowaudit does not "
      "know; rules using it are UNKNOWN\n"
      "fw.xml:19:274: warning: <source-user> 'corp\\alice' is not visible in packet headers; rule "
      "'alice' is UNKNOWN where it matters\n"
      "fw.xml:20:226: error: unknown address or address-group 'web-srv'\n");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "192.0.2.80", 80), "trust", "untrust") ==
        "unknown 'from list' line 17");
  CHECK(fw.device.coverage.understood == 1);  // 'web' only
}

TEST_CASE("panos: nested groups; a group cycle is an error at the member that closes it") {
  const std::string objects = R"XML(<address>
  <entry name="a1"><ip-netmask>10.0.0.1</ip-netmask></entry>
</address>
<address-group>
  <entry name="A"><static><member>a1</member><member>B</member></static></entry>
  <entry name="B"><static><member>A</member></static></entry>
</address-group>
<service-group>
  <entry name="S"><members><member>T</member></members></entry>
  <entry name="T"><members><member>service-https</member><member>S</member></members></entry>
</service-group>
)XML";
  const std::string rules = AnyRule("loop", Members("destination", {"A"}), "allow") +
                            AnyRule("svc loop", Members("service", {"S"}), "allow");
  // Lines: objects 7-17, rules 19-20.
  Imported fw = Import(Vsys(objects + Rulebase(rules)));
  CHECK(Problems(fw) ==
        "fw.xml:12:35: error: address-group cycle: A -> B -> A\n"
        "fw.xml:16:66: error: service-group cycle: S -> T -> S\n");
  CHECK(Verdict(fw, Tcp("10.0.0.2", "10.0.0.1", 80), "trust", "untrust") ==
        "permit 'loop' line 19");
  CHECK(Verdict(fw, Tcp("10.0.0.2", "10.0.0.9", 443), "trust", "untrust") ==
        "permit 'svc loop' line 20");
  CHECK(Verdict(fw, Tcp("10.0.0.2", "10.0.0.9", 80), "trust", "untrust") ==
        "unknown 'loop' line 19");
}

TEST_CASE("panos: address-groups nested 100 deep stop at 64 levels") {
  std::string groups =
      "<address><entry name=\"a1\"><ip-netmask>10.0.0.1</ip-netmask></entry>"
      "</address>\n<address-group>\n";
  for (int i = 0; i < 100; ++i) {
    groups += "<entry name=\"G" + std::to_string(i) + "\"><static><member>G" +
              std::to_string(i + 1) + "</member></static></entry>\n";
  }
  groups += "<entry name=\"G100\"><static><member>a1</member></static></entry>\n</address-group>\n";
  // Lines: address 7, groups G0-G100 9-109, the rule 112; G63 names the 65th level.
  Imported fw =
      Import(Vsys(groups + Rulebase(AnyRule("deep", Members("destination", {"G0"}), "allow"))));
  CHECK(Problems(fw) == "fw.xml:72:35: error: address-groups nested deeper than 64 levels\n");
  CHECK(Verdict(fw, Tcp("10.0.0.2", "10.0.0.1", 80), "trust", "untrust") ==
        "unknown 'deep' line 112");
}

TEST_CASE("panos: groups naming the same groups over and over stop at the expansion budget") {
  // G<i> and H<i> each name both G<i+1> and H<i+1>: G0 expands to 2^40 copies of a1 while no
  // group nests deeper than 41. The first reference over the budget is the error.
  std::string groups =
      "<address><entry name=\"a1\"><ip-netmask>10.0.0.1</ip-netmask></entry>"
      "</address>\n<address-group>\n";
  for (int i = 0; i < 40; ++i) {
    std::string next = "<static><member>G" + std::to_string(i + 1) + "</member><member>H" +
                       std::to_string(i + 1) + "</member></static>";
    for (const char* name : {"G", "H"}) {
      groups +=
          "<entry name=\"" + std::string(name) + std::to_string(i) + "\">" + next + "</entry>\n";
    }
  }
  groups +=
      "<entry name=\"G40\"><static><member>a1</member></static></entry>\n"
      "<entry name=\"H40\"><static><member>a1</member></static></entry>\n"
      "</address-group>\n";
  PanosImporter importer;
  Imported fw = ImportPastExpansionBudget(
      importer, "fw.xml",
      Vsys(groups + Rulebase(AnyRule("wide", Members("destination", {"G0"}), "allow"))),
      "address-group");
  CHECK(Verdict(fw, Tcp("10.0.0.2", "10.0.0.1", 80), "trust", "untrust").rfind("unknown", 0) == 0);
}

TEST_CASE("panos: Panorama: shared and device-group rules in PAN-OS order, lookups up the tree") {
  Imported fw = Import(ReadFixture("panorama.xml"));
  CHECK(Problems(fw) ==
        "fw.xml:65:9: note: the forward pipeline uses device group 'DG1'; query "
        "the others with --filter\n");
  CHECK(fw.device.default_filter == "DG1");
  CHECK(fw.device.filters.size() == 2);
  CHECK(fw.device.interface_zones ==
        std::map<std::string, std::string>{{"ethernet1/1", "inside"}, {"ethernet1/2", "outside"}});
  // DG1: shared pre, DG1 pre, DG1 post, shared post, defaults (interzone overridden in shared).
  auto dg1 = [&](const char* dst, const char* to = "outside") {
    return Verdict(fw, Tcp("10.9.0.1", dst, 80), "inside", to, "DG1");
  };
  CHECK(dg1("10.0.0.1") == "deny 'shared pre' line 11");
  CHECK(dg1("10.0.0.2") == "permit 'dg1 pre' line 72");
  CHECK(dg1("10.0.0.5") == "permit 'dg1 pre' line 72");  // a shared object
  CHECK(dg1("10.0.0.3") == "deny 'dg1 post' line 87");
  CHECK(dg1("10.0.0.4") == "permit 'shared post' line 26");
  CHECK(dg1("10.0.0.7") == "deny 'dg1 post' line 87");  // DG1's own 'shadowed'
  CHECK(dg1("10.0.0.6") == "deny 'interzone-default' line 39");
  CHECK(fw.filter("DG1")
            .Evaluate(Tcp("10.9.0.1", "10.0.0.6", 80), {"", "", "inside", "outside"})
            .action.name == "reset-both");
  CHECK(dg1("10.0.0.6", "inside") == "permit 'intrazone-default'");
  // DG2 under DG1: ancestors' pre-rules first, their post-rules after its own; names resolve
  // in DG2, then DG1, then shared.
  auto dg2 = [&](const char* dst) {
    return Verdict(fw, Tcp("10.9.0.1", dst, 80), "inside", "outside", "DG2");
  };
  CHECK(dg2("10.0.0.1") == "deny 'shared pre' line 11");
  CHECK(dg2("10.0.0.2") == "permit 'dg1 pre' line 72");
  CHECK(dg2("10.0.0.3") == "deny 'dg2 pre' line 104");
  CHECK(dg2("10.0.0.7") == "permit 'dg2 post' line 119");
  CHECK(dg2("10.0.0.6") == "deny 'interzone-default' line 39");
  CHECK(dg2("10.0.0.4") == "permit 'shared post' line 26");
}

TEST_CASE("panos: NAT: destination and source stages after the security stage") {
  const std::string nat = R"XML(<nat><rules>
<entry name="web dnat"><from><member>untrust</member></from><to><member>untrust</member></to><source><member>any</member></source><destination><member>203.0.113.10</member></destination><service>service-http</service><destination-translation><translated-address>10.1.0.10</translated-address><translated-port>8080</translated-port></destination-translation></entry>
<entry name="no nat"><from><member>trust</member></from><to><member>trust</member></to><source><member>any</member></source><destination><member>any</member></destination><service>any</service></entry>
<entry name="out snat"><from><member>trust</member></from><to><member>untrust</member></to><source><member>10.0.0.0/16</member></source><destination><member>any</member></destination><service>any</service><source-translation><dynamic-ip-and-port><interface-address><interface>ethernet1/2</interface><ip>203.0.113.1/24</ip></interface-address></dynamic-ip-and-port></source-translation></entry>
<entry name="static"><from><member>dmz</member></from><to><member>untrust</member></to><source><member>10.2.0.5</member></source><destination><member>any</member></destination><service>any</service><source-translation><static-ip><translated-address>203.0.113.55</translated-address></static-ip></source-translation></entry>
<entry name="masq"><from><member>dmz</member></from><to><member>untrust</member></to><source><member>any</member></source><destination><member>any</member></destination><service>any</service><source-translation><dynamic-ip-and-port><interface-address><interface>ethernet1/2</interface></interface-address></dynamic-ip-and-port></source-translation></entry>
<entry name="both"><from><member>untrust</member></from><to><member>untrust</member></to><source><member>any</member></source><destination><member>203.0.113.20</member></destination><service>any</service><source-translation><static-ip><translated-address>10.1.0.1</translated-address></static-ip></source-translation><destination-translation><translated-address>10.1.0.20</translated-address></destination-translation></entry>
</rules></nat>)XML";
  // Lines: zones 7-11, the security rule 13, NAT rules 15-20.
  Imported fw = ImportClean(Vsys(kZones + Rulebase(AnyRule("all", "", "allow"), nat)));
  REQUIRE(fw.device.forward.size() == 3);
  CHECK(fw.device.forward[0].kind == StageKind::kFilter);
  CHECK(fw.device.forward[0].filter.name() == "vsys1");
  CHECK(fw.device.forward[1].kind == StageKind::kDestinationNat);
  CHECK(fw.device.forward[2].kind == StageKind::kSourceNat);
  auto stage = [&](const char* filter, const Packet& p, const char* from, const char* to) {
    MatchContext c;
    c.from_zone = from;
    c.to_zone = to;
    Decision d = fw.filter(filter).Evaluate(p, c);
    std::string out = d.rule
                          ? d.rule->label + " line " + std::to_string(d.rule->location.Start().line)
                          : "(" + d.action.name + ")";
    switch (d.action.kind) {
      case ActionKind::kDnat:
        return out + ": dnat to " + d.action.nat.ToString();
      case ActionKind::kSnat:
        return out + ": snat to " + d.action.nat.ToString();
      case ActionKind::kMasquerade:
        return out + ": masquerade";
      default:
        return out + ": " + d.action.name;
    }
  };
  const char* dnat = "vsys1:nat-destination";
  const char* snat = "vsys1:nat-source";
  // The destination stage; its `to` zone is the pre-NAT one, so the context's (post-NAT) zone
  // does not matter for rules that translate the destination.
  CHECK(stage(dnat, Tcp("198.51.100.1", "203.0.113.10", 80), "untrust", "dmz") ==
        "web dnat line 15: dnat to 10.1.0.10:8080");
  CHECK(stage(dnat, Tcp("198.51.100.1", "203.0.113.10", 443), "untrust", "dmz") ==
        "(no NAT rule): no NAT rule");
  CHECK(stage(dnat, Tcp("10.0.1.1", "198.51.100.1", 443), "trust", "untrust") ==
        "out snat line 17: no destination translation");
  CHECK(stage(dnat, Tcp("198.51.100.1", "203.0.113.20", 22), "untrust", "dmz") ==
        "both line 20: dnat to 10.1.0.20");
  // The source stage sees translated destinations.
  CHECK(stage(snat, Tcp("198.51.100.1", "10.1.0.10", 8080), "untrust", "dmz") ==
        "web dnat line 15: no source translation");
  CHECK(stage(snat, Tcp("198.51.100.1", "10.1.0.20", 22), "untrust", "dmz") ==
        "both line 20: snat to 10.1.0.1");
  CHECK(stage(snat, Tcp("10.0.1.1", "10.0.2.2", 443), "trust", "trust") ==
        "no nat line 16: no source translation");
  CHECK(stage(snat, Tcp("10.0.1.1", "198.51.100.1", 443), "trust", "untrust") ==
        "out snat line 17: snat to 203.0.113.1");
  CHECK(stage(snat, Tcp("10.2.0.5", "198.51.100.1", 443), "dmz", "untrust") ==
        "static line 18: snat to 203.0.113.55");
  CHECK(stage(snat, Tcp("10.2.0.6", "198.51.100.1", 443), "dmz", "untrust") ==
        "masq line 19: masquerade");
  // The whole pipeline: security on the pre-NAT packet, then both translations.
  HopContext hop{"", "", "untrust", "dmz"};
  ConcreteHop trace = TraceForward(fw.device, Tcp("198.51.100.1", "203.0.113.20", 22), hop);
  REQUIRE(trace.steps.size() == 3);
  CHECK(trace.steps[0].outcome == "permit");
  CHECK(trace.steps[1].outcome == "dnat to 10.1.0.20");
  CHECK(trace.steps[2].outcome == "snat to 10.1.0.1");
  REQUIRE(trace.out.has_value());
  CHECK(trace.out->ToString() == "10.1.0.1:40000 -> 10.1.0.20:22 tcp");
  CHECK(fw.device.coverage.total == 10);  // 3 zones, 1 security rule, 6 NAT rules
  CHECK(fw.device.coverage.understood == 10);
}

TEST_CASE("panos: XML errors and missing parts are located errors") {
  CHECK(Problems(Import("<config version=\"10.1.0\">\n  <devices>\n</config>\n")) ==
        "fw.xml:3:3: error: mismatched closing tag '</config>': expected '</devices>' (opened at "
        "2:3)\n");
  CHECK(Problems(Import("<configuration/>")) ==
        "fw.xml:1:2: error: expected <config> (or an API <response>) as the root element, got "
        "<configuration>\n");
  CHECK(Problems(Import("<config version=\"10.1.0\"><devices/></config>")) ==
        "fw.xml:1:2: error: no vsys or device-group entries under <devices>: nothing to import\n");
  CHECK(Problems(Import("<response status=\"error\"><msg>denied</msg></response>")) ==
        "fw.xml:1:19: error: the API response has status 'error'\n");
  const std::string rules =
      RuleXml("no action", Members("from", {"any"}) + Members("to", {"any"}) +
                               Members("source", {"any"}) + Members("destination", {"any"}) +
                               Members("application", {"any"}) + Members("service", {"any"})) +
      AnyRule("bad action", "", "permit") +
      AnyRule("odd element", "<frobnicate>yes</frobnicate>", "allow") +
      AnyRule("bad zone list", "<from><zone>trust</zone></from>", "allow");
  const std::string objects = R"XML(<service>
  <entry name="bad port"><protocol><tcp><port>80,htp</port></tcp></protocol></entry>
  <entry name="icmp svc"><protocol><icmp/></protocol></entry>
</service>
<address><entry name="bad"><ip-netmask>10.0.0.0/33</ip-netmask></entry></address>
)XML";
  // Lines: objects 7-11, rules 13-16.
  Imported fw = Import(Vsys(objects + Rulebase(rules)));
  CHECK(
      Problems(fw) ==
      "fw.xml:11:40: error: invalid <ip-netmask> '10.0.0.0/33' in address 'bad': prefix length 33 "
      "is out of range 0-32 for IPv4\n"
      "fw.xml:8:47: error: invalid <port> in service 'bad port': invalid port 'htp' (expected "
      "PORT or PORT-PORT, 0-65535)\n"
      "fw.xml:9:37: warning: unknown protocol <icmp> in service 'icmp svc' (expected tcp, udp or "
      "sctp); rules using it are UNKNOWN\n"
      "fw.xml:13:1: error: rule 'no action' has no <action>\n"
      "fw.xml:14:266: error: unknown action 'permit' (expected allow, deny, drop, reset-client, "
      "reset-server or reset-both)\n"
      "fw.xml:15:260: warning: unknown element <frobnicate> in security rule 'odd element'; rule "
      "'odd element' is UNKNOWN where it matters\n"
      "fw.xml:16:235: warning: unexpected <zone> in <from> (expected <member>)\n"
      "fw.xml:16:228: error: empty <from> in rule 'bad zone list'\n");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "untrust") ==
        "unknown 'no action' line 13");
}

TEST_CASE("panos: a Capirca paloalto generator output (the differential harness's input)") {
  // Generated by capirca's paloaltofw from data/panos/capirca/policy.pol.
  Imported fw = Import(ReadFixture("capirca_paloalto.xml"));
  CHECK(Problems(fw) ==
        "fw.xml:129:29: warning: application 'icmp-echo-request' is identified by App-ID (layer "
        "7), which flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports "
        "allow\n"
        "fw.xml:154:29: warning: application 'icmp' is identified by App-ID (layer 7), which "
        "flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports allow\n"
        "fw.xml:179:29: warning: application 'gre' is identified by App-ID (layer 7), which "
        "flowaudit cannot see: rules naming it are UNKNOWN for the packets its ports allow\n");
  auto in = [&](const Packet& p) { return Verdict(fw, p, "untrust", "trust"); };
  CHECK(in(Tcp("198.51.100.1", "192.0.2.10", 80)) == "permit 'allow-web' line 58");
  CHECK(in(Tcp("2001:db8::99", "2001:db8::10", 443)) == "permit 'allow-web' line 58");
  CHECK(in(Tcp("198.51.100.1", "192.0.2.10", 8080, 1000)) == "deny 'deny-all' line 210");
  CHECK(in(Udp("10.1.2.3", "10.2.0.53", 53)) == "permit 'allow-dns' line 83");
  CHECK(in(Tcp("172.16.9.9", "10.2.0.53", 53)) == "permit 'allow-dns' line 83");
  CHECK(in(Udp("192.168.1.1", "10.2.0.53", 53, 53)) == "deny 'deny-all' line 210");
  CHECK(in(Icmp("198.51.100.1", "192.0.2.10", 8)) == "unknown 'ping' line 110");
  CHECK(in(Icmp("198.51.100.1", "192.0.2.10", 3)) == "unknown 'any-icmp' line 135");
  CHECK(in(Make("198.51.100.1", "192.0.2.10", protocol::kGre)) == "unknown 'gre-in' line 160");
  CHECK(in(Tcp("198.51.100.1", "192.0.2.99", 22, 40000)) == "deny 'src-high' line 185");
  CHECK(fw.filter("vsys1")
            .Evaluate(Tcp("198.51.100.1", "192.0.2.99", 22, 40000), {"", "", "untrust", "trust"})
            .action.name == "reset-client");
  CHECK(in(Tcp("198.51.100.1", "192.0.2.99", 22, 1000)) == "deny 'deny-all' line 210");
  auto out = [&](const Packet& p, const char* to) { return Verdict(fw, p, "trust", to); };
  CHECK(out(Tcp("10.7.7.7", "203.0.113.9", 25), "untrust") == "permit 'out-any' line 235");
  CHECK(out(Tcp("192.168.7.7", "203.0.113.9", 25), "untrust") == "deny 'interzone-default'");
  // inet6 header: the negated any-ipv4 object (0.0.0.0-255.255.255.255) leaves IPv6 only.
  CHECK(out(Tcp("2001:db8::1", "2001:db8::2", 25), "dmz") == "deny 'v6-deny' line 257");
  CHECK(out(Tcp("10.7.7.7", "10.8.8.8", 25), "dmz") == "deny 'interzone-default'");
  CHECK(fw.device.coverage.total == 23);       // 9 rules, 14 objects
  CHECK(fw.device.coverage.understood == 20);  // all but the rules naming applications
}

TEST_CASE("panos: sniff and the importer table") {
  CHECK(SniffPanos(ReadFixture("capirca_paloalto.xml")));
  CHECK(SniffPanos(ReadFixture("panorama.xml")));
  CHECK(SniffPanos("<response status=\"success\"><result><config version=\"10.1.0\">"));
  CHECK_FALSE(
      SniffPanos("<?xml version=\"1.0\"?>\n<configuration><system.webServer/></configuration>"));
  CHECK_FALSE(SniffPanos("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  const ImporterInfo* info = FindImporter("panos");
  REQUIRE(info != nullptr);
  CHECK(std::string(MaturityName(info->status)) == "alpha");
  CHECK(SniffImporter(ReadFixture("capirca_paloalto.xml")) == info);
}

TEST_CASE("panos: an API response around a running config") {
  Imported fw = ImportClean("<response status=\"success\"><result>" +
                            Vsys(kZones + Rulebase(AnyRule("all", "", "deny"))).substr(22) +
                            "</result></response>");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "untrust") == "deny 'all' line 12");
}

TEST_CASE("panos: several vsys: one filter each, shared objects, the forward stage by from-zone") {
  auto vsys = [](const char* name, const char* inside, const char* outside, const char* port,
                 const std::string& rules) {
    return std::string("<entry name=\"") + name + "\"><zone><entry name=\"" + inside +
           "\"><network><layer3><member>ethernet1/" + port +
           "</member></layer3></network></entry>" + "<entry name=\"" + outside + "\"/></zone>" +
           Rulebase(rules) + "</entry>\n";
  };
  Imported fw = ImportClean(
      "<config version=\"10.1.0\"><shared><address><entry name=\"common\"><ip-netmask>192.0.2.1"
      "</ip-netmask></entry></address></shared><devices><entry name=\"localhost.localdomain\">"
      "<vsys>\n" +
      vsys("vsys1", "trust1", "out1", "1",
           AnyRule("to common", Members("destination", {"common"}), "allow")) +
      vsys("vsys2", "trust2", "out2", "2",
           AnyRule("not common", Members("destination", {"common"}), "deny")) +
      "</vsys></entry></devices></config>");
  CHECK(fw.device.default_filter == "vsys1");
  CHECK(fw.device.interface_zones ==
        std::map<std::string, std::string>{{"ethernet1/1", "trust1"}, {"ethernet1/2", "trust2"}});
  CHECK(Verdict(fw, Tcp("10.0.0.1", "192.0.2.1", 80), "trust1", "out1") ==
        "permit 'to common' line 3");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "192.0.2.1", 80), "trust2", "out2", "vsys2") ==
        "deny 'not common' line 6");
  REQUIRE(fw.device.forward.size() == 1);
  const Filter& forward = fw.device.forward[0].filter;
  auto through = [&](const char* from, const char* to) {
    return Describe(forward.Evaluate(Tcp("10.0.0.1", "192.0.2.1", 80), {"", "", from, to}));
  };
  CHECK(through("trust1", "out1") == "permit 'to common' line 3");
  CHECK(through("trust2", "out2") == "deny 'not common' line 6");
  CHECK(through("trust2", "trust2") == "deny 'not common' line 6");
  CHECK(through("elsewhere", "out1") == "unknown (from-zone in no vsys)");
}

TEST_CASE("panos: unknown attributes on rules and objects are warnings") {
  Imported fw =
      Import(Vsys("<address><entry name=\"a\" color=\"red\"><ip-netmask>10.0.0.1</ip-netmask>"
                  "</entry></address>\n" +
                  Rulebase(AnyRule("r", "", "allow"))));
  CHECK(Problems(fw) == "fw.xml:7:26: warning: unknown attribute 'color' on <entry> (ignored)\n");
  CHECK(fw.device.coverage.understood == 1);  // the rule; the address has the warning
}

TEST_CASE("panos: a device-group hierarchy that loops is cut, with a warning") {
  Imported fw = Import(
      "<config version=\"10.2.0\"><devices><entry name=\"localhost.localdomain\"><device-group>\n"
      "<entry name=\"A\"><pre-rulebase><security><rules>" +
      AnyRule("a", Members("destination", {"10.0.0.1"}), "deny") +
      "</rules></security></pre-rulebase></entry>\n"
      "<entry name=\"B\"/>\n"
      "</device-group></entry></devices><readonly><devices><entry name=\"localhost.localdomain\">"
      "<device-group><entry name=\"A\"><parent-dg>B</parent-dg></entry>"
      "<entry name=\"B\"><parent-dg>A</parent-dg></entry></device-group></entry></devices>"
      "</readonly></config>");
  CHECK(Problems(fw) ==
        "fw.xml:2:2: warning: device group 'A' is its own ancestor; its parent is taken to be "
        "shared\n"
        "fw.xml:2:1: note: the forward pipeline uses device group 'A'; query the others with "
        "--filter\n");
  // B's parent is still A: A's pre-rules come first in B, once.
  CHECK(Verdict(fw, Tcp("10.0.0.2", "10.0.0.1", 80), "x", "y", "B") == "deny 'a' line 2");
  CHECK(fw.filter("B").entry().rules.size() == 3);
}

TEST_CASE("panos: a rule naming a zone its vsys does not define is UNKNOWN where it matters") {
  // Lines: zones 7-11, the rule 13. The firewall refuses to commit an undefined zone, so which
  // zone was meant is unknown: never a definite deny for the zone it may have meant.
  Imported fw =
      Import(Vsys(kZones + Rulebase(AnyRule("typo", Members("from", {"trsut"}), "allow"))));
  CHECK(Problems(fw) ==
        "fw.xml:13:233: warning: zone 'trsut' is not defined in vsys1 (its zones: "
        "dmz, trust, untrust); rule 'typo' is UNKNOWN where it matters\n");
  CHECK(Verdict(fw, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "untrust").rfind("unknown", 0) == 0);
}

}  // namespace
}  // namespace flowaudit
