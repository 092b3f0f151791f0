#!/usr/bin/env python3
"""Every example's `flowaudit check --format sarif` validates against the SARIF 2.1.0 schema
(../shared/schemas/sarif-schema-2.1.0.json, draft-04), and each failing requirement of the
example's JSON result is a SARIF result on the same rule, and every result's file exists:
artifact URIs are relative to the git repository root (the nearest folder with `.git` above the
example), or to the example when there is none. Skipped (77) without python3-jsonschema or the
schema folder.

Usage: validate_sarif.py FLOWAUDIT REPO_ROOT
"""
import glob
import json
import os
import subprocess
import sys


def repository_root(folder):
    """The nearest folder at or above `folder` holding .git (a folder or a file), else None."""
    folder = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def validate_diffs(flowaudit, root, validator):
    """Change reviews listed in examples/*/diffs ("NAME BEFORE AFTER"): the diff's SARIF
    validates, has a result per newly failing requirement and per changed packet group of the
    JSON diff, and every result names an existing file (AFTER's side)."""
    failures = 0
    for listing in sorted(glob.glob(os.path.join(root, "examples", "*", "diffs"))):
        folder = os.path.dirname(listing)
        for line in open(listing):
            words = line.split()
            if len(words) != 3 or words[0].startswith("#"):
                continue
            name, before, after = words
            run = lambda fmt: subprocess.run([flowaudit, "diff", before, after, "--format", fmt],
                                             cwd=folder, capture_output=True, text=True,
                                             timeout=300)
            sarif, diff = json.loads(run("sarif").stdout), json.loads(run("json").stdout)
            errors = list(validator.iter_errors(sarif))
            want = sum(r["change"] in ("newly-failing", "newly-passing", "changed", "added",
                                       "removed") for r in diff["requirements"]) + \
                sum(len(f["changes"]) for f in diff["filters"])
            results = sarif["runs"][0]["results"]
            base = repository_root(folder) or folder
            located = all(os.path.exists(os.path.join(base, loc["physicalLocation"]
                                                      ["artifactLocation"]["uri"]))
                          for r in results for loc in r["locations"])
            ok = not errors and len(results) == want and want > 0 and located
            label = os.path.relpath(folder, root) + "/" + name
            print("%s %s diff: %d results" % ("ok  " if ok else "FAIL", label, len(results)))
            for e in errors[:5]:
                print("   schema: %s at %s" % (e.message, list(e.path)))
            failures += not ok
    return failures


def main():
    flowaudit, root = sys.argv[1], sys.argv[2]
    schema_path = os.path.join(root, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
    try:
        import jsonschema
    except ImportError:
        print("skipped: python3-jsonschema is not installed")
        return 77
    if not os.path.exists(schema_path):
        print("skipped: no " + schema_path)
        return 77
    schema = json.load(open(schema_path))
    validator = jsonschema.Draft4Validator(schema)
    failures = 0
    sites = sorted(glob.glob(os.path.join(root, "examples", "*", "site*.yaml")))
    for site in sites:
        folder, name = os.path.split(site)
        run = lambda fmt: subprocess.run([flowaudit, "check", name, "--format", fmt], cwd=folder,
                                         capture_output=True, text=True, timeout=300)
        sarif_out, json_out = run("sarif"), run("json")
        label = os.path.relpath(site, root)
        if sarif_out.returncode not in (0, 1):
            print("FAIL %s: exit %d %s" % (label, sarif_out.returncode, sarif_out.stderr))
            failures += 1
            continue
        sarif = json.loads(sarif_out.stdout)
        errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
        failing = sorted(r["id"] for r in json.loads(json_out.stdout)["requirements"]
                         if r["status"] in ("fail", "partial", "unknown"))
        results = sorted(r["ruleId"] for r in sarif["runs"][0]["results"])
        rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
        base = repository_root(folder) or folder
        located = all(os.path.exists(os.path.join(base, loc["physicalLocation"]
                                                  ["artifactLocation"]["uri"]))
                      for r in sarif["runs"][0]["results"] for loc in r["locations"])
        ok = not errors and failing == results and located and \
            all(rules[r["ruleIndex"]] == r["ruleId"] for r in sarif["runs"][0]["results"])
        print("%s %s: %d results, %d rules" % ("ok  " if ok else "FAIL", label, len(results),
                                               len(rules)))
        for e in errors[:5]:
            print("   schema: %s at %s" % (e.message, list(e.path)))
        if failing != results:
            print("   failing %s but SARIF results %s" % (failing, results))
        if not located:
            print("   a result's file does not exist relative to %s" % base)
        failures += not ok
    failures += validate_diffs(flowaudit, root, validator)
    if not sites:
        print("no example sites found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
