// Helpers shared by the importer tests: import a config text, read its diagnostics as users
// see them, build concrete first packets, and describe what decided one.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "importers/importer.h"
#include "models/filter.h"

namespace flowaudit::testing {

struct Imported {
  Device device;
  Diagnostics diagnostics;

  // Every diagnostic, formatted as users see it.
  std::string Messages() const {
    std::string out;
    for (const Diagnostic& d : diagnostics.All()) out += FormatDiagnostic(d);
    return out;
  }
  const Filter& filter(const std::string& name) const {
    auto it = device.filters.find(name);
    REQUIRE_MESSAGE(it != device.filters.end(), "no filter ", name);
    return it->second;
  }
};

inline Imported ImportText(Importer& importer, std::string_view file_name, std::string_view text) {
  Imported out;
  out.device =
      importer.Import(MakeSourceFile(std::string(file_name), std::string(text)), out.diagnostics);
  return out;
}

// The first line of every diagnostic: "file:line:col: severity: message".
inline std::string Summary(const Imported& imported) {
  std::string out;
  for (const Diagnostic& d : imported.diagnostics.All()) {
    std::string text = FormatDiagnostic(d);
    out += text.substr(0, text.find('\n') + 1);
  }
  return out;
}

// Sets an environment variable for one scope (limits the importers read from the environment,
// such as $FLOWAUDIT_GROUP_MEMBERS), and removes it again.
struct ScopedEnvironment {
  ScopedEnvironment(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnvironment() { unsetenv(name_); }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
};

// Imports hostile groups (groups naming the same groups over and over) under an expansion budget
// of 200,000 members — the default takes seconds — and checks the import stops quickly with one
// error, at the first reference over the budget: "<kind>s expand to more than 200000 members …".
inline Imported ImportPastExpansionBudget(Importer& importer, std::string_view file_name,
                                          std::string_view text, const std::string& kind) {
  ScopedEnvironment budget("FLOWAUDIT_GROUP_MEMBERS", "200000");
  auto start = std::chrono::steady_clock::now();
  Imported out = ImportText(importer, file_name, text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 10);
  std::string summary = Summary(out);
  CAPTURE(summary);
  CHECK(summary.find(": error: " + kind + "s expand to more than 200000 members in this config " +
                     "(groups naming the same groups many times over)\n") != std::string::npos);
  CHECK(summary.find("error") == summary.rfind("error"));  // one error, not one per reference
  return out;
}

// The text of a file of the source tree, by its path from the top ("examples/…").
inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(FLOWAUDIT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text of tests/importers/data/FOLDER/NAME.
inline std::string ReadFixture(const std::string& folder, const std::string& name) {
  return ReadSourceFile("tests/importers/data/" + folder + "/" + name);
}

inline uint128 Address(const char* text) {
  std::optional<IpAddress> a = ParseIpAddress(text);
  REQUIRE_MESSAGE(a.has_value(), text);
  return a->value;
}

inline Packet Make(const char* src, const char* dst, uint8_t proto) {
  Packet p;
  p.family = ParseIpAddress(src)->family;
  p.src = Address(src);
  p.dst = Address(dst);
  p.protocol = proto;
  return p;
}

inline Packet Tcp(const char* src, const char* dst, uint16_t dport, uint16_t sport = 40000) {
  Packet p = Make(src, dst, protocol::kTcp);
  p.dst_port = dport;
  p.src_port = sport;
  return p;
}

inline Packet Udp(const char* src, const char* dst, uint16_t dport, uint16_t sport = 40000) {
  Packet p = Tcp(src, dst, dport, sport);
  p.protocol = protocol::kUdp;
  return p;
}

inline Packet Icmp(const char* src, const char* dst, uint8_t type, uint8_t code = 0) {
  Packet p = Make(src, dst, protocol::kIcmp);
  if (p.family == Family::kIpv6) p.protocol = protocol::kIcmpv6;
  p.icmp_type = type;
  p.icmp_code = code;
  return p;
}

// "permit line 7", "deny policy", "permit (label)": the verdict and what decided it.
inline std::string DescribeDecision(const Decision& d) {
  std::string out = VerdictName(d.verdict);
  if (d.rule && d.rule->location.IsValid()) {
    out += " line " + std::to_string(d.rule->location.Start().line);
  } else if (d.rule) {
    out += " (" + d.rule->label + ")";
  } else {
    out += " policy";
  }
  return out;
}

inline MatchContext In(std::string interface) {
  MatchContext c;
  c.in_interface = std::move(interface);
  return c;
}

}  // namespace flowaudit::testing
