"""Zoom and pan arithmetic (Qt-free): fit, steps, zoom about a point, pan within bounds."""

from __future__ import annotations

import pytest

from storyboard_app.ui.iterator.zoom import ZoomState, fit_scale

VIEW = (0.0, 0.0, 800.0, 600.0)


def test_fit_keeps_the_aspect_and_centres() -> None:
    zoom = ZoomState()
    x, y, w, h = zoom.rect(VIEW, 1600, 900)
    assert (w, h) == (800, 450) and (x, y) == (0, 75)
    assert fit_scale(800, 600, 1600, 900) == 0.5
    assert zoom.percent(800, 600, 1600, 900) == 50


def test_steps_and_actual_size() -> None:
    zoom = ZoomState()
    zoom.step(1, (800, 600), (1600, 900))
    assert zoom.scale(800, 600, 1600, 900) == pytest.approx(0.67)
    zoom.step(-1, (800, 600), (1600, 900))
    zoom.step(-1, (800, 600), (1600, 900))
    assert zoom.scale(800, 600, 1600, 900) == pytest.approx(0.33)
    zoom.actual_size()
    assert zoom.rect(VIEW, 1600, 900)[2] == 1600
    zoom.fit()
    assert zoom.is_fit


def test_zoom_about_a_point_and_pan_stay_inside() -> None:
    zoom = ZoomState()
    x, _, w, _ = zoom.rect(VIEW, 1600, 900)
    px, py = 200.0, 300.0
    fx = (px - x) / w
    zoom.zoom_at(2.0, px, py, VIEW, 1600, 900)
    x, _, w, _ = zoom.rect(VIEW, 1600, 900)
    assert w == pytest.approx(1600) and (px - x) / w == pytest.approx(fx)
    zoom.pan(10_000, 0, VIEW, 1600, 900)  # far to the right: stops at the picture's edge
    assert zoom.rect(VIEW, 1600, 900)[0] == pytest.approx(0)
    zoom.pan(-10_000, 0, VIEW, 1600, 900)
    x, _, w, _ = zoom.rect(VIEW, 1600, 900)
    assert x + w == pytest.approx(800)
