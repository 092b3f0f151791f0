#include "importers/common/xml.h"

#include <cstdint>

namespace flowaudit::xml {

const Attribute* Element::FindAttribute(std::string_view attribute) const {
  for (const Attribute& a : attributes) {
    if (a.name == attribute) return &a;
  }
  return nullptr;
}

std::string_view Element::AttributeValue(std::string_view attribute) const {
  const Attribute* a = FindAttribute(attribute);
  return a ? std::string_view(a->value) : std::string_view();
}

const Element* Element::Child(std::string_view child_name) const {
  for (const Element& child : children) {
    if (child.name == child_name) return &child;
  }
  return nullptr;
}

std::vector<const Element*> Element::ChildrenNamed(std::string_view child_name) const {
  std::vector<const Element*> out;
  for (const Element& child : children) {
    if (child.name == child_name) out.push_back(&child);
  }
  return out;
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view Element::TrimmedText() const { return Trim(text); }

SourceRange Element::TextPiece(std::string_view piece) const {
  std::string_view trimmed = TrimmedText();
  if (!text_is_verbatim || piece.data() < trimmed.data() ||
      piece.data() + piece.size() > trimmed.data() + trimmed.size()) {
    return TextOrTag();
  }
  SourceRange range = text_range;
  range.offset += static_cast<uint32_t>(piece.data() - trimmed.data());
  range.length = static_cast<uint32_t>(piece.size());
  return range;
}

namespace {

constexpr size_t kMaxDepth = 1000;

bool IsNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Thrown inside the reader only, caught in Parse: the first error ends the document.
struct Stop {};

class Reader {
 public:
  Reader(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), text_(file->text), diagnostics_(diagnostics) {}

  std::optional<Document> Read();

 private:
  SourceRange Range(size_t offset, size_t length) const {
    return SourceRange{file_, static_cast<uint32_t>(offset), static_cast<uint32_t>(length)};
  }
  [[noreturn]] void Fail(size_t offset, size_t length, std::string message) {
    diagnostics_.Error(Range(offset, length), std::move(message));
    throw Stop{};
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool LookingAt(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
  }
  std::string_view Name(const char* what);
  void Misc(bool before_root);
  void Comment();
  void ProcessingInstruction();
  void StartTag();
  void EndTag();
  void CharacterData();
  void Cdata();
  void Entity(std::string& out);
  void AttributeValue(Attribute& attribute);
  void Close(Element element);
  std::string_view Describe(size_t offset) const;

  const SourceFilePtr& file_;
  std::string_view text_;
  Diagnostics& diagnostics_;
  size_t pos_ = 0;
  std::vector<Element> open_;  // elements whose end tag is still to come
  std::optional<Element> root_;
};

// The character at `offset` for messages: "'x'", "end of file".
std::string_view Reader::Describe(size_t offset) const {
  if (offset >= text_.size()) return "end of file";
  return text_.substr(offset, 1);
}

std::string_view Reader::Name(const char* what) {
  size_t start = pos_;
  if (AtEnd() || !IsNameStart(static_cast<unsigned char>(text_[pos_]))) {
    std::string got = AtEnd() ? "end of file" : "'" + std::string(Describe(pos_)) + "'";
    Fail(pos_, AtEnd() ? 0 : 1, std::string("expected ") + what + ", got " + got);
  }
  while (!AtEnd() && IsNameChar(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  return text_.substr(start, pos_ - start);
}

void Reader::Comment() {
  size_t start = pos_;
  pos_ += 4;  // "<!--"
  size_t end = text_.find("--", pos_);
  if (end == std::string_view::npos) Fail(start, 4, "unterminated comment");
  if (text_.substr(end, 3) != "-->") Fail(end, 2, "'--' is not allowed inside a comment");
  pos_ = end + 3;
}

void Reader::ProcessingInstruction() {
  size_t start = pos_;
  pos_ += 2;  // "<?"
  std::string_view target = Name("a processing instruction target");
  size_t end = text_.find("?>", pos_);
  if (end == std::string_view::npos) Fail(start, 2, "unterminated processing instruction");
  bool is_declaration = target.size() == 3 && (target[0] == 'x' || target[0] == 'X') &&
                        (target[1] == 'm' || target[1] == 'M') &&
                        (target[2] == 'l' || target[2] == 'L');
  if (is_declaration && start != 0 && !(start == 3 && text_.substr(0, 3) == "\xEF\xBB\xBF")) {
    Fail(start, end + 2 - start, "the XML declaration must be at the start of the file");
  }
  pos_ = end + 2;
}

// White space, comments and processing instructions around the root element.
void Reader::Misc(bool before_root) {
  while (true) {
    SkipSpace();
    if (AtEnd()) return;
    if (LookingAt("<!--")) {
      Comment();
    } else if (LookingAt("<?")) {
      ProcessingInstruction();
    } else if (LookingAt("<!DOCTYPE")) {
      Fail(pos_, 9, "DOCTYPE is not supported");
    } else if (before_root && LookingAt("<") && !LookingAt("<!")) {
      return;
    } else {
      size_t end = text_.find_first_of("\r\n", pos_);
      if (end == std::string_view::npos) end = text_.size();
      Fail(pos_, end - pos_,
           before_root ? "expected the root element" : "content after the root element");
    }
  }
}

void Reader::Entity(std::string& out) {
  size_t start = pos_;
  size_t semicolon = text_.find(';', pos_);
  size_t limit = text_.find_first_of(" \t\r\n<&\"'", pos_ + 1);
  if (semicolon == std::string_view::npos ||
      (limit != std::string_view::npos && limit < semicolon)) {
    Fail(start, 1, "'&' must start an entity reference such as '&amp;'");
  }
  std::string_view name = text_.substr(pos_ + 1, semicolon - pos_ - 1);
  pos_ = semicolon + 1;
  if (name == "lt") {
    out += '<';
  } else if (name == "gt") {
    out += '>';
  } else if (name == "amp") {
    out += '&';
  } else if (name == "quot") {
    out += '"';
  } else if (name == "apos") {
    out += '\'';
  } else if (!name.empty() && name[0] == '#') {
    bool hex = name.size() > 1 && name[1] == 'x';
    std::string_view digits = name.substr(hex ? 2 : 1);
    uint32_t cp = 0;
    bool ok = !digits.empty() && digits.size() <= 8;
    for (char c : digits) {
      int v = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (v < 0) ok = false;
      if (ok) cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                   (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!ok || !allowed) {
      Fail(start, pos_ - start,
           "invalid character reference '" + std::string(text_.substr(start, pos_ - start)) + "'");
    }
    AppendUtf8(out, cp);
  } else {
    Fail(start, pos_ - start,
         "unknown entity '" + std::string(text_.substr(start, pos_ - start)) +
             "' (XML knows &lt; &gt; &amp; &quot; &apos; and &#N;)");
  }
}

void Reader::AttributeValue(Attribute& attribute) {
  char quote = AtEnd() ? '\0' : text_[pos_];
  if (quote != '"' && quote != '\'') {
    Fail(pos_, AtEnd() ? 0 : 1,
         "expected a quoted value for attribute '" + attribute.name + "', got '" +
             std::string(Describe(pos_)) + "'");
  }
  size_t open = pos_++;
  size_t start = pos_;
  while (true) {
    if (AtEnd()) Fail(open, 1, "unterminated value of attribute '" + attribute.name + "'");
    char c = text_[pos_];
    if (c == quote) break;
    if (c == '<') Fail(pos_, 1, "'<' is not allowed in an attribute value");
    if (c == '&') {
      Entity(attribute.value);
      continue;
    }
    attribute.value += IsSpace(c) ? ' ' : c;  // attribute-value normalisation
    ++pos_;
  }
  attribute.value_range = Range(start, pos_ - start);
  ++pos_;
}

void Reader::StartTag() {
  if (open_.size() >= kMaxDepth) {
    Fail(pos_, 1, "elements nested deeper than " + std::to_string(kMaxDepth));
  }
  size_t start = pos_++;
  Element element;
  size_t name_start = pos_;
  element.name = std::string(Name("an element name"));
  element.name_range = Range(name_start, pos_ - name_start);
  while (true) {
    bool spaced = !AtEnd() && IsSpace(text_[pos_]);
    SkipSpace();
    if (AtEnd()) Fail(start, 1, "unterminated start tag '<" + element.name + "'");
    if (text_[pos_] == '>' || LookingAt("/>")) break;
    if (!spaced) {
      Fail(pos_, 1,
           "expected white space, '>' or '/>' in tag '<" + element.name + "', got '" +
               std::string(Describe(pos_)) + "'");
    }
    Attribute attribute;
    size_t attribute_start = pos_;
    attribute.name = std::string(Name("an attribute name"));
    attribute.name_range = Range(attribute_start, pos_ - attribute_start);
    if (element.FindAttribute(attribute.name)) {
      Fail(attribute_start, attribute.name.size(),
           "duplicate attribute '" + attribute.name + "' in '<" + element.name + ">'");
    }
    SkipSpace();
    if (AtEnd() || text_[pos_] != '=') {
      Fail(pos_, AtEnd() ? 0 : 1, "expected '=' after attribute name '" + attribute.name + "'");
    }
    ++pos_;
    SkipSpace();
    AttributeValue(attribute);
    element.attributes.push_back(std::move(attribute));
  }
  bool empty = text_[pos_] == '/';
  pos_ += empty ? 2 : 1;
  element.location = Range(start, pos_ - start);
  if (empty) {
    Close(std::move(element));
  } else {
    open_.push_back(std::move(element));
  }
}

void Reader::EndTag() {
  size_t start = pos_;
  pos_ += 2;  // "</"
  size_t name_start = pos_;
  std::string_view name = Name("an element name after '</'");
  SkipSpace();
  if (AtEnd() || text_[pos_] != '>') {
    Fail(pos_, AtEnd() ? 0 : 1, "expected '>' to end '</" + std::string(name) + "'");
  }
  ++pos_;
  if (open_.empty()) {
    Fail(start, pos_ - start, "closing tag '</" + std::string(name) + ">' without an open element");
  }
  Element& element = open_.back();
  if (name != element.name) {
    LineColumn opened = element.location.Start();
    Fail(name_start, name.size(),
         "mismatched closing tag '</" + std::string(name) + ">': expected '</" + element.name +
             ">' (opened at " + std::to_string(opened.line) + ":" + std::to_string(opened.column) +
             ")");
  }
  Element done = std::move(open_.back());
  open_.pop_back();
  Close(std::move(done));
}

// Finishes an element: its text range, and its place in the parent (or as the root).
void Reader::Close(Element element) {
  if (element.text_range.IsValid()) {
    // text_range spans from the first to the last non-space character written inside.
    std::string_view raw =
        std::string_view(file_->text).substr(element.text_range.offset, element.text_range.length);
    element.text_is_verbatim = raw == element.TrimmedText();
  }
  if (open_.empty()) {
    root_ = std::move(element);
  } else {
    open_.back().children.push_back(std::move(element));
  }
}

void Reader::CharacterData() {
  Element& element = open_.back();
  while (!AtEnd() && text_[pos_] != '<') {
    size_t at = pos_;
    char c = text_[pos_];
    if (c == '&') {
      Entity(element.text);
    } else {
      element.text += c;
      ++pos_;
    }
    if (IsSpace(c)) continue;
    // Extend the text range over this non-space piece.
    if (!element.text_range.IsValid()) element.text_range = Range(at, 0);
    element.text_range.length = static_cast<uint32_t>(pos_ - element.text_range.offset);
  }
}

void Reader::Cdata() {
  size_t start = pos_;
  pos_ += 9;  // "<![CDATA["
  size_t end = text_.find("]]>", pos_);
  if (end == std::string_view::npos) Fail(start, 9, "unterminated CDATA section");
  Element& element = open_.back();
  element.text += text_.substr(pos_, end - pos_);
  std::string_view content = Trim(text_.substr(pos_, end - pos_));
  if (!content.empty()) {
    size_t first = static_cast<size_t>(content.data() - text_.data());
    if (!element.text_range.IsValid()) element.text_range = Range(first, 0);
    element.text_range.length =
        static_cast<uint32_t>(first + content.size() - element.text_range.offset);
  }
  pos_ = end + 3;
}

std::optional<Document> Reader::Read() {
  try {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
    Misc(/*before_root=*/true);
    if (AtEnd()) Fail(pos_, 0, "no root element (the file holds no XML element)");
    StartTag();
    while (!open_.empty()) {
      if (AtEnd()) {
        const Element& element = open_.back();
        Fail(element.name_range.offset, element.name_range.length,
             "element '" + element.name + "' is not closed at the end of the file");
      }
      if (LookingAt("</")) {
        EndTag();
      } else if (LookingAt("<!--")) {
        Comment();
      } else if (LookingAt("<![CDATA[")) {
        Cdata();
      } else if (LookingAt("<?")) {
        ProcessingInstruction();
      } else if (LookingAt("<!")) {
        Fail(pos_, 2, "unexpected '<!' (only comments and CDATA sections may start so)");
      } else if (LookingAt("<")) {
        StartTag();
      } else {
        CharacterData();
      }
    }
    Misc(/*before_root=*/false);
  } catch (const Stop&) {
    return std::nullopt;
  }
  return Document{std::move(*root_)};
}

}  // namespace

std::optional<Document> Parse(const SourceFilePtr& file, Diagnostics& diagnostics) {
  return Reader(file, diagnostics).Read();
}

}  // namespace flowaudit::xml
