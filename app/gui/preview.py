"""The preview panel: a picture scaled to fit (with zoom), a video frame with a scrubber,
or an audio placeholder. All decoding happens in workers through the `TaskRunner`; this
panel only scales finished `QImage`s for the screen.

The core's `preview_image` applies EXIF orientation and picks video frames (PyAV), so a
rotated phone photo shows upright here exactly as in the exported copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.media.codecs import codec_label
from app.gui import wording
from app.gui.plain_text import ElidedLabel, plain, plain_label, safe_tooltip

if TYPE_CHECKING:  # the report model loads with the first file
    from app.core.model import MediaInfo
    from app.gui.services import CoreServices
    from app.gui.tasks import TaskRunner

IMAGE_EDGE = 2048  # decoded once at this size; zooming scales this image
FRAME_EDGE = 1280
SCRUB_DEBOUNCE_MS = 150
SLIDER_STEPS = 1000
ZOOM_STEP = 1.25


class PreviewPanel(QWidget):
    """Shows the open file. `frame_shown` fires each time a decoded video frame lands."""

    frame_shown = Signal(float)
    zoomable_changed = Signal(bool)  # a picture or frame is shown that zoom applies to

    def __init__(self, runner: TaskRunner, services: CoreServices, parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._image: QImage | None = None
        self._media: MediaInfo | None = None
        self._zoom: float | None = None  # None: fit to the panel
        self._pending_seconds = 0.0
        self._build()

    def _build(self) -> None:
        self.picture = QLabel(_("Open a photo or video to see its Content Credentials."))
        self.picture.setObjectName("previewPicture")
        plain(self.picture)  # its messages name the file
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setWordWrap(True)
        self.picture.setAccessibleName(_("Preview"))
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.picture)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setBackgroundRole(self.scroll_area.backgroundRole())
        self.info = ElidedLabel(tooltip=False)  # the tooltip is the file's path
        self.info.setObjectName("mediaInfo")
        self.info.setAccessibleName(_("File information"))
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(self._build_scrubber())
        layout.addLayout(self._build_zoom_bar())
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SCRUB_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)

    def _build_scrubber(self) -> QHBoxLayout:
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setObjectName("videoScrubber")
        self.scrubber.setRange(0, SLIDER_STEPS)
        self.scrubber.setAccessibleName(_("Video position"))
        self.scrubber.setToolTip(_("Drag to look at another frame of the video"))
        self.scrubber.valueChanged.connect(self._on_scrubber_value_changed)
        self.position = plain_label()
        self.position.setObjectName("videoPosition")
        row = QHBoxLayout()
        row.addWidget(self.scrubber, 1)
        row.addWidget(self.position)
        self._set_scrubber_visible(False)
        return row

    def _build_zoom_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.info, 1)
        self.zoom_out_button = self._tool_button("−", _("Zoom out"), "Ctrl+-", self.zoom_out)
        self.zoom_fit_button = self._tool_button(
            _("Fit"), _("Fit to window"), "Ctrl+0", self.zoom_fit
        )
        self.zoom_in_button = self._tool_button("+", _("Zoom in"), "Ctrl++", self.zoom_in)
        for button in (self.zoom_out_button, self.zoom_fit_button, self.zoom_in_button):
            row.addWidget(button)
            button.hide()  # until there is a picture to zoom
        return row

    def _set_zoomable(self, zoomable: bool) -> None:
        """Zoom controls only where there is a picture (not for sound, errors, loading)."""
        for button in (self.zoom_out_button, self.zoom_fit_button, self.zoom_in_button):
            button.setVisible(zoomable)
        self.zoomable_changed.emit(zoomable)

    @property
    def zoomable(self) -> bool:
        return self._image is not None

    def _tool_button(self, text: str, name: str, keys: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(f"{name} ({keys})")
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    # -- what is shown -------------------------------------------------------------------

    def clear(self, message: str = "") -> None:
        self._runner.supersede("preview")
        self._runner.supersede("frame")
        self._image = None
        self._media = None
        self._set_zoomable(False)
        self.picture.setPixmap(QPixmap())
        self.picture.setText(message)
        self.info.setText("")
        self._set_scrubber_visible(False)

    def show_loading(self, path: Path) -> None:
        self.clear(_("Opening {name}…").format(name=path.name))

    def set_media(self, media: MediaInfo) -> None:
        """Called when the file has been probed: start decoding what to show."""
        from app.core.model import MediaKind

        self._media = media
        self.info.setText(wording.media_line(media))
        self.info.setToolTip(safe_tooltip(str(media.path)))
        is_video = media.kind is MediaKind.VIDEO and bool(media.duration_s)
        self._set_scrubber_visible(is_video)
        if media.kind is MediaKind.AUDIO:
            self._show_audio(media)
            return
        if is_video:
            self.scrubber.blockSignals(True)
            self.scrubber.setValue(0)
            self.scrubber.blockSignals(False)
            self.position.setText(self._position_text(0.0))
        edge = FRAME_EDGE if is_video else IMAGE_EDGE
        self._request(media.path, edge, 0.0 if is_video else None, "preview")

    def _show_audio(self, media: MediaInfo) -> None:
        self._image = None
        self._set_zoomable(False)
        self.picture.setPixmap(QPixmap())
        codec = codec_label(media.audio_codec) or media.format_name  # "MP3", not "mp3float"
        length = wording.duration_text(media.duration_s) if media.duration_s else None
        if length is None:
            line = _("Audio · unknown length · {codec}").format(codec=codec)
        else:
            line = _("Audio · {length} · {codec}").format(length=length, codec=codec)
        self.picture.setText("♪\n\n" + line + "\n" + _("(no picture to show)"))

    def _request(self, path: Path, edge: int, at: float | None, channel: str) -> None:
        services = self._services
        self._runner.run(
            lambda: services.preview(path, edge, at),
            lambda image: self._on_image_ready(image, at),
            self._on_preview_failed,
            channel=channel,
        )

    def _on_image_ready(self, image: QImage | None, at: float | None) -> None:
        if image is None or image.isNull():
            self._image = None
            self._set_zoomable(False)
            self.picture.setPixmap(QPixmap())
            self.picture.setText(_("No preview is available for this file."))
            return
        self._image = image
        self._set_zoomable(True)
        self._render()
        if at is not None:
            self.frame_shown.emit(at)

    def _on_preview_failed(self, error: BaseException) -> None:
        self._image = None
        self._set_zoomable(False)
        self.picture.setPixmap(QPixmap())
        sentence = str(error)  # the core's sentences already begin "No preview: …"
        self.picture.setText(
            sentence
            if sentence.startswith("No preview")
            else _("No preview: {reason}").format(reason=sentence)
        )

    # -- video ---------------------------------------------------------------------------

    def _set_scrubber_visible(self, visible: bool) -> None:
        self.scrubber.setVisible(visible)
        self.position.setVisible(visible)

    def seconds_for(self, value: int) -> float:
        duration = (self._media.duration_s if self._media else None) or 0.0
        # Stay just before the end: the very last timestamp often has no frame to decode.
        return min(duration * value / SLIDER_STEPS, max(0.0, duration - 0.05))

    def _position_text(self, seconds: float) -> str:
        duration = (self._media.duration_s if self._media else None) or 0.0
        return f"{wording.duration_text(seconds)} / {wording.duration_text(duration)}"

    @Slot(int)
    def _on_scrubber_value_changed(self, value: int) -> None:
        self._pending_seconds = self.seconds_for(value)
        self.position.setText(self._position_text(self._pending_seconds))
        # Decode only once the slider rests a moment: dragging must not queue 100 decodes.
        self._debounce.start()

    @Slot()
    def _on_debounce_timeout(self) -> None:
        if self._media is not None:
            self._request(self._media.path, FRAME_EDGE, self._pending_seconds, "frame")

    # -- zoom ----------------------------------------------------------------------------

    @property
    def zoom(self) -> float | None:
        return self._zoom

    @Slot()
    def zoom_in(self) -> None:
        self._zoom = min(8.0, self._current_scale() * ZOOM_STEP)
        self._render()

    @Slot()
    def zoom_out(self) -> None:
        self._zoom = max(0.05, self._current_scale() / ZOOM_STEP)
        self._render()

    @Slot()
    def zoom_fit(self) -> None:
        self._zoom = None
        self._render()

    def _fit_scale(self) -> float:
        if self._image is None or self._image.isNull():
            return 1.0
        area = self.scroll_area.viewport().size()
        scale_w = max(1, area.width() - 4) / self._image.width()
        scale_h = max(1, area.height() - 4) / self._image.height()
        return min(scale_w, scale_h, 1.0)

    def _current_scale(self) -> float:
        return self._zoom if self._zoom is not None else self._fit_scale()

    def _render(self) -> None:
        if self._image is None:
            return
        scale = self._current_scale()
        size = self._image.size() * scale
        scaled = self._image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setText("")
        self.picture.setPixmap(QPixmap.fromImage(scaled))
        self.scroll_area.setWidgetResizable(self._zoom is None)
        if self._zoom is not None:
            self.picture.resize(scaled.size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom is None:
            self._render()

    @property
    def current_image(self) -> QImage | None:
        """The decoded picture or frame on show (before scaling)."""
        return self._image
