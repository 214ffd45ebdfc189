#!/usr/bin/env python3
"""schema-check.py - the JSON Schemas in schema/ against the loader.

Run from the source root.  Three checks:

1. Good files validate: every YAML file under examples/ and
   tests/loader/good/, every layouts/*.yaml, and the inputs of the layout
   and pack suites (but their bad-* fixtures), against the schema of its
   kind (meeting, report, minutes, style).
2. Shape errors fail: every tests/bad case whose expected message is a
   shape error (unknown key, missing required key, wrong type, a value
   out of its range or its set...) is invalid against its schema.  The
   file checked is the one the expected message names.
3. Keys in step: every key list of the loader (the `keylist`
   initialisers in src/load/*.c) is the property set of one closed object
   in the schemas, and every closed object's property set is one of the
   loader's key lists.

A good file is read twice: as an editor's YAML 1.2 language server reads
it (true/false, numbers and null typed; dates and times stay text), and
as agendapack reads it (every scalar text, only null recognised); both
must validate.  A bad file must fail in the editor's view: in
agendapack's every number is text, and a schema cannot range-check text.

Exit 77 (skipped) when python3-yaml or python3-jsonschema is missing.
"""
import glob
import json
import os
import re
import sys

try:
    import yaml
    import jsonschema
except ImportError as e:
    print("SKIP: %s (apt-get install python3-yaml python3-jsonschema)" % e)
    sys.exit(77)

SCHEMA_DIR = "schema"
KINDS = ("meeting", "report", "minutes", "letter", "style")

# Messages of the loader that report a shape error: what a JSON Schema
# can say too.  Other messages (a missing file, a duplicate number, an
# impossible date, a bad image) are not the schema's business.
SHAPE = re.compile(
    r"error: (unknown key '|missing required key '|'[^']+' must be ("
    r"a list, not|a mapping, not|text, not|true or false|a whole number|"
    r"a number|from .* to |a date written|a 24-hour time|a colour|a length|"
    r"A4, A3|\[top, right|[a-z_, ]+ or [a-z_]+, not '|not empty)|"
    r"[^:]* must be a mapping, not|the file is empty; expected|"
    r"the document is (a single text value|a list)|no such time|"
    r"the (meeting|table|minutes) ha[sv]e? \d+ \w+; the limit is|"
    r"a paper needs (one|only one) of|a table row must be|"
    r"'pages' is only for|each 'header' entry must be)")


# ---- reading YAML the two ways ----

class EditorLoader(yaml.SafeLoader):
    """YAML 1.2 core schema, as yaml-language-server reads a file."""


class AgendapackLoader(yaml.SafeLoader):
    """Every scalar is text except null, as src/load reads a file."""


NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
for cls in (EditorLoader, AgendapackLoader):
    cls.yaml_implicit_resolvers = {}
    cls.add_implicit_resolver("tag:yaml.org,2002:null", NULL_RE,
                              list("~nN") + [""])
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def construct_int(loader, node):
    """YAML 1.2 integers: decimal (leading zeros are decimal), 0o, 0x."""
    s = loader.construct_scalar(node)
    if s.startswith("0o"):
        return int(s[2:], 8)
    if s.startswith("0x"):
        return int(s[2:], 16)
    return int(s, 10)


EditorLoader.add_constructor("tag:yaml.org,2002:int", construct_int)

VIEWS = (("editor", EditorLoader), ("agendapack", AgendapackLoader))


def load(path, loader):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=loader)


# ---- the schemas ----

def schemas():
    """{name: schema} for every schema/*.schema.json, and their URIs."""
    out = {}
    for path in sorted(glob.glob(os.path.join(SCHEMA_DIR, "*.schema.json"))):
        with open(path, encoding="utf-8") as f:
            out[os.path.basename(path)] = json.load(f)
    return out


def validators(all_schemas):
    """{kind: validator}, resolving the schemas' relative $refs."""
    base = "file://" + os.path.abspath(SCHEMA_DIR) + "/"
    cls = jsonschema.Draft202012Validator
    for s in all_schemas.values():
        cls.check_schema(s)
    out = {}
    try:
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            (base + n, Resource.from_contents(s))
            for n, s in all_schemas.items())
        for k in KINDS:
            s = dict(all_schemas[k + ".schema.json"])
            s["$id"] = base + k + ".schema.json"
            out[k] = cls(s, registry=reg)
    except ImportError:
        store = {base + n: s for n, s in all_schemas.items()}
        for k in KINDS:
            s = all_schemas[k + ".schema.json"]
            res = jsonschema.RefResolver(base + k + ".schema.json", s,
                                         store=store)
            out[k] = cls(s, resolver=res)
    return out


def kind_of(doc, path, layouts):
    """The schema kind for a parsed file."""
    if path in layouts or path.startswith("layouts/") or "/layouts/" in path or \
            path.endswith(".layout.yaml"):
        return "style"
    if isinstance(doc, dict) and doc.get("paper") in ("report", "minutes", "letter"):
        return doc["paper"]
    return "meeting"


def first_error(v, doc):
    """The first validation error as one line, or None."""
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in e.path) or "(top)"
        return "%s: %s" % (where, e.message[:200])
    return None


# ---- the loader's key lists ----

KEYLIST = re.compile(r"(?:\bkeylist\s+\w+\s*=\s*|\(\s*keylist\s*\)\s*)"
                     r"\{([^}]*)\}")


def loader_keylists():
    """Every keylist initialiser in src/load/*.c, as frozensets."""
    lists = []
    files = sorted(glob.glob("src/load/*.c"))
    for path in files:
        with open(path, encoding="utf-8") as f:
            src = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
        for m in KEYLIST.finditer(src):
            keys = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
            if keys:
                lists.append((path, frozenset(keys)))
    return files, lists


def closed_objects(node, where, out):
    """Collects (where, property set) of every object schema that allows
    no other keys."""
    if isinstance(node, dict):
        if "properties" in node and node.get("additionalProperties") is False:
            out.append((where, frozenset(node["properties"])))
        for k, v in node.items():
            closed_objects(v, where + "/" + k, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            closed_objects(v, "%s/%d" % (where, i), out)


def check_keys(all_schemas):
    files, lists = loader_keylists()
    if not files or len(lists) < 10:
        print("FAIL: found %d key lists in %d files under src/load/ "
              "(expected `static keylist NAME = { \"key\", ..., NULL }` or "
              "`(keylist){ ... }` initialisers); the extractor needs "
              "updating" % (len(lists), len(files)))
        return 1
    objs = []
    for name, s in all_schemas.items():
        closed_objects(s, name + "#", objs)
    c_sets = {s for _, s in lists}
    s_sets = {s for _, s in objs}
    failed = 0
    for path, s in lists:
        if s not in s_sets:
            failed += 1
            near = min(s_sets, key=lambda t: len(t ^ s))
            print("FAIL: the loader's keys {%s} (%s) are no schema object's "
                  "properties; nearest %s: missing %s, extra %s" % (
                      ", ".join(sorted(s)), path,
                      [w for w, t in objs if t == near][0],
                      sorted(s - near), sorted(near - s)))
    for where, s in objs:
        if s not in c_sets:
            failed += 1
            near = min(c_sets, key=lambda t: len(t ^ s))
            print("FAIL: schema object %s allows {%s}, which is no key list "
                  "of the loader; nearest: missing %s, extra %s" % (
                      where, ", ".join(sorted(s)), sorted(near - s),
                      sorted(s - near)))
    all_c = set().union(*c_sets)
    all_s = set().union(*s_sets)
    print("%s keys in step: %d key lists in %d loader files, %d closed "
          "schema objects, %d keys (loader only: %s; schema only: %s)" % (
              "FAIL" if failed else "ok  ", len(lists), len(files), len(objs),
              len(all_c), sorted(all_c - all_s) or "none",
              sorted(all_s - all_c) or "none"))
    return failed


# ---- the files ----

def good_files():
    """The files agendapack must accept: the examples, the loader's good
    files, the styles, and the inputs other suites build (their bad-*
    fixtures left out)."""
    files = set(glob.glob("examples/**/*.yaml", recursive=True))
    files |= set(glob.glob("tests/loader/good/**/*.yaml", recursive=True))
    files |= set(glob.glob("layouts/*.yaml"))
    for d in ("tests/layout", "tests/pack/fixtures"):
        files |= {f for f in glob.glob(d + "/**/*.yaml", recursive=True)
                  if not os.path.basename(f).startswith("bad-")}
    return sorted(files)


def bad_cases():
    """(case, file the shape error is in, its kind hint) for every
    tests/bad case with a shape-error message."""
    out = []
    for case in sorted(glob.glob("tests/bad/[0-9]*.yaml")):
        layouts = set()
        targets = []
        with open(case, "rb") as f:
            for raw in f:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                if not line.startswith("#"):
                    break
                m = re.match(r"#\s*args:\s?(.*)$", line)
                if m:
                    a = m.group(1).split()
                    for i, w in enumerate(a[:-1]):
                        if w in ("--layout", "-l"):
                            layouts.add(os.path.normpath(a[i + 1]))
                m = re.match(r"#\s*expect:\s?([^:]+):\d+:\d+: (.*)$", line)
                if m and SHAPE.search(m.group(2)):
                    targets.append(os.path.normpath(m.group(1)))
        for t in dict.fromkeys(targets):
            out.append((case, t, layouts))
    return out


def main():
    all_schemas = schemas()
    missing = [k for k in KINDS if k + ".schema.json" not in all_schemas]
    if missing:
        print("FAIL: no schema for %s in %s/" % (missing, SCHEMA_DIR))
        return 1
    vals = validators(all_schemas)
    failed = 0

    goods = good_files()
    for path in goods:
        for view, loader in VIEWS:
            doc = load(path, loader)
            kind = kind_of(doc, path, set())
            err = first_error(vals[kind], doc)
            if err:
                failed += 1
                print("FAIL %s (%s, %s view) should validate: %s" % (
                    path, kind, view, err))
    print("ok   %d good files checked in both views" % len(goods))

    bads = bad_cases()
    if len(bads) < 10:
        print("FAIL: only %d shape-error cases found in tests/bad" % len(bads))
        failed += 1
    for case, path, layouts in bads:
        for view, loader in VIEWS[:1]:
            try:
                doc = load(path, loader)
            except yaml.YAMLError as e:
                failed += 1
                print("FAIL %s: %s does not parse (%s view): %s" % (
                    case, path, view, str(e).splitlines()[0]))
                continue
            kind = kind_of(doc, path, layouts)
            if vals[kind].is_valid(doc):
                failed += 1
                print("FAIL %s: %s validates against %s.schema.json (%s "
                      "view), but the loader reports a shape error" % (
                          case, path, kind, view))
    print("ok   %d shape-error cases checked" % len(bads))

    failed += check_keys(all_schemas)
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
