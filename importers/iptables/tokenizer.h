// Splits one line of an iptables-save / iptables-restore file into words the way
// iptables-restore does (xshared.c add_param_to_argv): blanks separate words; a double
// quote opens a quoted part in which blanks are kept and a backslash escapes the next
// character; the closing quote ends the word. iptables-save writes comments that way
// (`--comment "say \"hi\" -j DROP"`), so quoted text never looks like an option.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace flowaudit::iptables {

struct Token {
  std::string_view text;   // as written, quotes included: what diagnostics point at
  std::string_view value;  // the word itself
  bool quoted = false;     // partly or wholly quoted: a value, never an option or '!'

  // An option such as "-s" or "--dport" (a lone "-" is a value: the policy of user chains).
  bool IsOption() const { return !quoted && value.size() > 1 && value[0] == '-'; }
  bool IsBang() const { return !quoted && value == "!"; }
};

class Tokenizer {
 public:
  // Splits `line` (a view into the source text, so tokens can be located) into `tokens`.
  // Returns false when a quote is not closed; `*open_quote` is then the opening quote.
  // Token values stay valid until the next call.
  bool Split(std::string_view line, std::vector<Token>* tokens, std::string_view* open_quote);

 private:
  std::deque<std::string> unescaped_;  // values that differ from a slice of the text
};

}  // namespace flowaudit::iptables
