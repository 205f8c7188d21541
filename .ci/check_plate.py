#!/usr/bin/env python3
"""Checks a plate (a PDF broadsheet wrote) with Debian's tools, which share no code with it.

Usage:
  check_plate.py PDF --profile pdfx-1a|pdfx-4 [--min-ppi 170]
  check_plate.py PDF --separations [--dpi 72] [--ink-limit PCT]

Plate mode (poppler-utils and qpdf):
  - `qpdf --check` finds no errors and no warnings (exit status 0);
  - `pdfinfo`: `PDF subtype:` is PDF/X-1:2001 (pdfx-1a) or PDF/X-4 (pdfx-4); the PDF
    version is 1.3 (pdfx-1a) or at most 1.6 (pdfx-4);
  - every page's dictionary (`qpdf --show-object`) has its own /TrimBox and /BleedBox
    (pdfinfo would print defaults for missing ones), and `pdfinfo -box -f 1 -l N` gives
    TrimBox ⊆ BleedBox ⊆ MediaBox on every page, within 0.01 pt;
  - `pdffonts`: every font `emb yes` and `sub yes`;
  - `pdfimages -list`: no image whose colour is `rgb`, `icc` or `lab`, and every image's
    x-ppi and y-ppi at least --min-ppi (default 170, broadsheet's own default).

Separations mode (Ghostscript):
  - `gs -sDEVICE=tiffsep -sCompression=none` writes a composite and one 8-bit TIFF per
    separation for each page; a plate for CMYK must have exactly the four process
    separations Cyan, Magenta, Yellow, Black (another one is a spot colour);
  - the separations are read with the small TIFF reader below (uncompressed, 8-bit, one
    sample per pixel, strips) and every one must have the composite's size;
  - it prints, per page, each plate's coverage and highest ink and the page's total ink
    (C+M+Y+K per pixel): maximum and 99.9th percentile; with --ink-limit the 99.9th
    percentile must not exceed it.

  In a tiffsep separation file 255 means NO ink: Ghostscript 10 writes them with
  PhotometricInterpretation 1 (BlackIsZero), so a pixel without ink is white (255) and a
  solid one black (0). The reader turns every separation into ink values (0 = none,
  255 = 100 %) from its Photometric tag, so callers never see the file's convention
  (WhiteIsZero files, Photometric 0, are taken as they are).

One line per check passed; on any failure a `FAIL:` line saying what and where, and exit
status 1 (2 for a bad command line or a tool that cannot run).
"""
import argparse
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

TOLERANCE_PT = 0.01
PROCESS = ("Cyan", "Magenta", "Yellow", "Black")


def run(*args):
    try:
        return subprocess.run(args, check=False, capture_output=True)
    except FileNotFoundError:
        sys.exit(f"check_plate: `{args[0]}` is not installed (Debian: poppler-utils, qpdf, "
                 f"ghostscript)")


def text(proc):
    return proc.stdout.decode("utf-8", "replace")


class Checks:
    """Collects the outcome of each check; one line each."""

    def __init__(self):
        self.failures = 0

    def ok(self, msg):
        print(f"ok   {msg}")

    def fail(self, msg):
        self.failures += 1
        print(f"FAIL: {msg}")

    def check(self, cond, ok_msg, fail_msg):
        if cond:
            self.ok(ok_msg)
        else:
            self.fail(fail_msg)
        return cond


# ---- plate mode ---------------------------------------------------------------------

def pdfinfo_fields(pdf):
    p = run("pdfinfo", pdf)
    if p.returncode != 0:
        return None, p.stderr.decode("utf-8", "replace")
    fields = {}
    for line in text(p).splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith(" ") and key not in fields:
            fields[key.strip()] = value.strip()
    return fields, ""


def page_boxes(pdf, pages):
    """{page: {box name: (llx, lly, urx, ury)}} from `pdfinfo -box -f 1 -l N`."""
    out = text(run("pdfinfo", "-box", "-f", "1", "-l", str(pages), pdf))
    boxes = {}
    pat = re.compile(r"^Page\s+(\d+)\s+(MediaBox|CropBox|BleedBox|TrimBox|ArtBox):\s+"
                     r"(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*$")
    for line in out.splitlines():
        m = pat.match(line)
        if m:
            boxes.setdefault(int(m[1]), {})[m[2]] = tuple(float(m[i]) for i in range(3, 7))
    return boxes


def inside(inner, outer, tol=TOLERANCE_PT):
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def qpdf_pages(pdf):
    """The pages of `qpdf --json` (object, contents, images), or None."""
    p = run("qpdf", "--json", "--json-key=pages", pdf)
    if p.returncode not in (0, 3):  # 3: warnings
        return None
    try:
        return json.loads(text(p))["pages"]
    except (ValueError, KeyError):
        return None


def objnum(ref):
    return ref.split()[0]


def plate_checks(pdf, profile, min_ppi):
    c = Checks()

    q = run("qpdf", "--check", pdf)
    out = text(q) + q.stderr.decode("utf-8", "replace")
    c.check(q.returncode == 0 and "No syntax or stream encoding errors" in out,
            "qpdf --check: no syntax or stream encoding errors",
            f"qpdf --check (exit {q.returncode}):\n{out.strip()}")

    fields, err = pdfinfo_fields(pdf)
    if fields is None:
        c.fail(f"pdfinfo cannot read the file: {err.strip()}")
        return c.failures
    want_subtype = {"pdfx-1a": "PDF/X-1:2001", "pdfx-4": "PDF/X-4"}[profile]
    subtype = fields.get("PDF subtype", "(none)")
    c.check(subtype == want_subtype, f"pdfinfo: PDF subtype {subtype}",
            f"pdfinfo: PDF subtype is {subtype!r}, {profile} needs {want_subtype!r}")
    version = fields.get("PDF version", "?")
    try:
        v = tuple(int(x) for x in version.split("."))
    except ValueError:
        v = (99, 99)
    if profile == "pdfx-1a":
        c.check(v == (1, 3), f"pdfinfo: PDF version {version}",
                f"pdfinfo: PDF version {version}, PDF/X-1a:2001 needs 1.3")
    else:
        c.check(v <= (1, 6), f"pdfinfo: PDF version {version} (at most 1.6)",
                f"pdfinfo: PDF version {version}, PDF/X-4 allows at most 1.6")

    pages = int(fields.get("Pages", "0") or 0)
    if not c.check(pages > 0, f"pdfinfo: {pages} page(s)", "pdfinfo: no pages"):
        return c.failures

    # Each page states its own TrimBox and BleedBox (pdfinfo prints the CropBox for
    # missing ones, so presence is read from the page dictionary).
    qpages = qpdf_pages(pdf)
    if qpages is None or len(qpages) != pages:
        c.fail(f"qpdf --json: cannot list the pages (expected {pages})")
    else:
        missing = []
        for i, pg in enumerate(qpages, 1):
            d = text(run("qpdf", f"--show-object={objnum(pg['object'])}", pdf))
            for key in ("/TrimBox", "/BleedBox", "/MediaBox"):
                if key not in d:
                    missing.append(f"page {i} has no {key} of its own")
        c.check(not missing, f"page dictionaries: /MediaBox, /BleedBox, /TrimBox on all "
                f"{pages} page(s)", "; ".join(missing))

    boxes = page_boxes(pdf, pages)
    problems = []
    for n in range(1, pages + 1):
        b = boxes.get(n, {})
        if not all(k in b for k in ("MediaBox", "BleedBox", "TrimBox")):
            problems.append(f"page {n}: pdfinfo -box printed no Media/Bleed/TrimBox")
            continue
        if not inside(b["TrimBox"], b["BleedBox"]):
            problems.append(f"page {n}: TrimBox {b['TrimBox']} not inside BleedBox {b['BleedBox']}")
        if not inside(b["BleedBox"], b["MediaBox"]):
            problems.append(f"page {n}: BleedBox {b['BleedBox']} not inside MediaBox {b['MediaBox']}")
    if c.check(not problems, f"pdfinfo -box: TrimBox ⊆ BleedBox ⊆ MediaBox on all {pages} "
               f"page(s) (±{TOLERANCE_PT} pt)", "; ".join(problems)):
        for n in range(1, pages + 1):
            b = boxes[n]
            print(f"     page {n}: Trim {fmt_box(b['TrimBox'])}  Bleed {fmt_box(b['BleedBox'])}"
                  f"  Media {fmt_box(b['MediaBox'])}")

    p = run("pdffonts", pdf)
    rows = text(p).splitlines()[2:]
    bad = []
    for line in rows:
        cols = line.split()
        # name type… encoding emb sub uni objnum gen: count from the right.
        if len(cols) < 7 or (cols[-5], cols[-4]) != ("yes", "yes"):
            bad.append(line.strip())
    if p.returncode != 0:
        c.fail(f"pdffonts (exit {p.returncode}): {p.stderr.decode('utf-8', 'replace').strip()}")
    else:
        c.check(not bad, f"pdffonts: {len(rows)} font(s), every one emb yes, sub yes",
                "pdffonts: fonts not embedded as subsets:\n  " + "\n  ".join(bad))

    p = run("pdfimages", "-list", pdf)
    rows = text(p).splitlines()[2:]
    bad_color, low = [], []
    ppis = []
    for line in rows:
        cols = line.split()
        if len(cols) < 14:
            bad_color.append(f"unreadable row: {line}")
            continue
        page, num, kind, color = cols[0], cols[1], cols[2], cols[5]
        xppi, yppi = float(cols[12]), float(cols[13])
        where = f"page {page} image {num} ({kind}, object {cols[10]})"
        if color in ("rgb", "icc", "lab"):
            bad_color.append(f"{where}: colour {color}")
        if xppi < min_ppi or yppi < min_ppi:
            low.append(f"{where}: {xppi:g} × {yppi:g} ppi")
        ppis.append(min(xppi, yppi))
    if p.returncode != 0:
        c.fail(f"pdfimages -list (exit {p.returncode}): "
               f"{p.stderr.decode('utf-8', 'replace').strip()}")
    else:
        colours = sorted({ln.split()[5] for ln in rows if len(ln.split()) > 5})
        c.check(not bad_color, f"pdfimages: {len(rows)} image(s), colour "
                f"{'/'.join(colours) or '-'}; none rgb, icc or lab",
                "pdfimages: " + "; ".join(bad_color))
        c.check(not low, f"pdfimages: every image at least {min_ppi:g} ppi"
                + (f" (lowest {min(ppis):g})" if ppis else ""),
                f"pdfimages: below {min_ppi:g} ppi: " + "; ".join(low))
    return c.failures


def fmt_box(b):
    return "[" + " ".join(f"{x:.2f}" for x in b) + "]"


# ---- separations ---------------------------------------------------------------------

class Tiff:
    """An uncompressed 8-bit TIFF, strips, chunky; `ink` holds one byte per pixel and
    sample with 0 = no ink and 255 = full ink, whatever the file's Photometric says."""

    def __init__(self, path):
        data = open(path, "rb").read()
        if data[:4] not in (b"II*\x00", b"MM\x00*"):
            raise ValueError(f"{path}: not a TIFF")
        bo = "<" if data[:2] == b"II" else ">"
        (ifd,) = struct.unpack(bo + "I", data[4:8])
        (n,) = struct.unpack(bo + "H", data[ifd:ifd + 2])
        sizes = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1}
        tags = {}
        for i in range(n):
            e = ifd + 2 + 12 * i
            tag, typ, count = struct.unpack(bo + "HHI", data[e:e + 8])
            if typ not in (3, 4):
                continue  # only SHORT and LONG tags matter here
            size = sizes[typ] * count
            at = e + 8 if size <= 4 else struct.unpack(bo + "I", data[e + 8:e + 12])[0]
            fmt = bo + ("H" if typ == 3 else "I") * count
            tags[tag] = struct.unpack(fmt, data[at:at + size])
        self.path = path
        self.width, self.height = tags[256][0], tags[257][0]
        bits = tags.get(258, (1,))
        compression = tags.get(259, (1,))[0]
        self.photometric = tags[262][0]
        self.samples = tags.get(277, (1,))[0]
        planar = tags.get(284, (1,))[0]
        if any(b != 8 for b in bits) or compression != 1 or (planar != 1 and self.samples > 1):
            raise ValueError(f"{path}: need uncompressed 8-bit chunky TIFF, have bits {bits}, "
                             f"compression {compression}, planar {planar}")
        offsets, counts = tags[273], tags[279]
        raw = b"".join(data[o:o + c] for o, c in zip(offsets, counts))
        need = self.width * self.height * self.samples
        if len(raw) < need:
            raise ValueError(f"{path}: strips hold {len(raw)} bytes, need {need}")
        raw = raw[:need]
        if self.photometric == 1:      # BlackIsZero: 255 is white, i.e. no ink
            raw = raw.translate(bytes(range(255, -1, -1)))
        elif self.photometric not in (0, 5):  # WhiteIsZero, Separated: 0 is no ink
            raise ValueError(f"{path}: Photometric {self.photometric} not handled")
        self.ink = raw

    def row(self, y, x0=0, x1=None):
        x1 = self.width if x1 is None else x1
        start = y * self.width
        return self.ink[start + x0:start + x1]


def tiffsep(pdf, outdir, dpi):
    """Renders every page with tiffsep; returns [{plate name: Tiff}] (one dict a page,
    with the composite under None). Raises RuntimeError when gs fails."""
    base = os.path.join(outdir, "p%03d.tif")
    p = run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep",
            f"-r{dpi}", "-sCompression=none", f"-sOutputFile={base}", pdf)
    if p.returncode != 0:
        raise RuntimeError(f"gs -sDEVICE=tiffsep failed (exit {p.returncode}): "
                           f"{(text(p) + p.stderr.decode('utf-8', 'replace')).strip()[:2000]}")
    pages = []
    for comp in sorted(glob.glob(os.path.join(outdir, "p[0-9][0-9][0-9].tif"))):
        stem = comp[:-4]
        plates = {None: Tiff(comp)}
        for f in glob.glob(glob.escape(stem) + "(*).tif"):
            plates[f[len(stem) + 1:-5]] = Tiff(f)
        pages.append(plates)
    return pages


def histogram_total(plates, rect=None):
    """Histogram (1021 bins) of C+M+Y+K per pixel, in 8-bit levels summed, over `rect`
    (x0, y0, x1, y1 in pixels, exclusive) or the whole page."""
    c, m, y, k = (plates[n] for n in PROCESS)
    x0, y0, x1, y1 = rect or (0, 0, c.width, c.height)
    hist = [0] * 1021
    for row in range(y0, y1):
        for a, b, d, e in zip(c.row(row, x0, x1), m.row(row, x0, x1),
                              y.row(row, x0, x1), k.row(row, x0, x1)):
            hist[a + b + d + e] += 1
    return hist


def percentile(hist, q):
    """Nearest-rank percentile of a histogram: the smallest level with at least q % of
    the pixels at or below it."""
    total = sum(hist)
    need = q / 100.0 * total
    seen = 0
    for level, n in enumerate(hist):
        seen += n
        if seen >= need and seen > 0:
            return level
    return 0


def top(hist):
    return max((i for i, n in enumerate(hist) if n), default=0)


def pct(levels):
    """8-bit levels (or a sum of them) in percent ink."""
    return levels * 100.0 / 255.0


def separation_checks(pdf, dpi, ink_limit):
    c = Checks()
    tmp = tempfile.mkdtemp(prefix="check_plate.")
    try:
        try:
            pages = tiffsep(pdf, tmp, dpi)
        except (RuntimeError, ValueError) as e:
            c.fail(str(e))
            return c.failures
        c.check(bool(pages), f"gs tiffsep at {dpi} dpi: {len(pages)} page(s)",
                "gs tiffsep wrote no page")
        for n, plates in enumerate(pages, 1):
            names = sorted(k for k in plates if k is not None)
            extra = [k for k in names if k not in PROCESS]
            missing = [k for k in PROCESS if k not in plates]
            if not c.check(not extra and not missing,
                           f"page {n}: separations exactly {', '.join(PROCESS)}",
                           f"page {n}: separations {names}; missing {missing}, "
                           f"not process colours (spot) {extra}"):
                if missing:
                    continue
            comp = plates[None]
            sizes = {(t.width, t.height) for k, t in plates.items()}
            if not c.check(sizes == {(comp.width, comp.height)},
                           f"page {n}: every separation {comp.width}×{comp.height} px, "
                           f"uncompressed 8-bit, read",
                           f"page {n}: separation sizes differ: {sorted(sizes)}"):
                continue
            for name in PROCESS:
                ink = plates[name].ink
                h = [0] * 256
                for v in ink:
                    h[v] += 1
                covered = len(ink) - h[0]
                print(f"     page {n} {name:8} coverage {100.0 * covered / len(ink):6.2f} % "
                      f"of pixels, highest ink {pct(top(h)):5.1f} %")
            hist = histogram_total(plates)
            mx, p999 = pct(top(hist)), pct(percentile(hist, 99.9))
            line = (f"page {n}: total ink C+M+Y+K max {mx:.1f} %, 99.9th percentile "
                    f"{p999:.1f} %")
            if ink_limit is None:
                c.ok(line)
            else:
                c.check(p999 <= ink_limit, f"{line} ≤ {ink_limit:g} %",
                        f"{line} > {ink_limit:g} %")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return c.failures


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("--profile", choices=["pdfx-1a", "pdfx-4"], default=None)
    ap.add_argument("--min-ppi", type=float, default=170.0)
    ap.add_argument("--separations", action="store_true",
                    help="check the Ghostscript tiffsep separations instead")
    ap.add_argument("--dpi", type=int, default=72, help="tiffsep resolution (separations)")
    ap.add_argument("--ink-limit", type=float, default=None,
                    help="highest 99.9th-percentile total ink in percent (separations)")
    a = ap.parse_args(argv)
    if not os.path.isfile(a.pdf):
        ap.error(f"{a.pdf}: no such file")
    if a.separations:
        print(f"check_plate: {a.pdf}, separations (gs tiffsep, {a.dpi} dpi)")
        failures = separation_checks(a.pdf, a.dpi, a.ink_limit)
    else:
        if a.profile is None:
            ap.error("--profile pdfx-1a|pdfx-4 is needed (or --separations)")
        print(f"check_plate: {a.pdf}, profile {a.profile}, min {a.min_ppi:g} ppi")
        failures = plate_checks(a.pdf, a.profile, a.min_ppi)
    if failures:
        print(f"check_plate: {failures} check(s) FAILED for {a.pdf}")
        return 1
    print(f"check_plate: all checks passed for {a.pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
