// The XML reader of importers/common: the tree it builds, the locations it keeps, and every
// well-formedness error with its exact located message.
#include "importers/common/xml.h"

#include <doctest/doctest.h>

#include <string>

namespace flowaudit {
namespace {

struct Parsed {
  std::optional<xml::Document> document;
  Diagnostics diagnostics;
  SourceFilePtr file;
  std::string Messages() const {
    std::string out;
    for (const Diagnostic& d : diagnostics.All()) out += FormatDiagnostic(d);
    return out;
  }
};

Parsed Parse(std::string_view text) {
  Parsed out;
  out.file = MakeSourceFile("t.xml", std::string(text));
  out.document = xml::Parse(out.file, out.diagnostics);
  return out;
}

std::string Where(const SourceRange& range) {
  LineColumn lc = range.Start();
  return std::to_string(lc.line) + ":" + std::to_string(lc.column) + " '" +
         std::string(range.Text()) + "'";
}

// The first line of the only diagnostic ("t.xml:1:2: error: …").
std::string Error(std::string_view text) {
  Parsed p = Parse(text);
  CHECK_FALSE(p.document.has_value());
  REQUIRE(p.diagnostics.All().size() == 1);
  std::string message = FormatDiagnostic(p.diagnostics.All().front());
  return message.substr(0, message.find('\n'));
}

TEST_CASE("xml: elements, attributes, text and their locations") {
  Parsed p = Parse(R"XML(<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<config version="10.1.0" urldb='paloaltonetworks'>
  <entry name="web in">
    <member>10.0.0.1</member>
    <empty/>
    <spaced a = "1" />
  </entry>
</config>
)XML");
  REQUIRE_MESSAGE(p.document.has_value(), p.Messages());
  const xml::Element& root = p.document->root;
  CHECK(root.name == "config");
  CHECK(root.AttributeValue("version") == "10.1.0");
  CHECK(root.AttributeValue("urldb") == "paloaltonetworks");
  CHECK(root.AttributeValue("missing") == "");
  CHECK(Where(root.location) == "3:1 '<config version=\"10.1.0\" urldb='paloaltonetworks'>'");
  const xml::Element* entry = root.Child("entry");
  REQUIRE(entry != nullptr);
  CHECK(entry->AttributeValue("name") == "web in");
  CHECK(Where(entry->FindAttribute("name")->value_range) == "4:16 'web in'");
  CHECK(Where(entry->name_range) == "4:4 'entry'");
  const xml::Element* member = entry->Child("member");
  REQUIRE(member != nullptr);
  CHECK(member->TrimmedText() == "10.0.0.1");
  CHECK(Where(member->text_range) == "5:13 '10.0.0.1'");
  CHECK(Where(member->TextPiece(member->TrimmedText().substr(3, 3))) == "5:16 '0.0'");
  CHECK(entry->Child("empty")->children.empty());
  CHECK(entry->Child("empty")->text.empty());
  CHECK(Where(entry->Child("empty")->TextOrTag()) == "6:5 '<empty/>'");
  CHECK(entry->Child("spaced")->AttributeValue("a") == "1");
  CHECK(entry->ChildrenNamed("member").size() == 1);
  CHECK(root.children.size() == 1);
}

TEST_CASE("xml: entities, character references and CDATA are decoded") {
  Parsed p = Parse(
      "<a t=\"x &amp; y&#10;z\">1 &lt; 2 &gt; 0 &quot;q&quot; &apos;s&apos; &#65;&#x42;&#xe9;"
      "<![CDATA[<raw> & ]]></a>");
  REQUIRE_MESSAGE(p.document.has_value(), p.Messages());
  CHECK(p.document->root.AttributeValue("t") == "x & y\nz");
  CHECK(p.document->root.text == "1 < 2 > 0 \"q\" 's' AB\xC3\xA9<raw> & ");
  CHECK_FALSE(p.document->root.text_is_verbatim);
  // Offsets into decoded text are not offsets into the file: a piece points at the whole text.
  const xml::Element& root = p.document->root;
  CHECK(Where(root.TextPiece(root.TrimmedText().substr(0, 1))) ==
        "1:24 '1 &lt; 2 &gt; 0 &quot;q&quot; &apos;s&apos; &#65;&#x42;&#xe9;<![CDATA[<raw> &'");
}

TEST_CASE("xml: a CDATA section's text range points into the section") {
  Parsed p = Parse("<a>\n  <![CDATA[ 10.0.0.1 ]]>\n</a>");
  REQUIRE_MESSAGE(p.document.has_value(), p.Messages());
  CHECK(p.document->root.TrimmedText() == "10.0.0.1");
  CHECK(Where(p.document->root.text_range) == "2:13 '10.0.0.1'");
  CHECK(p.document->root.text_is_verbatim);
}

TEST_CASE("xml: attribute values normalise white space; a byte order mark is skipped") {
  Parsed p = Parse("\xEF\xBB\xBF<?xml version=\"1.0\" ?><a v=\"x\ty\nz\"/>");
  REQUIRE_MESSAGE(p.document.has_value(), p.Messages());
  CHECK(p.document->root.AttributeValue("v") == "x y z");
}

TEST_CASE("xml: well-formedness errors are located") {
  CHECK(Error("<a>\n  <b></c>\n</a>") ==
        "t.xml:2:8: error: mismatched closing tag '</c>': expected '</b>' (opened at 2:3)");
  CHECK(Error("<a>\n  <b>\n") ==
        "t.xml:2:4: error: element 'b' is not closed at the end of the file");
  CHECK(Error("<a>x &nbsp; y</a>") ==
        "t.xml:1:6: error: unknown entity '&nbsp;' (XML knows &lt; &gt; &amp; &quot; &apos; and "
        "&#N;)");
  CHECK(Error("<a>fish & chips</a>") ==
        "t.xml:1:9: error: '&' must start an entity reference such as '&amp;'");
  CHECK(Error("<a>&#0;</a>") == "t.xml:1:4: error: invalid character reference '&#0;'");
  CHECK(Error("<a>&#xZZ;</a>") == "t.xml:1:4: error: invalid character reference '&#xZZ;'");
  CHECK(Error("<a b=\"1\" b=\"2\"/>") == "t.xml:1:10: error: duplicate attribute 'b' in '<a>'");
  CHECK(Error("<a b=1/>") ==
        "t.xml:1:6: error: expected a quoted value for attribute 'b', got '1'");
  CHECK(Error("<a b/>") == "t.xml:1:5: error: expected '=' after attribute name 'b'");
  CHECK(Error("<a b=\"x</a>") == "t.xml:1:8: error: '<' is not allowed in an attribute value");
  CHECK(Error("<a b=\"x") == "t.xml:1:6: error: unterminated value of attribute 'b'");
  CHECK(Error("<a>\n<!-- open") == "t.xml:2:1: error: unterminated comment");
  CHECK(Error("<a><!-- a -- b --></a>") ==
        "t.xml:1:11: error: '--' is not allowed inside a comment");
  CHECK(Error("<a><![CDATA[x</a>") == "t.xml:1:4: error: unterminated CDATA section");
  CHECK(Error("<a/>\n<b/>") == "t.xml:2:1: error: content after the root element");
  CHECK(Error("text") == "t.xml:1:1: error: expected the root element");
  CHECK(Error("  \n") == "t.xml:2:1: error: no root element (the file holds no XML element)");
  CHECK(Error("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>") ==
        "t.xml:1:1: error: DOCTYPE is not supported");
  CHECK(Error("<a>\n<?xml version=\"1.0\"?></a>") ==
        "t.xml:2:1: error: the XML declaration must be at the start of the file");
  CHECK(Error("<a></a></a>") == "t.xml:1:8: error: content after the root element");
  CHECK(Error("<a><1/></a>") == "t.xml:1:5: error: expected an element name, got '1'");
  CHECK(Error("<a x=\"1\"y=\"2\"/>") ==
        "t.xml:1:9: error: expected white space, '>' or '/>' in tag '<a', got 'y'");
  CHECK(Error("<a") == "t.xml:1:1: error: unterminated start tag '<a'");
  CHECK(Error("<a></a") == "t.xml:1:7: error: expected '>' to end '</a'");
}

TEST_CASE("xml: deep nesting is an error, not a stack overflow") {
  std::string deep;
  for (int i = 0; i < 1001; ++i) deep += "<a>";
  CHECK(Error(deep) == "t.xml:1:3001: error: elements nested deeper than 1000");
}

}  // namespace
}  // namespace flowaudit
