#!/usr/bin/env python3
"""Whole-process timings of `broadsheet render`, as the print desk runs it: a fresh process
each time, nothing cached between runs, PDF/X-1a with the photos converted and the
preflight on.

    cargo build --release
    python3 benches/whole.py [--runs N] [--typst PATH] [--threads 1,2,8] [--cache]
                             [--baseline OLD-BINARY]

Documents:
  1 page    layouts/zjgrrb-front.toml (the reference page)
  2 pages   layouts/zjgrrb-edition.toml (A1 jumping to page 2)
  16 pages  benches/edition16/edition.toml (16 distinct pages, 19 photos)
  64 pages  the 16-page edition four times over in a temporary folder, each copy's
            articles with their paragraphs rotated (distinct pages, the same layouts)

For each: median and spread (min–max) of the wall time, the median CPU time (user +
system: the work itself, which the wall time can at best divide among the cores), and the
peak resident memory of the process (the largest over the runs). With `--typst PATH`, the
Typst CLI on the peer document (`../shared/peers/front.typ` beside the repository: 1 page,
and 16 distinct pages with `--input pages=16 --input vary=1`), run alternately with ours
so both see the same machine. With `--threads`, the 16-page edition under
RAYON_NUM_THREADS of each count, and whether the PDFs are the same bytes. With `--cache`,
each document again with a warm photo cache (`render --cache`, filled by one run first): a
persistent cache, measured apart. With `--baseline`, another build of broadsheet (a copy
of an earlier target/release/broadsheet) and this one render each document in turn, after
one untimed run each, the order swapped every other pair, for before-and-after figures:
median wall time and median CPU time (user + system) of each, and whether the two wrote
the same bytes.

Prints a Markdown table (kept in benches/RESULTS.md).
"""

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / "target/release/broadsheet"


def run(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of one process."""
    wall, rss, _ = run_cpu(cmd, env)
    return wall, rss


def run_cpu(cmd, env=None):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(map(str, cmd))}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def median_ms(values):
    return f"{statistics.median(values):.1f} ms"


def paired(docs, baseline, runs, tmp):
    """Each document rendered by the baseline and by this build in turn."""
    print("\n| document, paired | baseline wall | this wall | baseline CPU | this CPU "
          "| same bytes |\n|---|---|---|---|---|---|")
    builds = [("baseline", baseline), ("this", BINARY)]
    for label, spec in docs:
        # One run of each first, untimed.
        for name, binary in builds:
            run([binary, "render", spec, "-o", tmp / f"paired-{name}.pdf"])
        walls = {name: [] for name, _ in builds}
        cpus = {name: [] for name, _ in builds}
        for i in range(runs):
            for name, binary in (builds if i % 2 == 0 else builds[::-1]):
                pdf = tmp / f"paired-{name}.pdf"
                wall, _, cpu = run_cpu([binary, "render", spec, "-o", pdf])
                walls[name].append(wall * 1000)
                cpus[name].append(cpu * 1000)
        pdfs = [(tmp / f"paired-{name}.pdf").read_bytes() for name, _ in builds]
        same = "yes" if pdfs[0] == pdfs[1] else "no"
        print(f"| {label} | {median_ms(walls['baseline'])} | {median_ms(walls['this'])} "
              f"| {median_ms(cpus['baseline'])} | {median_ms(cpus['this'])} | {same} |")


def edition64(tmp):
    """The 16-page edition four times over, each copy's paragraphs rotated."""
    src = ROOT / "benches/edition16"
    edition = (src / "edition.toml").read_text(encoding="utf-8")
    head, *pages = re.split(r"(?m)^\[\[page\]\]\n", edition)
    out = [head]
    for copy in range(4):
        for k, block in enumerate(pages, start=1):
            n = copy * 16 + k
            spec = (src / f"page{k:02d}.toml").read_text(encoding="utf-8")
            spec = spec.replace(f'"p{k:02d}/', f'"p{n:02d}/')
            spec = spec.replace('"../../', f'"{ROOT}/')
            (tmp / f"page{n:02d}.toml").write_text(spec, encoding="utf-8")
            folder = tmp / f"p{n:02d}"
            shutil.copytree(src / f"p{k:02d}", folder)
            for article in folder.glob("*.txt"):
                text = article.read_text(encoding="utf-8")
                header, _, body = text.partition("\n\n")
                paras = [p for p in body.split("\n\n") if p.strip()]
                if paras:
                    r = copy % len(paras)
                    paras = paras[r:] + paras[:r]
                article.write_text(header + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
            block = re.sub(r'(?m)^label = ".*"', f'label = "{n}"', block)
            block = re.sub(r'(?m)^spec = ".*"', f'spec = "page{n:02d}.toml"', block)
            out.append("[[page]]\n" + block)
    path = tmp / "edition.toml"
    path.write_text("".join(out).replace("../../layouts/", f"{ROOT}/layouts/"), encoding="utf-8")
    return path


def measure(label, cmd, runs, env=None):
    times, peak, cpus = [], 0.0, []
    for _ in range(runs):
        wall, rss, cpu = run_cpu(cmd, env)
        times.append(wall)
        cpus.append(cpu)
        peak = max(peak, rss)
    return label, times, peak, cpus


def table(first):
    """The head of a table of `row`s whose first column is `first`."""
    return f"| {first} | median | spread | CPU, median | peak memory |\n|---|---|---|---|---|"


def row(label, times, peak, cpus):
    ms = [t * 1000 for t in times]
    return (f"| {label} | {statistics.median(ms):.0f} ms | {min(ms):.0f}–{max(ms):.0f} ms "
            f"| {statistics.median(cpus) * 1000:.0f} ms | {peak:.0f} MiB |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--typst")
    parser.add_argument("--threads")
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--baseline", metavar="OLD-BINARY",
                        help="another build of broadsheet to pair this one with")
    args = parser.parse_args()
    baseline = None
    if args.baseline:
        baseline = pathlib.Path(args.baseline).resolve()
        if not (baseline.is_file() and os.access(baseline, os.X_OK)):
            raise SystemExit(f"--baseline: {args.baseline} is not an executable file")
    if not BINARY.exists():
        raise SystemExit("build first: cargo build --release")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="broadsheet-whole-"))
    out = tmp / "out.pdf"
    docs = [
        ("reference page (1 page)", ROOT / "layouts/zjgrrb-front.toml"),
        ("reference edition (2 pages)", ROOT / "layouts/zjgrrb-edition.toml"),
        ("benchmark edition (16 pages)", ROOT / "benches/edition16/edition.toml"),
        ("benchmark edition ×4 (64 pages)", edition64(tmp)),
    ]
    peer = ROOT.parent / "shared/peers/front.typ"
    typst = []
    if args.typst and peer.exists():
        fonts = ["--ignore-system-fonts", "--font-path", "/usr/share/fonts/opentype/noto"]
        typst = [
            ("Typst CLI, front.typ (1 page)",
             [args.typst, "compile", *fonts, peer, tmp / "typst-1.pdf"]),
            ("Typst CLI, front.typ (16 distinct pages)",
             [args.typst, "compile", *fonts, "--input", "pages=16", "--input", "vary=1",
              peer, tmp / "typst-16.pdf"]),
        ]
    # Warm the page cache once.
    for _, spec in docs:
        run([BINARY, "render", spec, "-o", out])
    results = {}
    jobs = [(label, [BINARY, "render", spec, "-o", out]) for label, spec in docs] + typst
    for i in range(args.runs):
        for label, cmd in jobs:
            _, times, peak, cpus = measure(label, cmd, 1)
            t, p, c = results.get(label, ([], 0.0, []))
            results[label] = (t + times, max(p, peak), c + cpus)
    print(f"Whole process, {args.runs} runs each, interleaved; {os.cpu_count()} CPUs.\n")
    print(table("document"))
    for label, (times, peak, cpus) in results.items():
        print(row(label, times, peak, cpus))
    med = {k: statistics.median(v[0]) for k, v in results.items()}
    p16, p64 = med["benchmark edition (16 pages)"], med["benchmark edition ×4 (64 pages)"]
    print(f"\nEach page added from 16 to 64: {(p64 - p16) / 48 * 1000:.1f} ms.")
    if typst:
        print(f"Reference page / Typst 1 page: "
              f"{med['reference page (1 page)'] / med[typst[0][0]]:.2f}; "
              f"16 pages / Typst 16 pages: "
              f"{p16 / med[typst[1][0]]:.2f}.")
    if args.cache:
        cache = tmp / "cache"
        print("\n" + table("document, warm photo cache"))
        for label, spec in docs:
            cmd = [BINARY, "render", spec, "-o", out, "--cache", cache]
            run(cmd)
            print(row(*measure(label, cmd, args.runs)))
    if baseline:
        paired(docs, baseline, args.runs, tmp)
    if args.threads:
        spec = ROOT / "benches/edition16/edition.toml"
        outputs = []
        print("\n| threads | 16 pages, median | CPU, median | peak |\n|---|---|---|---|")
        for n in args.threads.split(","):
            env = dict(os.environ, RAYON_NUM_THREADS=n)
            pdf = tmp / f"threads-{n}.pdf"
            _, times, peak, cpus = measure(n, [BINARY, "render", spec, "-o", pdf], args.runs, env)
            print(f"| {n} | {statistics.median(times) * 1000:.0f} ms "
                  f"| {statistics.median(cpus) * 1000:.0f} ms | {peak:.0f} MiB |")
            outputs.append(pdf.read_bytes())
        same = all(o == outputs[0] for o in outputs)
        print(f"\nThe same bytes with every thread count: {'yes' if same else 'NO'}.")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
