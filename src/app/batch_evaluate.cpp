#include "src/app/batch_evaluate.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace flowaudit {
namespace {

// Chains the entry can reach through jumps and gotos; other chains never decide.
std::vector<const Chain*> ReachableChains(const RuleSet& rules, const Chain& entry) {
  std::vector<const Chain*> reachable{&entry};
  std::set<const Chain*> seen{&entry};
  for (size_t next = 0; next < reachable.size(); ++next) {
    for (const Rule& rule : reachable[next]->rules) {
      ActionKind kind = rule.action.kind;
      if (kind != ActionKind::kJump && kind != ActionKind::kGoto) continue;
      const Chain* callee = rules.Find(rule.action.chain);
      if (callee && seen.insert(callee).second) reachable.push_back(callee);
    }
  }
  return reachable;
}

// Fields a rule's match can be indexed on, most selective first in typical rule sets.
constexpr Field kIndexedFields[] = {Field::kDstAddress, Field::kSrcAddress, Field::kDstPort,
                                    Field::kSrcPort};

// The packets sorted by each indexed field, so the packets a range can hold are found by binary
// search instead of by testing every packet.
class PacketIndex {
 public:
  explicit PacketIndex(const std::vector<PacketSpec>& packets) : packets_(packets) {
    for (size_t f = 0; f < std::size(kIndexedFields); ++f) {
      std::vector<uint32_t>& order = orders_[f];
      for (size_t p = 0; p < packets.size(); ++p) order.push_back(static_cast<uint32_t>(p));
      Field field = kIndexedFields[f];
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return packets[a].packet.Get(field) < packets[b].packet.Get(field);
      });
    }
  }

  // Calls visit(p) for every packet whose `field` lies in one of `ranges` (a packet may come
  // twice when ranges overlap).
  template <typename Visit>
  void ForEachIn(size_t field_index, const std::vector<ValueRange>& ranges, Visit visit) const {
    const std::vector<uint32_t>& order = orders_[field_index];
    Field field = kIndexedFields[field_index];
    for (const ValueRange& range : ranges) {
      auto it = std::lower_bound(order.begin(), order.end(), range.lo, [&](uint32_t p, uint128 lo) {
        return packets_[p].packet.Get(field) < lo;
      });
      for (; it != order.end() && packets_[*it].packet.Get(field) <= range.hi; ++it) visit(*it);
    }
  }

 private:
  const std::vector<PacketSpec>& packets_;
  std::vector<uint32_t> orders_[std::size(kIndexedFields)];
};

// A term every matching packet must satisfy: a positive field test at the top of the match,
// which makes Match::Evaluate false on its own when it fails. Returns the index into
// kIndexedFields, or -1 when the rule must be tested against every packet.
int IndexableTerm(const Match& match, const Term** term) {
  for (size_t f = 0; f < std::size(kIndexedFields); ++f) {
    for (const Term& t : match.terms()) {
      if (t.kind == Term::Kind::kField && !t.negated && t.field == kIndexedFields[f]) {
        *term = &t;
        return static_cast<int>(f);
      }
    }
  }
  return -1;
}

}  // namespace

// Why this gives Evaluate's answer: Evaluate skips a rule whose match is false for the packet
// and does nothing else with it. So for each packet we keep, per chain, only the rules whose
// match is not false, and run the real Evaluate on that reduced rule set. Those rules are found
// in one rule-major pass: each rule is read once, and a rule with a positive address or port
// test is tried only on the packets the sorted PacketIndex says can satisfy it. Every chain keeps
// its name, policy and location, so jumps, returns, loops and policies behave as before.
void EvaluateEach(const Filter& filter, const std::vector<PacketSpec>& packets,
                  const std::function<void(size_t, const Decision&)>& answer) {
  if (!filter.IsValid()) {
    for (size_t i = 0; i < packets.size(); ++i) {
      answer(i, filter.Evaluate(packets[i].packet, packets[i].context));
    }
    return;
  }
  const RuleSet& rules = filter.rules();
  std::vector<const Chain*> chains = ReachableChains(rules, filter.entry());
  // Chains are found by their key in RuleSet::chains, which need not be Chain::name.
  std::map<const Chain*, std::string> key_of;
  for (const auto& [key, chain] : rules.chains) key_of[&chain] = key;

  // candidates[p]: (chain, rule) indices that may match packet p, in chain then rule order.
  using RuleId = std::pair<uint32_t, uint32_t>;
  std::vector<std::vector<RuleId>> candidates(packets.size());
  PacketIndex index(packets);
  for (size_t c = 0; c < chains.size(); ++c) {
    const std::vector<Rule>& chain_rules = chains[c]->rules;
    for (size_t r = 0; r < chain_rules.size(); ++r) {
      const Match& match = chain_rules[r].match;
      RuleId id{static_cast<uint32_t>(c), static_cast<uint32_t>(r)};
      auto test = [&](size_t p) {
        std::vector<RuleId>& list = candidates[p];
        if (!list.empty() && list.back() == id) return;  // overlapping ranges
        if (match.Evaluate(packets[p].packet, packets[p].context) != Tristate::kFalse) {
          list.push_back(id);
        }
      };
      const Term* term = nullptr;
      int field_index = IndexableTerm(match, &term);
      if (field_index >= 0) {
        index.ForEachIn(static_cast<size_t>(field_index), term->ranges, test);
      } else {
        for (size_t p = 0; p < packets.size(); ++p) test(p);
      }
    }
  }

  for (size_t p = 0; p < packets.size(); ++p) {
    auto reduced = std::make_shared<RuleSet>();
    auto chain_copy = [&](const Chain* original) -> Chain& {
      auto [it, inserted] = reduced->chains.try_emplace(key_of[original]);
      if (inserted) {
        it->second = Chain{original->name, {}, original->policy, original->location};
      }
      return it->second;
    };
    chain_copy(chains[0]);  // the entry
    for (auto [c, r] : candidates[p]) {
      const Rule& rule = chains[c]->rules[r];
      chain_copy(chains[c]).rules.push_back(rule);
      // A kept jump needs its target, even when none of the target's rules match.
      if (rule.action.kind == ActionKind::kJump || rule.action.kind == ActionKind::kGoto) {
        if (const Chain* callee = rules.Find(rule.action.chain)) chain_copy(callee);
      }
    }
    Filter small(filter.name(), reduced, key_of[chains[0]]);
    answer(p, small.Evaluate(packets[p].packet, packets[p].context));
  }
}

}  // namespace flowaudit
