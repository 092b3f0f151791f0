#include "importers/f5_bigip/tmsh_config.h"

#include <algorithm>
#include <set>

#include "importers/f5_bigip/addresses.h"
#include "importers/f5_bigip/tmsh_props.h"

namespace flowaudit::f5 {
namespace {

class Reader {
 public:
  Reader(TmshConfig& config, Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}

  void Statement(const std::vector<Node>& top, size_t begin, size_t end);

 private:
  void ReadVirtual(const Node& head);
  void ReadVirtualBlock(Virtual& v, const std::string& name, const std::vector<Node>& block);
  void ReadPool(const Node& head);
  Member ReadMember(const Node& member, const std::string& pool);
  void ReadNode(const Node& head);
  void ReadMonitor(const std::string& type, const Node& head);
  void ReadProfile(const std::string& type, const Node& head);
  void ReadPersistence(const std::string& type, const Node& head);
  void ReadSnatPool(const Node& head);
  void ReadVirtualAddress(const Node& head);
  void ReadSelf(const Node& head);
  void ReadRouteDomain(const Node& head);
  // Key names read by an object whose other properties are all harmless.
  std::map<std::string, Ref> Pick(const Node& head, const std::set<std::string>& keys);

  TmshConfig& config_;
  Diagnostics& diagnostics_;
};

std::string Full(const Node& head) { return FullName(head.text, "/Common/x"); }

void Reader::Statement(const std::vector<Node>& top, size_t begin, size_t end) {
  const Node* words = &top[begin];
  size_t count = end - begin;
  const Node& head = words[count - 1];
  if (!head.has_block) {
    diagnostics_.Error(head.at, "expected '{' after '" + head.text + "'");
    return;
  }
  std::string kind;
  for (size_t i = 0; i + 1 < count; ++i) kind += (i ? " " : "") + words[i].text;
  std::string sub = count == 4 ? words[2].text : "";
  std::string module = count >= 3 ? words[0].text + " " + words[1].text : kind;
  if (kind == "ltm virtual") return ReadVirtual(head);
  if (kind == "ltm pool") return ReadPool(head);
  if (kind == "ltm node") return ReadNode(head);
  if (kind == "ltm snatpool") return ReadSnatPool(head);
  if (kind == "ltm virtual-address") return ReadVirtualAddress(head);
  if (kind == "net self") return ReadSelf(head);
  if (kind == "net route-domain") return ReadRouteDomain(head);
  if (module == "ltm monitor" && !sub.empty()) return ReadMonitor(sub, head);
  if (module == "ltm profile" && !sub.empty()) return ReadProfile(sub, head);
  if (module == "ltm persistence" && !sub.empty()) return ReadPersistence(sub, head);
  if (kind == "ltm rule") {
    config_.rules[Full(head)] = Rule{RefOf(head), head.raw_at};
    return;
  }
  if (kind == "ltm snat" || kind == "ltm nat") {
    diagnostics_.Warning(words[0].at, "'" + kind +
                                          "' applies address translation outside virtual "
                                          "servers, which is not modelled");
  }
  // Everything else (sys, net interface/vlan/route, auth, ltm policy …) has no say in what a
  // virtual server answers on its own; virtual servers that refer to it say so.
}

std::map<std::string, Ref> Reader::Pick(const Node& head, const std::set<std::string>& keys) {
  std::map<std::string, Ref> out;
  bool one_per_line = std::any_of(head.block.begin() + (head.block.empty() ? 0 : 1),
                                  head.block.end(), [](const Node& n) { return n.line_start; });
  Props props(head.block, diagnostics_);
  while (!props.Done()) {
    const Node& key = props.Key();
    if (keys.count(key.text)) {
      if (std::optional<Ref> value = props.Value(key)) out[key.text] = *value;
    } else {
      props.Skip(key, false, "");
    }
    // The other properties are not checked against tmsh's vocabulary, but a block written one
    // `key value` per line has no more words on a line: they are no property (a damaged line).
    if (!key.line_start || !one_per_line) continue;
    std::vector<const Node*> extra = props.RestOfLine();
    if (!extra.empty()) {
      diagnostics_.Warning(extra.front()->at, "unexpected '" + extra.front()->text +
                                                  "' after property '" + key.text +
                                                  "' (one property per line); ignored");
    }
  }
  return out;
}

void Reader::ReadVirtual(const Node& head) {
  Virtual v;
  v.name = RefOf(head);
  ReadVirtualBlock(v, Full(head), head.block);
  config_.virtuals.push_back(std::move(v));
}

void Reader::ReadVirtualBlock(Virtual& v, const std::string& name, const std::vector<Node>& block) {
  static const std::set<std::string> kinds = {"reject",   "ip-forward", "l2-forward",
                                              "internal", "stateless",  "dhcp-relay"};
  std::map<std::string, std::optional<Ref>*> single = {
      {"destination", &v.destination},
      {"mask", &v.mask},
      {"ip-protocol", &v.ip_protocol},
      {"pool", &v.pool},
      {"source", &v.source},
      {"translate-address", &v.translate_address},
      {"translate-port", &v.translate_port},
      {"traffic-matching-criteria", &v.traffic_matching},
      {"snat", &v.snat},
      {"snatpool", &v.snat_pool}};
  Props props(block, diagnostics_);
  while (!props.Done()) {
    const Node& key = props.Key();
    const std::string& k = key.text;
    if (auto it = single.find(k); it != single.end()) {
      *it->second = props.Value(key);
    } else if (kinds.count(k)) {
      v.kind = RefOf(key);
    } else if (k == "disabled") {
      v.disabled = true;
    } else if (k == "enabled") {
    } else if (k == "vlans-enabled") {
      v.vlans_enabled = RefOf(key);
    } else if (k == "vlans-disabled") {
      v.vlans_disabled = RefOf(key);
    } else if (k == "vlans" && key.has_block) {
      v.vlans = Names(key);
    } else if (k == "rules" && key.has_block) {
      v.rules = Names(key);
    } else if (k == "policies" && key.has_block) {
      v.policies = Names(key);
    } else if (k == "profiles" && key.has_block) {
      for (const Node& p : key.block) {
        ProfileUse use{RefOf(p)};
        for (size_t i = 0; i + 1 < p.block.size(); ++i) {
          if (p.block[i].text == "context") use.context = p.block[i + 1].text;
        }
        v.profiles.push_back(use);
      }
    } else if (k == "persist" && key.has_block) {
      for (const Node& p : key.block) {
        PersistUse use{RefOf(p)};
        Props options(p.block, diagnostics_);
        while (!options.Done()) {
          const Node& o = options.Key();
          if (o.text == "default") {
            std::optional<Ref> value = options.Value(o);
            use.is_default = value && value->name == "yes";
          } else {
            if (!v.not_understood) v.not_understood = RefOf(o);
            options.Skip(o, true,
                         "persistence " + p.text + " of virtual " + std::string(BaseName(name)));
          }
        }
        v.persist.push_back(use);
      }
    } else if (k == "source-address-translation" && key.has_block) {
      Props snat(key.block, diagnostics_);
      while (!snat.Done()) {
        const Node& s = snat.Key();
        if (s.text == "type") {
          v.snat = snat.Value(s);
        } else if (s.text == "pool") {
          v.snat_pool = snat.Value(s);
        } else {
          if (!v.not_understood) v.not_understood = RefOf(s);
          snat.Skip(s, true,
                    "source-address-translation of virtual " + std::string(BaseName(name)));
        }
      }
      if (v.snat && v.snat->name == "snat" && !v.snat_pool) {
        diagnostics_.Error(v.snat->at, "SNAT type 'snat' needs a 'pool'");
      }
    } else if (HarmlessKeys().count(k)) {
      props.Skip(key, false, "");
    } else {
      if (!v.not_understood) v.not_understood = RefOf(key);
      props.Skip(key, true, "virtual " + std::string(BaseName(name)));
    }
  }
}

void Reader::ReadPool(const Node& head) {
  Pool pool;
  pool.name = RefOf(head);
  Props props(head.block, diagnostics_);
  while (!props.Done()) {
    const Node& key = props.Key();
    if (key.text == "members" && key.has_block) {
      for (const Node& m : key.block) {
        pool.members.push_back(ReadMember(m, head.text));
        if (!pool.not_understood) pool.not_understood = pool.members.back().not_understood;
      }
    } else if (key.text == "monitor") {
      pool.monitors = MonitorList(props.RestOfLine());
    } else if (key.text == "min-active-members") {
      std::optional<Ref> value = props.Value(key);
      if (value && !ParseInt(value->name, &pool.min_active_members)) {
        diagnostics_.Error(value->at, "expected a number, got '" + value->name + "'");
      }
    } else if (HarmlessKeys().count(key.text)) {
      props.Skip(key, false, "");
    } else {
      if (!pool.not_understood) pool.not_understood = RefOf(key);
      props.Skip(key, true, "pool " + std::string(BaseName(head.text)));
    }
  }
  config_.pools[Full(head)] = std::move(pool);
}

Member Reader::ReadMember(const Node& node, const std::string& pool) {
  Member m;
  m.name = RefOf(node);
  Props props(node.block, diagnostics_);
  while (!props.Done()) {
    const Node& key = props.Key();
    const std::string& k = key.text;
    if (k == "address") {
      m.address = props.Value(key);
    } else if (k == "session") {
      std::optional<Ref> value = props.Value(key);
      m.session_disabled = value && value->name == "user-disabled";
    } else if (k == "state") {
      std::optional<Ref> value = props.Value(key);
      m.state_down = value && value->name == "user-down";
    } else if (k == "priority-group") {
      std::optional<Ref> value = props.Value(key);
      if (value && !ParseInt(value->name, &m.priority_group)) {
        diagnostics_.Error(value->at, "expected a number, got '" + value->name + "'");
      }
    } else if (k == "monitor") {
      m.monitors = MonitorList(props.RestOfLine());
    } else if (k == "fqdn") {
      m.fqdn = RefOf(key);
    } else if (HarmlessKeys().count(k)) {
      props.Skip(key, false, "");
    } else {
      if (!m.not_understood) m.not_understood = RefOf(key);
      props.Skip(key, true, "member " + node.text + " of pool " + std::string(BaseName(pool)));
    }
  }
  return m;
}

void Reader::ReadNode(const Node& head) {
  NodeObject n;
  n.name = RefOf(head);
  Props props(head.block, diagnostics_);
  while (!props.Done()) {
    const Node& key = props.Key();
    if (key.text == "address") {
      n.address = props.Value(key);
    } else if (key.text == "session") {
      std::optional<Ref> value = props.Value(key);
      n.session_disabled = value && value->name == "user-disabled";
    } else if (key.text == "state") {
      std::optional<Ref> value = props.Value(key);
      n.state_down = value && value->name == "user-down";
    } else if (key.text == "monitor") {
      props.RestOfLine();  // node monitors probe the node address; members follow them
    } else if (key.text == "fqdn") {
      diagnostics_.Warning(key.at, "FQDN nodes are resolved at run time: not modelled");
    } else {
      props.Skip(key, false, "");
    }
  }
  config_.nodes[Full(head)] = std::move(n);
}

void Reader::ReadMonitor(const std::string& type, const Node& head) {
  auto picked = Pick(head, {"defaults-from", "destination"});
  MonitorDef m;
  m.name = RefOf(head);
  m.type = type;
  if (picked.count("defaults-from")) m.defaults_from = picked["defaults-from"];
  if (picked.count("destination")) m.destination = picked["destination"];
  config_.monitors[Full(head)] = std::move(m);
}

void Reader::ReadProfile(const std::string& type, const Node& head) {
  auto picked = Pick(head, {"defaults-from", "idle-timeout"});
  ProfileDef p;
  p.name = RefOf(head);
  p.type = type;
  if (picked.count("defaults-from")) p.defaults_from = picked["defaults-from"];
  if (picked.count("idle-timeout")) p.idle_timeout = picked["idle-timeout"];
  config_.profiles[Full(head)] = std::move(p);
}

void Reader::ReadPersistence(const std::string& type, const Node& head) {
  auto picked = Pick(head, {"defaults-from", "cookie-name", "httponly"});
  PersistenceDef p;
  p.name = RefOf(head);
  p.type = type;
  if (picked.count("defaults-from")) p.defaults_from = picked["defaults-from"];
  if (picked.count("cookie-name")) p.cookie_name = picked["cookie-name"];
  if (picked.count("httponly")) p.httponly = picked["httponly"];
  config_.persistence[Full(head)] = std::move(p);
}

void Reader::ReadSnatPool(const Node& head) {
  SnatPool pool;
  pool.name = RefOf(head);
  for (const Node& key : head.block) {
    if (key.text == "members" && key.has_block) pool.members = Names(key);
  }
  config_.snat_pools[Full(head)] = std::move(pool);
}

void Reader::ReadVirtualAddress(const Node& head) {
  auto picked = Pick(head, {"address"});
  VirtualAddressDef def;
  def.name = RefOf(head);
  if (picked.count("address")) def.address = picked["address"];
  config_.virtual_addresses[Full(head)] = std::move(def);
}

void Reader::ReadSelf(const Node& head) {
  auto picked = Pick(head, {"address", "vlan", "traffic-group", "floating"});
  SelfIp self;
  self.name = RefOf(head);
  if (picked.count("address")) self.address = picked["address"];
  if (picked.count("vlan")) self.vlan = picked["vlan"];
  if (picked.count("traffic-group")) {
    self.floating = BaseName(picked["traffic-group"].name) != "traffic-group-local-only";
  }
  if (picked.count("floating")) self.floating = picked["floating"].name == "enabled";
  config_.selfs.push_back(std::move(self));
}

void Reader::ReadRouteDomain(const Node& head) {
  auto picked = Pick(head, {"id"});
  if (picked.count("id") && picked["id"].name != "0") {
    config_.route_domains.push_back(picked["id"]);
  }
}

}  // namespace

std::string FullName(const std::string& name, const std::string& from) {
  if (!name.empty() && name[0] == '/') return name;
  // The partition of `from`: "/Common/x" -> "/Common/"; folders (`/T/App/x`) keep theirs.
  size_t slash = from.rfind('/');
  std::string partition =
      slash == std::string::npos || slash == 0 ? "/Common/" : from.substr(0, slash + 1);
  return partition + name;
}

TmshConfig ReadTmshConfig(const std::vector<Node>& top, Diagnostics& diagnostics) {
  TmshConfig config;
  Reader reader(config, diagnostics);
  size_t i = 0;
  while (i < top.size()) {
    size_t end = i + 1;
    // A statement runs from the first word of a line to the word that owns its block.
    while (end < top.size() && !top[end - 1].has_block && !top[end].line_start) ++end;
    reader.Statement(top, i, end);
    i = end;
  }
  return config;
}

}  // namespace flowaudit::f5
