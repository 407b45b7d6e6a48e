"""Plot a series: stacked event counts by QuadClass with the mean Goldstein score as a line."""

from __future__ import annotations

from pathlib import Path

# Cooperation in greens/blues, conflict in orange/red, verbal lighter than material.
QUAD_STYLE = (
    ("quad1", "verbal cooperation", "#9ecae1"),
    ("quad2", "material cooperation", "#3182bd"),
    ("quad3", "verbal conflict", "#fdae6b"),
    ("quad4", "material conflict", "#d62728"),
)
FORMATS = {".png": "png", ".svg": "svg"}
MAX_TICK_LABELS = 16


def plot_series(rows: list[dict], path: str | Path, title: str) -> Path:
    """Write the chart to `path` (PNG or SVG, chosen by its suffix) and return the path."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: plot file must end in .png or .svg")
    # The object API with the Agg canvas touches no global pyplot state, so plots can be
    # drawn from a web server's threads and on machines without a display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    bars = figure.add_subplot()
    positions = list(range(len(rows)))
    _stacked_bars(bars, rows, positions)
    line = bars.twinx()
    _goldstein_line(line, rows, positions)
    _period_ticks(bars, rows, positions)
    bars.set_title(title)
    bars.set_ylabel("events")
    handles = bars.get_legend_handles_labels()[0] + line.get_legend_handles_labels()[0]
    bars.legend(handles=handles, loc="upper left", fontsize="small", frameon=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=fmt, dpi=120)
    return path


def _stacked_bars(axes, rows: list[dict], positions: list[int]) -> None:
    bottom = [0] * len(rows)
    for key, label, colour in QUAD_STYLE:
        heights = [row.get(key, 0) for row in rows]
        axes.bar(positions, heights, bottom=bottom, color=colour, label=label, width=0.8)
        bottom = [b + h for b, h in zip(bottom, heights)]


def _goldstein_line(axes, rows: list[dict], positions: list[int]) -> None:
    # NaN leaves a gap for periods without events instead of drawing them as neutral (0).
    values = [row["goldstein_mean"] if row.get("goldstein_mean") is not None else float("nan")
              for row in rows]
    axes.plot(positions, values, color="black", marker="o", markersize=3, linewidth=1.2,
              label="mean Goldstein")
    axes.axhline(0, color="grey", linewidth=0.5, linestyle=":")
    axes.set_ylim(-10.5, 10.5)
    axes.set_ylabel("mean Goldstein (−10 conflict … +10 cooperation)")


def _period_ticks(axes, rows: list[dict], positions: list[int]) -> None:
    step = max(1, -(-len(rows) // MAX_TICK_LABELS))
    axes.set_xticks(positions[::step], [row["period"] for row in rows][::step],
                    rotation=45, ha="right", fontsize="small")
