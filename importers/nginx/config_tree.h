// The NGINX config as nginx itself sees it before any module reads it: directives with
// arguments, some with a block of nested directives, `include`s expanded in place. Errors use
// nginx's phrasing (unexpected "}", unexpected end of file, expecting ";" or "}").
#pragma once

#include <string>
#include <vector>

#include "importers/nginx/include_resolver.h"
#include "importers/nginx/lexer.h"
#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::nginx {

struct Directive {
  Token name;
  std::vector<Token> args;
  bool has_block = false;
  std::vector<Directive> block;
  SourceRange range;  // from the name to the closing `;` or `{`

  const std::string& Name() const { return name.text; }
  // The argument's value, or "" past the end.
  const std::string& Arg(size_t i) const;
};

struct ConfigTree {
  std::vector<Directive> directives;
  std::vector<SourceFilePtr> included;  // every other file read through `include`, in order
};

// Parses `main` (a whole file, or the main file's part of an `nginx -T` dump); `include` is
// followed through `resolver` (may be null: then each include is a located warning, skipped).
ConfigTree ParseConfig(const SourceRange& main, IncludeResolver* resolver,
                       Diagnostics& diagnostics);

}  // namespace flowaudit::nginx
