#include "src/diff/site_diff.h"

#include <map>
#include <set>

#include "src/diff/device_diff.h"

namespace flowaudit {
namespace {

bool Failing(Status s) {
  return s == Status::kFail || s == Status::kPartial || s == Status::kUnknown;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "; ") + l;
  return out;
}

// All packet summaries of a flow's paths, for comparing what it delivers and drops.
std::vector<std::string> Collect(const FlowResult& flow, bool delivered) {
  std::vector<std::string> out;
  for (const PathResult& p : flow.paths) {
    const std::vector<std::string>& lines = delivered ? p.delivered : p.dropped;
    out.insert(out.end(), lines.begin(), lines.end());
  }
  return out;
}

std::string WhyNot(const FlowResult& flow) {
  for (const PathResult& p : flow.paths) {
    if (p.status != Status::kPass && !p.reason.empty()) return " (" + p.reason + ")";
  }
  return "";
}

// One line per flow whose status or delivered/dropped packets differ.
void DiffFlows(const RequirementResult& before, const RequirementResult& after,
               std::vector<std::string>& out) {
  std::map<std::string, const FlowResult*> old_flows;
  auto key = [](const FlowResult& f) { return f.from + "|" + f.to + "|" + f.service; };
  for (const FlowResult& f : before.flows) old_flows.emplace(key(f), &f);
  for (const FlowResult& f : after.flows) {
    std::string what = f.service + " " + f.from + " to " + f.to;
    auto it = old_flows.find(key(f));
    if (it == old_flows.end()) {
      out.push_back("new flow " + what + ": " + StatusName(f.status) + WhyNot(f));
      continue;
    }
    const FlowResult& old = *it->second;
    old_flows.erase(it);
    if (old.status != f.status) {
      out.push_back(what + ": " + StatusName(old.status) + " -> " + StatusName(f.status) +
                    WhyNot(f));
    } else if (Collect(old, true) != Collect(f, true) || Collect(old, false) != Collect(f, false)) {
      out.push_back(what + ": now delivers " + Joined(Collect(f, true)) + "; drops " +
                    Joined(Collect(f, false)));
    }
  }
  for (const auto& [k, f] : old_flows) {
    out.push_back("flow no longer checked: " + f->service + " " + f->from + " to " + f->to);
  }
}

void DiffDetails(const RequirementResult& before, const RequirementResult& after,
                 std::vector<std::string>& out) {
  std::multiset<std::string> old(before.details.begin(), before.details.end());
  for (const std::string& d : after.details) {
    auto it = old.find(d);
    if (it != old.end()) {
      old.erase(it);
    } else {
      out.push_back("new: " + d);
    }
  }
  for (const std::string& d : old) out.push_back("gone: " + d);
}

RequirementChange Describe(const RequirementResult& r) {
  RequirementChange c;
  c.id = r.id;
  c.title = r.title;
  c.severity = r.severity;
  c.locations = r.locations;
  return c;
}

}  // namespace

std::vector<RequirementChange> DiffRequirements(const AuditResult& before,
                                                const AuditResult& after) {
  std::map<std::string, const RequirementResult*> old;
  for (const RequirementResult& r : before.requirements) old.emplace(r.pack + "/" + r.id, &r);
  std::vector<RequirementChange> out;
  for (const RequirementResult& r : after.requirements) {
    RequirementChange c = Describe(r);
    c.after = r.status;
    c.message_after = r.message;
    auto it = old.find(r.pack + "/" + r.id);
    if (it == old.end()) {
      c.change = "added";
      out.push_back(std::move(c));
      continue;
    }
    const RequirementResult& b = *it->second;
    old.erase(it);
    c.before = b.status;
    c.message_before = b.message;
    DiffFlows(b, r, c.details);
    DiffDetails(b, r, c.details);
    if (Failing(r.status) && !Failing(b.status)) {
      c.change = "newly-failing";
    } else if (!Failing(r.status) && Failing(b.status)) {
      c.change = "newly-passing";
    } else if (b.status != r.status || !c.details.empty()) {
      c.change = "changed";
    } else {
      continue;
    }
    out.push_back(std::move(c));
  }
  for (const auto& [key, r] : old) {
    RequirementChange c = Describe(*r);
    c.change = "removed";
    c.before = r->status;
    c.message_before = r->message;
    c.locations.clear();
    out.push_back(std::move(c));
  }
  return out;
}

void DiffSiteDevices(const Site& before, const Site& after, const FilterDiffOptions& options,
                     DiffResult& out) {
  for (const SiteDevice& d : before.devices) {
    if (!after.FindDevice(d.device.name)) out.devices_removed.push_back(d.device.name);
  }
  for (const SiteDevice& d : after.devices) {
    const SiteDevice* old = before.FindDevice(d.device.name);
    if (!old) {
      out.devices_added.push_back(d.device.name);
      continue;
    }
    DiffDevice(d.device.name, old->device, d.device, options, out);
  }
}

}  // namespace flowaudit
