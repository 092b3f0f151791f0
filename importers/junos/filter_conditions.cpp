#include "importers/junos/filter_conditions.h"

#include <charconv>

#include "importers/junos/junos_names.h"

namespace flowaudit::junos {
namespace {

struct ListedPrefix {
  Prefix prefix;
  bool except = false;
};

Term FamilyIs(Family family) {
  return Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0);
}

Term PrefixTerm(const Prefix& prefix, Field field) {
  return Term::FieldIn(field, {{prefix.First(), prefix.Last()}});
}

// Longest-match over the listed prefixes: some non-except prefix contains the address and no
// more specific except prefix does (only excepts inside that prefix can be more specific).
Term LongestMatch(const std::vector<ListedPrefix>& list, Field field) {
  std::vector<Match> ways;
  for (const ListedPrefix& listed : list) {
    if (listed.except) continue;
    Match way({FamilyIs(listed.prefix.address.family)});
    if (listed.prefix.length > 0) way.Add(PrefixTerm(listed.prefix, field));
    std::vector<Match> excluded;
    for (const ListedPrefix& other : list) {
      if (other.except && other.prefix.length > listed.prefix.length &&
          listed.prefix.Contains(other.prefix.address)) {
        excluded.push_back(Match({PrefixTerm(other.prefix, field)}));
      }
    }
    if (!excluded.empty()) way.Add(Term::AnyOf(std::move(excluded), /*negated=*/true));
    ways.push_back(std::move(way));
  }
  return Term::AnyOf(std::move(ways));
}

std::optional<ValueRange> NumberRange(const std::string& text, unsigned max) {
  auto number = [&](std::string_view part) -> std::optional<unsigned> {
    unsigned value = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || value > max) {
      return std::nullopt;
    }
    return value;
  };
  size_t dash = text.find('-');
  if (dash == std::string::npos) {
    if (auto v = number(text)) return ValueRange{*v, *v};
    return std::nullopt;
  }
  auto lo = number(std::string_view(text).substr(0, dash));
  auto hi = number(std::string_view(text).substr(dash + 1));
  if (!lo || !hi || *lo > *hi) return std::nullopt;
  return ValueRange{*lo, *hi};
}

class ConditionReader {
 public:
  ConditionReader(const Node& root, Family family, Reporter& reporter)
      : root_(root), family_(family), reporter_(reporter) {}

  void Read(const Node& condition, Match& match) {
    const std::string& key = condition.word();
    const bool except = key.size() > 7 && key.compare(key.size() - 7, 7, "-except") == 0;
    const std::string base = except ? key.substr(0, key.size() - 7) : key;
    condition.MarkSelf(Use::kUnderstood);
    if (key == "source-address" || key == "destination-address" || key == "address") {
      std::vector<ListedPrefix> list = Prefixes(condition);
      AddAddress(key, list, match);
    } else if (key == "source-prefix-list" || key == "destination-prefix-list" ||
               key == "prefix-list") {
      bool apply_path = false;
      std::vector<ListedPrefix> list = PrefixLists(condition, apply_path);
      Match listed;
      AddAddress(key == "prefix-list"          ? "address"
                 : key == "source-prefix-list" ? "source-address"
                                               : "destination-address",
                 list, listed);
      if (apply_path) {
        // The prefixes apply-path would add are unknown: the list may match more.
        std::vector<Match> ways = {listed, Match({Term::Unknown("prefix-list apply-path")})};
        match.Add(Term::AnyOf(std::move(ways)));
      } else {
        for (const Term& term : listed.terms()) match.Add(term);
      }
    } else if (base == "protocol" || base == "next-header" || base == "payload-protocol") {
      match.Add(Term::FieldIn(Field::kProtocol,
                              Values(condition,
                                     [](const std::string& v) {
                                       if (auto p = LookUpProtocol(v)) return ValueRange{*p, *p};
                                       return NumberRange(v, 255).value_or(ValueRange{1, 0});
                                     }),
                              except));
    } else if (base == "source-port" || base == "destination-port" || base == "port") {
      std::vector<ValueRange> ports = Values(condition, [](const std::string& v) {
        return ParsePortRange(v).value_or(ValueRange{1, 0});
      });
      if (base == "port") {
        std::vector<Match> either;
        either.push_back(Match({Term::FieldIn(Field::kSrcPort, ports)}));
        either.push_back(Match({Term::FieldIn(Field::kDstPort, ports)}));
        match.Add(Term::AnyOf(std::move(either), except));
      } else {
        match.Add(Term::FieldIn(base == "source-port" ? Field::kSrcPort : Field::kDstPort,
                                std::move(ports), except));
      }
    } else if (base == "icmp-type" || base == "icmp-code") {
      const bool icmp6 = family_ == Family::kIpv6;
      if (base == "icmp-type") {
        match.Add(Term::FieldIn(Field::kIcmpType,
                                Values(condition,
                                       [icmp6](const std::string& v) {
                                         if (auto t = LookUpIcmpType(v, icmp6))
                                           return ValueRange{*t, *t};
                                         return NumberRange(v, 255).value_or(ValueRange{1, 0});
                                       }),
                                except));
      } else {
        match.Add(Term::FieldIn(Field::kIcmpCode,
                                Values(condition,
                                       [](const std::string& v) {
                                         return NumberRange(v, 255).value_or(ValueRange{1, 0});
                                       }),
                                except));
      }
    } else if (key == "tcp-established" || key == "tcp-initial") {
      condition.Mark(Use::kUnderstood);
      match.Add(TcpFlagAlias(key == "tcp-initial"));
    } else {
      reporter_.Warn(condition, "unsupported filter match condition '" + key + "' (UNKNOWN)");
      match.Add(Term::Unknown("from " + key));
    }
  }

 private:
  // Verdicts are for the first packet of a connection (see models/packet.h), as the iptables
  // importer resolves conntrack states (importers/iptables/conntrack_state.cpp). A JunOS
  // filter is stateless: `tcp-established` is `tcp-flags "(ack | rst)"` and `tcp-initial` is
  // `tcp-flags "(syn & !ack)"`. A first TCP packet is a SYN: tcp-established never matches
  // it and tcp-initial always does. Neither alias checks that the packet is TCP; on other
  // protocols they test bytes that are not TCP flags, so those packets stay UNKNOWN (capirca
  // always writes `protocol tcp` next to them).
  static Term TcpFlagAlias(bool initial) {
    std::vector<Match> ways;
    if (initial) ways.push_back(Match({Term::FieldIs(Field::kProtocol, protocol::kTcp)}));
    ways.push_back(Match({Term::FieldIs(Field::kProtocol, protocol::kTcp, /*negated=*/true),
                          Term::Unknown("TCP flag match on a packet that is not TCP")}));
    return Term::AnyOf(std::move(ways));
  }

  template <typename Parse>
  std::vector<ValueRange> Values(const Node& condition, Parse parse) {
    std::vector<ValueRange> ranges;
    for (const Node* value : condition.ActiveChildren()) {
      ValueRange range = parse(value->word());
      if (range.lo > range.hi) {
        reporter_.Error(*value,
                        "unknown value '" + value->word() + "' for '" + condition.word() + "'");
        continue;
      }
      value->Mark(Use::kUnderstood);
      ranges.push_back(range);
    }
    return ranges;
  }

  void AddAddress(const std::string& key, const std::vector<ListedPrefix>& list, Match& match) {
    if (key == "address") {
      std::vector<Match> either;
      either.push_back(Match({LongestMatch(list, Field::kSrcAddress)}));
      either.push_back(Match({LongestMatch(list, Field::kDstAddress)}));
      match.Add(Term::AnyOf(std::move(either)));
    } else {
      match.Add(
          LongestMatch(list, key == "source-address" ? Field::kSrcAddress : Field::kDstAddress));
    }
  }

  std::optional<ListedPrefix> ParseListed(const Node& node, bool except) {
    std::string error;
    auto prefix = ParsePrefix(node.word(), &error);
    if (!prefix) {
      reporter_.Error(node, "expected a prefix, got '" + node.word() + "' (" + error + ")");
      return std::nullopt;
    }
    if (prefix->address.family != family_) {
      reporter_.Error(node, std::string("an ") + FamilyName(prefix->address.family) +
                                " prefix in a family " +
                                (family_ == Family::kIpv4 ? "inet" : "inet6") + " filter");
      return std::nullopt;
    }
    return ListedPrefix{*prefix, except};
  }

  std::vector<ListedPrefix> Prefixes(const Node& condition) {
    std::vector<ListedPrefix> list;
    for (const Node* entry : condition.ActiveChildren()) {
      bool except = entry->Find("except") != nullptr;
      if (auto listed = ParseListed(*entry, except)) {
        entry->Mark(Use::kUnderstood);
        list.push_back(*listed);
      }
    }
    return list;
  }

  std::vector<ListedPrefix> PrefixLists(const Node& condition, bool& apply_path) {
    std::vector<ListedPrefix> list;
    for (const Node* ref : condition.ActiveChildren()) {
      bool except = ref->Find("except") != nullptr;
      const Node* defined = Walk(&root_, {"policy-options", "prefix-list", ref->word()});
      if (!defined) {
        reporter_.Error(*ref, "unknown prefix-list '" + ref->word() + "'");
        continue;
      }
      ref->Mark(Use::kUnderstood);
      defined->MarkSelf(Use::kUnderstood);
      for (const Node* entry : defined->ActiveChildren()) {
        if (entry->word() == "apply-path") {
          reporter_.Warn(*entry, "prefix-list 'apply-path' is not expanded (UNKNOWN)");
          apply_path = true;
          continue;
        }
        if (auto listed = ParseListed(*entry, except)) {
          entry->Mark(Use::kUnderstood);
          list.push_back(*listed);
        }
      }
    }
    return list;
  }

  const Node& root_;
  Family family_;
  Reporter& reporter_;
};

}  // namespace

void ReadFromConditions(const Node& from, const Node& root, Family family, Reporter& reporter,
                        Match& match) {
  from.MarkSelf(Use::kUnderstood);
  ConditionReader reader(root, family, reporter);
  for (const Node* condition : from.ActiveChildren()) reader.Read(*condition, match);
}

}  // namespace flowaudit::junos
