#include "models/network.h"

#include <algorithm>
#include <map>
#include <set>

namespace flowaudit {

int Network::AddZone(const std::string& name, bool transit) {
  Vertex v;
  v.kind = Vertex::Kind::kZone;
  v.name = name;
  v.transit = transit;
  return static_cast<int>(boost::add_vertex(v, graph_));
}

int Network::AddDevice(const Device* device) {
  Vertex v;
  v.kind = Vertex::Kind::kDevice;
  v.name = device->name;
  v.device = device;
  return static_cast<int>(boost::add_vertex(v, graph_));
}

void Network::Connect(int device_vertex, int zone_vertex, const std::string& interface) {
  boost::add_edge(device_vertex, zone_vertex, Edge{interface}, graph_);
}

int Network::Find(const std::string& name) const {
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    if (graph_[*it].name == name) return static_cast<int>(*it);
  }
  return -1;
}

namespace {

// Zone names as the device's rules see them: the vendor's zones of the interfaces where it has
// them (PAN-OS, SRX), else the site's zones.
HopContext ContextAt(const Device& device, const std::string& in, const std::string& out,
                     const std::string& from_zone, const std::string& to_zone) {
  if (device.interface_zones.empty()) return {in, out, from_zone, to_zone};
  auto zone_of = [&](const std::string& interface) {
    auto it = device.interface_zones.find(interface);
    return it == device.interface_zones.end() ? std::string() : it->second;
  };
  return {in, out, zone_of(in), zone_of(out)};
}

class PathSearch {
 public:
  PathSearch(const Network& network, const OwnerOf& owner_of, const PathSearchLimits& limits)
      : net_(network), owner_of_(owner_of), limits_(limits) {}

  PathSearchResult result;

  void FromZone(int zone, std::vector<Fragment> fragments, int target) {
    if (Full()) return;
    vertices_.push_back(zone);
    const Network::Vertex& z = net_.At(zone);
    bool at_start = vertices_.size() - segment_start_ == 1;
    if (zone == target) Record(fragments);
    // Packets for an address of their own zone may still be translated by a device there (a
    // firewall's public address forwarded inwards), so the start zone is left even then.
    if ((zone != target && z.transit) || at_start) {
      for (auto [it, end] = boost::out_edges(zone, net_.graph()); it != end; ++it) {
        int device = static_cast<int>(boost::target(*it, net_.graph()));
        if (Visited(device)) continue;
        const std::string& in = net_.graph()[*it].interface;
        if (device == target) {
          IntoVirtualServers(device, in, fragments);
        } else if (IsRouter(*net_.At(device).device)) {
          Across(device, in, fragments, target);
        }
      }
    }
    vertices_.pop_back();
  }

 private:
  static bool IsRouter(const Device& d) {
    return d.kind == DeviceKind::kFirewall || d.kind == DeviceKind::kRouter;
  }

  bool Full() {
    if (result.paths.size() >= limits_.max_paths || vertices_.size() >= limits_.max_vertices) {
      result.truncated = true;
      return true;
    }
    return false;
  }

  bool Visited(int vertex) const {
    return std::find(vertices_.begin() + segment_start_, vertices_.end(), vertex) !=
           vertices_.end();
  }

  int TargetAfter(const Fragment& f, int target) const {
    if (std::find(f.rewritten.begin(), f.rewritten.end(), Field::kDstAddress) ==
        f.rewritten.end()) {
      return target;
    }
    auto witness = f.current.Witness();
    return witness ? owner_of_(witness->Destination()) : -1;
  }

  // Transit through a firewall or router, towards each other zone it touches.
  void Across(int device, const std::string& in, const std::vector<Fragment>& fragments,
              int target) {
    const Network::Vertex& d = net_.At(device);
    vertices_.push_back(device);
    int from_zone = vertices_[vertices_.size() - 2];
    for (auto [it, end] = boost::out_edges(device, net_.graph()); it != end; ++it) {
      int zone = static_cast<int>(boost::target(*it, net_.graph()));
      if (zone == from_zone || Visited(zone)) continue;
      PathHop hop;
      hop.device_vertex = device;
      hop.context = ContextAt(*d.device, in, net_.graph()[*it].interface, net_.At(from_zone).name,
                              net_.At(zone).name);
      // Group what passes and what is dropped by where it is headed after this device's NAT:
      // a drop belongs only to the paths towards its own (translated) destination.
      std::map<int, std::vector<Fragment>> passed, dropped;
      for (const Fragment& f : fragments) {
        DeviceOutcome out = ForwardThrough(*d.device, f, hop.context);
        for (Fragment& x : out.dropped) dropped[TargetAfter(x, target)].push_back(std::move(x));
        for (Fragment& x : out.passed) passed[TargetAfter(x, target)].push_back(std::move(x));
      }
      std::set<int> targets;
      for (const auto& [t, group] : passed) targets.insert(t);
      for (const auto& [t, group] : dropped) targets.insert(t);
      hops_.push_back(hop);
      for (int next_target : targets) {
        if (next_target < 0) continue;
        size_t drops_before = drops_.size();
        for (Fragment& x : dropped[next_target]) drops_.push_back({hops_.size() - 1, x, ""});
        // Even when everything was dropped here, following the rest of the way tells whether
        // this is a path to the destination at all (then it is recorded, delivering nothing).
        FromZone(zone, passed[next_target], next_target);
        drops_.resize(drops_before);
      }
      hops_.pop_back();
    }
    vertices_.pop_back();
  }

  void IntoVirtualServers(int device, const std::string& in,
                          const std::vector<Fragment>& fragments) {
    const Network::Vertex& d = net_.At(device);
    vertices_.push_back(device);
    int from_zone = vertices_[vertices_.size() - 2];
    size_t drops_before = drops_.size();
    size_t hop_index = hops_.size();
    std::map<size_t, std::vector<Fragment>> by_member;  // member index -> fragments
    std::vector<const PoolMember*> members;
    for (const Fragment& f : fragments) {
      VirtualServerOutcome out = ArriveAtVirtualServers(*d.device, f);
      if (out.no_listener) drops_.push_back({hop_index, *out.no_listener, "no listener"});
      for (auto& [vs, x] : out.redirected) drops_.push_back({hop_index, x, "redirect"});
      for (auto& [vs, x] : out.responded) drops_.push_back({hop_index, x, "answered locally"});
      for (auto& [vs, x] : out.rejected) drops_.push_back({hop_index, x, "rejected"});
      for (auto& to : out.forwarded) {
        size_t index = static_cast<size_t>(to.member - to.server->members.data());
        by_member[index].push_back(to.fragment);
      }
    }
    PathHop hop;
    hop.device_vertex = device;
    hop.context = {in, "", net_.At(from_zone).name, ""};
    hop.at_virtual_server = true;
    bool any = false;
    if (translations_ < limits_.max_translations) {
      ++translations_;
      size_t saved_segment = segment_start_;
      segment_start_ = vertices_.size() - 1;  // a new connection starts at the device
      for (auto& [index, group] : by_member) {
        auto witness = group.front().current.Witness();
        int next_target = witness ? owner_of_(witness->Destination()) : -1;
        if (next_target < 0) continue;
        any = true;
        hop.member = static_cast<int>(index);
        hops_.push_back(hop);
        for (auto [it, end] = boost::out_edges(device, net_.graph()); it != end; ++it) {
          int zone = static_cast<int>(boost::target(*it, net_.graph()));
          hops_.back().context.out_interface = net_.graph()[*it].interface;
          hops_.back().context.to_zone = net_.At(zone).name;
          FromZone(zone, group, next_target);
        }
        hops_.pop_back();
      }
      segment_start_ = saved_segment;
      --translations_;
    }
    if (!any) {
      hops_.push_back(hop);
      Record({});
      hops_.pop_back();
    }
    drops_.resize(drops_before);
    vertices_.pop_back();
  }

  void Record(std::vector<Fragment> delivered) {
    FlowPath path;
    path.vertices = vertices_;
    path.hops = hops_;
    path.delivered = std::move(delivered);
    path.dropped = drops_;
    result.paths.push_back(std::move(path));
  }

  const Network& net_;
  const OwnerOf& owner_of_;
  PathSearchLimits limits_;
  std::vector<int> vertices_;
  std::vector<PathHop> hops_;
  std::vector<PathDrop> drops_;
  size_t segment_start_ = 0;
  int translations_ = 0;
};

}  // namespace

PathSearchResult FindFlowPaths(const Network& network, int source_zone, const Fragment& packets,
                               int target, const OwnerOf& owner_of,
                               const PathSearchLimits& limits) {
  PathSearch search(network, owner_of, limits);
  if (source_zone >= 0 && target >= 0) search.FromZone(source_zone, {packets}, target);
  return std::move(search.result);
}

}  // namespace flowaudit
