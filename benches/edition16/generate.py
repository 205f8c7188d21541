#!/usr/bin/env python3
"""Generates the 16-page benchmark edition in this folder (see README.md).

Needs Python 3.11 with Pillow (the photos) and fontTools (the character set):

    pip install Pillow fonttools
    python3 benches/edition16/generate.py

Nothing needs to run this script: everything it writes is committed (edition.toml,
page01.toml … page16.toml, p01/ … p16/ with the articles and their photos), so the
edition renders on a fresh clone with the broadsheet binary alone. It is kept to show
how the files were made and to make them again after a change to the seed fixtures, the
bundled fonts or the layouts below. The output is deterministic: the same inputs and the
same Pillow build give the same bytes (the JPEG bytes depend on the libjpeg bundled with
Pillow; the files committed were made with Pillow 13.0.0 and fontTools 4.68.0).

Inputs (paths relative to the repository):
  fixtures/2023-01-18/a1.txt … a5.txt   the seed page's articles: heads, leads, paragraphs
  fixtures/2023-01-18/photos/a1.jpg, a2.jpg   the two photos some pictures are derived from
  fonts/*.ttf                           the bundled faces: the character set of the edition

What it makes:
  * 16 pages of distinct text: the seed's 33 paragraphs as one ring, each page starting
    from a different paragraph, plus two paragraphs per page of characters drawn from the
    bundled character set: the CJK Unified Ideographs (U+4E00–U+9FFF) that every face a
    body, head or caption style uses has, sorted and cut into 16 slices, one per page, so
    that the font subsets of an issue grow with its pages;
  * four layouts (A two stacks, B banner, C side column, D bands) cycled over pages 2–16,
    page 1 a front page with a masthead; every page but page 1 has a running head filled
    from the edition;
  * distinct photos on 13 pages, two of them on some, sized to print at about 200 ppi in
    their boxes; pages 7 and 12 are mono.

The script checks what it can before the engine sees the files: areas inside the grid and
not overlapping, decks and captions fitting their areas, and the body text of each article
estimated to fit its blocks (with a line or two to spare).
"""

import math
import os
import random
import sys
import textwrap

try:
    from fontTools.ttLib import TTFont
    from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps
except ImportError as e:
    sys.exit(f"{e}: this script needs Pillow and fontTools (pip install Pillow fonttools)")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SEED = os.path.join(ROOT, "fixtures", "2023-01-18")
FONTS = os.path.join(ROOT, "fonts")

PAPER = "浙江工人日报"
DATE = "2023-01-18"
NUMBER = 12308
PAGES = 16
MONO = {7, 12}
NAMES = ["要闻", "要闻", "综合", "经济", "工会", "工会", "职工", "法治",
         "安全", "区域", "视点", "文体", "健康", "副刊", "专版", "专版"]
# Pages without a photo (13 of 16 have one); pages whose second photo slot gets one too.
NO_PHOTO = {6, 11, 15}
TWO_PHOTOS = {1, 2, 4, 5, 9, 13}

# The grid, as the reference front page has it.
COLUMNS, COLUMN_CHARS, GUTTER_CHARS = 8, 13, 1
BODY, PITCH, LINES = 9.0, 13.5, 108
PHOTO_PPI = 200  # pixels per inch of the generated photos at their placed size
JPEG_QUALITY = 85
MAX_PHOTO_BYTES = 150_000

FACES = ["NotoSerifSC-Regular", "NotoSerifSC-Bold", "NotoSerifSC-Black",
         "NotoSansSC-Regular", "NotoSansSC-Bold", "NewsKai-Regular"]

# ---- Head styles: three tiers, the largest that fits its area is taken ---------------
# (kicker, headline, subhead): (size, leading)
TIERS = [
    ("", {"kicker": (15.0, 22.0), "headline": (30.0, 38.0), "subhead": (13.0, 19.0)}),
    ("_m", {"kicker": (13.0, 19.0), "headline": (24.0, 30.0), "subhead": (12.0, 17.0)}),
    ("_s", {"kicker": (11.0, 16.0), "headline": (18.0, 23.0), "subhead": (10.5, 15.0)}),
]

STYLES = """\
[styles]
body = { font = "song", size = 9.0, indent = 2.0 }
lead = { font = "hei_bold", size = 9.0 }
caption = { font = "kai", size = 9.0 }
credit = { font = "kai", size = 9.0, align = "right" }
kicker = { font = "hei", size = 15.0, align = "center", leading = 22.0 }
headline = { font = "song_black", size = 30.0, align = "center", leading = 38.0 }
subhead = { font = "hei", size = 13.0, align = "center", leading = 19.0 }
kicker_m = { font = "hei", size = 13.0, align = "center", leading = 19.0 }
headline_m = { font = "song_bold", size = 24.0, align = "center", leading = 30.0 }
subhead_m = { font = "hei", size = 12.0, align = "center", leading = 17.0 }
kicker_s = { font = "hei", size = 11.0, align = "center", leading = 16.0 }
headline_s = { font = "song_bold", size = 18.0, align = "center", leading = 23.0 }
subhead_s = { font = "hei", size = 10.5, align = "center", leading = 15.0 }
psa_large = { font = "kai", size = 32.0, align = "center", color = [0, 100, 100, 0], leading = 48.0 }
psa = { font = "kai", size = 20.0, align = "center", color = [0, 100, 100, 0], leading = 30.0 }
psa_label = { font = "hei", size = 9.0, align = "center", leading = 13.5 }
"""
FRONT_STYLES = """\
nameplate = { font = "song_black", size = 72.0, align = "center", color = [0, 100, 100, 0], leading = 80.0 }
ear = { font = "hei_bold", size = 12.0, align = "center", leading = 18.0 }
ear_small = { font = "hei", size = 10.0, align = "center", leading = 15.0 }
"""
RUNNING_STYLES = """\
running_left = { font = "hei", size = 9.0, align = "left", leading = 13.5 }
running_right = { font = "hei", size = 9.0, align = "right", leading = 13.5 }
"""

# The seed's five decks: the original line breaks, and narrower ones for narrow areas.
# NARROW lists other breaks of a kicker, headline or subhead, tried when the original does not fit.
NARROW = {
    "A1": {},
    "A2": {},
    "A3": {"kicker": [["充分发挥组织教育引导", "团结职工积极作用"]],
           "headline": [["省政府办公厅转发省总工会等部门", "《关于加强职工服务阵地",
                         "建设运行管理意见》"],
                        ["省政府办公厅转发", "省总工会等部门", "《关于加强职工",
                         "服务阵地建设", "运行管理意见》"]]},
    "A4": {"kicker": [["网聚职工正能量", "争做中国好网民"]],
           "headline": [["我省各级工会获", "26个全国级奖项"]]},
    "A5": {"subhead": [["杭州今后每年举办", "这项活动"]]},
}

CREDITS = {
    "a1": "Aitzol Berasategi 摄（CC BY 4.0）",
    "a2": "Jakub Mede 摄（CC BY 4.0）",
    None: "本报制图",
}

PSA = [
    "劳动最光荣 / 劳动最崇高 / 劳动最伟大 / 劳动最美丽",
    "弘扬劳模精神 / 弘扬劳动精神 / 弘扬工匠精神",
    "倾情关注劳动群体 / 全心服务工会组织",
    "浙工之家 / 掌上娘家",
]

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """1–99 in Chinese numerals: 三, 十二, 二十."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


# ---- Widths (in ems), as estimated before the engine sets anything ---------------------

FULL_WIDTH_ASCII = set(",:;()?!")


def char_widths(text):
    """Estimated advance of each character in ems, ASCII wire punctuation made full width."""
    out = []
    prev_latin = None
    for c in text:
        if c in FULL_WIDTH_ASCII:
            w = 1.0
        elif c == " ":
            w = 0.0  # spaces between Chinese are taken out
        elif c.isascii():
            w = 0.6
        else:
            w = 1.0
        latin = c.isascii() and c.isalnum()
        if prev_latin is not None and latin != prev_latin and c != " ":
            w += 0.25  # the ¼ em between Han and Latin
        prev_latin = latin if c != " " else prev_latin
        out.append(w)
    return out


def width(text):
    return sum(char_widths(text))


NO_START = set("，。、；：？！”’）》」』〉】…—·,.;:?!)")
NO_END = set("“‘（《「『〈【(")


def flow_lines(paragraphs, slots):
    """How many lines of the thread `slots` [(measure, lines)] the paragraphs take (the
    slots' lines in turn), or None if they do not fit."""
    si, row = 0, 0
    for para in paragraphs:
        chars = list(para)
        widths = char_widths(para)
        i, first = 0, True
        while i < len(chars):
            if si >= len(slots):
                return None
            measure, lines = slots[si]
            room = measure - (2.0 if first else 0.0)
            j, used = i, 0.0
            while j < len(chars) and used + widths[j] <= room + 1e-9:
                used += widths[j]
                j += 1
            if j < len(chars) and j > i + 1 and chars[j] in NO_START:
                j -= 1
            if j < len(chars) and j > i + 1 and chars[j - 1] in NO_END:
                j -= 1
            i = max(j, i + 1)
            first = False
            row += 1
            if row >= lines:
                si, row = si + 1, 0
    return sum(l for _, l in slots[:si]) + row


# ---- Geometry ---------------------------------------------------------------------------

def area(column, span, line, lines=1):
    return {"column": column, "span": span, "line": line, "lines": lines}


def measure_chars(span):
    return span * COLUMN_CHARS + (span - 1) * GUTTER_CHARS


def area_width_pt(span):
    return measure_chars(span) * BODY


def cells(a):
    return {(c, l) for c in range(a["column"], a["column"] + a["span"])
            for l in range(a["line"], a["line"] + a["lines"])}


def toml_area(a):
    parts = [f"column = {a['column']}"]
    if a["span"] != 1:
        parts.append(f"span = {a['span']}")
    parts.append(f"line = {a['line']}")
    if a["lines"] != 1:
        parts.append(f"lines = {a['lines']}")
    return "{ " + ", ".join(parts) + " }"


def cols(first, count, line, lines):
    """`count` one-column blocks side by side from column `first`."""
    return [area(first + i, 1, line, lines) for i in range(count)]


class Slot:
    """An article's place on a page: head, optional photo, blocks."""

    def __init__(self, head, blocks, photo=None):
        self.head, self.blocks, self.photo = head, blocks, photo


def layout_front(t):
    """Page 1 (t = 9) and layout A (t = 2): two stacks, columns 1–5 and 6–8, each
    topped by an article with a photo; two articles of level columns under them, and at
    the foot a third (inside pages: beside a notice in columns 1–2)."""
    b = LINES
    slots = [
        Slot(area(1, 5, t, 9), [area(4, 1, t + 9, 35), area(5, 1, t + 9, 35),
                                area(1, 3, t + 33, 11)], photo=area(1, 3, t + 9, 24)),
        Slot(area(6, 3, t, 11), [area(6, 2, t + 35, 23), area(8, 1, t + 35, 23)],
             photo=area(6, 3, t + 11, 24)),
        Slot(area(1, 5, t + 45, 7), cols(1, 5, t + 52, 24)),
        Slot(area(6, 3, t + 59, 9), cols(6, 3, t + 68, b - t - 68)),
    ]
    rules = [("vertical", area(6, 1, t, b - t)), ("horizontal", area(1, 5, t + 44)),
             ("horizontal", area(1, 5, t + 76)), ("horizontal", area(6, 3, t + 58))]
    psa = None
    if t > 2:  # the front: a fifth article across columns 1–5
        slots.append(Slot(area(1, 5, t + 77, 6), cols(1, 5, t + 83, b - t - 83)))
    else:  # inside: a public-service box beside the fifth article
        slots.append(Slot(area(3, 3, t + 77, 8), cols(3, 3, t + 85, b - t - 85)))
        psa = area(1, 2, t + 77, b - t - 77)
        rules.append(("vertical", area(3, 1, t + 77, b - t - 77)))
    return slots, rules, psa


def layout_b(t):
    """Layout B: a banner article across the page, its photo in columns 1–4; under it
    three stacks: columns 1–3 two articles, 4–6 an article with a photo, 7–8 an article
    over a notice."""
    b = LINES
    slots = [
        Slot(area(1, 8, t, 8), cols(5, 4, t + 8, 30), photo=area(1, 4, t + 8, 30)),
        Slot(area(4, 3, t + 39, 9), cols(4, 3, t + 70, b - t - 70),
             photo=area(4, 3, t + 48, 22)),
        Slot(area(1, 3, t + 39, 9), cols(1, 3, t + 48, 26)),
        Slot(area(7, 2, t + 39, 12), cols(7, 2, t + 51, b - t - 51 - 25)),
        Slot(area(1, 3, t + 75, 7), cols(1, 3, t + 82, b - t - 82)),
    ]
    rules = [("horizontal", area(1, 8, t + 38)), ("vertical", area(4, 1, t + 39, b - t - 39)),
             ("vertical", area(7, 1, t + 39, b - t - 39)), ("horizontal", area(1, 3, t + 74))]
    psa = area(7, 2, b - 24, 24)
    rules.append(("horizontal", area(7, 2, b - 25)))
    return slots, rules, psa


def layout_c(t):
    """Layout C: a lead article with a photo over columns 1–6, an article of six level
    columns under it, an article and a notice at the foot; a side column 7–8 of two
    articles, the first with a photo."""
    b = LINES
    slots = [
        Slot(area(1, 6, t, 10), [area(5, 1, t + 10, 36), area(6, 1, t + 10, 36),
                                 area(1, 4, t + 36, 10)], photo=area(1, 4, t + 10, 26)),
        Slot(area(7, 2, t, 12), cols(7, 2, t + 28, 30), photo=area(7, 2, t + 12, 16)),
        Slot(area(1, 6, t + 47, 7), cols(1, 6, t + 54, 22)),
        Slot(area(7, 2, t + 59, 12), cols(7, 2, t + 71, b - t - 71)),
        Slot(area(1, 3, t + 77, 7), cols(1, 3, t + 84, b - t - 84)),
    ]
    rules = [("vertical", area(7, 1, t, b - t)), ("horizontal", area(1, 6, t + 46)),
             ("horizontal", area(1, 6, t + 76)), ("horizontal", area(7, 2, t + 58)),
             ("vertical", area(4, 1, t + 77, b - t - 77))]
    psa = area(4, 3, t + 77, b - t - 77)
    return slots, rules, psa


def layout_d(t):
    """Layout D: bands across the page: a lead article with a five-column photo, two
    articles side by side (the right one with a photo), an article of eight level
    columns at the foot."""
    b = LINES
    slots = [
        Slot(area(1, 8, t, 9), cols(6, 3, t + 9, 32), photo=area(1, 5, t + 9, 32)),
        Slot(area(5, 4, t + 42, 8), [area(7, 1, t + 50, 28), area(8, 1, t + 50, 28),
                                     area(5, 2, t + 70, 8)], photo=area(5, 2, t + 50, 20)),
        Slot(area(1, 4, t + 42, 8), cols(1, 4, t + 50, 28)),
        Slot(area(1, 8, t + 79, 6), cols(1, 8, t + 85, b - t - 85)),
    ]
    rules = [("horizontal", area(1, 8, t + 41)), ("vertical", area(5, 1, t + 42, 36)),
             ("horizontal", area(1, 8, t + 78))]
    return slots, rules, None


def layout_of(page):
    """The page's layout: page 1 the front, then B, C, D, A in turn; with its top line
    under the masthead (9) or the running head (2)."""
    if page == 1:
        return "front", layout_front(9), ("the masthead, then two stacks as in layout A, "
                                           "a fifth article across columns 1–5 at the foot.")
    kind = "BCDA"[(page - 2) % 4]
    make = {"A": layout_front, "B": layout_b, "C": layout_c, "D": layout_d}[kind]
    return kind, make(2), " ".join(make.__doc__.split(":", 1)[1].split())


# ---- The seed ----------------------------------------------------------------------------

def read_article(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, _, body = text.partition("\n\n")
    header = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        header[key] = value
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return header, paragraphs


def seed():
    decks, ring = [], []
    for i in range(1, 6):
        header, paragraphs = read_article(os.path.join(SEED, f"a{i}.txt"))
        decks.append(header)
        ring.extend(paragraphs)
    return decks, ring


def charset():
    """CJK Unified Ideographs that every bundled face has, sorted."""
    common = None
    for face in FACES:
        cmap = TTFont(os.path.join(FONTS, face + ".ttf"), lazy=True).getBestCmap()
        here = {c for c in cmap if 0x4E00 <= c <= 0x9FFF}
        common = here if common is None else common & here
    return [chr(c) for c in sorted(common)]


def drawn_paragraph(chars, rng):
    """The characters in order, a ， every 10–20 of them, a 。 at the end."""
    out, i = [], 0
    while i < len(chars):
        n = rng.randint(10, 20)
        if len(chars) - (i + n) < 6:
            n = len(chars) - i
        out.append("".join(chars[i:i + n]))
        i += n
    return "，".join(out) + "。"


# ---- Heads ---------------------------------------------------------------------------------

def deck_variants(deck, suffix, wide):
    """(kicker, headline, subhead) line lists to try, the original breaks first (in a wide
    area, the headline on one line first), then joined or narrower ones."""
    def lines(key):
        return deck[key].split(" / ") if key in deck else []

    narrow = NARROW[deck["id"]]
    options = {}
    for key in ("kicker", "headline", "subhead"):
        original = lines(key)
        joined = ["　".join(original)] if original else []
        options[key] = [(0, original), (1, joined)] + [(1, alt) for alt in narrow.get(key, [])]
    variants = []
    for ks, k in options["kicker"]:
        for hs, h in options["headline"]:
            numbered = h[:-1] + [h[-1] + suffix]
            for ss, sub in options["subhead"]:
                score = ks + ss + (hs if not wide else (0 if len(h) == 1 else 1))
                if (k, numbered, sub) not in [v for _, v in variants]:
                    variants.append((score, (k, numbered, sub)))
    variants.sort(key=lambda v: v[0])
    return [v for _, v in variants]


def deck_fits(variant, tier, head_area):
    w = area_width_pt(head_area["span"])
    h = head_area["lines"] * PITCH
    total, prev = 0.0, False
    for key, lines in zip(("kicker", "headline", "subhead"), variant):
        if not lines:
            continue
        size, leading = tier[key]
        if any(width(l) * size > w for l in lines):
            return False
        if prev:
            total += 0.3 * size
        total += leading * len(lines)
        prev = True
    return total <= h + 1e-6


def choose_deck(deck, suffix, head_area):
    variants = deck_variants(deck, suffix, head_area["span"] >= 6)
    for name, tier in TIERS:
        for v in variants:
            if deck_fits(v, tier, head_area):
                return name, v
    raise SystemExit(f"deck {deck['id']} fits no tier in {head_area}")


# ---- Photos ----------------------------------------------------------------------------------

def picture_pt(photo_area, caption_lines=2):
    w = area_width_pt(photo_area["span"])
    h = (photo_area["lines"] - caption_lines) * PITCH - (PITCH - BODY)
    return w, h


def crop_to(im, size, focus=(0.5, 0.5), zoom=1.0):
    """The largest crop of `im` with the aspect of `size` (times `zoom`), around `focus`,
    scaled to `size`."""
    tw, th = size
    w, h = im.size
    if w / h > tw / th:
        ch, cw = h, h * tw / th
    else:
        cw, ch = w, w * th / tw
    cw, ch = cw * zoom, ch * zoom
    x = min(max(focus[0] * w - cw / 2, 0), w - cw)
    y = min(max(focus[1] * h - ch / 2, 0), h - ch)
    return im.resize(size, Image.LANCZOS, box=(x, y, x + cw, y + ch))


def tint(im, rgb, amount):
    overlay = Image.new("RGB", im.size, rgb)
    return Image.blend(im, overlay, amount)


def derived(source, focus, zoom, mirror, treat):
    """A picture cut from the seed's photo `source`: mirrored or not, the crop `zoom`
    times the largest one around `focus` (fractions of the width and height), toned."""
    def make(size):
        im = Image.open(os.path.join(SEED, "photos", source + ".jpg")).convert("RGB")
        if mirror:
            im = ImageOps.mirror(im)
        im = crop_to(im, size, focus, zoom)
        if treat == "sepia":
            im = ImageOps.colorize(ImageOps.grayscale(im), "#2b1d0e", "#f3e3c3")
        elif treat == "cool":
            im = tint(im, (40, 90, 160), 0.22)
        elif treat == "warm":
            im = tint(im, (200, 120, 40), 0.18)
        elif treat == "vivid":
            im = ImageEnhance.Color(im).enhance(1.6)
        elif treat == "duotone":
            im = ImageOps.colorize(ImageOps.grayscale(im), "#0b2545", "#e8d5a3")
        elif treat == "contrast":
            im = ImageEnhance.Contrast(im).enhance(1.35)
        return im
    what = f"{source}.jpg, {'mirrored, ' if mirror else ''}crop {zoom:g} around {focus}"
    return source, make, what + (f", {treat}" if treat else "")


def gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size, Image.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def synthetic(kind, seed_value, palette):
    """A picture drawn from nothing: a gradient and shapes of one `kind`, in `palette`
    (top, bottom, and two colours for the shapes)."""
    def make(size):
        rng = random.Random(f"edition16-photo-{seed_value}")
        w, h = size
        im = gradient(size, palette[0], palette[1])
        draw = ImageDraw.Draw(im)
        if kind == "skyline":
            x = 0
            while x < w:
                bw = rng.randint(w // 30, w // 10)
                bh = rng.randint(h // 5, int(h * 0.7))
                draw.rectangle([x, h - bh, x + bw, h], fill=palette[2])
                for wy in range(h - bh + 12, h - 10, 24):
                    for wx in range(x + 8, x + bw - 10, 18):
                        if rng.random() < 0.45:
                            draw.rectangle([wx, wy, wx + 7, wy + 10], fill=palette[3])
                x += bw + rng.randint(2, 12)
            draw.ellipse([w * 0.7, h * 0.1, w * 0.7 + h * 0.16, h * 0.26], fill=palette[3])
        elif kind == "hills":
            for layer in range(4):
                base = h * (0.45 + 0.13 * layer)
                pts = [(0, h)]
                for i in range(13):
                    pts.append((w * i / 12, base - rng.uniform(0, h * 0.18)))
                pts.append((w, h))
                shade = tuple(int(a + (b - a) * layer / 3) for a, b in zip(palette[2], palette[3]))
                draw.polygon(pts, fill=shade)
            im = im.filter(ImageFilter.GaussianBlur(2))
        elif kind == "bokeh":
            for _ in range(60):
                r = rng.randint(h // 30, h // 7)
                x, y = rng.randint(0, w), rng.randint(0, h)
                c = palette[2 + rng.randint(0, 1)]
                draw.ellipse([x - r, y - r, x + r, y + r], fill=c)
            im = im.filter(ImageFilter.GaussianBlur(h // 60))
        elif kind == "waves":
            for k in range(9):
                y0 = h * (0.35 + 0.07 * k)
                pts = [(0, h)]
                phase = rng.uniform(0, 6.28)
                for i in range(41):
                    x = w * i / 40
                    pts.append((x, y0 + h * 0.03 * math.sin(phase + i * 0.5)))
                pts.append((w, h))
                shade = tuple(int(a + (b - a) * k / 8) for a, b in zip(palette[2], palette[3]))
                draw.polygon(pts, fill=shade)
            im = im.filter(ImageFilter.GaussianBlur(1.5))
        elif kind == "tiles":
            n = 8
            for i in range(n):
                for j in range(n * h // w + 1):
                    if rng.random() < 0.55:
                        s = w / n
                        c = palette[2 + (i + j) % 2]
                        draw.rounded_rectangle([i * s + 6, j * s + 6, (i + 1) * s - 6,
                                                (j + 1) * s - 6], radius=s / 6, fill=c)
            im = im.filter(ImageFilter.GaussianBlur(1))
        elif kind == "gears":
            for _ in range(7):
                r = rng.randint(h // 10, h // 4)
                x, y = rng.randint(0, w), rng.randint(0, h)
                teeth = rng.randint(8, 14)
                pts = []
                for i in range(teeth * 2):
                    a = 3.14159265 * i / teeth
                    rr = r if i % 2 == 0 else r * 0.8
                    pts.append((x + rr * math.cos(a),
                                y + rr * math.sin(a)))
                draw.polygon(pts, fill=palette[2])
                draw.ellipse([x - r * 0.3, y - r * 0.3, x + r * 0.3, y + r * 0.3],
                             fill=palette[3])
            im = im.filter(ImageFilter.GaussianBlur(1.2))
        return im
    return None, make, f"drawn: {kind}"


# One recipe per photo, in the order the pages ask for them: each photo of the edition
# is a different picture.
RECIPES = [
    derived("a1", (0.5, 0.5), 1.0, False, None),
    derived("a2", (0.5, 0.45), 1.0, False, None),
    synthetic("skyline", 1, [(120, 170, 220), (250, 200, 150), (40, 50, 70), (250, 220, 120)]),
    derived("a2", (0.4, 0.6), 0.7, True, "warm"),
    derived("a1", (0.45, 0.55), 0.75, True, "sepia"),
    synthetic("hills", 2, [(180, 210, 240), (240, 240, 220), (60, 110, 70), (20, 50, 30)]),
    derived("a1", (0.6, 0.4), 0.6, False, "cool"),
    derived("a2", (0.6, 0.35), 0.65, False, "duotone"),
    synthetic("bokeh", 3, [(20, 20, 50), (70, 20, 60), (240, 180, 80), (200, 80, 120)]),
    derived("a1", (0.3, 0.6), 0.55, True, "vivid"),
    synthetic("waves", 4, [(200, 230, 250), (250, 250, 240), (30, 120, 180), (10, 40, 90)]),
    derived("a2", (0.3, 0.3), 0.55, True, "contrast"),
    synthetic("tiles", 5, [(230, 225, 210), (200, 195, 180), (180, 60, 50), (40, 90, 140)]),
    derived("a1", (0.7, 0.7), 0.5, False, "duotone"),
    synthetic("gears", 6, [(90, 95, 105), (170, 175, 180), (200, 150, 60), (60, 60, 70)]),
    derived("a2", (0.7, 0.65), 0.5, False, "sepia"),
    synthetic("hills", 7, [(250, 200, 160), (250, 235, 200), (140, 80, 90), (60, 30, 50)]),
    derived("a1", (0.5, 0.3), 0.65, True, "warm"),
    synthetic("skyline", 8, [(20, 30, 60), (80, 60, 110), (10, 10, 20), (250, 210, 90)]),
]


def make_photo(recipe, photo_area, path):
    w_pt, h_pt = picture_pt(photo_area)
    size = (round(w_pt / 72 * PHOTO_PPI), round(h_pt / 72 * PHOTO_PPI))
    source, make, what = recipe
    os.makedirs(os.path.dirname(path), exist_ok=True)
    im = make(size)
    assert im.size == size and im.mode == "RGB"
    # Baseline JPEG, no Exif: quality 85, or less where that makes a file over 150 KB
    # (a busy picture, large).
    for quality in range(JPEG_QUALITY, 60, -5):
        im.save(path, "JPEG", quality=quality, optimize=False, progressive=False)
        if os.path.getsize(path) <= MAX_PHOTO_BYTES:
            break
    return source, size, f"{what}; quality {quality}"


# ---- Bodies --------------------------------------------------------------------------------

def cut(p, fits_with):
    """`p` whole if `fits_with(p)`, else up to its last sentence that fits, or up to a
    clause (ended with 。) where that fills two more lines; None if nothing fits."""
    if fits_with(p):
        return p

    def longest(marks):
        for k in range(len(p) - 2, 12, -1):
            if p[k] in marks:
                text = p[:k + 1] if p[k] in "。！？" else p[:k] + "。"
                if fits_with(text):
                    return text
        return None

    sentence, clause = longest("。！？；"), longest("。！？；,，")
    if clause and (not sentence or len(clause) - len(sentence) > 2 * COLUMN_CHARS):
        return clause
    return sentence


def fill_body(ring, cursor, lead, blocks, drawn):
    """An article's paragraphs: the ring's paragraph at `cursor` (after the lead-in), the
    drawn paragraph if any, then the ring's next paragraphs, the last cut at a sentence,
    until the blocks are full but for a line (the estimate is close, not exact). Returns
    the paragraphs and the cursor after them."""
    thread = [(measure_chars(b["span"]), b["lines"]) for b in blocks]
    thread[-1] = (thread[-1][0], thread[-1][1] - 1)
    lead_in = lead.replace(" ", "　") + "　"

    def fits(paragraphs):
        return flow_lines([lead_in + paragraphs[0]] + paragraphs[1:], thread) is not None

    first = cut(ring[cursor], lambda p: fits([p] + drawn))
    if first is None:
        raise SystemExit(f"no text fits the blocks {blocks}")
    body = [first] + drawn
    cursor = (cursor + 1) % len(ring)
    while True:
        whole = ring[cursor]
        p = cut(whole, lambda p: fits(body + [p]))
        if p is None:
            break
        body.append(p)
        cursor = (cursor + 1) % len(ring)
        if p != whole:
            break
    lines = flow_lines([lead_in + body[0]] + body[1:],
                       [(measure_chars(b["span"]), b["lines"]) for b in blocks])
    return body, cursor, lines


# ---- Writing -------------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def check_geometry(page, elements):
    """Every area inside the grid; no two placed elements share a cell."""
    taken = {}
    for name, a in elements:
        assert 1 <= a["column"] and a["column"] + a["span"] - 1 <= COLUMNS, (page, name, a)
        assert 0 <= a["line"] and a["line"] + a["lines"] <= LINES, (page, name, a)
        for cell in cells(a):
            if cell in taken:
                raise SystemExit(f"page {page}: {name} overlaps {taken[cell]} at {cell}")
            taken[cell] = name


def caption_fits(caption, credit, span, lines=2):
    """Whether the caption and the credit (on the caption's last line if it leaves a
    one-character gap, else on the next) fit `lines` lines."""
    m = measure_chars(span)
    full, rest = divmod(width(caption), m)
    rows = int(full) + (1 if rest > 0 else 0)
    last = rest if rest > 0 else m
    if last + 1 + width(credit) > m:
        rows += 1
    return rows <= lines


def article_toml(aid, file, slot, tier, photo):
    lines = ["[[article]]", f'id = "{aid}"']
    if len(slot.blocks) > 1 and len({(b["span"], b["line"], b["lines"]) for b in slot.blocks}) == 1:
        lines.append("balance = true")  # side by side, equal: the columns end level
    lines.append(f'file = "{file}"')
    lines.append(f"head = {toml_area(slot.head)}")
    if tier:
        lines.append(f'styles = {{ kicker = "kicker{tier}", headline = "headline{tier}", '
                     f'subhead = "subhead{tier}" }}')
    if photo:
        lines.append(f"photo = {toml_area(photo)}")
        lines.append("caption_lines = 2")
    lines.append("blocks = [")
    lines += [f"  {toml_area(b)}," for b in slot.blocks]
    lines.append("]")
    return "\n".join(lines)


def notice(page, n, box):
    """A public-service notice in `box` (an empty photo slot, or the layout's own): its
    text boxes and frame."""
    slogan = PSA[(page + n) % len(PSA)]
    label = area(box["column"], box["span"], box["line"] + box["lines"] - 2, 1)
    inner = area(box["column"], box["span"], box["line"] + 1, box["lines"] - 4)
    count = slogan.count(" / ") + 1
    widest = max(width(l) for l in slogan.split(" / "))
    for style, size, leading in (("psa_large", 32.0, 48.0), ("psa", 20.0, 30.0)):
        if count * leading <= inner["lines"] * PITCH and widest * size <= area_width_pt(box["span"]):
            break
    else:
        raise SystemExit(f"page {page}: the notice does not fit {box}")
    texts = [(slogan, style, inner), ("公益广告", "psa_label", label)]
    # A frame, not a tint: the engine draws rules over the furniture text boxes, so a
    # fill would hide the slogan.
    rules = [("box", box, 1.0, "[0, 100, 100, 0]")]
    return texts, rules


def spec_toml(page, kind, doc, texts, rules, articles):
    out = ["#:schema ../../layouts/schema/spec.schema.json",
           f"# {PAPER}, {DATE}, page {page} ({NAMES[page - 1]}) of the 16-page benchmark edition.",
           *textwrap.wrap(f"Layout {kind}: {doc}", 88, initial_indent="# ",
                          subsequent_indent="# "),
           "# Written by generate.py: change that and run it again rather than editing this file.",
           "",
           "[page]",
           f'name = "{PAPER} 2023年1月18日 第{page}版"',
           "width = 390.0",
           "height = 540.0",
           "top = 13.0",
           "",
           "[grid]",
           f"columns = {COLUMNS}",
           f"column_chars = {COLUMN_CHARS}",
           f"gutter_chars = {GUTTER_CHARS}",
           f"body_size = {BODY}",
           f"line_pitch = {PITCH}",
           f"lines = {LINES}",
           "",
           "[fonts]",
           'song = "../../fonts/NotoSerifSC-Regular.ttf"',
           'song_bold = "../../fonts/NotoSerifSC-Bold.ttf"',
           'song_black = "../../fonts/NotoSerifSC-Black.ttf"',
           'hei = "../../fonts/NotoSansSC-Regular.ttf"',
           'hei_bold = "../../fonts/NotoSansSC-Bold.ttf"',
           'kai = "../../fonts/NewsKai-Regular.ttf"',
           "",
           STYLES + (FRONT_STYLES if page == 1 else RUNNING_STYLES).rstrip("\n")]
    for text, style, a in texts:
        out += ["", "[[text]]", f'text = "{text}"', f'style = "{style}"', f"area = {toml_area(a)}"]
    for kind_, a, weight, color in rules:
        out += ["", "[[rule]]", f'kind = "{kind_}"', f"area = {toml_area(a)}", f"weight = {weight}"]
        if color:
            out.append(f"color = {color}")
    for art in articles:
        out += ["", art]
    return "\n".join(out) + "\n"


# ---- The edition ---------------------------------------------------------------------------

def make_page(page, decks, ring, drawn, recipes, report):
    """Writes page `page`'s spec, articles and photos."""
    kind, (slots, rules, psa), doc = layout_of(page)
    folder = f"p{page:02d}"
    suffix = f"（{cn_number(page)}）"
    rng = random.Random(f"edition16-page-{page}")
    half = len(drawn) // 2
    drawn_paragraphs = [drawn_paragraph(drawn[:half], rng), drawn_paragraph(drawn[half:], rng)]
    report.append(f"page {page}: layout {kind}, {len(slots)} articles, "
                  f"drawn characters {drawn[0]}…{drawn[-1]} ({len(drawn)})")

    photo_slots = [i for i, s in enumerate(slots) if s.photo]
    with_photo = set()
    if page not in NO_PHOTO:
        with_photo = set(photo_slots[:2 if page in TWO_PHOTOS else 1])
    # The two articles with the most room take the drawn paragraphs.
    room = [sum(measure_chars(b["span"]) * b["lines"] for b in s.blocks) for s in slots]
    takers = sorted(range(len(slots)), key=lambda i: -room[i])[:2]
    captions = [d["caption"] for d in decks if "caption" in d]

    cursor = (2 * (page - 1)) % len(ring)  # each page starts two paragraphs on
    elements, articles, boxes = [], [], [psa] if psa else []
    for i, s in enumerate(slots):
        aid, name = f"A{i + 1}", f"a{i + 1}"
        deck = decks[(page - 1 + i) % len(decks)]
        tier, (kicker, headline, subhead) = choose_deck(deck, suffix, s.head)
        header = [f"id: {aid}"]
        if kicker:
            header.append("kicker: " + " / ".join(kicker))
        header.append("headline: " + " / ".join(headline))
        if subhead:
            header.append("subhead: " + " / ".join(subhead))
        header.append(f"lead: {deck['lead']}")

        photo = s.photo if i in with_photo else None
        if s.photo and not photo:
            boxes.append(s.photo)  # no photo here: a notice takes its place
        if photo:
            path = os.path.join(HERE, folder, "photos", f"{name}.jpg")
            source, size, what = make_photo(next(recipes), photo, path)
            caption, credit = captions[(page + i) % len(captions)], CREDITS[source]
            if not caption_fits(caption, credit, photo["span"]):
                caption = caption.split(",")[-1]
            assert caption_fits(caption, credit, photo["span"]), (page, aid, caption)
            header += [f"photo: photos/{name}.jpg", f"caption: {caption}", f"credit: {credit}"]
            w_pt, _ = picture_pt(photo)
            report.append(f"  {folder}/photos/{name}.jpg: {size[0]}×{size[1]} px, "
                          f"{os.path.getsize(path)} bytes, {size[0] / (w_pt / 72):.0f} ppi ({what})")

        drawn_here = [drawn_paragraphs[takers.index(i)]] if i in takers else []
        try:
            body, cursor, used = fill_body(ring, cursor, deck["lead"], s.blocks, drawn_here)
        except SystemExit as e:
            raise SystemExit(f"page {page} {aid}: {e}")
        total = sum(b["lines"] for b in s.blocks)
        report.append(f"  {folder}/{name}.txt: heads{tier or '_l'}, {sum(len(p) for p in body)} "
                      f"characters, about {used} of {total} lines"
                      + (", a drawn paragraph" if drawn_here else ""))
        write(os.path.join(HERE, folder, f"{name}.txt"),
              "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n")

        elements.append((f"{aid} head", s.head))
        if photo:
            elements.append((f"{aid} photo", photo))
        elements += [(f"{aid} block {n}", b) for n, b in enumerate(s.blocks)]
        articles.append(article_toml(aid, f"{folder}/{name}.txt", s, tier, photo))

    # Furniture: the masthead, or the running head (flush left on even pages, flush right
    # on odd ones, as the outer edge of a spread); notices.
    if page == 1:
        texts = [("{paper}", "nameplate", area(1, 4, 0, 7)),
                 ("{date}　{weekday}　农历{lunar_date}", "ear", area(5, 4, 1, 3)),
                 ("总第{issue_number}号　今日16版　第{page}版　{page_name}", "ear_small",
                  area(5, 4, 4, 2))]
        rule_list = [("horizontal", area(1, 8, 8), 2.0, "[0, 100, 100, 0]")]
    else:
        texts = [("{paper}　{date}　{weekday}　第{page}版　{page_name}",
                  "running_left" if page % 2 == 0 else "running_right", area(1, 8, 0, 1))]
        rule_list = [("horizontal", area(1, 8, 1), 0.75, None)]
    for n, box in enumerate(boxes):
        t, r = notice(page, n, box)
        texts += t
        rule_list += r
    rule_list += [(k, a, 0.5, None) for k, a in rules]
    elements += [(f"text {n}", a) for n, (_, _, a) in enumerate(texts)]
    check_geometry(page, elements)
    write(os.path.join(HERE, f"page{page:02d}.toml"),
          spec_toml(page, kind, doc, texts, rule_list, articles))


def generate():
    decks, ring = seed()
    chars = charset()
    slices = [chars[len(chars) * k // PAGES: len(chars) * (k + 1) // PAGES] for k in range(PAGES)]
    recipes = iter(RECIPES)
    report = []
    entries = []
    for page in range(1, PAGES + 1):
        make_page(page, decks, ring, slices[page - 1], recipes, report)
        entry = ["[[page]]", f'label = "{page}"', f'name = "{NAMES[page - 1]}"',
                 f'spec = "page{page:02d}.toml"']
        if page in MONO:
            entry.append('color = "mono"')
        entries.append("\n".join(entry))

    edition = ["#:schema ../../layouts/schema/edition.schema.json",
               "# The 16-page benchmark edition: 16 distinct pages, two of them mono (see",
               "# README.md). Written by generate.py. From the repository's root:",
               "#   broadsheet render benches/edition16/edition.toml -o issue.pdf",
               "",
               "[edition]",
               f'paper = "{PAPER}"',
               f'date = "{DATE}"',
               f"number = {NUMBER}",
               'files = "{date}-{label}.pdf"   # --pages DIR: 20230118-1.pdf …',
               ""]
    write(os.path.join(HERE, "edition.toml"),
          "\n".join(edition) + "\n" + "\n\n".join(entries) + "\n")
    print("\n".join(report))
    print(f"{len(chars)} characters in the set, {len(slices[0])}–{len(slices[-1])} a page")


if __name__ == "__main__":
    sys.exit(generate())
