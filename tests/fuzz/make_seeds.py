#!/usr/bin/env python3
"""Writes the hand-made hostile seed inputs of the `check` fuzz target into tests/fuzz/seeds/.

Each is small (under 64 KiB, the fuzzing -max_len) and aims at one corner of the loader, the
schema or the rules. Run from the repository root; the output is committed, so this only needs
re-running to change the seeds. `tests/fuzz_regressions.rs` replays them with the corpus.
"""
import os
import re

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")
os.makedirs(OUT, exist_ok=True)

base = open("rules/tests/bases/suivi-fr.yaml", encoding="utf-8").read()
small = open("rules/tests/bases/faisabilite.yaml", encoding="utf-8").read()

seeds = {}


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    assert len(data) <= 65536, (name, len(data))
    seeds[name] = data


def sub(text, pattern, repl, count=1, literal=False):
    new = re.sub(pattern, (lambda _: repl) if literal else repl, text, count=count, flags=re.M)
    assert new != text, pattern
    return new


# Alias bombs (billion laughs), in flow and block style, and an alias of the root-level anchor.
laughs = "dossier: 1\na: &a [x,x,x,x,x,x,x,x,x]\n"
names = "abcdefghi"
for prev, name in zip(names, names[1:]):
    laughs += f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n"
put("alias-bomb-flow.yaml", laughs)
block = "dossier: 1\na: &a\n" + "".join("  - x\n" for _ in range(10))
for prev, name in zip(names, names[1:]):
    block += f"{name}: &{name}\n" + "".join(f"  - *{prev}\n" for _ in range(10))
put("alias-bomb-block.yaml", block)
put("alias-in-dossier.yaml", sub(base, r"^  nom: (.*)$", r"  nom: &nom \1") + "statistiques_bis: *nom\n")
put("alias-unknown.yaml", small + "extra: *nulle_part\n")
put("anchor-on-key.yaml", "&k dossier: 1\n*k : 2\n")

# Deep nesting: block sequences, block mappings, flow sequences, flow mappings, mixed.
put("deep-block-seq.yaml", "dossier: 1\nliste:\n" + "- " * 10000 + "x\n")
put("deep-block-map.yaml", "dossier: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v: 1\n")
put("deep-flow-seq.yaml", "dossier: " + "[" * 10000 + "]" * 10000 + "\n")
put("deep-flow-map.yaml", "dossier: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n")
put("deep-flow-unclosed.yaml", "dossier: " + "[{" * 3000 + "\n")
put("deep-65.yaml", "dossier: " + "[" * 65 + "]" * 65 + "\n")
put("deep-64.yaml", "dossier: " + "[" * 63 + "]" * 63 + "\n")

# Numbers: huge exponents, long mantissas, hexadecimal and octal overflow, special floats.
for name, value in [
    ("num-1e999999", "1e999999"),
    ("num-neg-exp", "1e-999999"),
    ("num-long", "9" * 5000),
    ("num-long-frac", "0." + "1" * 5000),
    ("num-hex-overflow", "0x" + "F" * 64),
    ("num-octal-overflow", "0o" + "7" * 64),
    ("num-inf", ".inf"),
    ("num-nan", ".NaN"),
    ("num-underscore", "1_000_000"),
    ("num-plus", "+12e3"),
]:
    put(f"{name}.yaml", sub(base, r"^    excedent_net: .*$", f"    excedent_net: {value}"))
put("num-rate-huge.yaml", sub(base, r"^  dotation_reserves_min: .*$", "  dotation_reserves_min: 1e999999"))
put("num-version.yaml", sub(small, r"^dossier: 1$", "dossier: 0x1"))
put("num-year-huge.yaml", sub(base, r"^  - annee: .*$", "  - annee: 99999999999999999999999999999"))
put("num-parts-neg.yaml", sub(base, r"parts: \d+", "parts: -1e28"))

# Bytes that are not UTF-8 text.
put("nul-byte.yaml", small.encode() [:40] + b"\x00" + small.encode()[40:])
put("nul-only.yaml", b"\x00" * 64)
put("utf16le.yaml", b"\xff\xfe" + small.encode("utf-16-le"))
put("utf16be.yaml", b"\xfe\xff" + small.encode("utf-16-be"))
put("utf16le-no-bom.yaml", small.encode("utf-16-le"))
put("latin1.yaml", small.replace("é", "\xe9").encode("latin-1", errors="replace"))
put("utf8-bom.yaml", b"\xef\xbb\xbf" + small.encode())
put("utf8-bom-twice.yaml", b"\xef\xbb\xbf\xef\xbb\xbf" + small.encode())
put("lone-continuation.yaml", b"dossier: 1\nnom: \x80\x81\n")
put("truncated-utf8.yaml", small.encode() + b"\xc3")
put("random-binary.yaml", bytes((i * 97 + 13) % 256 for i in range(2048)))

# Whitespace: tabs, CRLF, lone CR, form feed, non-breaking space.
put("tab-indent.yaml", sub(small, r"^  (\w)", "\t\\1"))
put("tab-after-colon.yaml", sub(small, r"^dossier: 1$", "dossier:\t1"))
put("crlf.yaml", base.replace("\n", "\r\n"))
put("lone-cr.yaml", small.replace("\n", "\r"))
put("nbsp-indent.yaml", sub(small, r"^  (\w)", "\u00a0\u00a0\\1"))
put("form-feed.yaml", small + "\f\n")

# YAML features: merge keys, tags, directives, several documents, complex keys, block scalars.
put("merge-key.yaml", small + "defaut: &d { nom: X, pays: FR }\nautre:\n  <<: *d\n  nom: Y\n")
put("merge-key-cooperative.yaml", sub(small, r"^cooperative:$", "base: &b { nom: X, pays: FR }\ncooperative:\n  <<: *b"))
put("tag-binary.yaml", small + "piece: !!binary R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5\n")
put("tag-int-bad.yaml", sub(small, r"^dossier: 1$", 'dossier: !!int "un"'))
put("tag-float.yaml", sub(small, r"^dossier: 1$", "dossier: !!float 1"))
put("tag-str-number.yaml", sub(small, r"^dossier: 1$", "dossier: !!str 1"))
put("tag-bool-bad.yaml", sub(small, r"^dossier: 1$", "dossier: !!bool peut-etre"))
put("tag-null.yaml", sub(small, r"^dossier: 1$", "dossier: !!null ''"))
put("tag-timestamp.yaml", sub(small, r"debut: [0-9-]+", "debut: !!timestamp 2026-01-01T00:00:00Z"))
put("tag-custom.yaml", sub(small, r"^dossier: 1$", "dossier: !local 1\n%TAG"))
put("tag-map-seq.yaml", "--- !!map\n" + small.replace("creation:", "creation: !!map"))
put("tag-verbatim.yaml", sub(small, r"^dossier: 1$", "dossier: !<tag:yaml.org,2002:int> 1"))
put("directive-yaml11.yaml", "%YAML 1.1\n---\n" + small)
put("directive-twice.yaml", "%YAML 1.2\n%YAML 1.2\n---\n" + small)
put("two-documents.yaml", small + "---\n" + small)
put("document-end.yaml", small + "...\n")
put("empty-document-then-data.yaml", "---\n...\n---\n" + small)
put("complex-key.yaml", "dossier: 1\n? [a, b]\n: 1\n? { c: d }\n: 2\n")
put("complex-key-flow.yaml", "{ [a]: 1, dossier: 1 }\n")
put("block-scalars.yaml", sub(small, r"^  nom: .*$", "  nom: |+\n    Coop\n\n    ligne\n\n") + "note: >-\n  plié\n  encore\n")
put("quoted-escapes.yaml", sub(small, r"^  nom: .*$", '  nom: "\\x00\\u0000\\uD800\\U0010FFFF\\N\\_\\L\\P\\e"', literal=True))
put("quoted-multiline.yaml", sub(small, r"^  nom: .*$", "  nom: 'une\n\n    deux ''trois'''"))
put("duplicate-keys.yaml", small + "dossier: 1\n")
put("duplicate-keys-many.yaml", "dossier: 1\n" + "".join(f"k{i}: {i}\n" for i in range(100)) + "k50: x\n")
put("null-key.yaml", small + "~: 1\n: 2\n")
put("empty-values.yaml", "dossier:\ntype:\ncooperative:\nperiode:\netape:\ncreation:\n")
put("root-list.yaml", "- dossier: 1\n")
put("root-scalar.yaml", "dossier\n")
put("root-null.yaml", "~\n")
put("comment-only.yaml", "# rien\n# encore rien\n")
put("unclosed-quote.yaml", 'dossier: 1\nnom: "abc\n')
put("unclosed-flow.yaml", "dossier: [1, 2\n")

# Keys that need JSON pointer escaping, or look like pointers and indices.
put("key-tilde-slash.yaml", small + "a/b: 1\n~1: 2\n~0: 3\n\"~\": 4\n\"/\": 5\n\"\": 6\n")
put("key-slash-in-known.yaml", sub(small, r"^  pays: FR$", "  pays: FR\n  pa/ys: FR\n  pays~1: BE\n  \"0\": x"))
put("key-numbers.yaml", small + "1: a\n0x10: b\n1.0: c\ntrue: d\nnull: e\n2026-01-01: f\n")
put("key-unicode.yaml", small + "clé_accentuée: 1\n\"\\u00e9tape\": suivi\n日本: 2\n🙂: 3\n")

# Very long lines and values.
put("long-line.yaml", small + "note: " + "x" * 60000 + "\n")
put("long-key.yaml", small + "k" * 60000 + ": 1\n")
put("long-flow-line.yaml", "dossier: 1\nliste: [" + ",".join(["1"] * 20000) + "]\n")
put("long-multibyte-line.yaml", small + "note: " + "é" * 20000 + "\n")

# Dates and periods at the edges.
put("date-feb-30.yaml", sub(small, r"fin: [0-9-]+", "fin: 2000-02-30"))
put("date-year-0.yaml", sub(small, r"fin: [0-9-]+", "fin: 0000-01-01"))
put("date-year-9999.yaml", sub(small, r"fin: [0-9-]+", "fin: 9999-12-31"))
put("date-negative.yaml", sub(small, r"fin: [0-9-]+", "fin: -2000-01-01"))
put("date-reversed.yaml", sub(small, r"debut: [0-9-]+", "debut: 2030-01-01"))
put("date-with-time.yaml", sub(small, r"fin: [0-9-]+", "fin: 2026-12-31T23:59:59"))
put("date-base-9999.yaml", re.sub(r"\b(19|20)\d\d-(\d\d)-(\d\d)\b", "9999-\\2-\\3", base))
put("date-base-0001.yaml", re.sub(r"\b(19|20)\d\d-(\d\d)-(\d\d)\b", "0001-\\2-\\3", base))

# Wrong types in every section of a full dossier.
put("types-swapped.yaml", re.sub(r": (true|false)$", ": 12", base, flags=re.M))
put("types-strings.yaml", re.sub(r": (\d+(\.\d+)?)$", ': "\\1"', base, flags=re.M))
put("types-nulls.yaml", re.sub(r": (\S+)$", ": ~", base, flags=re.M))
put("types-lists.yaml", re.sub(r": (\d+)$", ": [\\1]", base, flags=re.M))

for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"{len(seeds)} seeds in {OUT}")
