// Limits and confinement for site files (docs/limits.md): configs and packs stay inside the
// site's folder (symlinks included) unless --allow-outside-paths; oversized files and lines and
// alias bombs are located errors.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "importers/nginx/include_resolver.h"
#include "models/input_limits.h"
#include "src/site/site.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const char* kBase = "site: x\nzones:\n  a: { subnets: [10.0.0.0/8] }\ndevices:\n";
const char* kRules = "*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n";

// The first line of each diagnostic from loading dir/site.yaml, the folder shown as DIR.
std::string Load(const std::string& text, TempDir& dir, bool allow_outside = false) {
  std::string path = dir.Write("site.yaml", text);
  SiteOptions options;
  options.allow_outside_paths = allow_outside;
  Diagnostics diagnostics;
  auto site = LoadSite(path, options, diagnostics);
  std::string out;
  for (const Diagnostic& d : diagnostics.All()) {
    std::string line = FormatDiagnostic(d);
    out += line.substr(0, line.find('\n') + 1);
  }
  for (size_t at; (at = out.find(dir.path().string())) != std::string::npos;) {
    out.replace(at, dir.path().string().size(), "DIR");
  }
  CHECK(site.has_value() == !diagnostics.HasErrors());
  return out;
}

std::string Device(const std::string& config) {
  return std::string(kBase) + "  fw: { kind: firewall, vendor: iptables, config: " + config +
         ", zone: a }\n";
}

TEST_CASE("confinement: a symlink inside the site folder may not lead outside it") {
  TempDir site, outside;
  std::string target = outside.Write("fw.rules", kRules);
  fs::create_symlink(target, site.path() / "fw.rules");
  fs::create_symlink(outside.path(), site.path() / "configs");
  CHECK(Load(Device("fw.rules"), site) ==
        "DIR/site.yaml:5:51: error: config path 'fw.rules' leaves the site's folder (use "
        "--allow-outside-paths to permit it)\n");
  CHECK(Load(Device("configs/fw.rules"), site) ==
        "DIR/site.yaml:5:51: error: config path 'configs/fw.rules' leaves the site's folder (use "
        "--allow-outside-paths to permit it)\n");
  // The flag permits both.
  CHECK(Load(Device("fw.rules"), site, true).find("error") == std::string::npos);
  CHECK(Load(Device("configs/fw.rules"), site, true).find("error") == std::string::npos);
}

TEST_CASE("confinement: a symlink that stays inside the site folder is fine") {
  TempDir site;
  site.Write("real/fw.rules", kRules);
  fs::create_symlink(site.path() / "real" / "fw.rules", site.path() / "fw.rules");
  CHECK(Load(Device("fw.rules"), site).find("error") == std::string::npos);
}

TEST_CASE("confinement: policy pack paths stay inside the site folder") {
  TempDir site;
  CHECK(Load("site: x\nzones:\n  a: { subnets: [10.0.0.0/8] }\npolicies: [../pack.yaml]\n", site) ==
        "DIR/site.yaml:4:12: error: policy pack path '../pack.yaml' leaves the site's folder (use "
        "--allow-outside-paths to permit it)\n");
}

TEST_CASE("confinement: nginx includes may not follow a symlink out of the config's folder") {
  TempDir folder, outside;
  fs::create_symlink(outside.Write("evil.conf", "server { listen 80; }\n"),
                     folder.path() / "inc.conf");
  nginx::FolderIncludeResolver resolver(folder.path());
  CHECK(resolver.Resolve("inc.conf").error == "\"inc.conf\" leaves the config's folder");
  CHECK(resolver.Resolve("*.conf").error == "\"*.conf\" leaves the config's folder");
}

TEST_CASE("limits: an oversized site file, and a config with an overlong line") {
  TempDir site;
  std::string path = site.Write("site.yaml", "");
  int fd = open(path.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(ftruncate(fd, static_cast<off_t>(kMaxInputBytes) + 1) == 0);
  close(fd);
  Diagnostics diagnostics;
  CHECK_FALSE(LoadSite(path, {}, diagnostics).has_value());
  REQUIRE(diagnostics.All().size() == 1);
  CHECK(FormatDiagnostic(diagnostics.All()[0])
            .find("site.yaml: error: cannot read site file: larger than 256 MiB, the limit for one "
                  "input file") != std::string::npos);

  TempDir other;
  other.Write("fw.rules", "*filter\n# " + std::string(kMaxLineBytes, 'x') + "\nCOMMIT\n");
  CHECK(Load(Device("fw.rules"), other) ==
        "DIR/fw.rules:2:1048577: error: line longer than 1 MiB, the limit for one line\n");
}

TEST_CASE("limits: a 'billion laughs' site file is an error") {
  TempDir site;
  std::string text = "site: x\nlol0: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    text += "lol" + std::to_string(i) + ": &" + std::string(1, char('a' + i)) + " [";
    for (int j = 0; j < 10; ++j) text += std::string(j ? ", *" : "*") + char('a' + i - 1);
    text += "]\n";
  }
  std::string out = Load(text, site);
  CHECK(out.find("error: YAML aliases expand the document beyond ") != std::string::npos);
}

}  // namespace
}  // namespace flowaudit
