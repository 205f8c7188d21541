#!/usr/bin/env python3
"""Checks a rendered page with tools that share no code with broadsheet.

- qpdf --check finds no errors;
- pdffonts lists every font as embedded, subset and with a Unicode map;
- pdftotext -raw (content-stream order) contains each paragraph of each article.

Usage: check_pdf.py PAGE.pdf FIXTURE_DIR
"""
import pathlib
import subprocess
import sys

FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!"})


def fold(text):
    return "".join(text.split()).translate(FOLD)


def run(*args):
    return subprocess.run(args, check=False, capture_output=True, text=True)


def main():
    pdf, fixtures = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = []

    q = run("qpdf", "--check", pdf)
    if q.returncode != 0:
        failures.append(f"qpdf --check failed:\n{q.stdout}{q.stderr}")

    fonts = run("pdffonts", pdf).stdout.splitlines()[2:]
    if not fonts:
        failures.append("pdffonts lists no fonts")
    for line in fonts:
        cols = line.split()
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        if (emb, sub, uni) != ("yes", "yes", "yes"):
            failures.append(f"font not embedded+subset+unicode: {line}")

    text = fold(run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-").stdout)
    paragraphs = 0
    for article in sorted(fixtures.glob("a*.txt")):
        body = article.read_text(encoding="utf-8").split("\n\n", 1)[1]
        for para in body.split("\n\n"):
            para = fold(para)
            if not para:
                continue
            paragraphs += 1
            if para not in text:
                failures.append(f"{article.name}: paragraph not in pdftotext output: {para[:30]}…")

    print(f"qpdf: {'ok' if q.returncode == 0 else 'FAILED'}; pdffonts: {len(fonts)} fonts; "
          f"pdftotext: {paragraphs} paragraphs checked")
    for f in failures:
        print("FAIL:", f)
    print(f"{paragraphs - sum(1 for f in failures if 'paragraph' in f)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
