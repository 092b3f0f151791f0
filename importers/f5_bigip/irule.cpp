#include "importers/f5_bigip/irule.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace flowaudit::f5 {
namespace {

struct TclWord {
  std::string text;  // braces or quotes removed
  size_t offset = 0;
};

struct Command {
  std::vector<TclWord> words;
  size_t offset = 0;
};

// Splits a Tcl script into commands (newline or `;` separated; `#` comments at command start;
// words braced, quoted, or bare with `[…]` substitutions kept whole).
class TclSplitter {
 public:
  explicit TclSplitter(std::string_view text) : text_(text) {}

  std::vector<Command> Commands() {
    std::vector<Command> out;
    while (true) {
      SkipBlankAndSeparators();
      if (pos_ >= text_.size()) break;
      if (text_[pos_] == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') pos_ += text_[pos_] == '\\' ? 2 : 1;
        continue;
      }
      Command command;
      command.offset = pos_;
      while (pos_ < text_.size()) {
        SkipBlank();
        if (pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == ';') break;
        command.words.push_back(Word());
      }
      out.push_back(std::move(command));
    }
    return out;
  }

 private:
  void SkipBlank() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
        pos_ += 2;
      } else {
        break;
      }
    }
  }
  void SkipBlankAndSeparators() {
    while (pos_ < text_.size() &&
           (std::isspace(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == ';')) {
      ++pos_;
    }
  }

  TclWord Word() {
    TclWord word;
    word.offset = pos_;
    char c = text_[pos_];
    if (c == '{') {
      int depth = 0;
      size_t start = pos_ + 1;
      for (; pos_ < text_.size(); ++pos_) {
        if (text_[pos_] == '\\') {
          ++pos_;
          continue;
        }
        if (text_[pos_] == '{') ++depth;
        if (text_[pos_] == '}' && --depth == 0) break;
      }
      word.text = std::string(text_.substr(start, std::min(pos_, text_.size()) - start));
      ++pos_;
      return word;
    }
    bool quoted = c == '"';
    if (quoted) ++pos_;
    int brackets = 0;
    while (pos_ < text_.size()) {
      c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) {
        word.text += text_.substr(pos_, 2);
        pos_ += 2;
        continue;
      }
      if (c == '[') ++brackets;
      if (c == ']' && brackets > 0) --brackets;
      if (brackets == 0) {
        if (quoted && c == '"') {
          ++pos_;
          break;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';')) break;
      }
      word.text += c;
      ++pos_;
    }
    return word;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

IruleEffect Unknown(std::string reason, size_t offset) {
  IruleEffect e;
  e.kind = IruleEffect::Kind::kUnknown;
  e.reason = std::move(reason);
  e.offset = offset;
  return e;
}

// One command of the HTTP_REQUEST script: a redirect, or not understood.
IruleEffect Redirect(const Command& c, size_t base) {
  const std::vector<TclWord>& w = c.words;
  IruleEffect e;
  e.kind = IruleEffect::Kind::kRedirect;
  e.offset = base + c.offset;
  if (w[0].text == "HTTP::redirect" && w.size() == 2) {
    e.status = 302;
    e.location = w[1].text;
    return e;
  }
  if (w[0].text == "HTTP::respond" && w.size() >= 4) {
    const std::string& code = w[1].text;
    bool redirect_code =
        code == "301" || code == "302" || code == "303" || code == "307" || code == "308";
    if (!redirect_code) {
      return Unknown("answers HTTP " + code + " itself", base + c.offset);
    }
    e.status = std::stoi(code);
    for (size_t i = 2; i < w.size(); ++i) {
      if (w[i].text == "noserver") continue;
      if (i + 1 >= w.size()) break;
      if (Lower(w[i].text) == "location") e.location = w[i + 1].text;
      ++i;
    }
    if (!e.location.empty()) return e;
    return Unknown("HTTP::respond " + code + " without a Location header", base + c.offset);
  }
  return Unknown("'" + w[0].text + "' may change where the connection goes", base + c.offset);
}

}  // namespace

IruleEffect AnalyzeIrule(std::string_view body) {
  IruleEffect result;
  for (const Command& when : TclSplitter(body).Commands()) {
    const std::vector<TclWord>& w = when.words;
    if (w.empty()) continue;
    if (w[0].text != "when" || w.size() < 3) {
      return Unknown("'" + w[0].text + "' outside an event", when.offset);
    }
    // `when HTTP_REQUEST [priority N] { script }`
    bool priority = w.size() == 5 && w[2].text == "priority";
    if (w[1].text != "HTTP_REQUEST" || (w.size() != 3 && !priority)) {
      return Unknown("event " + w[1].text + " is not modelled", w[1].offset);
    }
    const TclWord& script = w.back();
    // The script is the braced last word; its commands are offsets inside that word.
    size_t script_base = script.offset + 1;
    for (const Command& c : TclSplitter(script.text).Commands()) {
      if (c.words.empty()) continue;
      if (c.words[0].text == "return" && c.words.size() == 1) break;
      if (result.kind == IruleEffect::Kind::kRedirect) {
        return Unknown("'" + c.words[0].text + "' after the redirect", script_base + c.offset);
      }
      IruleEffect effect = Redirect(c, script_base);
      if (effect.kind == IruleEffect::Kind::kUnknown) return effect;
      result = effect;
    }
  }
  return result;
}

IruleEffect SysHttpsRedirect() {
  IruleEffect e;
  e.kind = IruleEffect::Kind::kRedirect;
  e.status = 302;
  e.location = "https://[HTTP::host][HTTP::uri]";
  return e;
}

}  // namespace flowaudit::f5
