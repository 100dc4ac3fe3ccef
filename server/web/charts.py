"""Charts drawn on the server: bar lengths and SVG column geometry computed here, drawn by the
templates as plain SVG and CSS (no script)."""

from __future__ import annotations

from dataclasses import dataclass


def percent(value: int, largest: int) -> float:
    """A bar's length as a share of the longest bar's, 0 to 100."""
    return round(100 * value / largest, 1) if largest > 0 else 0.0


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    share: float = 0.0  # of the tallest column, 0 to 100 (an HTML column's height)


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    baseline: float
    columns: list[Column]


def column_chart(points: list[tuple[str, int]], width: int = 720, height: int = 220) -> ColumnChart:
    """One column per (label, value); room below the baseline for the label, above for the value."""
    top, bottom = 22.0, 34.0
    baseline = height - bottom
    slot = width / max(len(points), 1)
    largest = max((v for _, v in points), default=0)
    columns = []
    for i, (label, value) in enumerate(points):
        bar = (baseline - top) * value / largest if largest else 0.0
        columns.append(
            Column(
                x=round(i * slot + slot * 0.15, 1),
                y=round(baseline - bar, 1),
                width=round(slot * 0.7, 1),
                height=round(bar, 1),
                label=label,
                value=value,
                share=percent(value, largest),
            )
        )
    return ColumnChart(width, height, baseline, columns)
