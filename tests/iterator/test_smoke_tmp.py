from tests.iterator.conftest import WAIT_MS

def test_smoke(open_iterator, project, offline_provider, qtbot):
    window, page = open_iterator(project.id)
    assert page.shot.id == project.shots[0]
    assert page.jobs.can_generate
    with qtbot.waitSignal(page.round_settled, timeout=WAIT_MS, check_params_cb=lambda it: it == 0):
        page.generate_six()
    qtbot.waitUntil(lambda: all(c.image_box.pixmap() is not None for c in page.grid.cells), timeout=WAIT_MS)
    window.grab().save("/tmp/shot1.png")
