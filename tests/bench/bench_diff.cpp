// Benchmark (not a test): `flowaudit diff` of a generated 50,000-rule iptables-save ruleset
// against the same ruleset with one rule added (in the middle of a user chain) and, separately,
// one rule removed. Prints the in-process diff time (both imports excluded), the whole command's
// time and peak memory. Usage: bench_diff [RULES] [PATH-TO-flowaudit]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "importers/importer.h"
#include "src/diff/filter_diff.h"
#include "tests/bench/generated_ruleset.h"

namespace fa = flowaudit;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The text with `line` inserted before, or removed at, the n-th rule of chain ZONE3.
std::string EditZone3(const std::string& text, int nth, const std::string& line) {
  size_t at = 0;
  for (int seen = 0;; ++seen) {
    at = text.find("\n-A ZONE3 ", at);
    if (at == std::string::npos) return text;
    if (seen == nth) break;
    ++at;
  }
  ++at;  // start of the rule's line
  if (!line.empty()) return text.substr(0, at) + line + "\n" + text.substr(at);
  size_t end = text.find('\n', at);
  return text.substr(0, at) + text.substr(end + 1);
}

fa::Device Import(const std::string& name, const std::string& text) {
  fa::Diagnostics diagnostics;
  return fa::FindImporter("iptables")
      ->create()
      ->Import(fa::MakeSourceFile(name, text), diagnostics);
}

void Measure(const char* what, const std::string& before, const std::string& after,
             const std::string& binary) {
  fa::Device b = Import("before.rules", before), a = Import("after.rules", after);
  auto start = std::chrono::steady_clock::now();
  fa::FilterDiff d =
      fa::DiffFilter("bench", "FORWARD", b.filters.at("FORWARD"), a.filters.at("FORWARD"));
  std::printf("%-40s %8.3f s  (%zu change groups, %zu without effect)\n",
              (std::string(what) + ": diff, in process").c_str(), Seconds(start), d.changes.size(),
              d.no_effect.size());
  if (binary.empty()) return;
  std::ofstream("bench-before.rules") << before;
  std::ofstream("bench-after.rules") << after;
  start = std::chrono::steady_clock::now();
  std::string command =
      binary + " diff bench-before.rules bench-after.rules --format json > bench-diff.json";
  int status = std::system(command.c_str());
  std::printf("%-40s %8.3f s  (exit %d)\n",
              (std::string(what) + ": flowaudit diff command").c_str(), Seconds(start),
              WEXITSTATUS(status));
}

}  // namespace

int main(int argc, char** argv) {
  int rules = argc > 1 ? std::atoi(argv[1]) : 50000;
  std::string binary = argc > 2 ? argv[2] : "";
  std::mt19937 rng(42);
  std::string before = fa::bench::GenerateRuleset(rules, rng);
  std::printf("ruleset: %d rules, %.1f MB\n", rules, before.size() / 1e6);
  std::string added = EditZone3(
      before, rules / 16, "-A ZONE3 -s 10.96.1.0/24 -d 10.1.0.100 -p tcp --dport 80 -j ACCEPT");
  std::string removed = EditZone3(before, rules / 16, "");
  Measure("one rule added", before, added, binary);
  Measure("one rule removed", before, removed, binary);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%-40s %8.0f MB\n", "peak memory (this process)", usage.ru_maxrss / 1024.0);
  if (!binary.empty()) {
    getrusage(RUSAGE_CHILDREN, &usage);
    std::printf("%-40s %8.0f MB\n", "peak memory (flowaudit diff)", usage.ru_maxrss / 1024.0);
  }
  return 0;
}
