#!/usr/bin/env python3
"""Structure checks of the ready-made CI integrations in examples/ci and .pre-commit-hooks.yaml.

They parse as YAML and have the pieces their documentation promises: the GitHub workflow runs
check with SARIF, Markdown and annotations, uploads the SARIF even when the audit fails, writes
the job summary and reviews pull requests with `flowaudit diff --git`; the GitLab pipeline
publishes a JUnit report whatever the outcome and reviews merge requests; the pre-commit
manifest points at an executable script and its `files:` regex selects every example config.

usage: check_ci_examples.py SOURCE_DIR      (exit 77 = skipped: python3-yaml missing)
"""
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed")
    sys.exit(77)

SRC = sys.argv[1]
errors = []


def expect(condition, message):
    if not condition:
        errors.append(message)
    return condition


def load(relative):
    with open(os.path.join(SRC, relative), encoding="utf-8") as f:
        return yaml.safe_load(f)


def squash(text):
    """A shell command on one line with single spaces, as YAML folding may leave it."""
    return " ".join(str(text).split())


def check_github():
    wf = load("examples/ci/github-actions.yml")
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as true
    if isinstance(triggers, dict):
        triggers = list(triggers)
    expect(set(triggers or []) >= {"push", "pull_request"}, "github: not triggered on push and pull_request")
    jobs = list(wf.get("jobs", {}).values())
    if not expect(len(jobs) == 1, "github: expected one job"):
        return
    job = jobs[0]
    expect(job.get("permissions", {}).get("security-events") == "write",
           "github: the job lacks permissions security-events: write")
    steps = job.get("steps", [])
    runs = [(s, squash(s.get("run", ""))) for s in steps]

    check = [s for s, r in runs if "flowaudit check" in r]
    if expect(len(check) == 1, "github: no step runs flowaudit check"):
        run = squash(check[0]["run"])
        for piece in ("--format sarif --output flowaudit.sarif", "--format markdown --output flowaudit.md",
                      "--format github"):
            expect(piece in run, f"github: check step lacks '{piece}'")

    upload = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    if expect(len(upload) == 1, "github: no upload-sarif step"):
        expect("always()" in str(upload[0].get("if", "")), "github: upload-sarif does not run if: always()")
        expect(upload[0].get("with", {}).get("sarif_file") == "flowaudit.sarif",
               "github: upload-sarif does not upload flowaudit.sarif")
        expect(steps.index(upload[0]) > steps.index(check[0]) if check else False,
               "github: upload-sarif runs before the check")

    summary = [s for s, r in runs if "flowaudit.md" in r and '>> "$GITHUB_STEP_SUMMARY"' in r]
    if expect(len(summary) == 1, "github: flowaudit.md is not appended to $GITHUB_STEP_SUMMARY"):
        expect("always()" in str(summary[0].get("if", "")), "github: the job summary does not run if: always()")

    diff = [s for s, r in runs if "flowaudit diff --git" in r]
    if expect(len(diff) == 1, "github: no step runs flowaudit diff --git"):
        step = diff[0]
        run = squash(step["run"])
        expect("pull_request" in str(step.get("if", "")), "github: the diff step is not limited to pull requests")
        expect(step.get("env", {}).get("BASE_REF") == "${{ github.base_ref }}",
               "github: the diff step does not get BASE_REF from github.base_ref")
        expect('diff --git "origin/$BASE_REF" "$SITE" --format markdown' in run,
               "github: the diff step does not compare origin/<base branch> in Markdown")
    checkout = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@") and "path" not in s.get("with", {})]
    expect(checkout and checkout[0].get("with", {}).get("fetch-depth") == 0,
           "github: the site checkout needs fetch-depth: 0 for diff --git")


def check_gitlab():
    ci = load("examples/ci/gitlab-ci.yml")
    jobs = {name: job for name, job in ci.items() if isinstance(job, dict) and "script" in job}
    junit = [j for j in jobs.values()
             if "--format junit --output flowaudit-junit.xml" in squash(" ".join(j["script"]))]
    if expect(len(junit) == 1, "gitlab: no job runs check with --format junit --output flowaudit-junit.xml"):
        job = junit[0]
        expect("flowaudit check" in squash(" ".join(job["script"])), "gitlab: the JUnit job does not run check")
        artifacts = job.get("artifacts", {})
        expect(artifacts.get("when") == "always", "gitlab: JUnit artifacts are not kept when: always")
        expect(artifacts.get("reports", {}).get("junit") == "flowaudit-junit.xml",
               "gitlab: artifacts:reports:junit is not flowaudit-junit.xml")
    diff = [j for j in jobs.values() if "flowaudit diff --git" in squash(" ".join(j["script"]))]
    if expect(len(diff) == 1, "gitlab: no merge-request job runs flowaudit diff --git"):
        rules = diff[0].get("rules", [])
        expect(rules and all("merge_request_event" in r.get("if", "") for r in rules),
               "gitlab: the diff job does not run on merge requests only")
        expect("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in " ".join(diff[0]["script"]),
               "gitlab: the diff job does not compare with the target branch")
    # Jobs that extend a template must name one that exists.
    for name, job in ci.items():
        if isinstance(job, dict) and "extends" in job:
            expect(job["extends"] in ci, f"gitlab: {name} extends unknown {job['extends']}")
        if isinstance(job, dict) and "needs" in job:
            for need in job["needs"]:
                expect(need in ci, f"gitlab: {name} needs unknown job {need}")


def check_pre_commit_manifest():
    hooks = load(".pre-commit-hooks.yaml")
    hook = [h for h in hooks if h.get("id") == "flowaudit"]
    if not expect(len(hook) == 1, "pre-commit: no hook with id flowaudit"):
        return
    hook = hook[0]
    expect(hook.get("language") in ("script", "system"), "pre-commit: language is not script or system")
    expect(hook.get("pass_filenames") is False, "pre-commit: pass_filenames is not false")
    entry = os.path.join(SRC, hook.get("entry", ""))
    expect(os.path.isfile(entry) and os.access(entry, os.X_OK), f"pre-commit: entry {hook.get('entry')} is not an executable file")
    files = re.compile(hook.get("files", "^$"))
    selected = ["site.yaml", "net/site.yaml", "dc1/contoso.site.yaml", "fw/edge.rules", "iptables-save",
                "configs/ruleset.nft", "lb/haproxy.cfg", "applicationHost.config", "fw/asa.txt"]
    ignored = ["README.md", "src/main.cpp", "docs/diagram.png", "Makefile"]
    for name in selected:
        expect(files.search(name), f"pre-commit: files: does not select {name}")
    for name in ignored:
        expect(not files.search(name), f"pre-commit: files: selects {name}")
    for root, _, names in os.walk(os.path.join(SRC, "examples")):
        for name in names:
            path = os.path.relpath(os.path.join(root, name), SRC)
            if "/configs/" in path or name == "site.yaml":
                expect(files.search(path), f"pre-commit: files: does not select {path}")


check_github()
check_gitlab()
check_pre_commit_manifest()
for e in errors:
    print("FAIL:", e)
if errors:
    sys.exit(1)
print("PASS: examples/ci/github-actions.yml, examples/ci/gitlab-ci.yml, .pre-commit-hooks.yaml")
