// Security and NAT rules of one vsys or device group, as flowaudit chains.
//
// Security: the rulebases in PAN-OS evaluation order (on Panorama: shared pre-rules, device
// group pre-rules, local rules, device-group post-rules, shared post-rules), then the two
// default rules as explicit final rules labelled `intrazone-default` (allow unless overridden)
// and `interzone-default` (deny unless overridden). Zones are Term::Zone conditions on the
// packet's from/to zones. Intrazone means both zones are the same; a packet whose zones are
// both unknown (a query without from=/to=) may be either, so the default rules give UNKNOWN
// for it unless both have the same action.
//
// NAT: PAN-OS looks NAT up once, on the pre-NAT packet; security then matches pre-NAT
// addresses with the post-NAT zone. flowaudit runs the security stage first (pre-NAT
// addresses), then a destination-NAT stage and a source-NAT stage. Both NAT stages hold every
// NAT rule in order (first match: a rule without that kind of translation passes the packet
// on unchanged); in the source stage a rule with destination translation matches the
// translated destination, since the packet has been rewritten by then. A NAT rule's `to` zone
// is the zone of the pre-NAT destination, which MatchContext does not carry: it is checked
// for rules without destination translation only (for the others their pre-NAT destination
// addresses decide).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "importers/panos/panos_objects.h"
#include "models/device.h"
#include "models/filter.h"

namespace flowaudit::panos {

// A <rules> element and the scope its names resolve in.
struct Rulebase {
  const xml::Element* rules = nullptr;
  const Scope* scope = nullptr;
};

struct PolicyInput {
  std::string name;                     // the vsys or device group
  std::vector<Rulebase> security;       // in evaluation order
  std::vector<Rulebase> nat;            // in evaluation order
  std::vector<Rulebase> default_rules;  // <default-security-rules>, most specific first
  std::set<std::string> zones;          // every zone the policy knows (defined or named)
  // The zones a firewall's vsys defines; rules naming others get a warning. Empty: not checked
  // (Panorama device groups, whose zones live in templates, and configs without <zone>).
  std::set<std::string> defined_zones;
};

struct RuleContext {
  Reader& reader;
  Objects& objects;
  ImportCoverage& coverage;
  std::set<std::string> warned_applications;  // App-ID warnings, once per application
};

Chain BuildSecurityChain(const PolicyInput& policy, RuleContext& context);

struct NatChains {
  Chain destination;  // DNAT stage
  Chain source;       // SNAT stage
};
// nullopt when the policy has no NAT rules.
std::optional<NatChains> BuildNatChains(const PolicyInput& policy, RuleContext& context);

// Helpers shared by security and NAT rules.
// With `defined` (the vsys's zones), a member it does not define is an unknown alternative.
std::optional<Term> ZoneTerm(Term::Kind kind, const std::vector<const xml::Element*>& members,
                             const std::set<std::string>* defined = nullptr);
std::optional<Term> AddressTerm(Field field, const AddressList& list, bool negated);
std::optional<Term> ServiceTerm(const ServiceList& list);

}  // namespace flowaudit::panos
