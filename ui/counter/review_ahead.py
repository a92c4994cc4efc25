"""The counter's review screen, laid out ahead while the clerk types (a mixin of
ui/counter/write.py's WriteScreen).

Laying out the review screen and putting it in the window takes ~100 ms on a slow
counter PC: done in slices of about 10 ms while the clerk types, only the values are
put in at Ctrl+Enter. The empty screen holds no personal data; it is used once (the
review is deleted when left) and only ever for this writer's visit."""
from __future__ import annotations

from PySide6.QtCore import QTimer

REVIEW_AHEAD_MS = 300  # after the form is laid out (or shown again), the review is laid out, one slice a turn


class ReviewAhead:
    """The next review of a WriteScreen: `_prepare_review` starts it (only while the form is
    the current screen), `_take_review` hands it over at Ctrl+Enter."""

    def _init_review_ahead(self) -> None:
        self._next_review = None  # the review screen, laid out ahead (empty until Ctrl+Enter)
        self._next_review_holder = None
        self._preparing = False

    def _prepare_review(self) -> None:
        if self.received or self.window_.current() is not self:
            return
        if self._next_review is None:
            from ui.counter.review import ReviewScreen
            review = ReviewScreen(self.window_, self, build=False)
            holder = self.window_.prepare(review)
            self.destroyed.connect(holder.deleteLater)  # never outlives this visit
            self._next_review, self._next_review_holder = review, holder
        if not self._preparing:  # one chain of slices at a time; resumed when the form is shown again
            self._preparing = True
            QTimer.singleShot(0, self, self._prepare_some)

    def _prepare_some(self) -> None:
        """One slice of the review's layout; the next one on the next turn of the event loop.
        Only while this form is on screen (never behind the lobby or the PIN screen)."""
        review = self._next_review
        if review is None or self.window_.current() is not self:
            self._preparing = False
            return
        with self.window_.building():
            try:
                next(review.build_steps())
            except StopIteration:
                self._preparing = False
                holder = self._next_review_holder
                holder.ensurePolished()
                holder.resize(self.window_.stack.size())  # laid out now at the page's size, not when shown
                holder.widget().resize(holder.viewport().size())
                review.layout().activate()
                return
        QTimer.singleShot(0, self, self._prepare_some)

    @property
    def review_ready(self) -> bool:
        """The next review is laid out and waits, empty, for Ctrl+Enter."""
        return self._next_review is not None and self._next_review.built

    def _take_review(self):
        """(review screen, its page or None): the one laid out ahead, finished now if need be."""
        from ui.counter.review import ReviewScreen
        review, holder = self._next_review, self._next_review_holder
        self._next_review = self._next_review_holder = None
        self._preparing = False
        if review is None:
            return ReviewScreen(self.window_, self), None
        review.finish_building()
        return review, holder
