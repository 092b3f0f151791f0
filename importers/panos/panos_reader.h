// What every part of the PAN-OS importer shares while reading one config: the file, the
// diagnostics (each reported once per place and text, however often an object is used), and
// helpers for PAN-OS's XML idioms: `<member>` lists, `yes`/`no` flags, `<entry name=…>`.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/common/xml.h"
#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::panos {

class Reader {
 public:
  Reader(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  const SourceFilePtr& file() const { return file_; }
  void Error(const SourceRange& at, const std::string& message);
  void Warning(const SourceRange& at, const std::string& message);
  void Note(const SourceRange& at, const std::string& message);
  // Errors plus warnings so far: an item is fully understood when reading it added none.
  int ProblemCount() const { return diagnostics_.ErrorCount() + diagnostics_.WarningCount(); }

  // The `<member>` children of `list` (a `<source>`, `<static>`, `<members>`…). Other
  // children get a warning; an empty list an error naming `what`.
  std::vector<const xml::Element*> Members(const xml::Element& list, const std::string& what);
  // `yes` → true, `no` → false; anything else is an error (and false).
  bool YesNo(const xml::Element& flag);
  // The entry's `name` attribute; an error when it is missing or empty.
  std::string EntryName(const xml::Element& entry);
  // Warns about attributes other than `name` and PAN-OS's bookkeeping ones (uuid, loc,
  // admin, time, dirtyId…), which never change what a rule matches.
  void CheckAttributes(const xml::Element& element);

 private:
  bool Once(const SourceRange& at, const std::string& message);

  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  std::set<std::pair<uint32_t, std::string>> reported_;
};

// "'web in'": a name quoted for messages.
std::string Quoted(std::string_view name);

}  // namespace flowaudit::panos
