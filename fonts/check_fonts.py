#!/usr/bin/env python3
"""Verify the subset fonts produced by build.sh.

Usage:
    python3 check_fonts.py --charset newspaper-unicodes.txt [--text FILE_OR_DIR ...]
                           [--reserved NAME ...] [--markdown OUT.md]
                           SUBSET.ttf=SOURCE.ttf ...

For every subset font:
  * every table decompiles (fontTools);
  * GSUB is present, and GPOS too whenever the source font has one;
  * GSUB has `vert`; source features that pyftsubset dropped are reported;
  * cmap: every character of the charset that the source maps is still mapped
    (the subset loses nothing);
  * no Reserved Font Name (--reserved) in the naming records 1-4, 6, 16-18, 20, 21, 25
    (only checked for subsets whose family name differs from the source's).
Characters of the --text files missing from a font are reported (a warning: the
source font has no glyph for them either).  Exit status 1 on any failure.
"""
import argparse
import os
import sys
import unicodedata

from fontTools.subset import parse_unicodes
from fontTools.ttLib import TTFont

NAME_IDS = (1, 2, 3, 4, 6, 16, 17, 18, 20, 21, 25)
REQUIRED_GSUB = ("vert",)  # vertical setting needs the rotated/vertical punctuation


def read_charset(path):
    cps = set()
    with open(path, encoding="ascii") as f:
        for line in f:
            cps.update(parse_unicodes(line.split("#")[0]))
    return cps


def read_texts(args):
    chars = set()
    for a in args:
        paths = []
        if os.path.isdir(a):
            for root, _, files in os.walk(a):
                paths += [os.path.join(root, f) for f in files if f.endswith(".txt")]
        elif os.path.isfile(a):
            paths = [a]
        for p in paths:
            with open(p, encoding="utf-8", errors="ignore") as f:
                chars.update(f.read())
    return {ord(c) for c in chars
            if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co")}


def features(font):
    out = {}
    for tag in ("GSUB", "GPOS"):
        if tag in font and font[tag].table.FeatureList:
            out[tag] = sorted({fr.FeatureTag for fr in font[tag].table.FeatureList.FeatureRecord})
    return out


def family(font):
    n = font["name"]
    return (n.getDebugName(16) or n.getDebugName(1) or "").strip()


def fmt(cps):
    return " ".join(f"U+{cp:04X}({chr(cp)})" for cp in sorted(cps))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charset", required=True)
    ap.add_argument("--text", action="append", default=[])
    ap.add_argument("--reserved", action="append", default=[])
    ap.add_argument("--markdown")
    ap.add_argument("pairs", nargs="+", metavar="SUBSET=SOURCE")
    a = ap.parse_args()

    charset = read_charset(a.charset)
    text = read_texts(a.text)
    errors, rows, notes = [], [], []
    print(f"check_fonts: charset {len(charset)} code points; texts {len(text)} distinct characters")

    for pair in a.pairs:
        sub_path, src_path = pair.split("=", 1)
        name = os.path.basename(sub_path)
        try:
            sub = TTFont(sub_path)
            for tag in sub.keys():
                sub[tag]  # force full decompilation
            glyf = sub["glyf"]
            for gname in sub.getGlyphOrder():
                glyf[gname].getCoordinates(glyf)  # expands every glyph
        except Exception as e:  # reported, not raised
            errors.append(f"{name}: does not parse: {e!r}")
            continue
        src = TTFont(src_path, lazy=True)
        sub_cmap, src_cmap = sub.getBestCmap(), src.getBestCmap()
        sub_feat, src_feat = features(sub), features(src)

        if "GSUB" not in sub:
            errors.append(f"{name}: no GSUB table")
        if "GPOS" in src and "GPOS" not in sub:
            errors.append(f"{name}: GPOS lost")
        if "GPOS" not in src:
            notes.append(f"{name}: the source font has no GPOS table, so neither has the subset")
        for tag, tags in src_feat.items():
            lost = set(tags) - set(sub_feat.get(tag, []))
            if lost:
                # pyftsubset drops a feature whose lookups only touch glyphs outside the
                # subset; that is expected, but worth knowing about.
                notes.append(f"{name}: {tag} feature(s) {', '.join(sorted(lost))} of the source "
                             "dropped by pyftsubset (they only involve characters outside the set)")
        for req in REQUIRED_GSUB:
            if req not in sub_feat.get("GSUB", []):
                errors.append(f"{name}: required GSUB feature {req!r} missing")

        lost = {cp for cp in charset if cp in src_cmap and cp not in sub_cmap}
        if lost:
            errors.append(f"{name}: {len(lost)} charset code points lost: {fmt(list(lost)[:50])}")
        extra = set(sub_cmap) - charset
        if extra:
            errors.append(f"{name}: cmap has {len(extra)} code points outside the charset")
        not_in_source = charset - set(src_cmap)

        if family(sub) != family(src):
            for rec in sub["name"].names:
                if rec.nameID in NAME_IDS:
                    s = rec.toUnicode().lower()
                    for r in a.reserved:
                        if r.lower() in s:
                            errors.append(f"{name}: reserved name {r!r} in name ID {rec.nameID}: "
                                          f"{rec.toUnicode()!r}")

        miss_text = {cp for cp in text if cp not in sub_cmap}
        if miss_text:
            print(f"check_fonts: WARNING {name}: {len(miss_text)} text characters without glyph: "
                  f"{fmt(miss_text)}")

        size = os.path.getsize(sub_path)
        rows.append((name, family(sub), size, len(sub.getGlyphOrder()), len(sub_cmap),
                     len(not_in_source), len(miss_text),
                     " ".join(sub_feat.get("GSUB", [])) or "-",
                     " ".join(sub_feat.get("GPOS", [])) or "-"))
        print(f"check_fonts: {name}: {family(sub)!r}, {size} bytes, {rows[-1][3]} glyphs, "
              f"{len(sub_cmap)} mapped, charset not in source: {len(not_in_source)}, "
              f"text missing: {len(miss_text)}, tables: {' '.join(sorted(sub.keys()))}")

    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8", newline="\n") as f:
            f.write("| File | Family | Bytes | Glyphs | Mapped code points | Charset code points "
                    "the source lacks | Text characters missing | GSUB features | GPOS features |\n")
            f.write("|---|---|---:|---:|---:|---:|---:|---|---|\n")
            for r in rows:
                f.write("| " + " | ".join(str(x) for x in r) + " |\n")
            for n in notes:
                f.write(f"\n* {n}")
            if notes:
                f.write("\n")

    for n in notes:
        print(f"check_fonts: note: {n}")
    for e in errors:
        print(f"check_fonts: ERROR {e}", file=sys.stderr)
    print(f"check_fonts: {len(rows)} fonts checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
