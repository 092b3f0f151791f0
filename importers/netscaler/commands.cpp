#include "importers/netscaler/commands.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace flowaudit::netscaler {
namespace {

// First object words that name a module: the entity is the word after them (`lb vserver`,
// `ns ip`). Entities of the basic and network modules stand alone (`service`, `vlan`).
constexpr std::array<std::string_view, 44> kModules = {"aaa",
                                                       "analytics",
                                                       "api",
                                                       "appflow",
                                                       "appfw",
                                                       "appqoe",
                                                       "audit",
                                                       "authentication",
                                                       "authorization",
                                                       "bot",
                                                       "cache",
                                                       "cloud",
                                                       "cmp",
                                                       "contentinspection",
                                                       "cr",
                                                       "cs",
                                                       "db",
                                                       "dns",
                                                       "feo",
                                                       "filter",
                                                       "gslb",
                                                       "ha",
                                                       "ica",
                                                       "ipsec",
                                                       "lb",
                                                       "lsn",
                                                       "ns",
                                                       "ntp",
                                                       "policy",
                                                       "pq",
                                                       "responder",
                                                       "rewrite",
                                                       "sc",
                                                       "smpp",
                                                       "snmp",
                                                       "spillover",
                                                       "ssl",
                                                       "stream",
                                                       "system",
                                                       "tm",
                                                       "transform",
                                                       "tunnel",
                                                       "user",
                                                       "vpn"};

bool IsModule(std::string_view word) {
  return std::find(kModules.begin(), kModules.end(), word) != kModules.end();
}

struct LineWords {
  std::vector<Word> words;
  bool ok = true;
};

LineWords SplitLine(const SourceFilePtr& file, std::string_view line, Diagnostics& diagnostics) {
  LineWords out;
  const size_t base = static_cast<size_t>(line.data() - file->text.data());
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    size_t start = i;
    Word word;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
      char q = line[i];
      if (q != '"' && q != '\'') {
        word.text += q;
        ++i;
        continue;
      }
      word.quoted = true;
      size_t open = i++;
      bool closed = false;
      while (i < line.size()) {
        if (q == '"' && line[i] == '\\' && i + 1 < line.size() &&
            (line[i + 1] == '"' || line[i + 1] == '\\')) {
          word.text += line[i + 1];
          i += 2;
          continue;
        }
        if (line[i] == q) {
          closed = true;
          ++i;
          break;
        }
        word.text += line[i++];
      }
      if (!closed) {
        diagnostics.Error(SourceRange{file, static_cast<uint32_t>(base + open), 1},
                          std::string("unterminated ") + (q == '"' ? "\"" : "'") +
                              " quote; the command is not read");
        out.ok = false;
        return out;
      }
    }
    word.at =
        SourceRange{file, static_cast<uint32_t>(base + start), static_cast<uint32_t>(i - start)};
    out.words.push_back(std::move(word));
  }
  return out;
}

bool IsOptionName(const Word& w) {
  return !w.quoted && w.text.size() >= 2 && w.text[0] == '-' &&
         std::isalpha(static_cast<unsigned char>(w.text[1]));
}

}  // namespace

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const Option* Command::Find(std::string_view name) const {
  const Option* found = nullptr;
  for (const Option& o : options) {
    if (o.name.text == name) found = &o;
  }
  return found;
}

SourceRange Command::End() const {
  SourceRange last = verb.at;
  if (object_at.IsValid() && object_at.offset > last.offset) last = object_at;
  for (const Word& w : args) {
    if (w.at.offset > last.offset) last = w.at;
  }
  for (const Option& o : options) {
    if (o.name.at.offset > last.offset) last = o.name.at;
    for (const Word& w : o.values) {
      if (w.at.offset > last.offset) last = w.at;
    }
  }
  return SourceRange{last.file, last.offset + last.length, 0};
}

std::vector<Command> ReadCommands(const SourceFilePtr& file, Diagnostics& diagnostics) {
  std::vector<Command> commands;
  std::string_view text = file->text;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    LineWords split = SplitLine(file, line, diagnostics);
    if (!split.ok || split.words.empty()) continue;
    Command c;
    c.at = RangeOf(file, line.substr(first));
    size_t i = 0;
    c.verb = split.words[i++];
    c.verb.text = Lower(c.verb.text);
    if (i < split.words.size() && !IsOptionName(split.words[i])) {
      const Word& entity = split.words[i++];
      c.object = Lower(entity.text);
      c.object_at = entity.at;
      if (IsModule(c.object) && i < split.words.size() && !IsOptionName(split.words[i])) {
        const Word& sub = split.words[i++];
        c.object += " " + Lower(sub.text);
        c.object_at.length = sub.at.offset + sub.at.length - c.object_at.offset;
      }
    }
    for (; i < split.words.size(); ++i) {
      const Word& w = split.words[i];
      if (IsOptionName(w)) {
        Option o;
        o.name = w;
        o.name.text = Lower(w.text.substr(1));
        c.options.push_back(std::move(o));
      } else if (!c.options.empty()) {
        c.options.back().values.push_back(w);
      } else {
        c.args.push_back(w);
      }
    }
    commands.push_back(std::move(c));
  }
  return commands;
}

}  // namespace flowaudit::netscaler
