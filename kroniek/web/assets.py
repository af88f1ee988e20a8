"""The explorer's third-party front-end files: copied from npm packages at setup, checked at start.

`make` copies `kroniek/web/frontend/package*.json` (versions pinned in the lock file) to build/web-assets/,
runs `npm ci` there (outside the package, so node_modules never lands in a wheel) and then
`python -m kroniek.web.assets build/web-assets/node_modules`, which copies the few files the pages load
into `static/vendor/` (git-ignored; a wheel built afterwards includes them). Nothing is fetched at run
time: without these files the explorer still serves its list, filters, incident pages and JSON, and says
on every page and in the log that the map and timeline are missing.

    python -m kroniek.web.assets [NODE_MODULES]     # default: build/web-assets/node_modules of the checkout
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

WEB = Path(__file__).parent
VENDOR = WEB / "static" / "vendor"
NODE_MODULES = WEB.parents[1] / "build" / "web-assets" / "node_modules"

# package -> (file in the package, name under static/vendor/)
FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "leaflet": (("dist/leaflet.js", "leaflet.js"), ("dist/leaflet.css", "leaflet.css")),
    "topojson-client": (("dist/topojson-client.min.js", "topojson-client.min.js"),),
    "uplot": (("dist/uPlot.iife.min.js", "uPlot.iife.min.js"), ("dist/uPlot.min.css", "uPlot.min.css")),
    # Natural Earth 1:50m country shapes (public domain) as TopoJSON.
    "world-atlas": (("countries-50m.json", "countries-50m.json"),),
}
MANIFEST = "manifest.json"


def missing_assets(vendor: Path = VENDOR) -> list[str]:
    """The vendored files that are not there (empty when the map and timeline can work)."""
    return [name for files in FILES.values() for _, name in files if not (vendor / name).is_file()]


def copy_assets(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> list[str]:
    """Copy the needed files from installed npm packages into `vendor`; returns the names copied.

    Also writes `manifest.json`: each package's version and licence, for the credits and audits.
    """
    vendor.mkdir(parents=True, exist_ok=True)
    copied, manifest = [], {}
    for package, files in FILES.items():
        folder = node_modules / package
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        manifest[package] = {"version": meta.get("version"), "license": meta.get("license")}
        for source, name in files:
            shutil.copyfile(folder / source, vendor / name)
            copied.append(name)
    (vendor / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return copied


def main(argv: list[str]) -> int:
    node_modules = Path(argv[0]) if argv else NODE_MODULES
    if not node_modules.is_dir():
        print(
            f"no {node_modules}: run `make assets` (npm ci in {node_modules.parent}) first", file=sys.stderr
        )
        return 1
    try:
        copied = copy_assets(node_modules)
    except FileNotFoundError as exc:
        print(f"a front-end package is missing or changed: {exc}", file=sys.stderr)
        return 1
    print(f"copied {len(copied)} front-end files into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
