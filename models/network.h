// The network graph (Boost.Graph): zones and devices are vertices, a device interface attached
// to a zone is an edge. FindFlowPaths follows a set of packets from a source zone along every
// simple path to where its destination lives, through each device's filters and NAT, into
// load-balancer virtual servers and on to their pool members.
//
// Paths never pass through a non-transit zone (the Internet: it does not route private
// addresses back in), and a load balancer or reverse proxy forwards only what its virtual
// servers accept: it is not a router.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <functional>
#include <string>
#include <vector>

#include "models/device.h"
#include "models/forwarding.h"

namespace flowaudit {

class Network {
 public:
  struct Vertex {
    enum class Kind { kZone, kDevice };
    Kind kind = Kind::kZone;
    std::string name;
    const Device* device = nullptr;  // kDevice
    bool transit = true;             // kZone
  };
  struct Edge {
    std::string interface;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Vertex, Edge>;

  int AddZone(const std::string& name, bool transit);
  int AddDevice(const Device* device);
  void Connect(int device_vertex, int zone_vertex, const std::string& interface);
  // Vertex of the zone or device with this name, or -1.
  int Find(const std::string& name) const;
  const Vertex& At(int vertex) const { return graph_[vertex]; }
  const Graph& graph() const { return graph_; }

 private:
  Graph graph_;
};

// One device on a path: how the packets entered and left it.
struct PathHop {
  int device_vertex = -1;
  HopContext context;
  bool at_virtual_server = false;  // the packets were addressed to its virtual servers
  int member = -1;                 // which pool member the path continues to
};

struct PathDrop {
  size_t hop = 0;  // index into FlowPath::hops
  Fragment fragment;
  std::string reason;  // "no listener", "redirect", or empty for a filter decision
};

struct FlowPath {
  std::vector<int> vertices;
  std::vector<PathHop> hops;
  std::vector<Fragment> delivered;  // some may be uncertain
  std::vector<PathDrop> dropped;    // certain drops along the way
};

struct PathSearchLimits {
  size_t max_paths = 512;
  size_t max_vertices = 32;
  int max_translations = 4;  // virtual-server hops on one path
};

struct PathSearchResult {
  std::vector<FlowPath> paths;
  bool truncated = false;  // limits were hit: the answer is incomplete
};

// Which vertex receives packets for this destination (a VIP's device, else the zone holding
// the address), or -1.
using OwnerOf = std::function<int(const IpAddress&)>;

PathSearchResult FindFlowPaths(const Network& network, int source_zone, const Fragment& packets,
                               int target, const OwnerOf& owner_of,
                               const PathSearchLimits& limits = {});

}  // namespace flowaudit
