#include "importers/panos/panos_reader.h"

namespace flowaudit::panos {

std::string Quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

bool Reader::Once(const SourceRange& at, const std::string& message) {
  return reported_.insert({at.offset, message}).second;
}

void Reader::Error(const SourceRange& at, const std::string& message) {
  if (Once(at, message)) diagnostics_.Error(at, message);
}

void Reader::Warning(const SourceRange& at, const std::string& message) {
  if (Once(at, message)) diagnostics_.Warning(at, message);
}

void Reader::Note(const SourceRange& at, const std::string& message) {
  if (Once(at, message)) diagnostics_.Note(at, message);
}

std::vector<const xml::Element*> Reader::Members(const xml::Element& list,
                                                 const std::string& what) {
  std::vector<const xml::Element*> members;
  for (const xml::Element& child : list.children) {
    if (child.name == "member") {
      members.push_back(&child);
    } else {
      Warning(child.name_range,
              "unexpected <" + child.name + "> in <" + list.name + "> (expected <member>)");
    }
  }
  if (members.empty()) Error(list.location, "empty <" + list.name + "> in " + what);
  return members;
}

bool Reader::YesNo(const xml::Element& flag) {
  std::string_view value = flag.TrimmedText();
  if (value == "yes") return true;
  if (value != "no") {
    Error(flag.TextOrTag(), "expected 'yes' or 'no' in <" + flag.name + ">, got " + Quoted(value));
  }
  return false;
}

std::string Reader::EntryName(const xml::Element& entry) {
  const xml::Attribute* name = entry.FindAttribute("name");
  if (!name || name->value.empty()) {
    Error(entry.location, "<" + entry.name + "> without a name attribute");
    return "";
  }
  return name->value;
}

void Reader::CheckAttributes(const xml::Element& element) {
  static const std::set<std::string_view> kBookkeeping = {
      "name", "uuid", "loc", "admin", "time", "dirtyId", "ptpl", "src", "tpl", "overwrite"};
  for (const xml::Attribute& a : element.attributes) {
    if (!kBookkeeping.count(a.name)) {
      Warning(a.name_range,
              "unknown attribute " + Quoted(a.name) + " on <" + element.name + "> (ignored)");
    }
  }
}

}  // namespace flowaudit::panos
