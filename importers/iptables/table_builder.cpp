#include "importers/iptables/table_builder.h"

#include <algorithm>

#include "importers/iptables/rule_parser.h"

namespace flowaudit::iptables {

std::span<const std::string_view> BuiltinChains(std::string_view table) {
  static constexpr std::string_view kRaw[] = {"PREROUTING", "OUTPUT"};
  static constexpr std::string_view kMangle[] = {"PREROUTING", "INPUT", "FORWARD", "OUTPUT",
                                                 "POSTROUTING"};
  static constexpr std::string_view kNat[] = {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"};
  static constexpr std::string_view kFilter[] = {"INPUT", "FORWARD", "OUTPUT"};
  if (table == "raw") return kRaw;
  if (table == "mangle") return kMangle;
  if (table == "nat") return kNat;
  if (table == "filter" || table == "security") return kFilter;
  return {};
}

ChainBuilder* TableBuilder::Find(std::string_view chain) {
  auto it = index.find(std::string(chain));
  return it == index.end() ? nullptr : &chains[it->second];
}

const ChainBuilder* TableBuilder::Find(std::string_view chain) const {
  auto it = index.find(std::string(chain));
  return it == index.end() ? nullptr : &chains[it->second];
}

ChainBuilder& TableBuilder::Add(std::string chain, bool builtin, SourceRange location) {
  index.emplace(chain, chains.size());
  chains.push_back(ChainBuilder{std::move(chain), builtin, std::nullopt, std::move(location), {}});
  return chains.back();
}

void CheckJumps(const TableBuilder& table, Diagnostics& diagnostics) {
  for (const JumpReference& jump : table.jumps) {
    if (!table.Find(jump.to)) {
      diagnostics.Error(jump.at, std::string(jump.is_goto ? "goto" : "jump") +
                                     " to undefined chain " + Quoted(jump.to));
    }
  }
}

void CheckLoops(const TableBuilder& table, Diagnostics& diagnostics) {
  // Edges between chains in file order; a back edge of a depth-first search closes a loop,
  // which iptables-restore rejects.
  const size_t n = table.chains.size();
  std::vector<std::vector<const JumpReference*>> edges(n);
  for (const JumpReference& jump : table.jumps) {
    if (table.Find(jump.to)) edges[jump.from].push_back(&jump);
  }
  enum Color : uint8_t { kWhite, kGray, kBlack };
  std::vector<Color> color(n, kWhite);
  struct Frame {
    size_t chain;
    size_t next_edge;
  };
  for (size_t root = 0; root < n; ++root) {
    if (color[root] != kWhite) continue;
    std::vector<Frame> stack{{root, 0}};
    color[root] = kGray;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.next_edge == edges[frame.chain].size()) {
        color[frame.chain] = kBlack;
        stack.pop_back();
        continue;
      }
      const JumpReference& jump = *edges[frame.chain][frame.next_edge++];
      size_t to = table.index.at(jump.to);
      if (color[to] == kWhite) {
        color[to] = kGray;
        stack.push_back({to, 0});
      } else if (color[to] == kGray) {
        std::string path;
        bool on_path = false;
        for (const Frame& f : stack) {
          on_path = on_path || f.chain == to;
          if (on_path) path += table.chains[f.chain].name + " -> ";
        }
        diagnostics.Error(jump.at, "chain loop: " + path + table.chains[to].name);
      }
    }
  }
}
RuleCounts::RuleCounts(std::string_view text) {
  std::string_view table;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    size_t at = line.find_first_not_of(" \t");
    if (at == std::string_view::npos) continue;
    line.remove_prefix(at);
    if (line[0] == '*') table = line.substr(1, line.find_first_of(" \t\r") - 1);
    if (line[0] == '[') line.remove_prefix(std::min(line.size(), line.find(']') + 1));
    line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
    if (line.substr(0, 3) != "-A " && line.substr(0, 3) != "-I ") continue;
    line.remove_prefix(3);
    ++counts_[table][line.substr(0, line.find_first_of(" \t\r"))];
  }
}

size_t RuleCounts::Of(std::string_view table, std::string_view chain) const {
  auto t = counts_.find(table);
  if (t == counts_.end()) return 0;
  auto c = t->second.find(chain);
  return c == t->second.end() ? 0 : c->second;
}

}  // namespace flowaudit::iptables
