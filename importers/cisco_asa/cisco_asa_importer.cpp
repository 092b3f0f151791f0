#include "importers/cisco_asa/cisco_asa_importer.h"

#include "importers/cisco_asa/acl_parser.h"
#include "importers/cisco_asa/asa_config.h"
#include "importers/cisco_asa/config_reader.h"
#include "importers/cisco_asa/nat.h"
#include "importers/common/coverage.h"

namespace flowaudit {
namespace asa {
namespace {

// Chain names of the forwarding pipeline. ACL names cannot contain spaces, so these never
// clash with an ACL.
constexpr const char* kInbound = "inbound access";
constexpr const char* kOutbound = "outbound access";
constexpr const char* kLegacyNat = "pre-8.3 nat (not modelled)";

std::string InboundCopy(const std::string& acl) { return "in " + acl; }
std::string OutboundCopy(const std::string& acl) { return "out " + acl; }
std::string GlobalCopy(const std::string& acl) { return "global " + acl; }

int SecurityLevel(const Interface& i) {
  if (i.security_level) return *i.security_level;
  return i.nameif == "inside" ? 100 : 0;  // what ASA assigns on `nameif`
}

class DeviceBuilder {
 public:
  DeviceBuilder(const Config& config, Acls& acls, NatChains nat, const SourceFilePtr& file,
                Diagnostics& diagnostics)
      : config_(config),
        acls_(acls),
        nat_(std::move(nat)),
        file_(file),
        diagnostics_(diagnostics) {}

  Device Build();

 private:
  // A chain for the pipeline that runs an ACL and, where no entry of it matches, goes on to
  // `next` (the global ACL) or denies. The ACL is jumped to, not copied: a 390,000-entry ACL
  // is held once, and a jumped-to chain returns at its end instead of taking its policy.
  void AddPass(RuleSet& rules, const std::string& acl, const std::string& name,
               const std::string& next);
  bool CheckBinding(const Binding& binding, const std::string& nameif);
  void AddSecurityLevelRules(Chain& inbound);

  const Config& config_;
  Acls& acls_;  // its chains move into the device
  NatChains nat_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
};

void DeviceBuilder::AddPass(RuleSet& rules, const std::string& acl, const std::string& name,
                            const std::string& next) {
  Chain pass{name, {}, std::nullopt, {}};
  pass.rules.push_back(Rule{Match(), Action{ActionKind::kJump, acl, acl, {}}, {}, acl});
  Rule end;
  end.label = next.empty() ? "implicit deny" : "no match: global access-list";
  end.action = next.empty() ? Action::Of(ActionKind::kDrop, "implicit deny")
                            : Action{ActionKind::kGoto, next, "global", {}};
  pass.rules.push_back(std::move(end));
  rules.chains[name] = std::move(pass);
}

bool DeviceBuilder::CheckBinding(const Binding& binding, const std::string& nameif) {
  if (!acls_.chains.count(binding.acl)) {
    diagnostics_.Error(RangeOf(file_, binding.acl_text),
                       "unknown access-list '" + binding.acl + "'");
    return false;
  }
  if (!nameif.empty() && !config_.FindInterface(nameif)) {
    diagnostics_.Error(RangeOf(file_, binding.line),
                       "unknown interface '" + nameif + "' (no interface has this nameif)");
    return false;
  }
  return true;
}

// Without an inbound ACL, traffic may go from a higher security level to a lower one only.
void DeviceBuilder::AddSecurityLevelRules(Chain& inbound) {
  for (const Interface& from : config_.interfaces) {
    if (from.nameif.empty() || config_.inbound.count(from.nameif)) continue;
    for (const Interface& to : config_.interfaces) {
      if (to.nameif.empty()) continue;  // no nameif: the interface carries no traffic
      int a = SecurityLevel(from), b = SecurityLevel(to);
      bool same_interface = &from == &to;
      bool permit = same_interface ? config_.same_security_intra
                                   : a > b || (a == b && config_.same_security_inter);
      std::string label = "security-level " + std::to_string(a) + " (" + from.nameif + ") to " +
                          std::to_string(b) + " (" + to.nameif + ")";
      Rule rule;
      rule.match = Match({Term::Interface(Term::Kind::kInInterface, from.nameif),
                          Term::Interface(Term::Kind::kOutInterface, to.nameif)});
      rule.action = Action::Of(permit ? ActionKind::kAccept : ActionKind::kDrop, label);
      rule.label = label;
      inbound.rules.push_back(std::move(rule));
    }
  }
}

Device DeviceBuilder::Build() {
  Device device;
  device.vendor = "cisco-asa";
  device.sources.push_back(file_);
  // One rule set holds the ACLs and the pipeline's chains (whose names have spaces, which ACL
  // names cannot have), so each ACL exists once.
  auto pipeline = std::make_shared<RuleSet>();
  for (auto& [name, chain] : acls_.chains) {
    device.filters[name] = Filter(name, pipeline, name);
    pipeline->chains[name] = std::move(chain);
  }

  std::string global;
  if (config_.global && CheckBinding(*config_.global, "")) {
    global = GlobalCopy(config_.global->acl);
    AddPass(*pipeline, config_.global->acl, global, "");
  }
  Chain inbound{kInbound, {}, Action::Of(ActionKind::kUnknown, "unknown ingress interface"), {}};
  for (const auto& [nameif, binding] : config_.inbound) {
    if (!CheckBinding(binding, nameif)) continue;
    AddPass(*pipeline, binding.acl, InboundCopy(binding.acl), global);
    Rule rule{Match({Term::Interface(Term::Kind::kInInterface, nameif)}),
              Action{ActionKind::kGoto, InboundCopy(binding.acl), binding.acl, {}},
              RangeOf(file_, binding.line),
              {}};
    inbound.rules.push_back(std::move(rule));
  }
  if (!global.empty()) {
    inbound.rules.push_back(Rule{Match(),
                                 Action{ActionKind::kGoto, global, config_.global->acl, {}},
                                 RangeOf(file_, config_.global->line),
                                 {}});
  } else {
    AddSecurityLevelRules(inbound);
  }
  Chain outbound{kOutbound, {}, Action::Of(ActionKind::kAccept, "no outbound access-list"), {}};
  for (const auto& [nameif, binding] : config_.outbound) {
    if (!CheckBinding(binding, nameif)) continue;
    AddPass(*pipeline, binding.acl, OutboundCopy(binding.acl), "");
    outbound.rules.push_back(
        Rule{Match({Term::Interface(Term::Kind::kOutInterface, nameif)}),
             Action{ActionKind::kGoto, OutboundCopy(binding.acl), binding.acl, {}},
             RangeOf(file_, binding.line),
             {}});
  }
  const bool has_outbound = !outbound.rules.empty();
  pipeline->chains[kInbound] = std::move(inbound);
  pipeline->chains[kOutbound] = std::move(outbound);
  if (!config_.legacy_nat_lines.empty()) {
    // Pre-8.3 NAT is not modelled: every packet that gets this far is UNKNOWN rather than wrong.
    Chain nat{kLegacyNat, {}, Action::Of(ActionKind::kAccept, "no NAT"), {}};
    nat.rules.push_back(Rule{Match({Term::Unknown("pre-8.3 NAT is not modelled")}),
                             Action::Of(ActionKind::kUnknown, "nat"),
                             RangeOf(file_, config_.legacy_nat_lines.front()),
                             {}});
    pipeline->chains[kLegacyNat] = std::move(nat);
  }
  const bool has_nat = nat_.rule_count > 0;
  const std::string nat_destination = nat_.destination.name, nat_source = nat_.source.name;
  if (has_nat) {
    pipeline->chains[nat_destination] = std::move(nat_.destination);
    pipeline->chains[nat_source] = std::move(nat_.source);
  }

  for (const auto& [nameif, binding] : config_.inbound) {
    if (pipeline->chains.count(InboundCopy(binding.acl))) {
      device.filters[nameif + ":in"] = Filter(nameif + ":in", pipeline, InboundCopy(binding.acl));
    }
  }
  for (const auto& [nameif, binding] : config_.outbound) {
    if (pipeline->chains.count(OutboundCopy(binding.acl))) {
      device.filters[nameif + ":out"] =
          Filter(nameif + ":out", pipeline, OutboundCopy(binding.acl));
    }
  }
  // Un-NAT first: the access-lists see real addresses. Source translation comes last.
  if (has_nat) {
    device.forward.push_back(
        Stage{StageKind::kDestinationNat, Filter(nat_destination, pipeline, nat_destination), {}});
  }
  device.forward.push_back(Stage{StageKind::kFilter, Filter(kInbound, pipeline, kInbound), {}});
  if (has_outbound) {
    device.forward.push_back(Stage{StageKind::kFilter, Filter(kOutbound, pipeline, kOutbound), {}});
  }
  if (has_nat) {
    device.forward.push_back(
        Stage{StageKind::kSourceNat, Filter(nat_source, pipeline, nat_source), {}});
  }
  if (!config_.legacy_nat_lines.empty()) {
    device.forward.push_back(
        Stage{StageKind::kFilter, Filter(kLegacyNat, pipeline, kLegacyNat), {}});
  }
  return device;
}

}  // namespace
}  // namespace asa

Device CiscoAsaImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  std::vector<asa::Line> lines = asa::SplitLines(file->text);
  asa::ReadResult read = asa::ReadConfig(lines, file, diagnostics);
  asa::Resolver resolver(read.config, file, diagnostics);
  asa::Acls acls =
      asa::ParseAccessLists(read.access_lists, read.config, resolver, file, diagnostics);
  asa::NatChains nat = asa::BuildNat(read.nat_lines, read.config, resolver, file, diagnostics);
  Device device = asa::DeviceBuilder(read.config, acls, std::move(nat), file, diagnostics).Build();
  if (acls.unknown_rule_count > 0) {
    auto count = [](int n, const char* one, const char* many) {
      return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    diagnostics.Note(RangeOf(file, std::string_view(file->text).substr(0, 0)),
                     "imported " +
                         count(acls.rule_count, "access-list entry", "access-list entries") + "; " +
                         count(acls.unknown_rule_count, "entry contains", "entries contain") +
                         " constructs flowaudit does not understand (UNKNOWN)");
  }
  device.coverage = CoverageOf("lines", StatementLines(file, "!:"), diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateCiscoAsaImporter() { return std::make_unique<CiscoAsaImporter>(); }

bool SniffCiscoAsa(std::string_view text) {
  std::string_view head = text.substr(0, 64 * 1024);
  if (head.find("ASA Version ") != std::string_view::npos) return true;
  return head.find("\n nameif ") != std::string_view::npos &&
         head.find(" extended ") != std::string_view::npos &&
         head.find("access-list ") != std::string_view::npos;
}

}  // namespace flowaudit
