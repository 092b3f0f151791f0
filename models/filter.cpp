#include "models/filter.h"

#include <algorithm>

namespace flowaudit {
namespace {

constexpr size_t kMaxCallDepth = 64;

bool InStack(const std::vector<const Chain*>& stack, const Chain* chain) {
  return std::find(stack.begin(), stack.end(), chain) != stack.end();
}

Action EndOfChain(const Chain& chain) {
  if (chain.policy) return *chain.policy;
  return Action::Of(ActionKind::kReturn, "RETURN");
}

// Symbolic walk of one chain. Returns the packets that leave the chain by RETURN or by
// falling off its end; decided packets go to `out.parts`, packets an unknown rule may match
// are collected in `maybes` for the final uncertainty pass.
class Walker {
 public:
  Walker(const RuleSet& rules, const MatchContext& context, Analysis& out, const FieldBox* box)
      : rules_(rules), context_(context), out_(out), box_(box) {}

  struct Maybe {
    const Rule* rule;
    PacketSet packets;
  };
  std::vector<Maybe> maybes;

  PacketSet Walk(const Chain& chain, PacketSet remaining) {
    stack_.push_back(&chain);
    PacketSet returned;
    for (const Rule& rule : chain.rules) {
      if (remaining.IsEmpty()) break;
      if (box_ && !box_->MayMatch(rule.match, rules_.family.has_value())) continue;
      const MatchSets& m = rules_.SetsOf(rule, context_);
      if (!(m.may == m.must)) {
        PacketSet maybe = remaining & (m.may - m.must);
        if (!maybe.IsEmpty()) maybes.push_back({&rule, maybe});
      }
      if (m.must.IsEmpty()) continue;
      PacketSet hit = remaining & m.must;
      if (hit.IsEmpty()) continue;
      switch (rule.action.kind) {
        case ActionKind::kContinue:
          break;
        case ActionKind::kReturn:
          returned |= hit;
          remaining -= hit;
          break;
        case ActionKind::kJump:
        case ActionKind::kGoto: {
          const Chain* callee = rules_.Find(rule.action.chain);
          if (!callee || InStack(stack_, callee) || stack_.size() >= kMaxCallDepth) {
            Decide(rule, chain, Action::Of(ActionKind::kUnknown, rule.action.name), hit);
            remaining -= hit;
            break;
          }
          PacketSet back = Walk(*callee, hit);
          remaining -= hit;
          if (rule.action.kind == ActionKind::kJump) {
            remaining |= back;
          } else {
            returned |= back;
          }
          break;
        }
        default:
          Decide(rule, chain, rule.action, hit);
          remaining -= hit;
      }
    }
    returned |= remaining;
    stack_.pop_back();
    return returned;
  }

  void Decide(const Rule& rule, const Chain& chain, const Action& action, const PacketSet& p) {
    out_.parts.push_back(Part{&rule, &chain, action, p});
  }

 private:
  const RuleSet& rules_;
  const MatchContext& context_;
  Analysis& out_;
  const FieldBox* box_;
  std::vector<const Chain*> stack_;
};

bool CanAgree(const Action& a) { return IsTerminal(a.kind) && a.kind != ActionKind::kUnknown; }

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPermit:
      return "permit";
    case Verdict::kDeny:
      return "deny";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string NatTranslation::ToString() const {
  std::string out;
  if (addresses) {
    out = IpAddress{family, addresses->lo}.ToString();
    if (addresses->hi != addresses->lo) out += "-" + IpAddress{family, addresses->hi}.ToString();
  }
  if (ports) {
    out += ":" + ToDecimal(ports->lo);
    if (ports->hi != ports->lo) out += "-" + ToDecimal(ports->hi);
  }
  return out;
}

bool IsTerminal(ActionKind kind) {
  switch (kind) {
    case ActionKind::kJump:
    case ActionKind::kGoto:
    case ActionKind::kReturn:
    case ActionKind::kContinue:
      return false;
    default:
      return true;
  }
}

Verdict VerdictOf(ActionKind kind) {
  switch (kind) {
    case ActionKind::kDrop:
    case ActionKind::kReject:
      return Verdict::kDeny;
    case ActionKind::kUnknown:
    case ActionKind::kJump:
    case ActionKind::kGoto:
    case ActionKind::kReturn:
    case ActionKind::kContinue:
      return Verdict::kUnknown;
    default:
      return Verdict::kPermit;
  }
}

bool SameOutcome(const Action& a, const Action& b) {
  if (a.kind == ActionKind::kUnknown || b.kind == ActionKind::kUnknown) return false;
  bool a_nat = a.kind >= ActionKind::kDnat, b_nat = b.kind >= ActionKind::kDnat;
  if (a_nat || b_nat) {
    return a.kind == b.kind && a.nat.ToString() == b.nat.ToString();
  }
  return VerdictOf(a.kind) == VerdictOf(b.kind);
}

namespace {

bool IsAddress(Field field) { return field == Field::kSrcAddress || field == Field::kDstAddress; }

ValueRange Whole(Field field) { return {0, MaxValueForWidth(FieldWidth(field))}; }

}  // namespace

FieldBox::FieldBox() {
  for (int f = 0; f < kFieldCount; ++f) ranges[f] = Whole(static_cast<Field>(f));
}

FieldBox FieldBox::Around(const Match& match, bool addresses) {
  FieldBox box;
  for (const Term& term : match.terms()) {
    if (term.kind != Term::Kind::kField || term.negated) continue;
    if (IsAddress(term.field) && !addresses) continue;
    ValueRange hull{~uint128{0}, 0};  // empty until a range widens it
    for (const ValueRange& r : term.ranges) {
      hull.lo = std::min(hull.lo, r.lo);
      hull.hi = std::max(hull.hi, r.hi);
    }
    ValueRange& mine = box.ranges[static_cast<int>(term.field)];
    mine.lo = std::max(mine.lo, hull.lo);
    mine.hi = std::min(mine.hi, hull.hi);
  }
  return box;
}

bool FieldBox::Empty() const {
  for (const ValueRange& r : ranges) {
    if (r.lo > r.hi) return true;
  }
  return false;
}

void FieldBox::Include(const FieldBox& other) {
  if (other.Empty()) return;
  if (Empty()) {
    *this = other;
    return;
  }
  for (int f = 0; f < kFieldCount; ++f) {
    ranges[f].lo = std::min(ranges[f].lo, other.ranges[f].lo);
    ranges[f].hi = std::max(ranges[f].hi, other.ranges[f].hi);
  }
}

bool FieldBox::MayMatch(const Match& match, bool addresses) const {
  FieldBox rule = Around(match, addresses);
  for (int f = 0; f < kFieldCount; ++f) {
    if (rule.ranges[f].hi < ranges[f].lo || rule.ranges[f].lo > ranges[f].hi) return false;
  }
  return true;
}

const MatchSets& RuleSet::SetsOf(const Rule& rule, const MatchContext& c) const {
  std::string key = c.in_interface + '\n' + c.out_interface + '\n' + c.from_zone + '\n' + c.to_zone;
  auto& cache = match_cache_[key];
  auto it = cache.find(&rule);
  if (it == cache.end()) it = cache.emplace(&rule, rule.match.ToSets(c, family)).first;
  return it->second;
}

const Chain* RuleSet::Find(const std::string& name) const {
  auto it = chains.find(name);
  return it == chains.end() ? nullptr : &it->second;
}

const Chain& Filter::entry() const { return *rules_->Find(entry_); }

PacketSet Analysis::WithVerdict(Verdict verdict) const {
  PacketSet result;
  for (const Part& part : parts) {
    if (VerdictOf(part.action.kind) == verdict) result |= part.packets;
  }
  if (verdict == Verdict::kUnknown) return result | uncertain;
  return result - uncertain;
}

Decision Filter::Evaluate(const Packet& packet, const MatchContext& context) const {
  struct Frame {
    const Chain* chain;
    size_t next;
  };
  Decision d;
  const Chain& start = entry();
  std::vector<Frame> stack{{&start, 0}};
  std::vector<const Rule*> maybes;
  auto chains_on_stack = [&] {
    std::vector<const Chain*> chains;
    for (const Frame& f : stack) chains.push_back(f.chain);
    return chains;
  };
  while (true) {
    Frame& frame = stack.back();
    if (frame.next >= frame.chain->rules.size()) {
      // Falling off a chain returns to the caller; off the entry chain, its policy decides.
      if (stack.size() == 1) {
        d.chain = &start;
        d.action = EndOfChain(start);
        break;
      }
      stack.pop_back();
      continue;
    }
    const Rule& rule = frame.chain->rules[frame.next++];
    Tristate matched = rule.match.Evaluate(packet, context);
    if (matched == Tristate::kFalse) continue;
    if (matched == Tristate::kUnknown) {
      maybes.push_back(&rule);
      continue;
    }
    ActionKind kind = rule.action.kind;
    if (kind == ActionKind::kContinue) continue;
    if (kind == ActionKind::kReturn) {
      if (stack.size() == 1) {
        d.chain = &start;
        d.action = EndOfChain(start);
        break;
      }
      stack.pop_back();
      continue;
    }
    if (kind == ActionKind::kJump || kind == ActionKind::kGoto) {
      const Chain* callee = rules_->Find(rule.action.chain);
      auto chains = chains_on_stack();
      if (!callee || InStack(chains, callee) || stack.size() >= kMaxCallDepth) {
        d.rule = &rule;
        d.chain = frame.chain;
        d.action = Action::Of(ActionKind::kUnknown, rule.action.name);
        d.problem = callee ? "chain loop or nesting too deep at this rule"
                           : "jump to undefined chain '" + rule.action.chain + "'";
        break;
      }
      d.jumps.push_back(&rule);
      if (kind == ActionKind::kGoto) stack.pop_back();
      stack.push_back({callee, 0});
      continue;
    }
    d.rule = &rule;
    d.chain = frame.chain;
    d.action = rule.action;
    break;
  }
  d.verdict = VerdictOf(d.action.kind);
  if (d.action.kind == ActionKind::kReturn) d.verdict = Verdict::kUnknown;
  for (const Rule* maybe : maybes) {
    if (maybe->action.kind == ActionKind::kContinue) continue;
    if (CanAgree(maybe->action) && SameOutcome(maybe->action, d.action)) continue;
    d.uncertain.push_back(maybe);
  }
  if (!d.uncertain.empty()) {
    d.verdict = Verdict::kUnknown;
    if (d.problem.empty()) {
      d.problem = "depends on a condition flowaudit does not understand";
      std::string reason = d.uncertain.front()->match.UnknownReason(packet, context);
      if (!reason.empty()) d.problem += " (" + reason + ")";
      if (d.uncertain.front()->location.IsValid()) {
        d.problem += " at " + d.uncertain.front()->location.ToString();
      }
    }
  }
  return d;
}

std::string Filter::TooComplex(const BddNodeLimitExceeded& e) const {
  std::string where;
  const SourceRange& at = entry().location;
  if (at.IsValid()) where = " (" + at.ToString() + ")";
  return "filter '" + name_ + "'" + where + " is " + e.what();
}

Analysis Filter::Analyze(const PacketSet& input, const MatchContext& context,
                         const FieldBox* box) const {
  try {
    return AnalyzeWithin(input, context, box);
  } catch (const BddNodeLimitExceeded& e) {
    Analysis out;
    const Chain& start = entry();
    out.parts.push_back(Part{nullptr, &start, Action::Of(ActionKind::kUnknown, e.what()), input});
    out.uncertain = input;
    out.problem = TooComplex(e);
    return out;
  }
}

FilterVerdicts Filter::Verdicts(const PacketSet& input, const MatchContext& context) const {
  try {
    return VerdictsWithin(input, context);
  } catch (const BddNodeLimitExceeded& e) {
    FilterVerdicts v;
    v.unknown = input;
    v.problem = TooComplex(e);
    return v;
  }
}

Analysis Filter::AnalyzeWithin(const PacketSet& input, const MatchContext& context,
                               const FieldBox* box) const {
  Analysis out;
  Walker walker(*rules_, context, out, box);
  const Chain& start = entry();
  PacketSet fell_off = walker.Walk(start, input);
  if (!fell_off.IsEmpty()) out.parts.push_back(Part{nullptr, &start, EndOfChain(start), fell_off});
  for (const Walker::Maybe& maybe : walker.maybes) {
    const Action& action = maybe.rule->action;
    if (action.kind == ActionKind::kContinue) continue;
    PacketSet agreeing;
    if (CanAgree(action)) {
      for (const Part& part : out.parts) {
        if (SameOutcome(part.action, action)) agreeing |= part.packets;
      }
    }
    out.uncertain |= maybe.packets - agreeing;
  }
  return out;
}

}  // namespace flowaudit

namespace flowaudit {
namespace {

// One rule of the flattened filter: the packets that reach it and match it, in evaluation order.
struct FlatRule {
  PacketSet packets;
  const Action* action;
  bool maybe = false;  // packets the rule may match (it has unknown terms)
};

// Inlines jumps and gotos: a rule inside a called chain gets the guard "entered through this
// jump and not yet returned". First match over the flat list equals chain evaluation.
class Flattener {
 public:
  Flattener(const RuleSet& rules, const MatchContext& context) : rules_(rules), context_(context) {}
  std::vector<FlatRule> out;

  void Walk(const Chain& chain, const PacketSet& entered) {
    stack_.push_back(&chain);
    PacketSet guard = entered;  // entered, and not yet left by RETURN or goto
    for (const Rule& rule : chain.rules) {
      if (guard.IsEmpty()) break;
      const MatchSets& m = rules_.SetsOf(rule, context_);
      if (!(m.may == m.must)) {
        PacketSet maybe = guard & (m.may - m.must);
        if (!maybe.IsEmpty()) out.push_back({maybe, &rule.action, true});
      }
      if (m.must.IsEmpty()) continue;
      PacketSet hit = guard & m.must;
      if (hit.IsEmpty()) continue;
      switch (rule.action.kind) {
        case ActionKind::kContinue:
          break;
        case ActionKind::kReturn:
          guard -= hit;
          break;
        case ActionKind::kJump:
        case ActionKind::kGoto: {
          const Chain* callee = rules_.Find(rule.action.chain);
          if (!callee || std::find(stack_.begin(), stack_.end(), callee) != stack_.end() ||
              stack_.size() >= kMaxCallDepth) {
            out.push_back({hit, &unknown_, false});
            guard -= hit;
            break;
          }
          Walk(*callee, hit);
          if (rule.action.kind == ActionKind::kGoto) guard -= hit;
          break;
        }
        default:
          out.push_back({hit, &rule.action, false});
      }
    }
    stack_.pop_back();
  }

 private:
  const RuleSet& rules_;
  const MatchContext& context_;
  std::vector<const Chain*> stack_;
  Action unknown_ = Action::Of(ActionKind::kUnknown, "loop");
};

// Decided / permitted / unknown sets of a run of flat rules, first match wins.
struct Run {
  PacketSet decided, permit, unknown;
};

Run Merge(const Run& first, const Run& second) {
  return {first.decided | second.decided, first.permit | (second.permit - first.decided),
          first.unknown | (second.unknown - first.decided)};
}

Run Fold(const std::vector<FlatRule>& rules, size_t begin, size_t end) {
  if (end - begin == 1) {
    const FlatRule& r = rules[begin];
    Verdict v = VerdictOf(r.action->kind);
    Run run{r.packets, PacketSet(), PacketSet()};
    if (v == Verdict::kPermit) run.permit = r.packets;
    if (v == Verdict::kUnknown) run.unknown = r.packets;
    return run;
  }
  size_t middle = begin + (end - begin) / 2;
  return Merge(Fold(rules, begin, middle), Fold(rules, middle, end));
}

}  // namespace

FilterVerdicts Filter::VerdictsWithin(const PacketSet& input, const MatchContext& context) const {
  Flattener flat(*rules_, context);
  const Chain& start = entry();
  flat.Walk(start, input);
  Action end = EndOfChain(start);
  flat.out.push_back({input, &end, false});
  // Runs of definite rules fold in halves; a rule that may match splits the list, because the
  // packets that reach it are those no earlier rule decided.
  Run total{PacketSet(), PacketSet(), PacketSet()};
  std::vector<std::pair<const FlatRule*, PacketSet>> maybes;  // with the packets reaching them
  size_t begin = 0;
  auto fold_until = [&](size_t stop) {
    if (stop > begin) total = Merge(total, Fold(flat.out, begin, stop));
  };
  for (size_t i = 0; i < flat.out.size(); ++i) {
    if (!flat.out[i].maybe) continue;
    fold_until(i);
    begin = i + 1;
    maybes.push_back({&flat.out[i], flat.out[i].packets - total.decided});
  }
  fold_until(flat.out.size());
  FilterVerdicts v;
  v.unknown = total.unknown;
  v.permit = total.permit - total.unknown;
  v.deny = total.decided - total.permit - total.unknown;
  for (const auto& [rule, reaching] : maybes) {
    const Action& a = *rule->action;
    if (a.kind == ActionKind::kContinue) continue;
    PacketSet agreeing;
    if (CanAgree(a)) agreeing = VerdictOf(a.kind) == Verdict::kPermit ? v.permit : v.deny;
    v.unknown |= reaching - agreeing;
  }
  v.permit -= v.unknown;
  v.deny -= v.unknown;
  return v;
}

}  // namespace flowaudit
