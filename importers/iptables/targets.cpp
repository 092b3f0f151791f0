// Targets (-j) and gotos (-g): verdicts, non-terminal targets, user chains and NAT.
#include "importers/iptables/netfilter_names.h"
#include "importers/iptables/rule_parser.h"

namespace flowaudit::iptables {
namespace {

constexpr const char* kUntrackWarning =
    "this rule makes packets UNTRACKED; conntrack state matches in this file are UNKNOWN where "
    "that matters";

bool IsPortProtocol(std::optional<uint8_t> p) {
  return p && (*p == protocol::kTcp || *p == protocol::kUdp || *p == protocol::kSctp ||
               *p == protocol::kDccp);
}

// The built-in chains a NAT target may be used in (user chains are checked by the kernel
// through the chains that call them; flowaudit does not follow that).
bool NatTargetAllowedIn(std::string_view target, std::string_view chain) {
  if (target == "DNAT" || target == "REDIRECT") return chain == "PREROUTING" || chain == "OUTPUT";
  if (target == "SNAT") return chain == "POSTROUTING" || chain == "INPUT";
  return chain == "POSTROUTING";  // MASQUERADE
}

std::string_view NatChainsText(std::string_view target) {
  if (target == "DNAT" || target == "REDIRECT") return "PREROUTING and OUTPUT";
  if (target == "SNAT") return "POSTROUTING and INPUT";
  return "POSTROUTING";
}

}  // namespace

void RuleParser::ParseTarget(const Token& option, const Token& name, bool is_goto) {
  target_name_ = &name;
  owner_is_target_ = true;
  target_ = TargetKind::kPlain;
  std::string_view n = name.value;
  auto set = [&](ActionKind kind) { rule_.action = Action::Of(kind, std::string(n)); };
  auto call = [&](ActionKind kind) {
    // Whether a user chain exists is checked when the table is complete.
    if (env_.is_builtin_chain && env_.is_builtin_chain(n)) {
      Error(name, "cannot jump to built-in chain " + Quoted(n));
      return;
    }
    set(kind);
    rule_.action.chain = std::string(n);
    rule_.target_location = RangeOf(file_, name.text);
  };
  if (is_goto) {
    call(ActionKind::kGoto);
  } else if (n == "ACCEPT") {
    set(ActionKind::kAccept);
  } else if (n == "DROP") {
    set(ActionKind::kDrop);
  } else if (n == "RETURN") {
    set(ActionKind::kReturn);
  } else if (env_.is_chain && env_.is_chain(n)) {
    // A declared chain wins over a target name iptables may not know on that system
    // (xtables-addons' TARPIT, say, is a valid chain name where the module is missing).
    call(ActionKind::kJump);
  } else if (n == "REJECT") {
    set(ActionKind::kReject);
    target_ = TargetKind::kReject;
  } else if (n == "DNAT") {
    set(ActionKind::kDnat);
    target_ = TargetKind::kDnat;
  } else if (n == "SNAT") {
    set(ActionKind::kSnat);
    target_ = TargetKind::kSnat;
  } else if (n == "MASQUERADE") {
    set(ActionKind::kMasquerade);
    target_ = TargetKind::kMasquerade;
  } else if (n == "REDIRECT") {
    set(ActionKind::kRedirect);
    target_ = TargetKind::kRedirect;
  } else if (n == "CT") {
    set(ActionKind::kContinue);
    target_ = TargetKind::kCt;
  } else if (IsNonTerminalTarget(n)) {
    set(ActionKind::kContinue);
    target_ = TargetKind::kOpaque;
    if (n == "NOTRACK") {
      rule_.untracks = true;
      Warning(name, kUntrackWarning);
    }
  } else if (IsUnsupportedTarget(n)) {
    Warning(name,
            "target " + Quoted(n) + " is not understood by flowaudit; rules using it are UNKNOWN");
    set(ActionKind::kUnknown);
    target_ = TargetKind::kOpaque;
  } else {
    call(ActionKind::kJump);
  }
}

bool RuleParser::ParseTargetOption(const Token& option, bool negated) {
  if (target_ == TargetKind::kPlain || target_ == TargetKind::kNone) return false;
  if (option.value.substr(0, 2) != "--") return false;
  std::string_view name = option.value.substr(2);
  if (target_ == TargetKind::kOpaque) {
    SkipValues();
    return true;
  }
  auto value = [&]() -> const Token* {
    if (negated) {
      Error(option, "'!' cannot be used with " + Quoted(option.value));
      return nullptr;
    }
    return TakeValue(option, nullptr);
  };
  auto flag = [&]() {
    if (negated) Error(option, "'!' cannot be used with " + Quoted(option.value));
    return true;
  };
  switch (target_) {
    case TargetKind::kReject:
      if (name != "reject-with") return false;
      if (const Token* v = value()) {
        std::optional<std::string_view> with = LookupRejectWith(v->value, env_.family);
        if (!with) {
          Error(*v, "unknown --reject-with value " + Quoted(v->value));
        } else {
          reject_with_ = *with;
          reject_with_token_ = v;
        }
      }
      return true;
    case TargetKind::kDnat:
    case TargetKind::kSnat: {
      const bool dnat = target_ == TargetKind::kDnat;
      if (name == "random" || name == "persistent" || name == "random-fully") return flag();
      if (name != (dnat ? "to-destination" : "to-source") && name != "to") return false;
      if (target_has_to_) {
        Error(option, "option " + Quoted(option.value) + " may only be given once");
        return true;
      }
      target_has_to_ = true;
      if (const Token* v = value()) {
        if (std::optional<NatTranslation> nat = ParseNatSpec(*v, /*with_address=*/true)) {
          rule_.action.nat = *nat;
          if (nat->ports) nat_ports_token_ = v;
        }
      }
      return true;
    }
    case TargetKind::kMasquerade:
    case TargetKind::kRedirect:
      if (name == "random" || name == "random-fully") return flag();
      if (name != "to-ports") return false;
      if (const Token* v = value()) {
        if (std::optional<NatTranslation> nat = ParseNatSpec(*v, /*with_address=*/false)) {
          rule_.action.nat = *nat;
          nat_ports_token_ = v;
        }
      }
      return true;
    case TargetKind::kCt:
      if (name == "notrack") {
        rule_.untracks = true;
        Warning(option, kUntrackWarning);
        return flag();
      }
      SkipValues();  // zones, helpers, timeouts: none changes which packets pass
      return true;
    default:
      return false;
  }
}

std::optional<NatTranslation> RuleParser::ParseNatSpec(const Token& value, bool with_address) {
  const bool v4 = env_.family == Family::kIpv4;
  std::string_view text = value.value;
  std::string_view addresses, ports;
  if (!with_address) {
    ports = text;
  } else if (v4) {
    size_t colon = text.find(':');
    addresses = text.substr(0, colon);
    if (colon != std::string_view::npos) ports = text.substr(colon + 1);
  } else if (!text.empty() && text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      Error(value, "missing ']' in " + Quoted(text));
      return std::nullopt;
    }
    addresses = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':' || rest.size() == 1) {
        Error(value, "expected ':PORT' after ']' in " + Quoted(text));
        return std::nullopt;
      }
      ports = rest.substr(1);
    }
  } else {
    addresses = text;  // an IPv6 address without brackets takes no port
  }
  NatTranslation nat;
  nat.family = env_.family;
  if (!addresses.empty()) {
    size_t dash = addresses.find('-');
    std::string_view lo_text = addresses.substr(0, dash);
    std::string_view hi_text =
        dash == std::string_view::npos ? lo_text : addresses.substr(dash + 1);
    std::optional<IpAddress> lo = ParseIpAddress(lo_text), hi = ParseIpAddress(hi_text);
    for (auto [address, address_text] : {std::pair{lo, lo_text}, std::pair{hi, hi_text}}) {
      if (!address) {
        Error(value, Quoted(address_text) + " is not an IP address");
        return std::nullopt;
      }
      if (address->family != env_.family) {
        Error(value, Quoted(address_text) + " is an " + (v4 ? "IPv6" : "IPv4") +
                         " address, but this ruleset is " + (v4 ? "IPv4" : "IPv6"));
        return std::nullopt;
      }
    }
    if (lo->value > hi->value) {
      Error(value, "address range " + Quoted(addresses) + " is reversed");
      return std::nullopt;
    }
    nat.addresses = ValueRange{lo->value, hi->value};
  }
  if (!ports.empty()) {
    size_t dash = ports.find('-');
    std::string_view lo_text = ports.substr(0, dash);
    std::string_view hi_text = dash == std::string_view::npos ? lo_text : ports.substr(dash + 1);
    std::optional<uint64_t> lo = ParseNumber(lo_text, 65535), hi = ParseNumber(hi_text, 65535);
    if (!lo || !hi || *lo == 0 || *hi == 0) {
      Error(value, "invalid port " + Quoted(ports) + " (expected PORT or PORT-PORT, 1-65535)");
      return std::nullopt;
    }
    if (*lo > *hi) {
      Error(value, "port range " + Quoted(ports) + " is reversed");
      return std::nullopt;
    }
    nat.ports = ValueRange{*lo, *hi};
  }
  return nat;
}

void RuleParser::FinishTarget() {
  if (!target_name_) return;
  const Token& name = *target_name_;
  switch (target_) {
    case TargetKind::kReject:
      if (env_.table != "filter") {
        Error(name, "target 'REJECT' is only valid in the filter table");
      } else if (reject_with_ == "tcp-reset" && !ProtocolIs(protocol::kTcp)) {
        Error(*reject_with_token_, "'--reject-with tcp-reset' needs '-p tcp'");
      }
      return;
    case TargetKind::kDnat:
    case TargetKind::kSnat:
    case TargetKind::kMasquerade:
    case TargetKind::kRedirect: {
      std::string_view n = name.value;
      if (env_.table != "nat") {
        Error(name, "target " + Quoted(n) + " is only valid in the nat table");
        return;
      }
      if (env_.builtin_chain && !NatTargetAllowedIn(n, env_.chain)) {
        Error(name, "target " + Quoted(n) + " is only valid in " + std::string(NatChainsText(n)) +
                        " (and chains called from them), not in " + std::string(env_.chain));
        return;
      }
      if ((target_ == TargetKind::kDnat || target_ == TargetKind::kSnat) && !target_has_to_) {
        Error(name, "target " + Quoted(n) + " needs " +
                        (target_ == TargetKind::kDnat ? "'--to-destination'" : "'--to-source'"));
        return;
      }
      if (nat_ports_token_ && !(IsPortProtocol(protocol_) && !protocol_negated_)) {
        Error(*nat_ports_token_,
              "a NAT port needs '-p tcp', '-p udp', '-p sctp' or '-p dccp' in the rule");
        return;
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace flowaudit::iptables
