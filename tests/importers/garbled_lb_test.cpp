// The UNKNOWN guarantee under damaged input, for the load-balancer and reverse-proxy importers:
// one random statement line of a virtual server, frontend, backend, pool, member, binding or
// rewrite rule of a valid example is garbled (replaced by words no format knows; in XML and
// JSON one value becomes a name nothing defines, the file staying well-formed). Either the
// import fails with an error there, or the damage is reported there and every original virtual
// server endpoint keeps its answer (mode, active members, source translation, redirect) or
// becomes UNKNOWN — a virtual server never vanishes or changes its answer silently.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "importers/importer.h"
#include "tests/importers/garble_util.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using testing::Imported;
using testing::IndentOf;
using testing::LineAt;
using testing::ReplaceLine;

enum class Syntax {
  kSections,  // HAProxy: an unindented keyword opens a section up to the next; NetScaler: flat
  kBraces,    // NGINX, tmsh: statements end with ';' (NGINX) or the line, blocks use braces
  kXml,       // IIS: one attribute value is damaged
  kJson,      // AS3: one string value is damaged
};

struct Case {
  const char* vendor;
  std::string text;
  Syntax syntax;
  // The device runs each line on its own and skips one it cannot parse (NetScaler's batch
  // CLI): the config without that line is then also a correct answer.
  bool device_skips_bad_lines = false;
};

Imported Import(const Case& c, const std::string& text) {
  return testing::ImportText(*FindImporter(c.vendor)->create(), "lb.cfg", text);
}

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// The last line of the block that opens on `line`, or `line` when none opens there.
int BlockEnd(const std::string& text, int line, Syntax syntax) {
  std::string row = LineAt(text, line);
  int lines = LineCount(text);
  if (syntax == Syntax::kSections) {
    if (row.empty() || row[0] == ' ' || row[0] == '\t' || row[0] == '#') return line;
    int last = line;
    for (int l = line + 1; l <= lines; ++l) {
      std::string next = LineAt(text, l);
      if (!next.empty() && next[0] != ' ' && next[0] != '\t' && next[0] != '#') break;
      if (next.find_first_not_of(" \t") != std::string::npos) last = l;
    }
    return last;
  }
  if (syntax == Syntax::kXml) {
    size_t open = row.find('<');
    if (open == std::string::npos || row.find("/>") != std::string::npos) return line;
    size_t name_end = row.find_first_of(" >", open);
    std::string close = "</" + row.substr(open + 1, name_end - open - 1) + ">";
    if (row.find(close) != std::string::npos) return line;
    for (int l = line + 1; l <= lines; ++l) {
      if (LineAt(text, l).find(close) != std::string::npos) return l;
    }
    return line;
  }
  int depth = 0;
  for (int l = line; l <= lines; ++l) {
    for (char ch : LineAt(text, l)) {
      if (ch == '{' || ch == '[') ++depth;
      if (ch == '}' || ch == ']') --depth;
    }
    if (depth <= 0) return l;
  }
  return line;
}

// An XML attribute whose value is free text (a name nothing refers to, a URL, a pattern, an
// input string): any text is valid there, so renaming it is no damage, only another config.
bool FreeText(const std::string& row, size_t quote) {
  size_t begin = row.find_last_of(" \t", quote - 1) + 1;
  std::string attribute = row.substr(begin, quote - 1 - begin);
  static const std::set<std::string> free = {
      "name", "url", "pattern", "input", "physicalPath", "path", "managedRuntimeVersion"};
  // A web farm's name is what rewrite rules refer to.
  if (attribute == "name" && row.find("<webFarm ") != std::string::npos) return false;
  return free.count(attribute) > 0;
}

// Every way to damage line `line`: the whole statement replaced, or one value renamed.
std::vector<std::string> Garblings(const std::string& text, int line, Syntax syntax) {
  std::string row = LineAt(text, line);
  std::string body = row.substr(IndentOf(row).size());
  if (body.empty() || body[0] == '#') return {};
  std::vector<std::string> out;
  if (syntax == Syntax::kSections || syntax == Syntax::kBraces) {
    // A line that opens or closes a block stays: damaging it breaks the nesting, which every
    // parser reports as a syntax error somewhere else.
    if (body.find_first_of("{}") != std::string::npos) return {};
    bool statement_ends = syntax == Syntax::kBraces && body.back() == ';';
    return {
        ReplaceLine(text, line, IndentOf(row) + (statement_ends ? "zq9 zq9 zq9;" : "zq9 zq9 zq9"))};
  }
  // XML: each attribute value; JSON: each string value (a quoted string that is not a key).
  for (size_t at = row.find('"'); at != std::string::npos;) {
    size_t end = row.find('"', at + 1);
    if (end == std::string::npos) break;
    bool value = syntax == Syntax::kXml
                     ? at > 0 && row[at - 1] == '=' && !FreeText(row, at)
                     : row.find_first_not_of(' ', end + 1) == std::string::npos ||
                           row[row.find_first_not_of(' ', end + 1)] != ':';
    if (value && body.rfind("<?", 0) != 0) {
      out.push_back(row.substr(0, at + 1) + "zq9-undefined" + row.substr(end));
    }
    at = row.find('"', end + 1);
  }
  for (std::string& damaged : out) damaged = ReplaceLine(text, line, damaged);
  return out;
}

// The first line of the block that encloses `line` (a section, a brace block, an element),
// or 0 at the top level.
int Enclosing(const std::string& text, int line, Syntax syntax) {
  for (int l = line - 1; l >= 1; --l) {
    int end = BlockEnd(text, l, syntax);
    if (end > l && end >= line) return l;
  }
  return 0;
}

// The lines a located construct of the original import covers, with its block and the two
// blocks around it (a member's pool, a directive's server, a rule's rule set).
void AddSpan(const SourceRange& where, const std::string& text, Syntax syntax,
             std::set<std::pair<int, int>>& spans) {
  if (!where.IsValid()) return;
  int first = where.Start().line;
  spans.insert({first, BlockEnd(text, first, syntax)});
  for (int level = 0, l = first; level < 2 && (l = Enclosing(text, l, syntax)) > 0; ++level) {
    spans.insert({l, BlockEnd(text, l, syntax)});
  }
}

// Whether `word` occurs in `row` delimited by neither letters, digits nor '_', '-', '.'.
bool HasWord(const std::string& row, const std::string& word) {
  auto part = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  for (size_t at = row.find(word); at != std::string::npos; at = row.find(word, at + 1)) {
    size_t end = at + word.size();
    if ((at == 0 || !part(row[at - 1])) && (end == row.size() || !part(row[end]))) return true;
  }
  return false;
}

std::set<std::pair<int, int>> Spans(const Device& device, const std::string& text, Syntax syntax) {
  std::set<std::pair<int, int>> spans;
  for (const VirtualServer& vs : device.virtual_servers) {
    AddSpan(vs.location, text, syntax, spans);
    AddSpan(vs.unknown_at, text, syntax, spans);
    AddSpan(vs.settings.persistence_at, text, syntax, spans);
    AddSpan(vs.settings.idle_timeout_at, text, syntax, spans);
    for (const HealthMonitor& m : vs.settings.monitors) AddSpan(m.location, text, syntax, spans);
    for (const PoolMember& member : vs.members) {
      AddSpan(member.location, text, syntax, spans);
      for (const HealthMonitor& m : member.monitors) AddSpan(m.location, text, syntax, spans);
    }
    // Lines naming the virtual server or its address: NetScaler's `bind lb vserver NAME …`,
    // IIS's site bindings.
    int lines = LineCount(text);
    for (int l = 1; l <= lines; ++l) {
      std::string row = LineAt(text, l);
      if (HasWord(row, vs.name) || (!vs.any_address && HasWord(row, vs.address.ToString()))) {
        spans.insert({l, BlockEnd(text, l, syntax)});
      }
    }
  }
  return spans;
}

struct Probe {
  IpAddress address;
  uint8_t protocol;
  uint16_t port;
  std::string ToString() const { return EndpointText(address, port); }
};

// Each virtual server's endpoint; an every-address listener at an address the config names.
std::vector<Probe> Probes(const Device& device) {
  std::vector<Probe> out;
  for (const VirtualServer& vs : device.virtual_servers) {
    IpAddress address = vs.address;
    if (vs.any_address) {
      for (const VirtualServer& other : device.virtual_servers) {
        if (!other.any_address && other.address.family == vs.address.family) {
          address = other.address;
        }
      }
      for (const PoolMember& m : vs.members) {
        if (address == vs.address && m.address.family == vs.address.family) address = m.address;
      }
    }
    out.push_back({address, vs.protocol, vs.port});
  }
  return out;
}

// What a client at the probe meets, as comparable text: "drops" when nothing listens.
std::string Answer(const Device& device, const Probe& probe) {
  const VirtualServer* vs = device.FindVirtualServer(probe.address, probe.protocol, probe.port);
  if (!vs) return "drops";
  if (vs->mode == VirtualServer::Mode::kUnknown) return "unknown";
  std::string out = "mode " + std::to_string(static_cast<int>(vs->mode));
  if (vs->mode == VirtualServer::Mode::kForward) {
    out += " to";
    for (const PoolMember* m : vs->ActiveMembers()) out += " " + EndpointText(m->address, m->port);
    out += std::string(" snat ") + SourceTranslationName(vs->source_translation);
    if (vs->source_nat) out += " " + vs->source_nat->ToString();
  }
  if (vs->mode == VirtualServer::Mode::kRedirect || vs->mode == VirtualServer::Mode::kRespond) {
    out += " " + std::to_string(vs->redirect_status) + " " + vs->redirect_location;
  }
  return out;
}

void CheckGarbledLines(const Case& c, int rounds, unsigned seed) {
  Imported original = Import(c, c.text);
  REQUIRE_MESSAGE(!original.diagnostics.HasErrors(), original.Messages());
  REQUIRE_FALSE(original.device.virtual_servers.empty());
  std::vector<std::pair<int, int>> spans;
  for (auto span : Spans(original.device, c.text, c.syntax)) spans.push_back(span);
  std::vector<Probe> probes = Probes(original.device);
  std::mt19937 rng(seed);
  int tried = 0;
  for (int round = 0; round < rounds; ++round) {
    std::optional<testing::Damage> damage = testing::PickDamage(rng, spans, [&](int l) {
      std::vector<std::string> out;
      for (std::string& d : Garblings(c.text, l, c.syntax)) {
        if (d != c.text) out.push_back(std::move(d));
      }
      return out;
    });
    if (!damage) continue;
    // Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
    const int first = damage->first, last = damage->last, line = damage->line;
    const std::string& damaged = damage->text;
    ++tried;
    Imported garbled = Import(c, damaged);
    std::string vendor = c.vendor;
    std::string damaged_line = LineAt(damaged, line);
    CAPTURE(vendor);
    CAPTURE(line);
    CAPTURE(damaged_line);
    CHECK_MESSAGE(testing::ReportedAt(garbled.diagnostics, first, last, line),
                  "the damaged line is not reported");
    if (garbled.diagnostics.HasErrors()) continue;  // a located error: the run stops (exit 2)
    std::optional<Imported> skipped;
    if (c.device_skips_bad_lines) skipped = Import(c, testing::WithoutLine(c.text, line));
    for (const Probe& probe : probes) {
      std::string before = Answer(original.device, probe);
      std::string after = Answer(garbled.device, probe);
      CAPTURE(probe.ToString());
      CAPTURE(before);
      CAPTURE(after);
      bool as_device = skipped && Answer(skipped->device, probe) == after;
      CHECK((after == before || after == "unknown" || as_device));
    }
  }
  CHECK(tried > rounds / 2);
}

std::string Example(const char* path) { return testing::ReadSourceFile(path); }

TEST_CASE("garbled LB lines: HAProxy") {
  CheckGarbledLines(
      {"haproxy", Example("examples/lync-haproxy-pool/configs/hlb.haproxy.cfg"), Syntax::kSections},
      40, 11);
}

TEST_CASE("garbled LB lines: NGINX stream") {
  CheckGarbledLines(
      {"nginx", Example("examples/lync-nginx-443-only/configs/hlb.nginx.conf"), Syntax::kBraces},
      40, 12);
}

TEST_CASE("garbled LB lines: NGINX http reverse proxy") {
  // The site file is pasted where the main file includes it: one in-memory text.
  std::string text = Example("examples/lync-nginx-rp/configs/reverse-proxy.nginx.conf");
  std::string include = "    include conf.d/*.conf;";
  size_t at = text.find(include);
  REQUIRE(at != std::string::npos);
  text.replace(at, include.size(), Example("examples/lync-nginx-rp/configs/conf.d/lync.conf"));
  CheckGarbledLines({"nginx", text, Syntax::kBraces}, 40, 13);
}

TEST_CASE("garbled LB lines: F5 BIG-IP tmsh") {
  CheckGarbledLines(
      {"f5-bigip", Example("examples/lync-f5-pool/configs/bigip.conf"), Syntax::kBraces}, 40, 14);
}

TEST_CASE("garbled LB lines: F5 AS3 (a value renamed)") {
  CheckGarbledLines({"f5-bigip", Example("examples/lync-f5-as3/configs/as3.json"), Syntax::kJson},
                    40, 15);
}

TEST_CASE("garbled LB lines: NetScaler") {
  CheckGarbledLines({"netscaler", Example("examples/lync-netscaler-pool/configs/hlb.ns.conf"),
                     Syntax::kSections, true},
                    40, 16);
}

TEST_CASE("garbled LB lines: IIS ARR (an attribute value renamed)") {
  CheckGarbledLines(
      {"iis-arr", Example("examples/lync-iis-arr-rp/configs/applicationHost.config"), Syntax::kXml},
      40, 17);
}

}  // namespace
}  // namespace flowaudit
