"""The image engine's words and geometry: focal points, ratios, widths, crop boxes."""

from __future__ import annotations

import pytest

from jarida.images.plan import crop_box, widths_for
from jarida.images.spec import (
    NAMED_FOCUS,
    Focus,
    Ratio,
    check_widths,
    parse_focus,
    parse_ratio,
)


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("0.3,0.6", Focus(0.3, 0.6)),
        (" 0.3 , 0.6 ", Focus(0.3, 0.6)),
        ("1,0", Focus(1.0, 0.0)),
        (".25,.75", Focus(0.25, 0.75)),
        ("top", Focus(0.5, 0.0)),
        ("Bottom Right", Focus(1.0, 1.0)),
        ("top_left", Focus(0.0, 0.0)),
        ("center", Focus(0.5, 0.5)),
    ],
)
def test_focal_points_as_written(text: str, focus: Focus) -> None:
    assert parse_focus(text) == focus


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1.5,0.2", "outside the picture"),
        ("0.3", "not a focal point"),
        ("0.3;0.6", "not a focal point"),
        ("-0.1,0.5", "not a focal point"),
        ("middle", "not a focal point"),
        ("", "not a focal point"),
    ],
)
def test_a_bad_focal_point_says_what_to_write(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says) as caught:
        parse_focus(text)
    assert "0.3,0.6" in str(caught.value)
    assert all(name in str(caught.value) for name in NAMED_FOCUS)


def test_ratios() -> None:
    assert parse_ratio("16:9") == Ratio(16, 9)
    assert parse_ratio("4x3") == Ratio(4, 3)
    assert parse_ratio(" 1 / 1 ") == Ratio(1, 1)
    for bad in ("16:0", "wide", "16:9:1", "0:1"):
        with pytest.raises(ValueError, match="not a ratio"):
            parse_ratio(bad)


def test_widths_are_checked_and_sorted() -> None:
    assert check_widths((640, 320, 640)) == (320, 640)
    with pytest.raises(ValueError, match="at least one"):
        check_widths(())
    with pytest.raises(ValueError, match="out of range"):
        check_widths((0, 320))


def test_widths_never_upscale_and_include_the_sources_own() -> None:
    widths = (320, 640, 1280)
    assert widths_for(2000, widths) == (320, 640, 1280)
    assert widths_for(1280, widths) == (320, 640, 1280)
    assert widths_for(900, widths) == (320, 640, 900)
    assert widths_for(200, widths) == (200,)


def test_crop_box_keeps_the_focal_point_in_view() -> None:
    ratio = Ratio(16, 9)
    # A landscape picture wider than 16:9: full height, the width moves with the focus.
    assert crop_box(3000, 1000, ratio, Focus(0.5, 0.5)) == (611, 0, 2389, 1000)
    assert crop_box(3000, 1000, ratio, Focus(0.0, 0.5)) == (0, 0, 1778, 1000)
    assert crop_box(3000, 1000, ratio, Focus(0.9, 0.5)) == (1222, 0, 3000, 1000)
    # A portrait picture: full width, the band follows the focus, clamped to the edges.
    assert crop_box(900, 1600, ratio, Focus(0.5, 0.2)) == (0, 67, 900, 573)
    assert crop_box(900, 1600, ratio, Focus(0.5, 0.0)) == (0, 0, 900, 506)
    assert crop_box(900, 1600, ratio, Focus(0.5, 1.0)) == (0, 1094, 900, 1600)
