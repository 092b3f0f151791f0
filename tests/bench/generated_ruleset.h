// The generated ruleset of the iptables benchmarks: shaped like a large enterprise firewall,
// per-host service rules in a few user chains, ranges, multiport, negations, logging, and a
// default drop. Deterministic for a given generator state.
#pragma once

#include <random>
#include <sstream>
#include <string>

namespace flowaudit::bench {

inline std::string Address(std::mt19937& rng) {
  return "10." + std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
         std::to_string(rng() % 256);
}

// A ruleset shaped like a large enterprise firewall: per-host service rules in a few user
// chains, ranges, multiport, negations, logging, and a default drop.
inline std::string GenerateRuleset(int rules, std::mt19937& rng) {
  std::ostringstream out;
  out << "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";
  const int chains = 8;
  for (int c = 0; c < chains; ++c) out << ":ZONE" << c << " - [0:0]\n";
  out << "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n";
  for (int c = 0; c < chains; ++c) {
    out << "-A FORWARD -s 10." << c * 32 << ".0.0/11 -j ZONE" << c << "\n";
  }
  for (int i = 0; i < rules; ++i) {
    int c = i % chains;
    out << "-A ZONE" << c;
    switch (rng() % 5) {
      case 0:
        out << " -s " << Address(rng) << "/" << 24 + rng() % 9 << " -d " << Address(rng)
            << " -p tcp --dport " << rng() % 65536 << " -j ACCEPT\n";
        break;
      case 1:
        out << " -d " << Address(rng) << "/" << 16 + rng() % 17 << " -p udp --dport "
            << 1000 + rng() % 1000 << ":" << 3000 + rng() % 1000 << " -j ACCEPT\n";
        break;
      case 2:
        out << " -d " << Address(rng) << " -p tcp -m multiport --dports 80,443,"
            << 1024 + rng() % 60000 << " -j ACCEPT\n";
        break;
      case 3:
        out << " ! -s " << Address(rng) << "/8 -d " << Address(rng) << " -p tcp --dport "
            << rng() % 1024 << " -j DROP\n";
        break;
      default:
        out << " -s " << Address(rng) << " -p icmp --icmp-type 8 -j LOG --log-prefix \"x\"\n";
    }
  }
  out << "COMMIT\n";
  return out.str();
}

}  // namespace flowaudit::bench
