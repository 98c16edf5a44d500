"""What the app says when an export is done about a shot with no final image yet: what
that export did with it, in creator words, with no database id."""

from __future__ import annotations

from pathlib import Path

from storyboard_app.exports.run import ExportRequest, run_export
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_results import (
    csv_done,
    editorial_done,
    images_done,
    otio_done,
    pdf_done,
    storyboarder_done,
)
from tests.exports.conftest import Fixture, storyboard_project  # noqa: F401 (a fixture)
from tests.exports.test_export_notes import NO_ID


def test_the_apps_export_notes_name_shots_without_ids(
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    request = ExportRequest(
        storyboard_project.project_id,
        editorial=tmp_path / "ed",
        otio=tmp_path / "cut.otio",
        images=tmp_path / "images",
        csv=tmp_path / "shots.csv",
        pdf=tmp_path / "board.pdf",
        storyboarder=tmp_path / "sb",
    )
    result = run_export(store, data_paths.media, data_paths.cache, request)
    said = {
        done.__name__: done(result).notes
        for done in (csv_done, editorial_done, images_done, otio_done, pdf_done)
    }
    assert said["pdf_done"] == ("Scene 2, shot 2 has no final image yet: a blank panel.",)
    assert said["images_done"] == (
        "Scene 2, shot 2 has no final image yet: no file in the images folder.",
    )
    boards = storyboarder_done(result).notes
    assert boards[1:] == ("Scene 2, shot 2 has no final image yet: a blank board.",)
    for notes in [*said.values(), boards]:
        assert not any(NO_ID.search(note) for note in notes), notes
