#include "importers/panos/panos_importer.h"

#include <algorithm>

#include "importers/common/xml.h"
#include "importers/panos/panos_layout.h"
#include "importers/panos/panos_objects.h"
#include "importers/panos/panos_reader.h"
#include "importers/panos/panos_rules.h"

namespace flowaudit {
namespace panos {
namespace {

// Zone types whose <member>s are interfaces.
constexpr const char* kZoneTypes[] = {"layer3", "layer2", "virtual-wire",
                                      "tap",    "tunnel", "external"};

// Reads the zones defined in a vsys (or a template's vsys): their names, and each member
// interface's zone into `interface_zones`.
std::set<std::string> ReadZones(const xml::Element& holder, Reader& reader, Device& device) {
  std::set<std::string> zones;
  const xml::Element* list = holder.Child("zone");
  if (!list) return zones;
  for (const xml::Element* entry : list->ChildrenNamed("entry")) {
    const int problems = reader.ProblemCount();
    std::string zone = reader.EntryName(*entry);
    reader.CheckAttributes(*entry);
    zones.insert(zone);
    ++device.coverage.total;
    if (const xml::Element* network = entry->Child("network")) {
      for (const xml::Element& type : network->children) {
        if (std::find_if(std::begin(kZoneTypes), std::end(kZoneTypes),
                         [&](const char* t) { return type.name == t; }) == std::end(kZoneTypes)) {
          continue;  // protection profiles, log settings: no interfaces
        }
        for (const xml::Element& member : type.children) {
          if (member.name != "member") continue;
          std::string interface(member.TrimmedText());
          auto [it, fresh] = device.interface_zones.emplace(interface, zone);
          if (!fresh && it->second != zone) {
            reader.Warning(member.TextOrTag(), "interface " + Quoted(interface) +
                                                   " is already in zone " + Quoted(it->second));
          }
        }
      }
    }
    if (reader.ProblemCount() == problems) ++device.coverage.understood;
  }
  return zones;
}

const xml::Element* RulesOf(const xml::Element* rulebase, const char* kind) {
  return ChildPath(rulebase, {kind, "rules"});
}

// Warns about rulebases flowaudit does not model, once per rulebase element.
void CheckRulebase(const xml::Element* rulebase, Reader& reader) {
  if (!rulebase) return;
  static const std::set<std::string_view> kModelled = {"security", "nat", "default-security-rules"};
  // QoS marks and decryption decides what is inspected: neither permits nor denies.
  static const std::set<std::string_view> kHarmless = {"qos", "decryption"};
  for (const xml::Element& child : rulebase->children) {
    if (kModelled.count(child.name) || kHarmless.count(child.name)) continue;
    const xml::Element* rules = child.Child("rules");
    if (rules && !rules->children.empty()) {
      reader.Warning(child.name_range, "<" + child.name + "> rules are not modelled (" +
                                           std::to_string(rules->children.size()) +
                                           " rules); verdicts assume they change nothing");
    }
  }
}

void AddRulebase(std::vector<Rulebase>& out, const xml::Element* rules, const Scope& scope) {
  if (rules) out.push_back(Rulebase{rules, &scope});
}

void CollectRuleZones(const std::vector<Rulebase>& bases, std::set<std::string>& zones) {
  for (const Rulebase& base : bases) {
    for (const xml::Element* entry : base.rules->ChildrenNamed("entry")) {
      for (const char* side : {"from", "to"}) {
        if (const xml::Element* list = entry->Child(side)) {
          for (const xml::Element* m : list->ChildrenNamed("member")) {
            if (m->TrimmedText() != "any") zones.insert(std::string(m->TrimmedText()));
          }
        }
      }
    }
  }
}

// The rulebases of a vsys, or of a device group with its ancestors and shared, in PAN-OS
// evaluation order.
PolicyInput MakeInput(const Scope& scope, Reader& reader) {
  PolicyInput input;
  input.name = scope.name;
  if (!scope.is_device_group) {
    const xml::Element* rulebase = scope.element->Child("rulebase");
    CheckRulebase(rulebase, reader);
    AddRulebase(input.security, RulesOf(rulebase, "security"), scope);
    AddRulebase(input.nat, RulesOf(rulebase, "nat"), scope);
    AddRulebase(input.default_rules, RulesOf(rulebase, "default-security-rules"), scope);
    return input;
  }
  std::vector<const Scope*> chain = LookupChain(scope);  // the group, its ancestors, shared
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const xml::Element* pre = (*it)->element ? (*it)->element->Child("pre-rulebase") : nullptr;
    CheckRulebase(pre, reader);
    AddRulebase(input.security, RulesOf(pre, "security"), **it);
    AddRulebase(input.nat, RulesOf(pre, "nat"), **it);
  }
  for (const Scope* s : chain) {
    const xml::Element* post = s->element ? s->element->Child("post-rulebase") : nullptr;
    CheckRulebase(post, reader);
    AddRulebase(input.security, RulesOf(post, "security"), *s);
    AddRulebase(input.nat, RulesOf(post, "nat"), *s);
    AddRulebase(input.default_rules, RulesOf(post, "default-security-rules"), *s);
  }
  return input;
}

// A chain that sends each packet to the chain of the vsys its from-zone belongs to.
Chain Dispatch(const std::string& name,
               const std::vector<std::pair<std::string, std::set<std::string>>>& vsys_zones,
               const RuleSet& rules, const std::string& suffix, Action otherwise) {
  Chain chain{name, {}, otherwise, {}};
  for (const auto& [vsys, zones] : vsys_zones) {
    if (zones.empty() || !rules.Find(vsys + suffix)) continue;
    std::vector<Match> from;
    for (const std::string& zone : zones)
      from.push_back(Match({Term::Zone(Term::Kind::kFromZone, zone)}));
    chain.rules.push_back(Rule{Match({Term::AnyOf(std::move(from))}),
                               Action{ActionKind::kGoto, vsys + suffix, vsys, {}},
                               {},
                               vsys});
  }
  return chain;
}

Device Import(const SourceFilePtr& file, Diagnostics& diagnostics) {
  Device device;
  device.vendor = "panos";
  device.sources.push_back(file);
  device.coverage.unit = "rules and objects";
  std::optional<xml::Document> document = xml::Parse(file, diagnostics);
  if (!document) return device;
  Reader reader(file, diagnostics);
  std::optional<Layout> layout = FindLayout(document->root, reader);
  if (!layout) return device;

  Objects objects(reader);
  objects.ReadAll(*layout->shared, device.coverage);
  for (const Scope* scope : layout->policies) objects.ReadAll(*scope, device.coverage);
  std::map<const xml::Element*, std::set<std::string>> defined_zones;
  std::set<std::string> all_zones;
  for (const xml::Element* holder : layout->zone_holders) {
    defined_zones[holder] = ReadZones(*holder, reader, device);
    all_zones.insert(defined_zones[holder].begin(), defined_zones[holder].end());
  }

  auto rules = std::make_shared<RuleSet>();
  RuleContext context{reader, objects, device.coverage, {}};
  std::vector<std::pair<std::string, std::set<std::string>>> vsys_zones;
  for (const Scope* scope : layout->policies) {
    PolicyInput input = MakeInput(*scope, reader);
    // A vsys knows its own zones; a device group the zones of every template.
    input.zones = scope->is_device_group ? all_zones : defined_zones[scope->element];
    if (!scope->is_device_group) input.defined_zones = input.zones;
    if (!scope->is_device_group) vsys_zones.emplace_back(scope->name, input.zones);
    CollectRuleZones(input.security, input.zones);
    if (rules->chains.count(input.name)) {
      reader.Error(scope->element->location,
                   "duplicate vsys or device group " + Quoted(input.name));
      continue;
    }
    rules->chains[input.name] = BuildSecurityChain(input, context);
    if (std::optional<NatChains> nat = BuildNatChains(input, context)) {
      rules->chains[nat->destination.name] = std::move(nat->destination);
      rules->chains[nat->source.name] = std::move(nat->source);
    }
  }
  for (const auto& [name, chain] : rules->chains) device.filters[name] = Filter(name, rules, name);
  const std::string first = layout->policies.front()->name;
  device.default_filter = first;

  // The forward pipeline: one policy, or (several vsys) a dispatch on the from-zone.
  std::string security = first, dnat = first + ":nat-destination", snat = first + ":nat-source";
  if (vsys_zones.size() > 1) {
    security = "security", dnat = "nat-destination", snat = "nat-source";
    rules->chains[security] = Dispatch(security, vsys_zones, *rules, "",
                                       Action::Of(ActionKind::kUnknown, "from-zone in no vsys"));
    Chain nat_destination = Dispatch(dnat, vsys_zones, *rules, ":nat-destination",
                                     Action::Of(ActionKind::kAccept, "no NAT rule"));
    if (!nat_destination.rules.empty()) {
      rules->chains[dnat] = std::move(nat_destination);
      rules->chains[snat] = Dispatch(snat, vsys_zones, *rules, ":nat-source",
                                     Action::Of(ActionKind::kAccept, "no NAT rule"));
    }
  } else if (layout->policies.size() > 1) {
    reader.Note(layout->policies.front()->element->location,
                "the forward pipeline uses device group " + Quoted(first) +
                    "; query the others with --filter");
  }
  device.forward.push_back(Stage{StageKind::kFilter, Filter(security, rules, security), {}});
  if (rules->Find(dnat)) {
    device.forward.push_back(Stage{StageKind::kDestinationNat, Filter(dnat, rules, dnat), {}});
    device.forward.push_back(Stage{StageKind::kSourceNat, Filter(snat, rules, snat), {}});
  }
  return device;
}

}  // namespace
}  // namespace panos

Device PanosImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  return panos::Import(file, diagnostics);
}

std::unique_ptr<Importer> CreatePanosImporter() { return std::make_unique<PanosImporter>(); }

bool SniffPanos(std::string_view text) {
  std::string_view head = text.substr(0, 64 * 1024);
  auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  size_t config = head.find("<config ");
  if (config != std::string_view::npos) {
    std::string_view tag = head.substr(config, head.find('>', config) - config);
    if (tag.find("version=") != std::string_view::npos &&
        (has("<devices>") || has("<shared>") || has("<vsys>"))) {
      return true;
    }
  }
  return has("<response status=") && (has("<config>") || has("<config "));
}

}  // namespace flowaudit
