// The ES2025 Set methods (Node 22+) that gitlab-ci-local's bundle calls, for Node 20 (Debian's
// and the machine's). Loaded with `node --require`; a no-op where Node has them.
const P = Set.prototype;
const define = (name, fn) => { if (!P[name]) Object.defineProperty(P, name, { value: fn, writable: true, configurable: true }); };
define("union", function (o) { const r = new Set(this); for (const x of o.keys()) r.add(x); return r; });
define("intersection", function (o) { const r = new Set(); for (const x of this) if (o.has(x)) r.add(x); return r; });
define("difference", function (o) { const r = new Set(); for (const x of this) if (!o.has(x)) r.add(x); return r; });
define("symmetricDifference", function (o) {
  const r = new Set(this);
  for (const x of o.keys()) { if (this.has(x)) r.delete(x); else r.add(x); }
  return r;
});
define("isSubsetOf", function (o) { for (const x of this) if (!o.has(x)) return false; return true; });
define("isSupersetOf", function (o) { for (const x of o.keys()) if (!this.has(x)) return false; return true; });
define("isDisjointFrom", function (o) { for (const x of this) if (o.has(x)) return false; return true; });
