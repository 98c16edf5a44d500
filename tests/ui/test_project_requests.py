"""The main window's project reads in flight, without widgets: only the newest may land."""

from __future__ import annotations

from storyboard_app.ui.project_requests import ProjectRequests


def test_the_newest_request_lands_once_and_older_ones_are_dropped() -> None:
    requests = ProjectRequests()
    assert not requests.busy
    first = requests.start(1)
    second = requests.start(2)
    assert requests.busy and requests.project_id(first) == 1
    assert not requests.finish(first)  # overtaken by the second
    assert requests.busy
    assert requests.finish(second)
    assert not requests.busy
    assert not requests.finish(second)  # only once


def test_a_dropped_request_is_not_shown() -> None:
    requests = ProjectRequests()
    ticket = requests.start(3)
    requests.drop(4)  # another project was deleted: this one still lands
    assert requests.busy
    requests.drop(3)  # this one was deleted while it was being read
    assert not requests.busy and not requests.finish(ticket)
    ticket = requests.start(5)
    requests.drop()  # the user closed the project
    assert not requests.finish(ticket)
