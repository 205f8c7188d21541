#!/usr/bin/env python3
"""`broadsheet watch` under a reader: while the watcher renders the reference page 200
times (one-character article edits saved as editors save, a temporary file renamed over
the article), a reader copies the output as fast as it can (about a thousand times a
second). Every distinct copy must pass `qpdf --check`: the watcher replaces the output
atomically, so nobody ever reads half a file. Then a broken spec must leave the last
output as it was.

Usage: watch_reader.py BROADSHEET   (from the repository's root; needs qpdf)
"""

import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

from fixture import reference_copy, save
RENDERS = 200


def main():
    binary = pathlib.Path(sys.argv[1]).resolve()
    tmp, edition, spec, spec_text = reference_copy("broadsheet-watch-reader-")
    out = tmp / "front.pdf"
    log = open(tmp / "watch.log", "w")
    watcher = subprocess.Popen([binary, "watch", spec, "-o", out], stdout=log, stderr=log)
    try:
        result = run(tmp, edition, spec, spec_text, out)
    finally:
        watcher.kill()
        watcher.wait()
        log.close()
    # Kept for a look (its watch.log) when the test fails; removed when it passes.
    if result == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def identity(path):
    try:
        s = os.stat(path)
        return (s.st_ino, s.st_mtime_ns, s.st_size)
    except FileNotFoundError:
        return None


def wait_change(path, before, seconds=30):
    until = time.monotonic() + seconds
    while identity(path) == before:
        if time.monotonic() > until:
            raise SystemExit(f"watch-reader: no new {path.name} after a save")
        time.sleep(0.001)


def run(tmp, edition, spec, spec_text, out):
    wait_change(out, None, 60)
    copies = {}
    reads = 0
    stop = threading.Event()

    def reader():
        nonlocal reads
        while not stop.is_set():
            try:
                data = out.read_bytes()
            except FileNotFoundError:
                data = b""
            reads += 1
            copies.setdefault(hashlib.sha256(data).hexdigest(), data)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        return edits(tmp, edition, spec, spec_text, out, copies, stop, thread, lambda: reads)
    finally:
        stop.set()


def edits(tmp, edition, spec, spec_text, out, copies, stop, thread, reads_of):
    article = edition / "a1.txt"
    text = article.read_text(encoding="utf-8")
    body = text.index("\n\n") + 2
    places = [body + i for i, c in enumerate(text[body:]) if "\u4e00" <= c <= "\u9fff"]
    started = time.monotonic()
    for i in range(RENDERS):
        at = places[(i * 7919) % len(places)]
        # A character other than the one there: a save that changes nothing renders nothing.
        new = next(c for c in "人民工会职工劳动"[i % 8:] + "人民工会职工劳动" if c != text[at])
        text = text[:at] + new + text[at + 1:]
        before = identity(out)
        save(article, text)
        wait_change(out, before)
    elapsed = time.monotonic() - started
    stop.set()
    thread.join()
    reads = reads_of()

    bad = []
    for digest, data in copies.items():
        path = tmp / f"copy-{digest[:12]}.pdf"
        path.write_bytes(data)
        check = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
        if check.returncode not in (0, 3):  # 3: warnings only
            bad.append(f"{path.name}: {check.stdout.strip()[-200:]} {check.stderr.strip()[-200:]}")

    # A broken spec: the watcher reports it and leaves the output as it was.
    last = out.read_bytes()
    save(spec, spec_text.replace("[grid]", "[grid", 1))
    time.sleep(1.5)
    if out.read_bytes() != last:
        bad.append("the output changed after a render that failed")

    print(f"watch-reader: {RENDERS} renders in {elapsed:.1f} s, {reads} reads "
          f"({reads / elapsed:.0f}/s), {len(copies)} distinct copies, "
          f"{len(copies) - len(bad)} pass qpdf --check")
    for b in bad:
        print(f"watch-reader: {b}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
