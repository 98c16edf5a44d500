"""The licence texts of everything the bundles carry, and the Debian copyright file.

    python packaging/collect_licenses.py            # refresh packaging/licenses/ from the venv
    python packaging/collect_licenses.py --check    # exit 1 when a bundled package has no text
    python packaging/collect_licenses.py --debian-copyright OUT

packaging/licenses/ holds one folder per component: the Python packages the app installs
(its runtime dependencies, read from the installed metadata; the texts are copied from each
package's dist-info), Python itself, Qt with PySide6 (LGPLv3) and ffmpeg (GPLv3), each with
a NOTICE saying where its source is. The build copies the folder into every bundle as
`licenses/`; the About dialog lists it; `--debian-copyright` writes the .deb's
machine-readable copyright file from it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

HERE = Path(__file__).resolve().parent
LICENSES = HERE / "licenses"
INSTALL_PREFIX = "opt/storyboard-studio"
# Licences whose text Debian ships in /usr/share/common-licenses.
COMMON = {"Apache-2.0": "Apache-2.0", "GPL-3": "GPL-3", "LGPL-3": "LGPL-3", "MPL-2.0": "MPL-2.0"}
# Packages whose metadata names no licence in a usable form (read from their LICENSE files).
OVERRIDES = {
    "replicate": "Apache-2.0",
    "lazy-importer": "Apache-2.0",
    "otio-cmx3600-adapter": "Apache-2.0",
    "otio-fcp-adapter": "Apache-2.0",
    "OpenTimelineIO": "Apache-2.0",
    "pycmx": "MIT",
    "backports.tarfile": "MIT",
    "jaraco.classes": "MIT",
    "defusedxml": "PSF-2.0",
    "certifi": "MPL-2.0",
    "pillow": "MIT-CMU",
    "requests": "Apache-2.0",
    "urllib3": "MIT",
    "charset-normalizer": "MIT",
    "h11": "MIT",
    "pluggy": "MIT",
}
# Components that are not Python distributions (or ship no licence text in their dist-info).
# Each folder holds the texts and a NOTICE written by hand.
NATIVE = {
    "Qt-and-PySide6": ("LGPL-3", "The Qt Company Ltd. and other contributors"),
    "ffmpeg": ("GPL-3", "the FFmpeg developers and the authors of the libraries it links"),
    "Python": ("PSF-2.0", "Python Software Foundation"),
}
SKIP = {"storyboard-studio", "PySide6_Addons", "PySide6_Essentials", "shiboken6"}  # see NATIVE


@dataclass(frozen=True)
class Component:
    folder: str  # under licenses/
    licence: str  # SPDX-like short name
    copyright: str
    files: tuple[str, ...]  # the bundled paths it covers (globs under _internal/)


def runtime_distributions(root: str = "storyboard-studio") -> list[str]:
    """The installed distributions the app needs at run time (no extras), by their names."""
    from packaging.requirements import Requirement

    seen: dict[str, None] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        key = dist.metadata["Name"]
        if key in seen:
            continue
        seen[key] = None
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            todo.append(requirement.name)
    return sorted(seen, key=str.lower)


def _licence_files(name: str) -> list[Path]:
    dist = distribution(name)
    found = []
    for file in dist.files or []:
        parts = str(file).split("/")
        if ".dist-info" in parts[0] and re.match(
            r"(LICEN[CS]E|COPYING|NOTICE)", parts[-1], re.IGNORECASE
        ):
            found.append(Path(str(dist.locate_file(file))))
    return [path for path in found if path.is_file()]


def _licence_name(name: str) -> str:
    if name in OVERRIDES:
        return OVERRIDES[name]
    meta = distribution(name).metadata
    expression = meta["License-Expression"] or meta["License"] or ""
    return expression.strip().splitlines()[0] if expression.strip() else "see the text"


def _copyright_line(texts: list[Path], name: str) -> str:
    for path in texts:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"\s*Copyright\s*(\([cC]\)|©)?\s*(\d{4}.+|by .+)", line)
            if match and not re.search(r"[<\[]|notice|license to", match.group(2)):
                return match.group(2).strip()[:120]
    return f"the {name} authors"


def refresh(target: Path = LICENSES) -> list[str]:
    """Copy every runtime package's licence files into `target`/<name>/; return the names."""
    names = [n for n in runtime_distributions() if n not in SKIP]
    for name in names:
        folder = target / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for path in _licence_files(name):
            shutil.copyfile(path, folder / path.name)
        (folder / "LICENSE-NAME").write_text(_licence_name(name) + "\n", encoding="utf-8")
    return names


def components(root: Path = LICENSES) -> list[Component]:
    """What the licences folder covers, in the order the copyright file lists it."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in NATIVE:
            licence, holder = NATIVE[folder.name]
        else:
            licence = (folder / "LICENSE-NAME").read_text(encoding="utf-8").strip()
            texts = [p for p in folder.iterdir() if p.name != "LICENSE-NAME"]
            holder = _copyright_line(sorted(texts), folder.name)
        found.append(Component(folder.name, licence, holder, _covered_files(folder.name)))
    return found


def _covered_files(folder: str) -> tuple[str, ...]:
    if folder == "Qt-and-PySide6":
        return ("PySide6/*", "shiboken6/*")
    if folder == "ffmpeg":
        return ("imageio_ffmpeg/binaries/*",)
    if folder == "Python":
        return ("libpython*", "base_library.zip", "lib-dynload/*")
    try:
        files = distribution(folder).files or []
    except PackageNotFoundError:
        return (folder.lower().replace("-", "_") + "/*",)
    tops = sorted(
        {
            str(file).split("/")[0]
            for file in files
            if "/" in str(file)
            and not str(file).split("/")[0].endswith((".dist-info", ".data"))
            and not str(file).startswith(("..", "__pycache__"))
        }
    )
    return tuple(f"{top}/*" for top in tops) or (folder.lower().replace("-", "_") + "/*",)


def missing_texts(root: Path = LICENSES) -> list[str]:
    """Bundled packages (and native parts) with no licence text in `root`."""
    wanted = [n for n in runtime_distributions() if n not in SKIP] + list(NATIVE)
    return [
        name
        for name in wanted
        if not (root / name).is_dir()
        or not any(p.name not in ("LICENSE-NAME", "NOTICE") for p in (root / name).iterdir())
    ]


def _debian_licence(short: str) -> str:
    key = short.replace(" ", "")
    if key in COMMON:
        return f" On Debian systems the full text is in /usr/share/common-licenses/{COMMON[key]}."
    return f" The full text is in /{INSTALL_PREFIX}/licenses/ beside the component's name."


def debian_copyright(root: Path = LICENSES) -> str:
    """The machine-readable Debian copyright file (copyright-format 1.0) for the .deb."""
    parts = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Storyboard Studio\n"
        "Comment: A self-contained build. The licence text of every bundled component is\n"
        f" in /{INSTALL_PREFIX}/licenses/ (and Help > About > Licences); each folder's\n"
        " NOTICE, where present, says where the source code is.\n"
    ]
    parts.append(
        "Files: *\n"
        "Copyright: 2026 the Storyboard Studio authors\n"
        "License: Storyboard-Studio\n"
        " The Storyboard Studio application code. Its terms are the project's own.\n"
    )
    licences: dict[str, None] = {}
    for component in components(root):
        files = " ".join(f"{INSTALL_PREFIX}/_internal/{glob}" for glob in component.files)
        licence = component.licence.replace("\n", " ")
        parts.append(
            f"Files: {files}\n"
            f"Copyright: {component.copyright}\n"
            f"License: {licence}\n"
            f" See /{INSTALL_PREFIX}/licenses/{component.folder}/.\n"
        )
        licences[licence] = None
    for licence in licences:
        parts.append(f"License: {licence}\n{_debian_licence(licence)}\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--debian-copyright", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    if args.debian_copyright:
        args.debian_copyright.write_text(debian_copyright(), encoding="utf-8")
        return 0
    if not args.check:
        print(f"copied the licences of {len(refresh())} packages into {LICENSES}")
    missing = missing_texts()
    if missing:
        print(f"no licence text for: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
