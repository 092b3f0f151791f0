#include "importers/iptables/rule_parser.h"

#include <cctype>
#include <iterator>

#include "importers/iptables/netfilter_names.h"

namespace flowaudit::iptables {
namespace {

enum MainOption : uint8_t {
  kSource,
  kDestination,
  kProtocol,
  kInInterface,
  kOutInterface,
  kTarget,  // -j and -g: one per rule
  kMatch,
  kFragment,
  kSetCounters,
  kIpv4Only,
  kIpv6Only,
  kTable,
};

struct MainOptionName {
  std::string_view name;
  MainOption option;
  bool is_goto = false;
};

constexpr MainOptionName kMainOptions[] = {
    {"-s", kSource},
    {"--source", kSource},
    {"--src", kSource},
    {"-d", kDestination},
    {"--destination", kDestination},
    {"--dst", kDestination},
    {"-p", kProtocol},
    {"--protocol", kProtocol},
    {"-i", kInInterface},
    {"--in-interface", kInInterface},
    {"-o", kOutInterface},
    {"--out-interface", kOutInterface},
    {"-j", kTarget},
    {"--jump", kTarget},
    {"-g", kTarget, true},
    {"--goto", kTarget, true},
    {"-m", kMatch},
    {"--match", kMatch},
    {"-f", kFragment},
    {"--fragment", kFragment},
    {"-c", kSetCounters},
    {"--set-counters", kSetCounters},
    {"-4", kIpv4Only},
    {"--ipv4", kIpv4Only},
    {"-6", kIpv6Only},
    {"--ipv6", kIpv6Only},
    {"-t", kTable},
    {"--table", kTable},
};

constexpr size_t kMaxInterfaceName = 15;  // IFNAMSIZ - 1

std::string WrongFamilyMessage(std::string_view address, Family family) {
  if (family == Family::kIpv4) {
    return Quoted(address) +
           " is an IPv6 address; an iptables-save file holds IPv4 rules (IPv6 rules belong in "
           "the ip6tables-save file)";
  }
  return Quoted(address) +
         " is an IPv4 address; an ip6tables-save file holds IPv6 rules (IPv4 rules belong in "
         "the iptables-save file)";
}

// One item of -s/-d: a prefix, or an address with a (possibly non-contiguous) dotted mask.
struct AddressItem {
  IpAddress address;
  uint128 mask = 0;
  int prefix_length = -1;  // -1: the mask is not contiguous
};

std::optional<AddressItem> ParseAddressItem(std::string_view text, std::string* error) {
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::string_view mask_text = text.substr(slash + 1);
    if (mask_text.find_first_of(".:") != std::string_view::npos) {
      std::optional<IpAddress> address = ParseIpAddress(text.substr(0, slash));
      std::optional<IpAddress> mask = ParseIpAddress(mask_text);
      if (!address) {
        *error = Quoted(text.substr(0, slash)) + " is not an IP address";
        return std::nullopt;
      }
      if (!mask || mask->family != address->family) {
        *error = Quoted(mask_text) + " is not a valid mask";
        return std::nullopt;
      }
      AddressItem item{*address, mask->value, -1};
      int bits = AddressBits(address->family);
      for (int length = 0; length <= bits; ++length) {
        if (PrefixMask(length, bits) == item.mask) item.prefix_length = length;
      }
      item.address.value &= item.mask;
      return item;
    }
  }
  std::optional<Prefix> prefix = ParsePrefix(text, error);
  if (!prefix) return std::nullopt;
  int bits = AddressBits(prefix->address.family);
  return AddressItem{prefix->address, PrefixMask(prefix->length, bits), prefix->length};
}

}  // namespace

RuleParser::RuleParser(const RuleEnvironment& environment, const SourceFilePtr& file,
                       Diagnostics& diagnostics, std::vector<Term>& term_buffer)
    : env_(environment), file_(file), diagnostics_(diagnostics), terms_(term_buffer) {
  terms_.clear();
}

ParsedRule RuleParser::Parse(std::span<const Token> tokens) {
  tokens_ = tokens;
  const Token* bang = nullptr;
  while (pos_ < tokens_.size() && !rule_.failed) {
    const Token& token = tokens_[pos_++];
    if (token.IsBang()) {
      if (bang) {
        Error(token, "multiple '!' flags not allowed");
        break;
      }
      bang = &token;
      continue;
    }
    if (!token.IsOption()) {
      Error(token, "unexpected " + Quoted(token.value) + ": expected an option");
      break;
    }
    bool negated = bang != nullptr;
    bang = nullptr;
    if (ParseMainOption(token, negated) || rule_.failed) continue;
    if (owner_is_target_ && ParseTargetOption(token, negated)) continue;
    if (rule_.failed) continue;
    if (ParseModuleOption(token, negated) || rule_.failed) continue;
    Error(token, "unknown option " + Quoted(token.value));
  }
  if (bang && !rule_.failed) Error(*bang, "'!' at the end of the rule negates nothing");
  if (!rule_.failed) FinishModules();
  if (!rule_.failed) FinishTarget();
  if (rule_.failed) {
    // Keep the rule, but let nothing depend on what it might have meant.
    terms_.push_back(Term::Unknown("invalid rule"));
    rule_.action = Action::Of(ActionKind::kUnknown, "(invalid rule)");
    rule_.target_location = {};
  }
  // An exactly sized copy: the buffer keeps its capacity for the next rule.
  rule_.match = Match(std::vector<Term>(std::make_move_iterator(terms_.begin()),
                                        std::make_move_iterator(terms_.end())));
  terms_.clear();
  return std::move(rule_);
}

bool RuleParser::ParseMainOption(const Token& option, bool negated) {
  const MainOptionName* found = nullptr;
  for (const MainOptionName& entry : kMainOptions) {
    if (entry.name == option.value) found = &entry;
  }
  if (!found) return false;
  if (found->option == kFragment && env_.family == Family::kIpv6) return false;  // no -f in v6
  uint32_t bit = 1u << found->option;
  const bool repeatable = found->option == kMatch || found->option == kSetCounters;
  if ((main_given_ & bit) && !repeatable) {
    Error(option, found->option == kTarget
                      ? "only one '-j' or '-g' is allowed in a rule"
                      : "option " + Quoted(option.value) + " may only be given once in a rule");
    return true;
  }
  main_given_ |= bit;
  opaque_module_open_ = false;
  switch (found->option) {
    case kSource:
      ParseAddress(option, Field::kSrcAddress, negated);
      break;
    case kDestination:
      ParseAddress(option, Field::kDstAddress, negated);
      break;
    case kProtocol:
      ParseProtocol(option, negated);
      break;
    case kInInterface:
      ParseInterface(option, Term::Kind::kInInterface, negated);
      break;
    case kOutInterface:
      ParseInterface(option, Term::Kind::kOutInterface, negated);
      break;
    case kTarget:
    case kMatch: {
      if (negated) {
        Error(option, "'!' cannot be used with " + Quoted(option.value));
        break;
      }
      const Token* value = TakeValue(option, nullptr);
      if (!value) break;
      if (found->option == kMatch) {
        OpenModule(option, *value);
      } else {
        ParseTarget(option, *value, found->is_goto);
      }
      break;
    }
    case kFragment:
      // -f matches second and later fragments, which never start a connection.
      if (!negated) terms_.push_back(Term::AnyOf({}));
      break;
    case kSetCounters:
      if (TakeValue(option, nullptr)) TakeValue(option, nullptr);
      break;
    case kIpv4Only:
      rule_.other_family = env_.family != Family::kIpv4;
      break;
    case kIpv6Only:
      rule_.other_family = env_.family != Family::kIpv6;
      break;
    case kTable:
      Error(option, "'-t' cannot be used in a ruleset file: the '*table' line sets the table");
      break;
  }
  return true;
}

void RuleParser::ParseAddress(const Token& option, Field field, bool negated) {
  const Token* value = TakeValue(option, &negated);
  if (!value) return;
  std::vector<AddressItem> items;
  bool matches_all = false;
  std::string_view list = value->value;
  while (true) {
    size_t comma = list.find(',');
    std::string_view text = list.substr(0, comma);
    std::string error;
    std::optional<AddressItem> item = ParseAddressItem(text, &error);
    if (!item) {
      Error(*value, error);
      return;
    }
    if (item->address.family != env_.family) {
      Error(*value, WrongFamilyMessage(text, env_.family));
      return;
    }
    if (item->mask == 0) matches_all = true;
    items.push_back(*item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (items.size() > 1 && negated) {
    Error(*value, "'!' cannot be used with several addresses");
    return;
  }
  if (matches_all) {
    if (negated) terms_.push_back(Term::AnyOf({}));
    return;
  }
  std::vector<ValueRange> ranges;
  std::vector<Match> masked;
  const int bits = AddressBits(env_.family);
  for (const AddressItem& item : items) {
    if (item.prefix_length >= 0) {
      uint128 last = item.address.value | (MaxValueForWidth(bits) & ~item.mask);
      ranges.push_back({item.address.value, last});
    } else {
      masked.push_back(Match({Term::Masked(field, item.address.value, item.mask)}));
    }
  }
  if (masked.empty()) {
    terms_.push_back(Term::FieldIn(field, std::move(ranges), negated));
    return;
  }
  if (!ranges.empty()) masked.push_back(Match({Term::FieldIn(field, std::move(ranges))}));
  if (masked.size() == 1 && masked[0].terms().size() == 1) {
    Term term = masked[0].terms()[0];
    term.negated = negated;
    terms_.push_back(std::move(term));
    return;
  }
  terms_.push_back(Term::AnyOf(std::move(masked), negated));
}

void RuleParser::ParseProtocol(const Token& option, bool negated) {
  const Token* value = TakeValue(option, &negated);
  if (!value) return;
  // iptables lower-cases the protocol before looking it up.
  std::string name(value->value);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::optional<uint8_t> number;
  if (std::optional<uint64_t> n = ParseNumber(name, 255)) {
    number = static_cast<uint8_t>(*n);
  } else {
    number = LookupProtocol(name);
  }
  if (!number) {
    Error(*value, "unknown protocol " + Quoted(value->value));
    return;
  }
  protocol_ = *number;
  protocol_negated_ = negated;
  if (*number == 0) {
    if (negated) Error(*value, "'! -p " + std::string(value->value) + "' would never match");
    return;
  }
  terms_.push_back(Term::FieldIs(Field::kProtocol, *number, negated));
}

void RuleParser::ParseInterface(const Token& option, Term::Kind kind, bool negated) {
  const Token* value = TakeValue(option, &negated);
  if (!value) return;
  const bool in = kind == Term::Kind::kInInterface;
  if (env_.builtin_chain) {
    bool invalid = in ? (env_.chain == "OUTPUT" || env_.chain == "POSTROUTING")
                      : (env_.chain == "INPUT" || env_.chain == "PREROUTING");
    if (invalid) {
      Error(option, Quoted(option.value) + " cannot be used in chain " + std::string(env_.chain) +
                        (in ? ": packets there have no input interface"
                            : ": packets there have no output interface yet"));
      return;
    }
  }
  std::string_view name = value->value;
  if (name.size() > kMaxInterfaceName) {
    Error(*value, "interface name " + Quoted(name) + " is longer than 15 characters");
    return;
  }
  if (name == "+") {
    // Every packet in these chains has the interface, even one no rule names.
    if (negated) terms_.push_back(Term::AnyOf({}));
    return;
  }
  terms_.push_back(Term::Interface(kind, std::string(name), negated));
}

const Token* RuleParser::TakeValue(const Token& option, bool* negated) {
  if (pos_ < tokens_.size() && tokens_[pos_].IsBang()) {
    // The old form puts '!' before the value: `-s ! 10.0.0.1`.
    if (!negated) {
      Error(tokens_[pos_], "'!' cannot be used with " + Quoted(option.value));
      return nullptr;
    }
    if (*negated) {
      Error(tokens_[pos_], "multiple '!' flags not allowed");
      return nullptr;
    }
    *negated = true;
    ++pos_;
  }
  if (pos_ >= tokens_.size() || tokens_[pos_].IsOption() || tokens_[pos_].IsBang()) {
    Error(option, "option " + Quoted(option.value) + " needs a value");
    return nullptr;
  }
  return &tokens_[pos_++];
}

void RuleParser::SkipValues() {
  while (pos_ < tokens_.size() && !tokens_[pos_].IsOption() && !tokens_[pos_].IsBang()) ++pos_;
}

std::string_view RuleParser::SourceText(size_t first, size_t last) const {
  const char* begin = tokens_[first].text.data();
  const char* end = tokens_[last].text.data() + tokens_[last].text.size();
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

size_t RuleParser::IndexOf(const Token& token) const {
  return static_cast<size_t>(&token - tokens_.data());
}

bool RuleParser::ProtocolIs(uint8_t ip_protocol) const {
  return protocol_ && *protocol_ == ip_protocol && !protocol_negated_;
}

void RuleParser::Error(const Token& at, std::string message) {
  diagnostics_.Error(RangeOf(file_, at.text), std::move(message));
  rule_.failed = true;
}

void RuleParser::Warning(const Token& at, std::string message) {
  diagnostics_.Warning(RangeOf(file_, at.text), std::move(message));
}

}  // namespace flowaudit::iptables
