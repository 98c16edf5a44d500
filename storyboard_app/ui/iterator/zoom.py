"""Zoom and pan of a picture in a viewport, shared by the lightbox and compare; plain Python.

The zoom is kept relative to "fit" (1.0 = the whole picture fits), so it survives the
thumbnail being replaced by the full image; "actual size" (100 %) is a mode of its own for
the same reason. The pan is the picture point shown at the viewport's centre, as fractions
of the picture (0.5, 0.5 = centred), so moving to the next image keeps the same spot.
"""

from __future__ import annotations

from dataclasses import dataclass

ZOOM_STEPS = (0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
MIN_SCALE, MAX_SCALE = ZOOM_STEPS[0], ZOOM_STEPS[-1]
WHEEL_FACTOR = 1.25

Rect = tuple[float, float, float, float]  # x, y, width, height


def fit_scale(view_w: float, view_h: float, image_w: float, image_h: float) -> float:
    """The scale at which the whole picture fits the viewport (keeping its aspect)."""
    if image_w <= 0 or image_h <= 0 or view_w <= 0 or view_h <= 0:
        return 1.0
    return min(view_w / image_w, view_h / image_h)


@dataclass
class ZoomState:
    """How a picture sits in its viewport: fit, a zoom relative to fit, or actual size."""

    relative: float = 1.0  # times the fit scale
    actual: bool = False  # 100 %: one picture pixel per screen pixel
    cx: float = 0.5
    cy: float = 0.5

    @property
    def is_fit(self) -> bool:
        return not self.actual and abs(self.relative - 1.0) < 1e-6

    def scale(self, view_w: float, view_h: float, image_w: float, image_h: float) -> float:
        if self.actual:
            return 1.0
        return fit_scale(view_w, view_h, image_w, image_h) * self.relative

    def fit(self) -> None:
        self.relative, self.actual, self.cx, self.cy = 1.0, False, 0.5, 0.5

    def actual_size(self) -> None:
        self.actual = True

    def set_scale(
        self, scale: float, view: tuple[float, float], image: tuple[float, float]
    ) -> None:
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        fit = fit_scale(*view, *image)
        self.actual = False
        self.relative = scale / fit if fit > 0 else 1.0

    def step(self, direction: int, view: tuple[float, float], image: tuple[float, float]) -> None:
        """Zoom in (+1) or out (-1) to the next of the usual steps (100 %, 150 %, 200 % …)."""
        current = self.scale(*view, *image)
        if direction > 0:
            bigger = [z for z in ZOOM_STEPS if z > current * 1.001]
            self.set_scale(bigger[0] if bigger else MAX_SCALE, view, image)
        else:
            smaller = [z for z in ZOOM_STEPS if z < current * 0.999]
            self.set_scale(smaller[-1] if smaller else MIN_SCALE, view, image)

    def rect(self, view: Rect, image_w: float, image_h: float) -> Rect:
        """Where the picture is drawn in the viewport (may reach beyond it when zoomed)."""
        vx, vy, vw, vh = view
        scale = self.scale(vw, vh, image_w, image_h)
        w, h = image_w * scale, image_h * scale
        self._clamp(vw, vh, w, h)
        return (vx + vw / 2 - self.cx * w, vy + vh / 2 - self.cy * h, w, h)

    def _clamp(self, vw: float, vh: float, w: float, h: float) -> None:
        """Keep the picture covering the viewport where it can; centred where it is smaller."""
        self.cx = 0.5 if w <= vw else max(vw / 2 / w, min(1 - vw / 2 / w, self.cx))
        self.cy = 0.5 if h <= vh else max(vh / 2 / h, min(1 - vh / 2 / h, self.cy))

    def pan(self, dx: float, dy: float, view: Rect, image_w: float, image_h: float) -> None:
        """Move the picture by (dx, dy) screen pixels."""
        _, _, w, h = self.rect(view, image_w, image_h)
        if w > 0 and h > 0:
            self.cx -= dx / w
            self.cy -= dy / h
            self._clamp(view[2], view[3], w, h)

    def zoom_at(
        self, factor: float, px: float, py: float, view: Rect, image_w: float, image_h: float
    ) -> None:
        """Zoom by `factor` keeping the picture point under (px, py) where it is (the wheel)."""
        x, y, w, h = self.rect(view, image_w, image_h)
        if w <= 0 or h <= 0:
            return
        fx, fy = (px - x) / w, (py - y) / h
        vx, vy, vw, vh = view
        self.set_scale(self.scale(vw, vh, image_w, image_h) * factor, (vw, vh), (image_w, image_h))
        scale = self.scale(vw, vh, image_w, image_h)
        nw, nh = image_w * scale, image_h * scale
        left, top = px - fx * nw, py - fy * nh
        self.cx = (vx + vw / 2 - left) / nw
        self.cy = (vy + vh / 2 - top) / nh
        self._clamp(vw, vh, nw, nh)

    def percent(self, view_w: float, view_h: float, image_w: float, image_h: float) -> int:
        return round(self.scale(view_w, view_h, image_w, image_h) * 100)
