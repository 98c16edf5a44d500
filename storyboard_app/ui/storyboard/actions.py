"""The storyboard's choices: animate the selected shots or all, cancel them, open a gap in
the iterator, open the final video dialog.

Each animation is a job of the window's one job controller; the answers come back through
its signals to the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyboard_app.ui.shared.generation_jobs import JobKey

ITERATOR_HOOKS = ("show_shot", "open_shot", "select_shot")

if TYPE_CHECKING:
    from storyboard_app.ui.storyboard.page import StoryboardPage


class StoryboardActions:
    """What the storyboard's animate and cancel buttons and keys do (GUI thread)."""

    def __init__(self, page: StoryboardPage) -> None:
        self.page = page

    def animate_selected(self) -> None:
        self.animate_shots(self.page.state.selected_in_order())

    def animate_all(self) -> None:
        """Animate every picked shot without a current clip (failed and stale ones too)."""
        if self.page.state.board is None:
            return
        wanted = self.page.state.to_animate_all()
        if not wanted:
            self.page.context.errors.inform("Every shot already has a current clip.")
            return
        self.animate_shots(wanted)

    def animate_shots(self, shot_ids: list[int]) -> None:
        """Animate these shots, each a job of the window's job controller (building the
        storyboard first if needed)."""
        if self.page.state.board is None or not shot_ids:
            return
        if not self.page.jobs.can_generate:
            self.page.context.errors.inform(self.page.jobs.why, 10_000)
            return
        build_first = self.page.state.needs_build_first(shot_ids)
        if build_first is not None:
            self.page.build_storyboard(then=lambda: self.animate_shots(build_first))
            return
        for card in self.page.state.animatable(shot_ids):
            assert card.selection is not None
            self.page.jobs.animate(card.selection.id, shot_id=card.shot_id, title=card.code)

    def animate_to_next(self, shot_id: int) -> None:
        """A clip from this shot's final to the next shot's final (first and last frame)."""
        page = self.page
        if page.state.board is None:
            return
        if not page.jobs.can_generate:
            page.context.errors.inform(page.jobs.why, 10_000)
            return
        if page.state.needs_build_first([shot_id]) is not None:
            page.build_storyboard(then=lambda: self.animate_to_next(shot_id))
            return
        for card in page.state.animatable([shot_id]):
            assert card.selection is not None
            page.jobs.animate(card.selection.id, shot_id=shot_id, title=card.code, to_next=True)

    def cancel_selected(self) -> None:
        self.cancel_shots(self.page.state.selected_in_order())

    def cancel_all(self) -> None:
        if self.page.state.board is not None:
            self.cancel_shots(self.page.state.active_shots(self.page.in_flight()))

    def cancel_shots(self, shot_ids: list[int]) -> None:
        """Stop these shots' animations (a prediction is cancelled through the API)."""
        keys = self.page.state.to_cancel(shot_ids, self.page.in_flight())
        self.page.jobs.cancel(JobKey.animation(selection_id) for selection_id in keys)

    def open_in_iterator(self, shot_id: int) -> None:
        """Show the iterator on this shot (a gap's link)."""
        page = self.page
        page.iterator_requested.emit(shot_id)
        page.navigate_requested.emit("iterator")
        window = page.window()
        page_of = getattr(window, "page", None)
        if not callable(page_of):
            return
        try:
            iterator = page_of("iterator")
        except KeyError:
            return
        for name in ITERATOR_HOOKS:
            hook = getattr(iterator, name, None)
            if callable(hook):
                hook(shot_id)
                return

    def open_video_dialog(self) -> None:
        """The final video dialog (through File → Export's controller when there is one)."""
        page = self.page
        if page.project is None:
            return
        from storyboard_app.ui.interchange.export_dialog import export_controller
        from storyboard_app.ui.storyboard.video_dialog import open_video_dialog

        controller = export_controller(page)
        if controller is not None:
            controller.open_video()  # its file chooser, and the dialog_opened signal
        else:
            open_video_dialog(page.context, page.project.id, page)
