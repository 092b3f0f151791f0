// A small, strict XML reader for vendor configs (PAN-OS running configs, IIS web.config).
// It reads elements, attributes (' or "), character data, CDATA sections, comments, the
// `<?xml …?>` declaration and other processing instructions (skipped), and the five predefined
// entities plus character references. Every element, attribute and text keeps a SourceRange
// into its SourceFile, so importers can point diagnostics at the exact place.
//
// Strict means: the first well-formedness error (mismatched or unterminated tag, bad entity,
// duplicate attribute, text outside the root) is reported as a located error and reading
// stops. A DOCTYPE is refused: configs never need one, and refusing it rules out entity
// expansion attacks. No namespaces processing: a prefixed name is just a name with a colon.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::xml {

struct Attribute {
  std::string name;
  std::string value;  // entities decoded
  SourceRange name_range;
  SourceRange value_range;  // between the quotes
};

struct Element {
  std::string name;
  std::vector<Attribute> attributes;
  std::vector<Element> children;  // in document order
  // The character data directly inside this element (entities decoded, CDATA included),
  // concatenated; whitespace kept as written.
  std::string text;
  SourceRange location;          // the start tag, from '<' to '>' (or "/>")
  SourceRange name_range;        // the name in the start tag
  SourceRange text_range;        // the text as written, without surrounding white space
  bool text_is_verbatim = true;  // `text` equals the file's text (no entities, no CDATA)

  const Attribute* FindAttribute(std::string_view attribute) const;
  // The attribute's value, or empty when absent.
  std::string_view AttributeValue(std::string_view attribute) const;
  const Element* Child(std::string_view child_name) const;  // the first such child
  std::vector<const Element*> ChildrenNamed(std::string_view child_name) const;
  // `text` without leading and trailing white space.
  std::string_view TrimmedText() const;
  // The location of `piece`, a substring of TrimmedText(): exact when the text is verbatim,
  // else the whole text (entities make offsets differ).
  SourceRange TextPiece(std::string_view piece) const;
  // The text's location, or the start tag's when the element has no text.
  SourceRange TextOrTag() const { return text_range.IsValid() ? text_range : location; }
};

struct Document {
  Element root;
};

// Reads `file`. On a well-formedness error reports it (located) and returns nullopt.
std::optional<Document> Parse(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::xml
