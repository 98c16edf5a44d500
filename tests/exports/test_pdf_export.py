"""The PDF storyboard as other tools read it: pdftotext and pypdf find every word, one
bookmark per scene on the right page, the chosen paper and layout, pictures at their own
pixels and their own shape."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from storyboard_app.exports.pdf import export_pdf
from storyboard_app.exports.pdf_layout import PdfOptions, pixels_needed
from storyboard_app.exports.timeline import Timeline, load_timeline
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.shot_fields import FieldChanges
from tests.exports.pdf_inspect import (
    outline,
    page_sizes,
    pdftotext,
    pictures,
    poppler_images,
)

TODAY = date(2026, 3, 14)
LIGATURES = "ﬀﬁﬂﬃﬄﬅﬆ"


def _png(size: tuple[int, int], color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def _project(
    store: Store,
    data_paths: DataPaths,
    shots_per_scene: list[int],
    *,
    size: tuple[int, int] = (192, 108),
    aspect: str = "16:9",
    gap: int | None = None,
    files: list[bytes] | None = None,
) -> Timeline:
    """Scenes with that many shots each, every shot a final pick of `size` pixels except
    the shot at index `gap` (counting across scenes)."""
    media = MediaStore(data_paths.media)
    project = store.projects.create("Café à l'aube — 夜明け", "A morning in the port.")
    store.projects.set_look(project.id, aspect_ratio=aspect)
    index = 0
    for number, count in enumerate(shots_per_scene, start=1):
        scene = store.scenes.add_scene(project.id, f"Part {number} 夜明け", "")
        for n in range(count):
            shot = store.scenes.add_shot(scene.id, f"prompt {number}.{n}", f"Shot {number}.{n}")
            if index != gap:
                row = store.images.create_round(shot.id, prompt=shot.initial_prompt)[0]
                data = files[index] if files else _png(size, (40 * n % 256, 90, 160))
                storage = media.put_bytes(data)
                store.images.complete(
                    row.id, storage_id=storage, seed=1234, model="m/flux", provider="offline"
                )
                store.images.select_final(row.id)
            index += 1
    store.storyboard.build(project.id)
    return load_timeline(store, data_paths.media, project.id)


def test_every_word_is_searchable_and_no_ligature_glyph_is_written(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [2])
    shot = timeline.entries[0].shot
    store.shot_fields.set(
        shot.id,
        FieldChanges.checked(
            action="The final office flight leaves.", dialogue="Fifi, find the waffle!"
        ),
    )
    timeline = load_timeline(store, data_paths.media, timeline.project.id)
    target = tmp_path / "board.pdf"
    export_pdf(timeline, target, 4.0, today=TODAY)

    poppler = pdftotext(target)
    pypdf_pages = [page.extract_text() for page in PdfReader(target).pages]
    layout = [p.extract_text(extraction_mode="layout") for p in PdfReader(target).pages]
    for words in ("final", "office", "flight", "Fifi", "waffle", "find"):
        assert words in poppler, words
        assert words in pypdf_pages[1], words
    for text in (poppler, *pypdf_pages, *layout):
        assert not set(text) & set(LIGATURES)
    # Unicode titles, as pdftotext and pypdf (laid out as on the page) read them.
    assert "Café à l'aube — 夜明け" in poppler
    assert "Part 1 夜明け" in poppler
    assert "Café" in pypdf_pages[0]
    assert "夜明け" in "".join(layout[1].split())


def test_every_page_has_the_header_and_a_page_number(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [3, 4], gap=1)
    target = tmp_path / "board.pdf"
    result = export_pdf(timeline, target, 4.0, PdfOptions(panels=2), today=TODAY)
    assert result.pages == 5  # the cover, then 2 + 2 rows of two panels, one row a page
    for number in range(1, result.pages + 1):
        text = pdftotext(target, number)
        assert "Café à l'aube — 夜明け" in text
        # 7 shots of 4 s each; the shot without a final keeps its time.
        assert "2026-03-14 · 7 shots · 28.0 s" in text
        assert f"Page {number} of 5" in text


def test_a_shot_without_a_final_is_a_labelled_panel_with_its_duration(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [3], gap=1)
    target = tmp_path / "board.pdf"
    export_pdf(timeline, target, 2.5, today=TODAY)
    text = " ".join(pdftotext(target, 2).split())
    assert text.count("No final image yet") == 1
    assert "Shot 2 · 2.5 s · no final pick" in text
    assert len(pictures(target)) == 2  # the two picked shots, nothing drawn for the gap


@pytest.mark.parametrize(
    ("options", "pages", "starts"),
    [
        # 5 + 2 shots. Six on landscape (3 × 2): rows 2 + 1 → pages of two rows.
        (PdfOptions(), 3, [1, 2]),
        # One per page: a page per shot.
        (PdfOptions(panels=1), 8, [1, 6]),
        # Three on portrait (1 × 3): rows 5 + 2 → 7 rows, three a page.
        (PdfOptions(panels=3, orientation="portrait"), 4, [1, 2]),
        # Nine (3 × 3): rows 2 + 1 fit on one page.
        (PdfOptions(panels=9), 2, [1, 1]),
        # Four (2 × 2): rows 3 + 1.
        (PdfOptions(panels=4, paper="letter", orientation="portrait"), 3, [1, 2]),
    ],
)
def test_layouts_give_their_page_counts_and_a_bookmark_per_scene(
    store: Store,
    data_paths: DataPaths,
    tmp_path: Path,
    options: PdfOptions,
    pages: int,
    starts: list[int],
) -> None:
    timeline = _project(store, data_paths, [5, 2])
    target = tmp_path / "board.pdf"
    result = export_pdf(timeline, target, 4.0, options, today=TODAY)
    assert result.pages == len(PdfReader(target).pages) == pages
    assert result.bookmarks == 2
    assert outline(target) == [
        ("Scene 1: Part 1 夜明け", starts[0]),
        ("Scene 2: Part 2 夜明け", starts[1]),
    ]
    # Each bookmark's page shows its scene's title.
    for title, page in outline(target):
        assert title in pdftotext(target, page + 1)
    assert PdfReader(target).trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_letter_and_a4_in_both_orientations(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [1])
    expected = {
        ("a4", "landscape"): (842, 595),
        ("a4", "portrait"): (595, 842),
        ("letter", "landscape"): (792, 612),
        ("letter", "portrait"): (612, 792),
    }
    for (paper, orientation), size in expected.items():
        target = tmp_path / f"{paper}-{orientation}.pdf"
        options = PdfOptions(paper=paper, orientation=orientation)  # type: ignore[arg-type]
        export_pdf(timeline, target, 4.0, options, today=TODAY)
        assert {(round(w), round(h)) for w, h in page_sizes(target)} == {size}, paper


def test_pictures_are_embedded_at_their_own_pixels_losslessly(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [3], size=(640, 360))
    target = tmp_path / "board.pdf"
    export_pdf(timeline, target, 4.0, PdfOptions(panels=3), today=TODAY)
    placed = pictures(target)
    assert len(placed) == 3
    for picture in placed:
        assert (picture.width, picture.height) == (640, 360)  # not upscaled
        assert picture.filter == "/FlateDecode"  # not re-encoded as JPEG
        assert picture.drawn_w / picture.drawn_h == pytest.approx(16 / 9, rel=0.01)


def test_a_picture_larger_than_300_dpi_needs_is_reduced_to_that(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [1], size=(4000, 2250))
    target = tmp_path / "board.pdf"
    export_pdf(timeline, target, 4.0, PdfOptions(panels=9), today=TODAY)
    (picture,) = pictures(target)
    need_w, need_h = pixels_needed(picture.drawn_w, picture.drawn_h)
    assert picture.width < 4000
    assert abs(picture.width - need_w) <= 2 and abs(picture.height - need_h) <= 2
    assert picture.width / picture.height == pytest.approx(16 / 9, rel=0.01)


def test_a_picture_of_another_ratio_is_letterboxed_never_stretched(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    """A 9:16 project with a square and a wide image: each keeps its own shape."""
    timeline = _project(store, data_paths, [1], size=(300, 300), aspect="9:16")
    wide = _project(store, data_paths, [1], size=(320, 180), aspect="9:16")
    for board, ratio in ((timeline, 1.0), (wide, 16 / 9)):
        target = tmp_path / f"{ratio:.2f}.pdf"
        export_pdf(board, target, 4.0, PdfOptions(panels=4), today=TODAY)
        (picture,) = pictures(target)
        assert picture.drawn_w / picture.drawn_h == pytest.approx(ratio, rel=0.01)


def test_fields_not_chosen_are_left_out(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [1])
    shot = timeline.entries[0].shot
    store.shot_fields.set(
        shot.id,
        FieldChanges.checked(
            shot_type="CU", angle="low", dialogue="Hello there", action="Runs", notes="Rain"
        ),
    )
    timeline = load_timeline(store, data_paths.media, timeline.project.id)
    every = tmp_path / "all.pdf"
    export_pdf(
        timeline,
        every,
        4.0,
        PdfOptions(fields=("camera", "dialogue", "action", "notes", "prompt", "duration", "seed")),
        today=TODAY,
    )
    text = " ".join(pdftotext(every, 2).split())
    for words in ("CU · low", "“Hello there”", "Runs", "Notes: Rain", "prompt 1.0", "4.0 s"):
        assert words in text, words
    assert "Seed 1234 · m/flux" in text
    bare = tmp_path / "bare.pdf"
    export_pdf(timeline, bare, 4.0, PdfOptions(fields=()), today=TODAY)
    text = " ".join(pdftotext(bare, 2).split())
    assert "Shot 1 · not animated" in text and "Shot 1.0" in text  # always shown
    for words in ("CU", "Hello there", "Runs", "Rain", "prompt 1.0", "Shot 1 · 4.0 s", "Seed"):
        assert words not in text, words


def test_a_missing_folder_leaves_nothing_and_creates_nothing(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    from storyboard_app.domain.errors import StoryboardError

    timeline = _project(store, data_paths, [1])
    with pytest.raises(StoryboardError, match="does not exist"):
        export_pdf(timeline, tmp_path / "nope" / "b.pdf", 4.0, PdfOptions(panels=1))
    assert not (tmp_path / "nope").exists()


def test_progress_goes_page_by_page_and_cancel_writes_nothing(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    from storyboard_app.exports.pdf import PdfCancelledError

    timeline = _project(store, data_paths, [4])
    heard: list[tuple[float, str]] = []
    export_pdf(
        timeline,
        tmp_path / "b.pdf",
        4.0,
        PdfOptions(panels=1),
        progress=lambda f, m: heard.append((f, m)),
    )
    fractions = [f for f, _m in heard]
    assert fractions == sorted(fractions) and len(fractions) >= 4
    assert "Drawing page 5 of 5" in [m for _f, m in heard]

    asked: list[int] = []

    def stop_at_third_page() -> bool:
        asked.append(1)
        return len(asked) == 2

    with pytest.raises(PdfCancelledError):
        export_pdf(
            timeline, tmp_path / "c.pdf", 4.0, PdfOptions(panels=1), cancel=stop_at_third_page
        )
    assert sorted(p.name for p in tmp_path.glob("*.pdf*")) == ["b.pdf"]
    assert not list(tmp_path.glob(".*"))  # no temporary file either


def _photo(mode: str, size: tuple[int, int], fmt: str) -> bytes:
    """A noisy picture (every pixel different) saved as `fmt`."""
    noise = Image.effect_noise(size, 60)
    image = Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), noise))
    if mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 88} if fmt == "JPEG" else {}))
    return out.getvalue()


def test_png_and_jpeg_files_go_in_as_they_are_and_read_back_pixel_for_pixel(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    files = [
        _photo("RGB", (320, 180), "PNG"),
        _photo("L", (320, 180), "PNG"),
        _photo("RGB", (320, 180), "JPEG"),
        _photo("RGBA", (320, 180), "PNG"),  # alpha: drawn by Qt, still lossless
    ]
    timeline = _project(store, data_paths, [4], files=files)
    target = tmp_path / "board.pdf"
    export_pdf(timeline, target, 4.0, PdfOptions(panels=4), today=TODAY)
    placed = pictures(target)
    assert [(p.width, p.height) for p in placed] == [(320, 180)] * 4
    assert [p.filter for p in placed] == [
        "/FlateDecode",
        "/FlateDecode",
        "/DCTDecode",
        "/FlateDecode",
    ]
    embedded = [image for image in PdfReader(target).pages[1].images]
    assert len(embedded) == 4
    for source in files[:2]:  # the PNGs' pixels, exactly
        want = Image.open(io.BytesIO(source))
        got = next(i.image for i in embedded if i.image.mode == want.mode)
        assert got.tobytes() == want.tobytes()
    (jpeg,) = [p for p in placed if p.filter == "/DCTDecode"]
    assert jpeg.stream == files[2]  # the JPEG file's own bytes: not re-encoded
    # poppler decodes the same pixels (its own PNG predictor and Flate code).
    decoded = poppler_images(target, tmp_path / "poppler")
    for source in files[:2]:
        want = Image.open(io.BytesIO(source))
        assert any(got.mode == want.mode and got.tobytes() == want.tobytes() for got in decoded)


def test_a_written_file_missing_pages_or_bookmarks_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    from storyboard_app.domain.errors import EnvironmentProblemError
    from storyboard_app.exports.pdf import _check

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_blank_page(100, 100)
    writer.add_outline_item(title="Scene 1", page_number=1)
    path = tmp_path / "two.pdf"
    with path.open("wb") as out:
        writer.write(out)
    _check(path, 2, 1)
    with pytest.raises(EnvironmentProblemError, match="2 of 3 pages and 1 of 1"):
        _check(path, 3, 1)
    with pytest.raises(EnvironmentProblemError, match="1 of 2 scene bookmarks"):
        _check(path, 2, 2)
    path.write_bytes(path.read_bytes()[:200])  # cut short, as by a full disk
    with pytest.raises(EnvironmentProblemError, match="does not open"):
        _check(path, 2, 1)


def test_words_too_long_for_a_panel_are_cut_with_an_ellipsis(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    timeline = _project(store, data_paths, [2])
    first, second = (e.shot for e in timeline.entries)
    store.shot_fields.set(first.id, FieldChanges.checked(action="夜明けの海" * 200))
    store.shot_fields.set(second.id, FieldChanges.checked(action="the keeper waits " * 150))
    timeline = load_timeline(store, data_paths.media, timeline.project.id)
    target = tmp_path / "board.pdf"
    export_pdf(timeline, target, 4.0, PdfOptions(panels=9), today=TODAY)
    text = "".join(pdftotext(target, 2).split())
    assert "夜明けの海夜明けの海" in text  # a line of Japanese, cut by characters
    assert text.count("…") == 2
    assert text.count("夜明けの海") < 200 and text.count("keeper") < 150
