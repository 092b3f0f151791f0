// The UNKNOWN guarantee under damaged input: for each firewall importer, one random rule line of
// a valid example is garbled (the whole line replaced by words no format knows, or, in XML and
// YAML, one value replaced by a name nothing defines). Either the import fails with an error at
// that rule, or the damage is reported there and every probe packet keeps its original verdict
// or becomes UNKNOWN — never a different definite answer.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "importers/importer.h"
#include "tests/importers/garble_util.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using testing::ReadSourceFile;

struct Imported {
  Device device;
  Diagnostics diagnostics;
};

Imported Import(const std::string& vendor, const std::string& text) {
  Imported out;
  out.device =
      FindImporter(vendor)->create()->Import(MakeSourceFile("fw.cfg", text), out.diagnostics);
  return out;
}

// First and last line of a rule's text; an XML rule that starts with <entry …> runs to its
// </entry>.
std::pair<int, int> LinesOf(const SourceRange& where) {
  int first = where.Start().line;
  std::string_view text(where.file->text);
  std::string_view piece = text.substr(where.offset, where.length);
  int last = first + static_cast<int>(std::count(piece.begin(), piece.end(), '\n'));
  if (piece.rfind("<entry", 0) == 0 && piece.find("/>") == std::string_view::npos) {
    size_t close = text.find("</entry>", where.offset);
    if (close != std::string_view::npos) {
      std::string_view span = text.substr(where.offset, close - where.offset);
      last = first + static_cast<int>(std::count(span.begin(), span.end(), '\n'));
    }
  }
  return {first, last};
}

enum class Garble { kLine, kMember, kYamlValue };

// The text with line `line` (1-based) damaged.
std::string GarbleLine(const std::string& text, int line, Garble how) {
  std::string row = testing::LineAt(text, line);
  std::string indent = testing::IndentOf(row);
  // Where a rule's location is its binding (an ASA access-group), that line is not a rule line.
  // An nftables base chain's `type … hook …` line, where its policy is located, is: damaged, the
  // chain may no longer be a base chain.
  std::string body = row.substr(indent.size());
  if (body.rfind("access-group", 0) == 0) return "";
  if (how == Garble::kLine) {
    row = indent + "zq9 zq9 zq9";
  } else if (how == Garble::kMember) {
    size_t at = row.find("<member>");
    size_t close = at == std::string::npos ? at : row.find("</member>", at);
    if (close == std::string::npos) return "";
    row = row.substr(0, at + 8) + "zq9-undefined" + row.substr(close);
  } else {
    size_t at = row.find("service: [");
    if (at == std::string::npos) return "";
    row.insert(at + 10, "zq9/zq9, ");
  }
  return testing::ReplaceLine(text, line, row);
}

struct Probe {
  Packet packet;
  MatchContext context;
};

void CollectNames(const Match& match, std::set<std::string>& in, std::set<std::string>& from,
                  std::set<std::string>& to) {
  for (const Term& t : match.terms()) {
    if (t.kind == Term::Kind::kInInterface) in.insert(t.name);
    if (t.kind == Term::Kind::kFromZone) from.insert(t.name);
    if (t.kind == Term::Kind::kToZone) to.insert(t.name);
    for (const Match& m : t.alternatives) CollectNames(m, in, from, to);
  }
}

// Packets each rule matches (one witness per rule and context), in the contexts the rules name.
std::vector<Probe> Probes(const Device& device) {
  std::set<std::string> in{""}, from{""}, to{""};
  for (const auto& [name, filter] : device.filters) {
    for (const auto& [chain_name, chain] : filter.rules().chains) {
      for (const Rule& rule : chain.rules) CollectNames(rule.match, in, from, to);
    }
  }
  std::vector<Probe> out;
  for (const std::string& i : in) {
    for (const std::string& f : from) {
      for (const std::string& t : to) {
        MatchContext context{i, "", f, t};
        for (const auto& [name, filter] : device.filters) {
          for (const auto& [chain_name, chain] : filter.rules().chains) {
            for (const Rule& rule : chain.rules) {
              PacketSet sets = filter.rules().SetsOf(rule, context).must & PacketSet::All();
              if (std::optional<Packet> p = sets.Witness()) out.push_back({*p, context});
            }
          }
        }
      }
    }
  }
  return out;
}

struct Case {
  const char* vendor;
  const char* example;
  Garble how;
  // The device itself rejects a line it cannot parse and goes on without it (an ASA prints
  // "Invalid input" and loads the rest): the config without that line is then also a correct
  // answer.
  bool device_skips_bad_lines = false;
};

void CheckGarbledLines(const Case& c, int rounds, unsigned seed) {
  std::string text = ReadSourceFile(c.example);
  Imported original = Import(c.vendor, text);
  REQUIRE_FALSE(original.diagnostics.HasErrors());
  std::vector<std::pair<int, int>> rules;
  for (const auto& [name, filter] : original.device.filters) {
    for (const auto& [chain_name, chain] : filter.rules().chains) {
      // A chain's declaration (its policy, an nftables base chain's hook) is damaged too.
      if (chain.location.IsValid()) rules.push_back(LinesOf(chain.location));
      for (const Rule& rule : chain.rules) {
        if (rule.location.IsValid()) rules.push_back(LinesOf(rule.location));
      }
    }
  }
  REQUIRE_FALSE(rules.empty());
  std::vector<Probe> probes = Probes(original.device);
  std::mt19937 rng(seed);
  int tried = 0;
  for (int round = 0; round < rounds; ++round) {
    // A random line of a random rule that the garbling applies to.
    std::optional<testing::Damage> damage = testing::PickDamage(rng, rules, [&](int l) {
      std::string damaged = GarbleLine(text, l, c.how);
      return damaged.empty() || damaged == text ? std::vector<std::string>{}
                                                : std::vector<std::string>{damaged};
    });
    if (!damage) continue;
    // Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
    const int first = damage->first, last = damage->last, line = damage->line;
    const std::string& damaged = damage->text;
    ++tried;
    Imported garbled = Import(c.vendor, damaged);
    CAPTURE(c.vendor);
    CAPTURE(line);
    CHECK_MESSAGE(testing::ReportedAt(garbled.diagnostics, first, last, line),
                  "the damaged line is not reported");
    if (garbled.diagnostics.HasErrors()) continue;  // a located error: the run stops (exit 2)
    std::optional<Imported> skipped;
    if (c.device_skips_bad_lines) skipped = Import(c.vendor, testing::WithoutLine(text, line));
    for (const Probe& probe : probes) {
      for (const auto& named : original.device.filters) {
        const std::string& name = named.first;
        const Filter& filter = named.second;
        auto it = garbled.device.filters.find(name);
        REQUIRE(it != garbled.device.filters.end());
        Verdict before = filter.Evaluate(probe.packet, probe.context).verdict;
        Verdict after = it->second.Evaluate(probe.packet, probe.context).verdict;
        CAPTURE(name);
        CAPTURE(probe.packet.ToString());
        bool as_device = false;
        if (skipped) {
          auto s = skipped->device.filters.find(name);
          as_device = s != skipped->device.filters.end() &&
                      s->second.Evaluate(probe.packet, probe.context).verdict == after;
        }
        CHECK((after == before || after == Verdict::kUnknown || as_device));
      }
    }
  }
  CHECK(tried > rounds / 2);
}

TEST_CASE("garbled rule lines: iptables-save") {
  CheckGarbledLines({"iptables", "examples/lync-contoso/configs/internal-fw.rules", Garble::kLine},
                    40, 1);
}

TEST_CASE("garbled rule lines: nftables") {
  CheckGarbledLines(
      {"nftables", "examples/lync-nftables-internal/configs/internal-fw.nft", Garble::kLine}, 40,
      2);
}

TEST_CASE("garbled rule lines: Cisco ASA") {
  CheckGarbledLines(
      {"cisco-asa", "examples/lync-asa-internal/configs/internal-asa.cfg", Garble::kLine, true}, 40,
      3);
}

TEST_CASE("garbled rule lines: Juniper set format") {
  CheckGarbledLines(
      {"junos", "examples/lync-srx-perimeter/configs/perimeter-srx.conf", Garble::kLine}, 40, 4);
}

TEST_CASE("garbled rule lines: PAN-OS (an undefined object in a rule)") {
  CheckGarbledLines(
      {"panos", "examples/lync-panos-internal/configs/internal-panos.xml", Garble::kMember}, 40, 5);
}

TEST_CASE("garbled rule lines: flowaudit YAML (an unknown service in a rule)") {
  CheckGarbledLines(
      {"flowaudit-yaml", "examples/lync-contoso/configs/perimeter-fw.yaml", Garble::kYamlValue}, 20,
      6);
}

}  // namespace
}  // namespace flowaudit
