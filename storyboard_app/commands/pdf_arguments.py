"""`export --pdf` layout flags: paper, orientation, panels per page and the fields shown."""

from __future__ import annotations

import argparse
from typing import Any

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.pdf_layout import FIELDS, PANEL_COUNTS, PdfOptions, parse_fields

FLAGS = ("pdf_paper", "pdf_orientation", "pdf_panels", "pdf_fields")


def _fields(text: str) -> tuple[str, ...]:
    try:
        return parse_fields(text)
    except InvalidInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_pdf_options(parser: Any) -> None:
    """The `--pdf-*` flags, in their own group of `export --help`."""
    group = parser.add_argument_group(
        "PDF storyboard layout (with --pdf; default: 6 panels per page on landscape A4, "
        "every field but seed and model)"
    )
    group.add_argument(
        "--pdf-paper", choices=("a4", "letter"), type=str.lower, help="paper size (default a4)"
    )
    group.add_argument(
        "--pdf-orientation",
        choices=("portrait", "landscape"),
        type=str.lower,
        help="page orientation (default landscape)",
    )
    group.add_argument(
        "--pdf-panels",
        type=int,
        choices=PANEL_COUNTS,
        metavar="N",
        help=f"panels per page: {', '.join(map(str, PANEL_COUNTS))} (default 6)",
    )
    group.add_argument(
        "--pdf-fields",
        type=_fields,
        metavar="LIST",
        help="what each panel shows under its picture, comma-separated: "
        f"{', '.join(FIELDS)} (camera = shot type, angle and move; seed = seed and model), "
        "or all, or none; the shot number, description and status always show "
        "(default: all but seed)",
    )


def pdf_options(args: argparse.Namespace) -> PdfOptions | None:
    """The layout the flags ask for (None when none is given); a usage error (exit 2) when
    they are given without --pdf."""
    given = {name: getattr(args, name, None) for name in FLAGS}
    if all(value is None for value in given.values()):
        return None
    if getattr(args, "pdf", None) is None:
        args.parser.error("the --pdf-* options lay out the PDF storyboard; add --pdf PATH")
    defaults = PdfOptions()
    return PdfOptions(
        paper=given["pdf_paper"] or defaults.paper,
        orientation=given["pdf_orientation"] or defaults.orientation,
        panels=given["pdf_panels"] or defaults.panels,
        fields=defaults.fields if given["pdf_fields"] is None else given["pdf_fields"],
    )
