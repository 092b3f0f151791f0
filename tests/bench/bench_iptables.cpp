// Benchmark (not a test): a generated 50,000-rule iptables-save ruleset. Prints parse time,
// BDD build time (the permitted/denied sets of FORWARD), concrete query of 1,000 packets, one
// symbolic requirement-style check, the whole `flowaudit query` command on 1,000 packets, and
// peak memory. Usage: bench_iptables [RULES] [PATH-TO-flowaudit]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "importers/importer.h"
#include "models/filter.h"
#include "tests/bench/generated_ruleset.h"

namespace fa = flowaudit;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  int rules = argc > 1 ? std::atoi(argv[1]) : 50000;
  std::string binary = argc > 2 ? argv[2] : "";
  std::mt19937 rng(42);
  std::string text = fa::bench::GenerateRuleset(rules, rng);
  std::printf("ruleset: %d rules, %.1f MB\n", rules, text.size() / 1e6);

  auto start = std::chrono::steady_clock::now();
  fa::Diagnostics diagnostics;
  const fa::ImporterInfo* importer = fa::FindImporter("iptables");
  if (!importer) {
    std::fprintf(stderr, "no iptables importer\n");
    return 1;
  }
  fa::Device device =
      importer->create()->Import(fa::MakeSourceFile("bench.rules", text), diagnostics);
  std::printf("%-34s %8.3f s\n", "parse", Seconds(start));
  if (diagnostics.HasErrors()) {
    std::fprintf(stderr, "import errors\n");
    return 1;
  }
  const fa::Filter& forward = device.filters.at("FORWARD");

  start = std::chrono::steady_clock::now();
  fa::MatchContext context;
  fa::FilterVerdicts verdicts = forward.Verdicts(fa::PacketSet::All(), context);
  std::printf("%-34s %8.3f s  (%d BDD nodes in the permitted set)\n",
              "BDD build (FORWARD verdicts)", Seconds(start), verdicts.permit.NodeCount());

  std::vector<fa::Packet> packets;
  std::ostringstream packet_lines;
  for (int i = 0; i < 1000; ++i) {
    fa::Packet p;
    p.src = (uint32_t{10} << 24) | (rng() & 0xffffff);
    p.dst = (uint32_t{10} << 24) | (rng() & 0xffffff);
    p.protocol = fa::protocol::kTcp;
    p.src_port = 49152;
    p.dst_port = static_cast<uint16_t>(rng() % 1024);
    packets.push_back(p);
    packet_lines << fa::IpAddress{p.family, p.src}.ToString() << " "
                 << fa::IpAddress{p.family, p.dst}.ToString() << " tcp " << p.dst_port
                 << " 49152\n";
  }
  start = std::chrono::steady_clock::now();
  int permits = 0;
  for (const fa::Packet& p : packets)
    permits += forward.Evaluate(p, context).verdict == fa::Verdict::kPermit;
  std::printf("%-34s %8.3f s  (%d permitted)\n", "query 1,000 packets (evaluate)", Seconds(start),
              permits);

  start = std::chrono::steady_clock::now();
  fa::PacketSet flow = fa::PacketSet::FieldRange(fa::Field::kSrcAddress, 0x0a0a0000, 0x0a0affff) &
                       fa::PacketSet::FieldEquals(fa::Field::kDstAddress, 0x0a010064) &
                       fa::PacketSet::Protocol(fa::protocol::kTcp) &
                       fa::PacketSet::FieldEquals(fa::Field::kDstPort, 80) &
                       fa::PacketSet::OfFamily(fa::Family::kIpv4);
  bool holds = (flow - forward.Verdicts(flow, context).permit).IsEmpty();
  std::printf("%-34s %8.3f s  (requirement %s)\n", "one symbolic requirement check", Seconds(start),
              holds ? "holds" : "fails");

  if (!binary.empty()) {
    std::ofstream("bench.rules") << text;
    std::ofstream("bench.packets") << packet_lines.str();
    start = std::chrono::steady_clock::now();
    std::string command = binary +
                          " query bench.rules --vendor iptables --filter FORWARD --packets "
                          "bench.packets --format json > /dev/null";
    int status = std::system(command.c_str());
    std::printf("%-34s %8.3f s  (exit %d)\n", "flowaudit query, 1,000 packets", Seconds(start),
                status);
    std::remove("bench.rules");
    std::remove("bench.packets");
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%-34s %8.1f MB\n", "peak memory (this process)", usage.ru_maxrss / 1024.0);
  return 0;
}
