#include "src/check/endpoints.h"

#include <algorithm>

#include "importers/common/suggest.h"

namespace flowaudit {
namespace {

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool HasAny(const std::vector<std::string>& list, const std::vector<std::string>& wanted) {
  for (const std::string& w : wanted) {
    if (Has(list, w)) return true;
  }
  return false;
}

Field AddressField(EndpointRole role) {
  return role == EndpointRole::kSource ? Field::kSrcAddress : Field::kDstAddress;
}

PacketSet AddressSet(const IpAddress& a, EndpointRole role) {
  return PacketSet::OfFamily(a.family) & PacketSet::FieldEquals(AddressField(role), a.value);
}

class Resolver {
 public:
  Resolver(const SiteNetwork& net, EndpointRole role) : net_(net), site_(net.site()), role_(role) {}
  std::vector<Endpoint> out;

  void AddZone(const Zone& z) {
    Add({"zone " + z.name, net_.ZoneAddresses(z, AddressField(role_)), net_.ZoneVertex(z.name),
         "zone:" + z.name});
  }

  void AddAddress(const std::string& label, const IpAddress& a, const std::string& zone) {
    int vertex = role_ == EndpointRole::kSource ? net_.ZoneVertex(zone) : net_.OwnerOf(a);
    Add({label, AddressSet(a, role_), vertex, a.ToString()});
  }

  void AddService(const Service& s) {
    const Zone* zone = site_.ZoneOf(s.vip);
    int vertex = role_ == EndpointRole::kSource ? (zone ? net_.ZoneVertex(zone->name) : -1)
                                                : net_.OwnerOf(s.vip);
    Add({"service " + s.name + " VIP " + s.vip.ToString(), AddressSet(s.vip, role_), vertex,
         s.vip.ToString()});
  }

  void AddHost(const Host& h, const Selector& sel) {
    if (sel.prefer_vip) {
      for (const Service& s : site_.services) {
        if (Has(sel.vip_roles, s.role) && Has(s.members, h.name)) {
          AddService(s);
          return;
        }
      }
    }
    for (const auto& [label, address] : h.addresses) {
      bool single = h.addresses.size() == 1;
      if (!single && sel.address != "any" && label != sel.address) continue;
      std::string text =
          "host " + h.name + (single ? "" : " " + label) + " (" + address.ToString() + ")";
      AddAddress(text, address, h.zones.at(label));
    }
  }

  void AddPrefix(const Prefix& p) {
    PacketSet set = PacketSet::OfFamily(p.address.family) &
                    PacketSet::FieldRange(AddressField(role_), p.First(), p.Last());
    const Zone* zone = site_.ZoneOf(p.address);
    int vertex = -1;
    if (role_ == EndpointRole::kSource) {
      vertex = zone ? net_.ZoneVertex(zone->name) : -1;
    } else {
      vertex = net_.OwnerOf(p.address);
    }
    Add({"prefix " + p.ToString(), set, vertex, p.ToString()});
  }

 private:
  void Add(Endpoint e) {
    for (const Endpoint& x : out) {
      if (x.key == e.key) return;
    }
    out.push_back(std::move(e));
  }

  const SiteNetwork& net_;
  const Site& site_;
  EndpointRole role_;
};

}  // namespace

std::vector<Endpoint> ResolveSelector(const SiteNetwork& net, const Selector& sel,
                                      EndpointRole role) {
  const Site& site = net.site();
  Resolver r(net, role);
  for (const Zone& z : site.zones) {
    if (Has(sel.zones, z.name) || HasAny(z.tags, sel.tags) || Has(sel.trust, z.trust)) r.AddZone(z);
  }
  for (const Host& h : site.hosts) {
    if (Has(sel.hosts, h.name) || HasAny(h.roles, sel.roles)) r.AddHost(h, sel);
  }
  for (const Service& s : site.services) {
    if (Has(sel.services, s.name) || Has(sel.service_roles, s.role)) r.AddService(s);
  }
  for (const std::string& text : sel.prefixes) {
    std::string error;
    if (auto p = ParsePrefix(text, &error)) r.AddPrefix(*p);
  }
  return std::move(r.out);
}

std::optional<Endpoint> ResolveName(const SiteNetwork& net, const std::string& name,
                                    EndpointRole role, std::string* error) {
  const Site& site = net.site();
  Resolver r(net, role);
  if (const Zone* z = site.FindZone(name)) {
    r.AddZone(*z);
  } else if (const Host* h = site.FindHost(name)) {
    r.AddHost(*h, Selector{});
  } else if (const Service* s = site.FindService(name)) {
    r.AddService(*s);
  } else {
    std::string prefix_error;
    auto p = ParsePrefix(name, &prefix_error);
    if (!p) {
      std::vector<std::string> names;
      for (const Zone& z : site.zones) names.push_back(z.name);
      for (const Host& h : site.hosts) names.push_back(h.name);
      for (const Service& s : site.services) names.push_back(s.name);
      *error = "'" + name + "' is not a zone, host, service or address of the site" +
               DidYouMean(name, names);
      return std::nullopt;
    }
    r.AddPrefix(*p);
  }
  if (r.out.empty()) {
    *error = "'" + name + "' has no address";
    return std::nullopt;
  }
  Endpoint e = r.out.front();
  for (size_t i = 1; i < r.out.size(); ++i) e.addresses |= r.out[i].addresses;
  return e;
}

}  // namespace flowaudit
