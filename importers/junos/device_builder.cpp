#include "importers/junos/device_builder.h"

#include <set>

namespace flowaudit::junos {
namespace {

// Chain names of the pipeline; filter chains are "inet/NAME", so these never clash.
constexpr const char* kInputStage = "input filters";
constexpr const char* kOutputStage = "output filters";

std::string UnitChain(const std::string& interface, bool input) {
  return (input ? "in " : "out ") + interface;
}

class Builder {
 public:
  Builder(DeviceParts& parts, Reporter& reporter) : parts_(parts), reporter_(reporter) {}

  Device Build(const SourceFilePtr& file) {
    Device device;
    device.vendor = "junos";
    device.sources.push_back(file);
    device.interface_zones = parts_.interface_zones;
    AddFilters(device);
    const bool has_input = AddStage(true);
    const bool has_output = AddStage(false);
    if (parts_.policies.present) {
      rules_->chains["security-policies"] = parts_.policies.chain;
      device.filters["security-policies"] =
          Filter("security-policies", rules_, "security-policies");
      device.default_filter = "security-policies";
    } else if (parts_.filters.size() == 1) {
      device.default_filter = public_names_.begin()->second;
    }
    if (parts_.nat.destination) {
      rules_->chains[parts_.nat.destination->name] = *parts_.nat.destination;
    }
    if (parts_.nat.source) rules_->chains[parts_.nat.source->name] = *parts_.nat.source;
    for (const auto& [chain, name] : unit_filters_)
      device.filters[name] = Filter(name, rules_, chain);
    auto stage = [&](const std::string& chain, StageKind kind = StageKind::kFilter) {
      device.forward.push_back(Stage{kind, Filter(chain, rules_, chain), {}});
    };
    // SRX order: input filters, destination NAT, policies (on the translated destination),
    // source NAT, output filters.
    if (has_input) stage(kInputStage);
    if (parts_.nat.destination) stage(parts_.nat.destination->name, StageKind::kDestinationNat);
    if (parts_.policies.present) stage("security-policies");
    if (parts_.nat.source) stage(parts_.nat.source->name, StageKind::kSourceNat);
    if (has_output) stage(kOutputStage);
    return device;
  }

 private:
  void AddFilters(Device& device) {
    std::map<std::string, std::set<std::string>> families;  // name -> families
    for (const FirewallFilter& f : parts_.filters) families[f.name].insert(f.family);
    for (FirewallFilter& f : parts_.filters) {
      std::string name = families[f.name].size() > 1 ? f.chain.name : f.name;
      public_names_[f.chain.name] = name;
      rules_->chains[f.chain.name] = f.chain;
    }
    for (const auto& [chain, name] : public_names_)
      device.filters[name] = Filter(name, rules_, chain);
  }

  // The chains of one direction: per unit, its filter of the packet's family; the stage
  // dispatches on the unit. False when no unit has a filter in that direction.
  bool AddStage(bool input) {
    Chain stage{input ? kInputStage : kOutputStage,
                {},
                Action::Of(ActionKind::kAccept, input ? "no input filter" : "no output filter"),
                {}};
    std::map<std::string, Chain> units;
    for (const FilterBinding& binding : parts_.bindings) {
      if (binding.input != input) continue;
      std::string chain_name = UnitChain(binding.interface, input);
      auto [it, inserted] = units.try_emplace(chain_name);
      Chain& unit = it->second;
      if (inserted) {
        unit.name = chain_name;
        unit.policy = Action::Of(ActionKind::kAccept, "no filter for this family");
        Term::Kind kind = input ? Term::Kind::kInInterface : Term::Kind::kOutInterface;
        stage.rules.push_back(Rule{Match({Term::Interface(kind, binding.interface)}),
                                   Action{ActionKind::kGoto, chain_name, binding.interface, {}},
                                   binding.at->range(), binding.interface});
      }
      Rule rule;
      rule.match = Match({Term::FieldIs(Field::kFamily, binding.family == Family::kIpv6)});
      rule.location = binding.at->range();
      rule.label = binding.filter.empty() ? "filter list" : binding.filter;
      if (binding.filter.empty()) {
        rule.action = Action::Of(ActionKind::kUnknown, "filter list");
      } else {
        std::string target =
            std::string(binding.family == Family::kIpv4 ? "inet/" : "inet6/") + binding.filter;
        if (!rules_->chains.count(target)) {
          reporter_.Error(*binding.at,
                          std::string("unknown firewall filter '") + binding.filter + "' (family " +
                              (binding.family == Family::kIpv4 ? "inet" : "inet6") + ")");
          continue;
        }
        rule.action = Action{ActionKind::kGoto, target, binding.filter, {}};
      }
      unit.rules.push_back(std::move(rule));
    }
    for (auto& [name, chain] : units) {
      unit_filters_[name] = name.substr(name.find(' ') + 1) + (input ? ":in" : ":out");
      rules_->chains[name] = std::move(chain);
    }
    const bool any = !stage.rules.empty();
    rules_->chains[stage.name] = std::move(stage);
    return any;
  }

  DeviceParts& parts_;
  Reporter& reporter_;
  std::shared_ptr<RuleSet> rules_ = std::make_shared<RuleSet>();
  std::map<std::string, std::string> public_names_;  // chain -> filter name
  std::map<std::string, std::string> unit_filters_;  // chain -> "IF.U:in"
};

}  // namespace

Device BuildDevice(DeviceParts parts, const SourceFilePtr& file, Reporter& reporter) {
  return Builder(parts, reporter).Build(file);
}

}  // namespace flowaudit::junos
