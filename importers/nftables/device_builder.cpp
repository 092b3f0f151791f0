#include <algorithm>
#include <limits>
#include <set>

#include "importers/common/coverage.h"
#include "importers/nftables/hook_composition.h"
#include "importers/nftables/ruleset.h"

namespace flowaudit::nftables {
namespace {

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

constexpr std::string_view kHooks[] = {"prerouting", "input", "forward", "output", "postrouting"};

struct HookChain {
  BaseChainRef ref;
  std::optional<Family> family;  // the table's, for ip and ip6
};

std::optional<Family> TableFamily(const TableDef& table) {
  if (table.family == "ip") return Family::kIpv4;
  if (table.family == "ip6") return Family::kIpv6;
  return std::nullopt;
}

class DeviceBuilder {
 public:
  DeviceBuilder(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  Device Build(const std::vector<TableDef>& tables, size_t first_diagnostic) {
    Device device;
    device.vendor = "nftables";
    device.sources.push_back(file_);
    std::map<std::string, std::vector<HookChain>> hooks;
    int skipped_rules = 0;
    std::vector<SourceRange> rule_places;
    for (const TableDef& table : tables) {
      skipped_rules += table.skipped_rules;
      if (!table.supported) continue;
      for (const ChainDef& def : table.chains) {
        for (const RuleSource& rule : def.rules) rule_places.push_back(rule.location);
      }
      auto rules = std::make_shared<RuleSet>();
      std::vector<const ChainDef*> bases;
      jump_targets_.clear();
      unreadable_starts_.clear();
      for (const ChainDef& def : table.chains) {
        rules->chains.emplace(def.name, BuildChain(table, def));
        if (def.base) bases.push_back(&def);
      }
      std::vector<std::string> suspects = SuspectChains(table, *rules);
      for (const auto& [name, chain] : rules->chains) {
        std::string key = table.family + " " + table.name + " " + name;
        device.filters.emplace(key, Filter(key, rules, name));
      }
      if (table.dormant) continue;  // `flags dormant`: the kernel does not run it
      for (const std::string& suspect : suspects) {
        for (std::string_view hook : kHooks) {
          HookChain hc;
          hc.ref = {table.family + " " + table.name + " " + suspect, rules, suspect,
                    std::numeric_limits<int>::min()};
          hc.family = TableFamily(table);
          hooks[std::string(hook)].push_back(std::move(hc));
        }
      }
      for (const ChainDef* def : bases) {
        if (def->type == "nat") {
          diagnostics_.Warning(def->location,
                               "nat chains are not modelled; verdicts ignore their translations");
          continue;
        }
        if (std::find(std::begin(kHooks), std::end(kHooks), def->hook) == std::end(kHooks)) {
          diagnostics_.Warning(def->location, "hook " + Quoted(def->hook) + " is not modelled");
          continue;
        }
        HookChain hc;
        hc.ref = {table.family + " " + table.name + " " + def->name, rules, def->name,
                  def->priority};
        hc.family = TableFamily(table);
        hooks[def->hook].push_back(std::move(hc));
      }
    }
    for (auto& [hook, chains] : hooks) {
      // Declaration order breaks priority ties.
      std::stable_sort(chains.begin(), chains.end(), [](const HookChain& a, const HookChain& b) {
        return a.ref.priority < b.ref.priority;
      });
      std::vector<BaseChainRef> refs;
      for (const HookChain& c : chains) refs.push_back(c.ref);
      device.filters.emplace(hook, ComposeHook(hook, refs));
    }
    auto stages = [&](std::vector<Stage>& pipeline, const std::string& hook) {
      for (const HookChain& c : hooks[hook]) {
        pipeline.push_back(Stage{StageKind::kFilter, device.filters.at(c.ref.key), c.family});
      }
    };
    if (device.filters.count("forward")) device.default_filter = "forward";  // transit traffic
    for (const char* hook : {"prerouting", "forward", "postrouting"}) stages(device.forward, hook);
    for (const char* hook : {"prerouting", "input"}) stages(device.local, hook);
    device.coverage = CoverageOf("rules", rule_places, diagnostics_, first_diagnostic);
    device.coverage.total += skipped_rules;
    return device;
  }

 private:
  // A regular chain that no rule jumps to and whose first line starts with words no nft
  // statement starts with may be a base chain whose `type … hook … priority …` line is that
  // line, damaged ("tpye filter hook input …" reads as a rule): nft would refuse the file, and
  // the chain's rules would be missing from every hook here. Such a chain gets a stand-in in
  // `rules`, put first at every hook: one rule that may drop anything, so the packets that
  // would pass are UNKNOWN (a base chain can only add drops). Returns the stand-ins' names.
  std::vector<std::string> SuspectChains(const TableDef& table, RuleSet& rules) {
    std::vector<std::string> out;
    if (diagnostics_.HasErrors()) return out;  // the run stops at the errors anyway
    for (const ChainDef& def : table.chains) {
      if (def.base || jump_targets_.count(def.name) || !unreadable_starts_.count(def.name)) {
        continue;
      }
      const Chain& chain = rules.chains.at(def.name);
      if (chain.rules.empty()) continue;
      auto unknown = chain.rules.begin();
      std::string why =
          "chain " + Quoted(def.name) +
          " is not a base chain and no rule jumps to it, but its first line does not "
          "start like an nft statement: if it is the chain's damaged 'type … hook … priority …' "
          "line, the chain may drop packets at any hook of table " +
          table.family + " " + table.name;
      diagnostics_.Warning(unknown->location, why + "; packets it could drop are UNKNOWN");
      Rule stand_in;
      stand_in.match = Match({Term::Unknown(why)});
      stand_in.action = Action::Of(ActionKind::kDrop, "drop");
      stand_in.location = unknown->location;
      stand_in.label = "chain " + def.name + " if it is a base chain";
      Chain suspect;
      suspect.name = def.name + " (if a base chain)";
      suspect.location = unknown->location;
      suspect.policy = Action::Of(ActionKind::kAccept, "accept");
      suspect.rules.push_back(std::move(stand_in));
      out.push_back(suspect.name);
      rules.chains.emplace(suspect.name, std::move(suspect));
    }
    return out;
  }

  Chain BuildChain(const TableDef& table, const ChainDef& def) {
    Chain chain;
    chain.name = def.name;
    chain.location = def.location;
    RuleEnvironment env;
    env.family = table.family;
    env.sets = &table.sets;
    // Conntrack runs at priority -200 in prerouting and output; chains before it see no state.
    env.before_conntrack =
        def.base && (def.hook == "prerouting" || def.hook == "output") && def.priority < -200;
    std::optional<Family> family = TableFamily(table);
    if (def.base) {
      chain.policy = def.policy.value_or(Action::Of(ActionKind::kAccept, "accept"));
      if (family) {
        // Packets of the other family never traverse this table's chains.
        Family other = *family == Family::kIpv4 ? Family::kIpv6 : Family::kIpv4;
        Rule pass;
        pass.match = Match({Term::FieldIs(Field::kFamily, uint128(other))});
        pass.action = Action::Of(ActionKind::kAccept, "accept");
        pass.label = std::string(FamilyName(other)) + " packets do not traverse table " +
                     table.family + " " + table.name;
        chain.rules.push_back(std::move(pass));
      }
    }
    for (const RuleSource& source : def.rules) {
      ParsedRule parsed = source.parse(env, diagnostics_);
      if (&source == &def.rules.front() && parsed.unreadable) unreadable_starts_.insert(def.name);
      for (const auto& [target, at] : parsed.targets) {
        jump_targets_.insert(target);
        auto found = std::find_if(table.chains.begin(), table.chains.end(),
                                  // By name: clang 14 cannot capture a structured binding.
                                  [&name = target](const ChainDef& c) { return c.name == name; });
        if (found == table.chains.end()) {
          diagnostics_.Error(at, "jump to undefined chain " + Quoted(target));
        } else if (found->base) {
          // The kernel refuses it: nft reports "Could not process rule: Operation not supported".
          diagnostics_.Error(at, "cannot jump to base chain " + Quoted(target) +
                                     " (the kernel refuses it: Operation not supported)");
        }
      }
      for (Rule& rule : parsed.rules) chain.rules.push_back(std::move(rule));
    }
    return chain;
  }

  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  std::set<std::string> jump_targets_;  // chains some rule of the current table jumps to
  // Chains of the current table whose first line starts with words no nft statement starts with.
  std::set<std::string> unreadable_starts_;
};

}  // namespace

std::optional<int> NamedPriority(std::string_view name) {
  static const std::pair<std::string_view, int> kNames[] = {
      {"raw", -300}, {"mangle", -150}, {"dstnat", -100},
      {"filter", 0}, {"security", 50}, {"srcnat", 100},
  };
  for (const auto& [n, value] : kNames) {
    if (n == name) return value;
  }
  return std::nullopt;
}

Device BuildDevice(const std::vector<TableDef>& tables, const SourceFilePtr& file,
                   Diagnostics& diagnostics, size_t first_diagnostic) {
  return DeviceBuilder(file, diagnostics).Build(tables, first_diagnostic);
}

}  // namespace flowaudit::nftables
