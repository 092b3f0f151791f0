// Resource limits in the models (docs/limits.md): input size and line length, and the BDD node
// limit that turns a pathological filter into a located UNKNOWN instead of an out-of-memory kill.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "models/filter.h"
#include "models/input_limits.h"
#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

std::string Messages(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.All()) {
    std::string text = FormatDiagnostic(d);
    out += text.substr(0, text.find('\n') + 1);
  }
  return out;
}

TEST_CASE("limits: a file over 256 MiB is refused before it is read") {
  TempDir dir;
  std::string path = dir.Write("big.rules", "");
  // Sparse: the size is there, the disk blocks are not.
  int fd = open(path.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(ftruncate(fd, static_cast<off_t>(kMaxInputBytes) + 1) == 0);
  close(fd);
  std::string text, error;
  CHECK_FALSE(ReadInputFile(path, &text, &error));
  CHECK(error == "larger than 256 MiB, the limit for one input file");
  CHECK(text.empty());
  // At the limit exactly is fine (a smaller limit keeps the test quick).
  std::string small = dir.Write("small.rules", std::string(100, 'x'));
  CHECK(ReadInputFile(small, &text, &error, 100));
  CHECK_FALSE(ReadInputFile(small, &text, &error, 99));
  CHECK(error == "larger than 99 bytes, the limit for one input file");
}

TEST_CASE("limits: a line over 1 MiB is an error where it passes the limit") {
  Diagnostics diagnostics;
  auto file = MakeSourceFile("fw.rules", "*filter\n" + std::string(kMaxLineBytes + 1, 'x') + "\n");
  CHECK_FALSE(CheckLineLengths(file, diagnostics));
  CHECK(Messages(diagnostics) ==
        "fw.rules:2:1048577: error: line longer than 1 MiB, the limit for one line\n");
  Diagnostics fine;
  CHECK(CheckLineLengths(MakeSourceFile("ok.rules", "*filter\n" + std::string(kMaxLineBytes, 'x')),
                         fine));
  // JSON and XML dumps keep a whole ruleset on one line.
  CHECK(CheckLineLengths(MakeSourceFile("fw.json", " {" + std::string(20, 'x') + "}"), fine, 10));
  CHECK(
      CheckLineLengths(MakeSourceFile("fw.xml", "<a>" + std::string(20, 'x') + "</a>"), fine, 10));
  CHECK(fine.All().empty());
}

// First match: drop packets whose source and destination differ in one of their 40 top address
// bits, accept the rest. The permitted set ("source equals destination") needs 2^40 BDD nodes
// in flowaudit's variable order: far beyond any node limit.
Filter SourceEqualsDestination(const SourceFilePtr& file) {
  auto rules = std::make_shared<RuleSet>();
  Chain chain;
  chain.name = "FORWARD";
  chain.policy = Action::Of(ActionKind::kAccept, "ACCEPT");
  chain.location = SourceRange{file, 0, 7};
  for (int bit = 0; bit < 40; ++bit) {
    uint128 mask = uint128{1} << (127 - bit);
    for (bool one : {false, true}) {
      Rule rule;
      rule.match = Match({Term::FieldIs(Field::kFamily, 1),
                          Term::Masked(Field::kDstAddress, one ? mask : 0, mask),
                          Term::Masked(Field::kSrcAddress, one ? 0 : mask, mask)});
      rule.action = Action::Of(ActionKind::kDrop, "DROP");
      chain.rules.push_back(rule);
    }
  }
  rules->chains["FORWARD"] = chain;
  return Filter("FORWARD", rules, "FORWARD");
}

TEST_CASE("limits: a filter past the BDD node limit is UNKNOWN with a located reason") {
  size_t before = BddNodeLimit();
  auto file = MakeSourceFile("fw.rules", ":FORWARD ACCEPT [0:0]\n");
  Filter filter = SourceEqualsDestination(file);
  SetBddNodeLimit(0);  // no room to grow beyond the table BuDDy has now
  size_t limit = BddNodeLimit();
  std::string expected = "filter 'FORWARD' (fw.rules:1) is too complex to decide within " +
                         std::to_string(limit) + " BDD nodes";
  PacketSet all = PacketSet::All();
  FilterVerdicts v = filter.Verdicts(all, {});
  CHECK(v.problem == expected);
  CHECK(v.unknown == all);
  CHECK(v.permit.IsEmpty());
  CHECK(v.deny.IsEmpty());
  Analysis a = filter.Analyze(all, {});
  CHECK(a.problem == expected);
  CHECK(a.uncertain == all);
  REQUIRE(a.parts.size() == 1);
  CHECK(a.parts[0].packets == all);
  // The BDD space is still usable afterwards, and a small question gets its exact answer.
  SetBddNodeLimit(before);
  Packet packet;  // IPv4 TCP: every rule asks for IPv6, the policy accepts it
  packet.src_port = 40000;
  packet.dst_port = 80;
  PacketSet one = PacketSet::Of(packet);
  CHECK((all & one) == one);
  FilterVerdicts small = filter.Verdicts(one, {});
  CHECK(small.problem.empty());
  CHECK(small.permit == one);
}

}  // namespace
}  // namespace flowaudit
