#include "src/diff/filter_diff.h"

#include <map>
#include <set>
#include <tuple>

#include "src/check/tracer.h"
#include "src/diff/rule_key.h"

namespace flowaudit {
namespace {

// The rules between the common head and the common tail of a chain, on each side.
struct Edited {
  const Rule* rule;
  std::string key;
  std::string chain;
};

struct Alignment {
  std::vector<Edited> before;
  std::vector<Edited> after;
  std::vector<const Rule*> jumps_before;  // jumps to a chain that exists on one side only
  std::vector<const Rule*> jumps_after;
  bool everything = false;  // a policy or the entry chain changed: every packet may differ
};

const std::vector<Rule>& RulesOf(const Chain* chain) {
  static const std::vector<Rule> none;
  return chain ? chain->rules : none;
}

void AlignChain(const Chain* before, const Chain* after, Alignment& out) {
  const std::vector<Rule>& rb = RulesOf(before);
  const std::vector<Rule>& ra = RulesOf(after);
  std::vector<std::string> kb, ka;
  for (const Rule& r : rb) kb.push_back(RuleKey(r));
  for (const Rule& r : ra) ka.push_back(RuleKey(r));
  size_t shorter = std::min(kb.size(), ka.size());
  size_t head = 0;
  while (head < shorter && kb[head] == ka[head]) ++head;
  size_t tail = 0;
  while (tail < shorter - head && kb[kb.size() - 1 - tail] == ka[ka.size() - 1 - tail]) ++tail;
  const std::string& name = before ? before->name : after->name;
  for (size_t i = head; i < kb.size() - tail; ++i) out.before.push_back({&rb[i], kb[i], name});
  for (size_t i = head; i < ka.size() - tail; ++i) out.after.push_back({&ra[i], ka[i], name});
  std::string pb = before ? PolicyKey(*before) : "", pa = after ? PolicyKey(*after) : "";
  if (pb != pa) out.everything = true;
}

void FindJumpsTo(const RuleSet& rules, const std::set<std::string>& chains,
                 const std::set<std::string>& targets, std::vector<const Rule*>& out) {
  for (const std::string& name : chains) {
    for (const Rule& rule : rules.Find(name)->rules) {
      bool jumps = rule.action.kind == ActionKind::kJump || rule.action.kind == ActionKind::kGoto;
      if (jumps && targets.count(rule.action.chain)) out.push_back(&rule);
    }
  }
}

Alignment Align(const Filter& before, const Filter& after) {
  Alignment out;
  if (before.entry().name != after.entry().name) out.everything = true;
  std::set<std::string> rb = ReachableChains(before), ra = ReachableChains(after);
  std::set<std::string> names = rb, one_sided;
  names.insert(ra.begin(), ra.end());
  for (const std::string& name : names) {
    const Chain* b = rb.count(name) ? before.rules().Find(name) : nullptr;
    const Chain* a = ra.count(name) ? after.rules().Find(name) : nullptr;
    if (!b || !a) one_sided.insert(name);
    AlignChain(b, a, out);
  }
  FindJumpsTo(before.rules(), rb, one_sided, out.jumps_before);
  FindJumpsTo(after.rules(), ra, one_sided, out.jumps_after);
  return out;
}

// --- Contexts ---------------------------------------------------------------------------

struct NamesByKind {
  std::set<std::string> in, out, from, to;
  size_t Combinations() const {
    return (in.size() + 1) * (out.size() + 1) * (from.size() + 1) * (to.size() + 1);
  }
};

// A concrete name that a pattern such as "eth+" matches and no plain name equals.
std::string Representative(const std::string& name) {
  if (!name.empty() && name.back() == '+') return name.substr(0, name.size() - 1) + "*";
  return name;
}

void CollectNames(const Match& match, NamesByKind& names) {
  for (const Term& term : match.terms()) {
    switch (term.kind) {
      case Term::Kind::kInInterface:
        names.in.insert(Representative(term.name));
        break;
      case Term::Kind::kOutInterface:
        names.out.insert(Representative(term.name));
        break;
      case Term::Kind::kFromZone:
        names.from.insert(Representative(term.name));
        break;
      case Term::Kind::kToZone:
        names.to.insert(Representative(term.name));
        break;
      case Term::Kind::kAnyOf:
        for (const Match& m : term.alternatives) CollectNames(m, names);
        break;
      default:
        break;
    }
  }
}

std::vector<std::string> WithNone(const std::set<std::string>& names) {
  std::vector<std::string> out(names.begin(), names.end());
  out.push_back("");  // none of the named ones
  return out;
}

std::vector<MatchContext> Combine(const NamesByKind& names) {
  std::vector<MatchContext> out;
  for (const std::string& in : WithNone(names.in)) {
    for (const std::string& o : WithNone(names.out)) {
      for (const std::string& from : WithNone(names.from)) {
        for (const std::string& to : WithNone(names.to)) {
          if (out.size() == kMaxContexts) return out;
          out.push_back({in, o, from, to});
        }
      }
    }
  }
  return out;
}

// Every combination of the names the rules mention; when there are too many, those the edited
// rules mention (the others still decide packets, but only through these rules can a verdict
// change in a context of its own).
std::vector<MatchContext> DeriveContexts(const Filter& before, const Filter& after,
                                         const Alignment& alignment, std::string& note) {
  NamesByKind all;
  for (const Filter* f : {&before, &after}) {
    for (const std::string& name : ReachableChains(*f)) {
      for (const Rule& rule : f->rules().Find(name)->rules) CollectNames(rule.match, all);
    }
  }
  if (all.Combinations() <= kMaxContexts) return Combine(all);
  NamesByKind edited;
  for (const Edited& e : alignment.before) CollectNames(e.rule->match, edited);
  for (const Edited& e : alignment.after) CollectNames(e.rule->match, edited);
  note = "compared in " + std::to_string(std::min(edited.Combinations(), kMaxContexts)) + " of " +
         std::to_string(all.Combinations()) +
         " interface/zone combinations (those the edited rules name)";
  return Combine(edited);
}

// --- Comparing outcomes ----------------------------------------------------------------

// A part of one side's analysis with a single verdict.
struct Piece {
  const Part* part;
  Verdict verdict;
  PacketSet packets;
};

std::vector<Piece> Pieces(const Analysis& analysis) {
  std::vector<Piece> out;
  for (const Part& part : analysis.parts) {
    PacketSet sure = part.packets - analysis.uncertain;
    if (!sure.IsEmpty()) out.push_back({&part, VerdictOf(part.action.kind), sure});
    PacketSet unsure = part.packets & analysis.uncertain;
    if (!unsure.IsEmpty()) out.push_back({&part, Verdict::kUnknown, unsure});
  }
  return out;
}

bool IsNat(const Action& action) {
  return action.kind >= ActionKind::kDnat && action.kind != ActionKind::kUnknown;
}

bool Changed(const Piece& b, const Piece& a) {
  if (b.verdict != a.verdict) return true;
  if (b.verdict == Verdict::kUnknown) return false;
  if (IsNat(b.part->action) || IsNat(a.part->action)) {
    return !SameOutcome(b.part->action, a.part->action);
  }
  return false;
}

const char* ChangeKind(Verdict before, Verdict after) {
  if (before == Verdict::kDeny && after == Verdict::kPermit) return "newly-permitted";
  if (before == Verdict::kPermit && after == Verdict::kDeny) return "newly-denied";
  if (after == Verdict::kUnknown) return "now-unknown";
  if (before == Verdict::kUnknown) return "no-longer-unknown";
  return "translation-changed";
}

int KindOrder(const std::string& kind) {
  static const char* order[] = {"newly-permitted", "newly-denied", "now-unknown",
                                "no-longer-unknown", "translation-changed"};
  for (int i = 0; i < 5; ++i) {
    if (kind == order[i]) return i;
  }
  return 5;
}

struct Group {
  const Piece* before;
  const Piece* after;
  PacketSet packets;
};

// Packets whose outcome differs, grouped by the deciding parts on both sides. Parts of one side
// are disjoint, so each before-piece is used up by a few after-pieces.
std::vector<Group> Compare(const std::vector<Piece>& before, const std::vector<Piece>& after) {
  std::vector<Group> out;
  for (const Piece& b : before) {
    PacketSet rest = b.packets;
    for (const Piece& a : after) {
      if (rest.IsEmpty()) break;
      PacketSet both = rest & a.packets;
      if (both.IsEmpty()) continue;
      rest -= both;
      if (Changed(b, a)) out.push_back({&b, &a, both});
    }
  }
  return out;
}

// --- Rules that changed nothing -------------------------------------------------------

bool Decides(const Rule& rule) { return IsTerminal(rule.action.kind); }

std::vector<IneffectiveRule> Ineffective(const Alignment& alignment,
                                         const std::set<const Rule*>& effective, bool any_change,
                                         const std::string& device, const std::string& filter) {
  auto ref = [&](const Rule* rule) {
    return RefOfDecision(device, filter, rule, nullptr, rule->action);
  };
  // A jump or RETURN never decides a packet itself: it counts as ineffective only when the
  // whole filter is unchanged.
  auto quiet = [&](const Rule* rule) {
    return !any_change || (Decides(*rule) && !effective.count(rule));
  };
  std::multiset<std::string> after_keys;
  for (const Edited& e : alignment.after) after_keys.insert(e.key);
  std::vector<IneffectiveRule> out;
  // Left over after moves, per chain: an edit pairs a removed and an added rule of one chain.
  std::map<std::string, std::pair<std::vector<const Rule*>, std::vector<const Rule*>>> edits;
  std::map<std::string, const Rule*> moved_from;
  for (const Edited& e : alignment.before) {
    auto it = after_keys.find(e.key);
    if (it != after_keys.end()) {
      after_keys.erase(it);
      moved_from.emplace(e.key, e.rule);
    } else {
      edits[e.chain].first.push_back(e.rule);
    }
  }
  for (const Edited& e : alignment.after) {
    auto it = moved_from.find(e.key);
    if (it != moved_from.end()) {
      if (quiet(it->second) && quiet(e.rule)) {
        out.push_back({"moved", ref(it->second), ref(e.rule)});
      }
      moved_from.erase(it);
    } else {
      edits[e.chain].second.push_back(e.rule);
    }
  }
  for (const auto& [chain, lists] : edits) {
    const auto& [removed, added] = lists;
    size_t paired = std::min(removed.size(), added.size());
    for (size_t i = 0; i < paired; ++i) {
      if (quiet(removed[i]) && quiet(added[i])) {
        out.push_back({"modified", ref(removed[i]), ref(added[i])});
      }
    }
    for (size_t i = paired; i < removed.size(); ++i) {
      if (quiet(removed[i])) out.push_back({"removed", ref(removed[i]), std::nullopt});
    }
    for (size_t i = paired; i < added.size(); ++i) {
      if (quiet(added[i])) out.push_back({"added", std::nullopt, ref(added[i])});
    }
  }
  return out;
}

PacketSet Universe(const Filter& before, const Filter& after) {
  const std::optional<Family>& fb = before.rules().family;
  if (fb && fb == after.rules().family) return PacketSet::OfFamily(*fb);
  return PacketSet::All();
}

// The box around the candidate packets, so that the walks skip rules that cannot meet them.
std::optional<FieldBox> CandidateBox(const Alignment& alignment, bool addresses) {
  if (alignment.everything) return std::nullopt;
  FieldBox box;
  box.ranges[0].hi = 0;
  box.ranges[0].lo = 1;  // empty until a rule widens it
  for (const auto* side : {&alignment.before, &alignment.after}) {
    for (const Edited& e : *side) box.Include(FieldBox::Around(e.rule->match, addresses));
  }
  for (const auto* side : {&alignment.jumps_before, &alignment.jumps_after}) {
    for (const Rule* r : *side) box.Include(FieldBox::Around(r->match, addresses));
  }
  return box;
}

PacketSet Candidates(const Alignment& alignment, const Filter& before, const Filter& after,
                     const MatchContext& context, const PacketSet& universe) {
  if (alignment.everything) return universe;
  PacketSet c;
  for (const Edited& e : alignment.before) c |= before.rules().SetsOf(*e.rule, context).may;
  for (const Edited& e : alignment.after) c |= after.rules().SetsOf(*e.rule, context).may;
  for (const Rule* r : alignment.jumps_before) c |= before.rules().SetsOf(*r, context).may;
  for (const Rule* r : alignment.jumps_after) c |= after.rules().SetsOf(*r, context).may;
  return c & universe;
}

}  // namespace

std::set<std::string> ReachableChains(const Filter& filter) {
  std::set<std::string> seen{filter.entry().name};
  std::vector<const Chain*> todo{&filter.entry()};
  while (!todo.empty()) {
    const Chain* chain = todo.back();
    todo.pop_back();
    for (const Rule& rule : chain->rules) {
      bool jumps = rule.action.kind == ActionKind::kJump || rule.action.kind == ActionKind::kGoto;
      if (!jumps || seen.count(rule.action.chain)) continue;
      if (const Chain* callee = filter.rules().Find(rule.action.chain)) {
        seen.insert(callee->name);
        todo.push_back(callee);
      }
    }
  }
  return seen;
}

std::string DescribeContext(const MatchContext& c, const MatchContext& named) {
  std::string out;
  auto add = [&](const char* what, const std::string& name, const std::string& kind_named) {
    if (kind_named.empty()) return;
    out += (out.empty() ? "" : " ") + std::string(what) + "=" + (name.empty() ? "(other)" : name);
  };
  add("in", c.in_interface, named.in_interface);
  add("out", c.out_interface, named.out_interface);
  add("from", c.from_zone, named.from_zone);
  add("to", c.to_zone, named.to_zone);
  return out;
}

FilterDiff DiffFilter(const std::string& device, const std::string& name, const Filter& before,
                      const Filter& after, const FilterDiffOptions& options) {
  FilterDiff out;
  out.device = device;
  out.filter = name;
  Alignment alignment = Align(before, after);
  if (!alignment.everything && alignment.before.empty() && alignment.after.empty() &&
      alignment.jumps_before.empty() && alignment.jumps_after.empty()) {
    out.status = "unchanged";
    return out;
  }
  std::string note;
  std::vector<MatchContext> contexts =
      options.contexts.empty() ? DeriveContexts(before, after, alignment, note) : options.contexts;
  if (!note.empty()) out.note = note;
  PacketSet universe = Universe(before, after);
  bool one_family = before.rules().family && after.rules().family;
  std::optional<FieldBox> box = CandidateBox(alignment, one_family);
  // Which of interface/zone the contexts name (any non-empty value marks the kind).
  MatchContext named;
  for (const MatchContext& c : contexts) {
    if (!c.in_interface.empty()) named.in_interface = "*";
    if (!c.out_interface.empty()) named.out_interface = "*";
    if (!c.from_zone.empty()) named.from_zone = "*";
    if (!c.to_zone.empty()) named.to_zone = "*";
  }

  // The same change often shows in many contexts (a rule without interface conditions): one
  // entry per (kind, rules, packets), listing its contexts, or none when it holds in all.
  struct Merged {
    PacketChange change;
    std::vector<std::string> contexts;
    const void* before;  // the deciding rules (or chains): one key across contexts
    const void* after;
  };
  std::vector<Merged> merged;
  auto find = [&](const std::string& kind, const void* b, const void* a, const PacketSet& p) {
    for (Merged& m : merged) {
      const PacketChange& c = m.change;
      if (c.kind == kind && m.before == b && m.after == a && c.set == p) return &m;
    }
    return static_cast<Merged*>(nullptr);
  };
  std::set<const Rule*> effective;
  size_t groups_seen = 0;
  for (const MatchContext& context : contexts) {
    PacketSet candidates = Candidates(alignment, before, after, context, universe);
    if (candidates.IsEmpty()) continue;
    const FieldBox* around = box ? &*box : nullptr;
    Analysis ab = before.Analyze(candidates, context, around);
    Analysis aa = after.Analyze(candidates, context, around);
    std::vector<Piece> pb = Pieces(ab), pa = Pieces(aa);
    for (const Group& g : Compare(pb, pa)) {
      const Part& b = *g.before->part;
      const Part& a = *g.after->part;
      if (b.rule) effective.insert(b.rule);
      if (a.rule) effective.insert(a.rule);
      std::string kind = ChangeKind(g.before->verdict, g.after->verdict);
      const void* before_key = b.rule ? static_cast<const void*>(b.rule) : b.chain;
      const void* after_key = a.rule ? static_cast<const void*>(a.rule) : a.chain;
      if (Merged* seen = find(kind, before_key, after_key, g.packets)) {
        seen->contexts.push_back(DescribeContext(context, named));
        continue;
      }
      ++groups_seen;
      Merged m;
      m.before = before_key;
      m.after = after_key;
      m.contexts.push_back(DescribeContext(context, named));
      PacketChange& c = m.change;
      c.kind = kind;
      c.verdict_before = VerdictName(g.before->verdict);
      c.verdict_after = VerdictName(g.after->verdict);
      c.before = RefOfDecision(device, name, b.rule, b.chain, b.action);
      c.after = RefOfDecision(device, name, a.rule, a.chain, a.action);
      c.set = g.packets;
      merged.push_back(std::move(m));
    }
  }
  std::vector<PacketChange> changes;
  for (Merged& m : merged) {
    if (changes.size() >= options.max_changes) break;
    PacketChange& c = m.change;
    if (m.contexts.size() < contexts.size()) {
      for (const std::string& name : m.contexts) {
        c.context += (c.context.empty() ? "" : ", ") + name;
      }
    }
    c.packets = c.set.Summary(options.max_cubes);
    c.witness = c.set.Witness();
    changes.push_back(std::move(c));
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const PacketChange& x, const PacketChange& y) {
                     return KindOrder(x.kind) < KindOrder(y.kind);
                   });
  out.truncated = groups_seen > changes.size();
  out.status = groups_seen > 0 ? "changed" : "unchanged";
  out.no_effect = Ineffective(alignment, effective, groups_seen > 0, device, name);
  out.changes = std::move(changes);
  return out;
}

}  // namespace flowaudit
