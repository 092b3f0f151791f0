// Bad site files: every problem is reported as path:line:col with the source line and a caret.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "src/check/checker.h"
#include "src/policy/policy.h"
#include "src/site/site.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

// Loads `text` as dir/site.yaml and returns all diagnostics, formatted, with the temporary
// folder replaced by "DIR".
std::string Errors(const std::string& text, TempDir& dir, SiteOptions options = {}) {
  std::string path = dir.Write("site.yaml", text);
  Diagnostics diagnostics;
  auto site = LoadSite(path, options, diagnostics);
  std::string out;
  for (const Diagnostic& d : diagnostics.All()) out += FormatDiagnostic(d);
  for (size_t at; (at = out.find(dir.path().string())) != std::string::npos;) {
    out.replace(at, dir.path().string().size(), "DIR");
  }
  CHECK(site.has_value() == !diagnostics.HasErrors());
  return out;
}

TEST_CASE("unknown keys are errors with a suggestion") {
  TempDir dir;
  CHECK(Errors("site: x\nzones:\n  a: { subnets: [10.0.0.0/8], tgas: [x] }\n", dir) ==
        "DIR/site.yaml:3:31: error: unknown key 'tgas' in zone 'a'; did you mean 'tags'?\n"
        "  a: { subnets: [10.0.0.0/8], tgas: [x] }\n"
        "                              ^~~~\n");
}

TEST_CASE("duplicate keys are errors, not silently the first one") {
  TempDir dir;
  CHECK(Errors("site: x\nzones:\n  a: { subnets: [10.0.0.0/8], subnets: [11.0.0.0/8] }\n", dir) ==
        "DIR/site.yaml:3:31: error: duplicate key 'subnets' in zone 'a'\n"
        "  a: { subnets: [10.0.0.0/8], subnets: [11.0.0.0/8] }\n"
        "                              ^~~~~~~\n");
}

TEST_CASE("a /33 prefix is out of range") {
  TempDir dir;
  CHECK(Errors("site: x\nzones:\n  a: { subnets: [10.0.0.0/33] }\n", dir) ==
        "DIR/site.yaml:3:18: error: prefix length 33 is out of range 0-32 for IPv4\n"
        "  a: { subnets: [10.0.0.0/33] }\n"
        "                 ^~~~~~~~~~~\n");
}

TEST_CASE("empty and binary files") {
  TempDir dir;
  CHECK(Errors("", dir) == "DIR/site.yaml:1:1: error: empty file: expected a YAML mapping\n\n^\n");
  CHECK(Errors(std::string("site: x\n\x01\x02\0junk", 15), dir)
            .find("binary data: not a YAML file") != std::string::npos);
}

TEST_CASE("a missing config file and a path outside the site folder") {
  TempDir dir;
  const char* base = "site: x\nzones:\n  a: { subnets: [10.0.0.0/8] }\ndevices:\n";
  CHECK(Errors(std::string(base) +
                   "  fw: { kind: firewall, vendor: iptables, config: fw.rules, zone: a }\n",
               dir) ==
        "DIR/site.yaml:5:51: error: cannot read 'fw.rules': No such file or directory\n"
        "  fw: { kind: firewall, vendor: iptables, config: fw.rules, zone: a }\n"
        "                                                  ^~~~~~~~\n");
  CHECK(Errors(std::string(base) + "  fw: { kind: firewall, config: ../../etc/passwd, zone: a }\n",
               dir) ==
        "DIR/site.yaml:5:33: error: config path '../../etc/passwd' leaves the site's folder (use "
        "--allow-outside-paths to permit it)\n"
        "  fw: { kind: firewall, config: ../../etc/passwd, zone: a }\n"
        "                                ^~~~~~~~~~~~~~~~\n");
}

TEST_CASE("references to unknown zones, hosts and kinds") {
  TempDir dir;
  std::string out = Errors(
      "site: x\nzones:\n  servers: { subnets: [10.0.0.0/8] }\nhosts:\n  fe01: { address: 10.0.0.1 "
      "}\n"
      "services:\n  web: { vip: 10.0.0.100, members: [fe1] }\n"
      "devices:\n  lb: { kind: load-balancr, zone: servers }\n  fw: { kind: firewall, zone: srvers "
      "}\n",
      dir);
  CHECK(out.find("site.yaml:7:37: error: unknown host 'fe1'; did you mean 'fe01'?") !=
        std::string::npos);
  CHECK(out.find("site.yaml:9:15: error: unknown device kind 'load-balancr'; did you mean "
                 "'load-balancer'?") != std::string::npos);
  CHECK(out.find("site.yaml:10:31: error: unknown zone 'srvers'; did you mean 'servers'?") !=
        std::string::npos);
  CHECK(out.find("needs 'interfaces'") == std::string::npos);  // one error per mistake
}

TEST_CASE("YAML syntax errors are located") {
  TempDir dir;
  std::string out = Errors("site: x\nzones: [\n", dir);
  CHECK(out.rfind("DIR/site.yaml:3:1: error: YAML syntax error: ", 0) == 0);
}

TEST_CASE("a good site loads with derived zones and inferred devices") {
  TempDir dir;
  std::string path = dir.Write("site.yaml", R"YAML(site: x
zones:
  servers: { subnets: [10.1.0.0/24] }
  internet: { subnets: [0.0.0.0/0], trust: untrusted }
hosts:
  fe01: { address: 10.1.0.11, roles: [front-end] }
services:
  web: { vip: 10.1.0.100, members: [fe01] }
devices:
  lb:
    kind: load-balancer
    zone: servers
    virtual_servers:
      - { vip: 10.1.0.100, port: 443, pool: [10.1.0.11:443] }
)YAML");
  Diagnostics diagnostics;
  auto site = LoadSite(path, {}, diagnostics);
  REQUIRE(site.has_value());
  CHECK(site->FindHost("fe01")->zones.at("address") == "servers");
  CHECK(site->FindService("web")->device == "lb");
  CHECK_FALSE(site->FindZone("internet")->transit);
  CHECK(site->Flag("keep_crls_up_to_date_for_peers", false));
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

TEST_CASE("mutated site files never crash the loader or the checker") {
  TempDir dir;
  std::string base = std::string(FLOWAUDIT_SOURCE_DIR) + "/examples/lync-contoso/";
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  for (const char* config : {"configs/internal-fw.rules", "configs/hlb.yaml",
                             "configs/perimeter-fw.yaml", "configs/reverse-proxy.yaml"}) {
    dir.Write(config, read(base + config));
  }
  std::string site = read(base + "site.yaml");
  std::mt19937 rng(7);
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = site;
    for (int e = 1 + static_cast<int>(rng() % 3); e > 0 && !text.empty(); --e) {
      size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text[at] = "{}[]:,-#'\" \n\x01"[rng() % 13];
          break;
        case 1:
          text.erase(at, 1 + rng() % 12);
          break;
        case 2:
          text.insert(at, text.substr(rng() % text.size(), rng() % 30));
          break;
        default:
          text.resize(at);
      }
    }
    std::string path = dir.Write("site.yaml", text);
    Diagnostics diagnostics;
    INFO("round " << i);
    std::optional<Site> loaded_site;
    CHECK_NOTHROW(loaded_site = LoadSite(path, {}, diagnostics));
    if (loaded_site) {
      ++loaded;
      // Whatever still loads must also audit without throwing.
      Diagnostics pack_diagnostics;
      auto pack = LoadPack("lync-2013", pack_diagnostics);
      REQUIRE(pack.has_value());
      CHECK_NOTHROW(RunAudit(*loaded_site, {*pack}));
    } else {
      ++rejected;
      CHECK(diagnostics.HasErrors());
    }
  }
  CHECK(loaded > 10);
  CHECK(rejected > 100);
}

}  // namespace
}  // namespace flowaudit
