"""Check the built documentation in a real browser: nothing may run off a 1280 px page.

Run by hand after building the docs (not in CI: it needs Chromium and Playwright):

    sphinx-build -W -b html docs docs/_build/html
    pip install playwright            # no browser download: the system Chromium is used
    python docs/layout_check.py docs/_build/html [--chromium /usr/bin/chromium]

Every page is opened at 1280 x 900; an element that reaches beyond the page's width
and is not inside a horizontally scrollable block (code blocks and wide tables
scroll, see ``_static/wide.css``) is reported. Exit code 1 if any page fails.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = el.parentElement, scrolls = false;
    while (parent) {
      const style = getComputedStyle(parent);
      if (['auto', 'scroll'].includes(style.overflowX)) { scrolls = true; break; }
      parent = parent.parentElement;
    }
    if (!scrolls) bad.push(el.tagName.toLowerCase() + ' ending at ' + Math.round(box.right));
  }
  return {width: width, scrollWidth: document.documentElement.scrollWidth, bad: bad};
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=pathlib.Path, help="the built HTML folder")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to drive")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    failed = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=args.chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        for path in sorted(args.html.glob("*.html")):
            page.goto(path.resolve().as_uri())
            result = page.evaluate(_OVERFLOW)
            ok = not result["bad"] and result["scrollWidth"] <= result["width"]
            failed += not ok
            print("ok  " if ok else "FAIL", path.name, *result["bad"][:3])
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
