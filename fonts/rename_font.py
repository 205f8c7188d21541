#!/usr/bin/env python3
"""Rename a (subset) font so that it no longer uses the original's Reserved Font Names.

Usage:
    python3 rename_font.py IN.ttf OUT.ttf FAMILY PS_FAMILY ZH_FAMILY [--reserved NAME ...]

    e.g. rename_font.py kai-subset.ttf NewsKai-Regular.ttf "News Kai" NewsKai 新闻楷体 \
             --reserved LXGW --reserved 霞鹜

A subset is a "Modified Version" under the SIL OFL 1.1, and condition 3 forbids it
to use a Reserved Font Name (LXGW WenKai reserves "LXGW" and "霞鹜").  Only the
naming records are rewritten; copyright (0), trademark (7), manufacturer/designer
(8-12) and licence (13, 14) records stay as they are.

    1, 16, 21  family          -> FAMILY (ZH_FAMILY for Chinese-language records)
    4, 18      full name       -> family + " " + style (just family for Regular)
    3          unique id       -> "PS_FAMILY-Style:<version>"
    6, 20      PostScript name -> "PS_FAMILY-Style"
    25         var. PS prefix  -> PS_FAMILY
    5          version         -> original + "; subset+renamed from <original family> (OFL-1.1)"

Afterwards every record other than 0, 5, 7-14 is checked for the reserved names.
The font is otherwise copied unchanged (no timestamp or bounds recalculation), so the
result is byte-for-byte reproducible.
"""
import argparse
import sys

from fontTools.ttLib import TTFont

# Chinese language IDs: Windows zh-CN/TW/HK/SG/MO, Macintosh Chinese (trad. 19, simp. 33)
ZH_LANGS = {(3, 0x0804), (3, 0x0404), (3, 0x0C04), (3, 0x1004), (3, 0x1404), (1, 19), (1, 33)}
KEEP_IDS = {0, 5, 7, 8, 9, 10, 11, 12, 13, 14}


def english(name_table, name_id):
    rec = name_table.getName(name_id, 3, 1, 0x409) or name_table.getName(name_id, 1, 0, 0)
    return rec.toUnicode() if rec else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("infile")
    ap.add_argument("outfile")
    ap.add_argument("family")
    ap.add_argument("ps_family")
    ap.add_argument("zh_family")
    ap.add_argument("--reserved", action="append", default=[],
                    help="reserved font name that must not remain (repeatable)")
    a = ap.parse_args()
    if " " in a.ps_family or not a.ps_family.isascii():
        ap.error("PS_FAMILY must be ASCII without spaces")

    font = TTFont(a.infile, recalcTimestamp=False, recalcBBoxes=False)
    name = font["name"]
    old_family = english(name, 16) or english(name, 1)
    style = english(name, 17) or english(name, 2) or "Regular"
    version = english(name, 5) or "Version 1.000"
    ver_num = version.split(";")[0].replace("Version ", "").strip()
    ps_style = style.replace(" ", "")

    for rec in name.names:
        nid = rec.nameID
        zh = (rec.platformID, rec.langID) in ZH_LANGS
        family = a.zh_family if zh else a.family
        if nid in (1, 16, 21):
            new = family
        elif nid in (4, 18):
            new = family if style == "Regular" else f"{family} {style}"
        elif nid == 3:
            new = f"{a.ps_family}-{ps_style}:{ver_num}"
        elif nid in (6, 20):
            new = f"{a.ps_family}-{ps_style}"
        elif nid == 25:
            new = a.ps_family
        elif nid == 5:
            new = f"{rec.toUnicode()}; subset+renamed from {old_family} (OFL-1.1)"
        else:
            continue
        rec.string = new
        # Macintosh records must stay encodable in their legacy encoding.
        rec.toBytes()

    bad = []
    for rec in name.names:
        if rec.nameID in KEEP_IDS:
            continue
        text = rec.toUnicode()
        for r in a.reserved:
            if r.lower() in text.lower():
                bad.append((rec.nameID, rec.platformID, rec.langID, text))
    if bad:
        for b in bad:
            print(f"rename_font: reserved name still present: {b}", file=sys.stderr)
        return 1

    font.save(a.outfile)
    print(f"rename_font: {old_family} {style} -> {a.family} / {a.zh_family} "
          f"({a.ps_family}-{ps_style})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
