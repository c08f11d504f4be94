"""The /stats chart: for each deadline, bars by unit type of units sent against units asked."""

from __future__ import annotations

from pathlib import Path

from bot.admin.stats import DeadlineStats
from bot.i18n import _, format_short_date


def render_chart(stats: list[DeadlineStats], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    shown = stats[:4]
    fig, axes = plt.subplots(len(shown), 1, figsize=(7, 2.6 * len(shown)), squeeze=False)
    for ax, s in zip((a[0] for a in axes), shown, strict=True):
        types = sorted(s.by_type)
        totals = [s.by_type[t][1] for t in types]
        sent = [s.by_type[t][0] for t in types]
        ax.bar(types, totals, color="#d9d9d9", label=_("units"))
        ax.bar(types, sent, color="#2e7d32", label=_("sent"))
        for x, (done, total) in enumerate(zip(sent, totals, strict=True)):
            ax.text(x, total, f"{done}/{total}", ha="center", va="bottom", fontsize=9)
        title = s.deadline.what_text()
        title = title if len(title) <= 70 else title[:67] + "…"
        ax.set_title(f"{title} ({format_short_date(s.occurrence)})", fontsize=10)
        ax.set_ylim(0, max(totals or [1]) * 1.25)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper right", fontsize=8, frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
