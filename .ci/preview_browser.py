#!/usr/bin/env python3
"""`broadsheet watch --serve` in a real browser: headless Chromium (Debian's chromium and
chromium-driver), driven over WebDriver's HTTP protocol with nothing but the standard
library.

1. The preview page loads and shows page 1 as a picture of the written PDF.
2. A click on a body glyph shows its article file:line:col. The glyph is found apart from
   broadsheet: poppler's `pdftotext -bbox` gives the boxes of the written PDF's words, and
   the expected place is where the word's characters are written in the article file.
3. One-character edits, saved as editors save, update the page: the time from each save
   to the new picture loaded in the browser is printed (median and worst).
4. The overlay switch loads the overlaid picture.
5. A broken spec shows its diagnostics over the last good page.
6. A request without the token, or with a foreign Host header, is refused.

Usage: preview_browser.py BROADSHEET   (from the repository's root)
"""

import base64
import html.parser
import json
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from fixture import reference_copy, save
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
EDITS = 12


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The browser's profile folder, removed with the test's folder when the test passes.
PROFILE = tempfile.mkdtemp(prefix="broadsheet-chromium-")


class WebDriver:
    """The few WebDriver commands the test needs."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-dev-shm-usage",
                            "--force-device-scale-factor=1",
                            "--window-size=1400,1800",
                            f"--user-data-dir={PROFILE}",
                        ],
                    },
                }
            }
        }
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return json.load(reply)["value"]
        except urllib.error.HTTPError as e:
            raise AssertionError(f"WebDriver {method} {path}: {e.read().decode()}") from None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def element(self, css):
        found = self.s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def click_at(self, css, x, y):
        """A real pointer click at pixel (x, y) of the element shown at its natural size,
        scrolled into the window first."""
        left, top = self.js(
            "const e = document.querySelector(arguments[0]);"
            "window.scrollTo(0, e.offsetTop + arguments[1] - 300);"
            "const r = e.getBoundingClientRect(); return [r.left, r.top];", css, y)
        self.s("POST", "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pointerMove", "duration": 0, "origin": "viewport",
                 "x": int(round(left + x)), "y": int(round(top + y))},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerUp", "button": 0},
            ]}]})

    def click(self, element):
        self.s("POST", f"/element/{element}/click", {})

    def wait(self, script, what, timeout=30, *args):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js(script, *args)
            if value:
                return value
            time.sleep(0.01)
        shot = self.s("GET", "/screenshot")
        pathlib.Path("out").mkdir(exist_ok=True)
        pathlib.Path("out/preview-failure.png").write_bytes(base64.b64decode(shot))
        raise AssertionError(f"timed out waiting for {what} (out/preview-failure.png)")

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass


class Words(html.parser.HTMLParser):
    """The words of `pdftotext -bbox` output: (text, xMin, yMin, xMax, yMax) in points."""

    def __init__(self):
        super().__init__()
        self.words, self.box = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "word":
            a = dict(attrs)
            self.box = tuple(float(a[k]) for k in ("xmin", "ymin", "xmax", "ymax"))

    def handle_data(self, data):
        if self.box is not None:
            self.words.append((data.strip(), *self.box))
            self.box = None


def pick_glyph(pdf, article):
    """A word of the page whose first characters are written once in the article file:
    the box of its first character (trim coordinates, points) and where it is written."""
    boxes = subprocess.run(["pdfinfo", "-box", pdf], capture_output=True, text=True,
                           check=True).stdout
    trim = re.search(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", boxes)
    media = re.search(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", boxes)
    left = float(trim.group(1)) - float(media.group(1))
    top = float(media.group(4)) - float(trim.group(4))
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    words = Words()
    words.feed(xml)
    source = article.read_text(encoding="utf-8")
    body_start = source.index("\n\n")
    han = re.compile(r"^[\u4e00-\u9fff]{8,}")
    for text, x0, y0, x1, y1 in words.words:
        m = han.match(text)
        if not m:
            continue
        key = m.group(0)[:8]
        if source.count(key) != 1 or source.index(key) < body_start:
            continue
        at = source.index(key)
        line = source.count("\n", 0, at) + 1
        col = at - (source.rfind("\n", 0, at) + 1) + 1
        em = y1 - y0
        return (x0 - left + em / 2, (y0 + y1) / 2 - top, key[0], line, col)
    raise AssertionError(f"no word of {article.name} is written once in it")


def refused(url, host=None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as e:
        return e.code == 403
    return False


def main():
    binary = pathlib.Path(sys.argv[1]).resolve()
    tmp, edition, spec, spec_text = reference_copy("broadsheet-preview-")
    out = tmp / "front.pdf"
    log = open(tmp / "watch.log", "w")
    watcher = subprocess.Popen([binary, "watch", spec, "-o", out, "--serve"],
                               stdout=subprocess.PIPE, stderr=log, text=True)
    driver_port = free_port()
    driver = subprocess.Popen([CHROMEDRIVER, f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = None
    try:
        url = watcher.stdout.readline().strip().removeprefix("preview: ")
        assert url.startswith("http://127.0.0.1:"), url
        base, token = url.split("/?token=")
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{driver_port}/status", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        browser = WebDriver(driver_port)
        result = run(browser, base, token, url, edition, spec, spec_text, out)
    finally:
        if browser:
            browser.quit()
        for p in (driver, watcher):
            p.kill()
            p.wait()
        log.close()
    # Kept for a look (its watch.log) when the test fails; removed when it passes.
    if result == 0:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(PROFILE, ignore_errors=True)
    return result


def run(browser, base, token, url, edition, spec, spec_text, out):
    # 6. The guards, with nothing but the standard library's HTTP client.
    port = base.rsplit(":", 1)[1]
    assert refused(base + "/"), "served without the token"
    assert refused(base + "/?token=" + "0" * len(token)), "served with a wrong token"
    assert refused(url, host="evil.example"), "served to a foreign Host"
    assert refused(url, host=f"rebound.example:{port}"), "served to a rebound name"

    # 1. The page loads, and page 1 comes as a picture.
    browser.go(url)
    first = "const i = document.getElementById('page-1'); " \
            "return i && i.complete && i.naturalWidth > 0 && i.dataset.generation;"
    generation = browser.wait(first, "page 1")
    width, height = browser.js(
        "const i = document.getElementById('page-1'); return [i.naturalWidth, i.naturalHeight];")
    print(f"preview: page 1 shown, {width} × {height} px, render {generation}")

    # 2. A click on a glyph of A3, found by poppler in the written PDF.
    a3 = edition / "a3.txt"
    x, y, ch, line, col = pick_glyph(out, a3)
    browser.click_at("#page-1", x, y)
    place = browser.wait("return document.getElementById('where').dataset.place;",
                         "the clicked glyph's place")
    expected = f"{a3}:{line}:{col}"
    assert place == expected, f"clicked `{ch}`: the page says {place}, the file has it at {expected}"
    shown = browser.js("return document.getElementById('where').textContent;")
    assert ch in shown and "A3" in shown, shown
    print(f"preview: a click on `{ch}` shows {shown}")

    # 3. Edits: save → new picture in the browser.
    text = a3.read_text(encoding="utf-8")
    latencies = []
    for i in range(EDITS):
        before = int(browser.js("return document.getElementById('page-1').dataset.generation;"))
        # A different character each time, in the last paragraph.
        at = text.rindex("。")
        text = text[:at] + "甲乙丙丁戊己庚辛壬癸子丑"[i] + text[at:]
        time.sleep(0.2)
        saved = time.time()
        save(a3, text)
        loaded = browser.wait(
            "const i = document.getElementById('page-1'); "
            "return Number(i.dataset.generation) > arguments[0] && i.complete && i.dataset.loadedAt;",
            f"edit {i + 1} on the page", 30, before)
        latencies.append(int(loaded) - saved * 1000)
    latencies.sort()
    print(f"preview: save → new picture loaded, over {EDITS} edits: median "
          f"{statistics.median(latencies):.0f} ms, worst {latencies[-1]:.0f} ms")

    # 4. The overlay switch.
    browser.click(browser.element("#overlay"))
    browser.wait("const i = document.getElementById('page-1'); "
                 "return i.src.includes('overlay=1') && i.complete && i.naturalWidth > 0;",
                 "the overlaid page")
    print("preview: the overlay loads")

    # 5. A broken spec: diagnostics over the last good page.
    good = browser.js("return document.getElementById('page-1').dataset.generation;")
    save(spec, spec_text.replace("columns = 8", 'columns = "six"', 1))
    error = browser.wait(
        "const e = document.getElementById('error'); return !e.hidden && e.textContent;",
        "the diagnostics")
    assert "error[BS" in error and "columns" in error, error
    still = browser.js("const i = document.getElementById('page-1'); "
                       "return [i.dataset.generation, i.complete && i.naturalWidth > 0];")
    assert still == [good, True], still
    print("preview: a broken spec shows its diagnostics over the last good page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
