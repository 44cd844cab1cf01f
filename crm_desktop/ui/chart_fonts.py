"""Chinese text in matplotlib charts: one font setup for every chart of the application."""

from __future__ import annotations

from pathlib import Path

# Fonts with the Chinese glyphs, in order of preference (Linux, Windows, macOS).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC",
             "WenQuanYi Micro Hei", "Noto Sans CJK JP")
# File names (lower case, without - and _) of the same fonts, for a font cache older than them.
_CJK_FILE_HINTS = ("notosanscjk", "sourcehansans", "msyh", "simhei", "pingfang", "wqy")

_configured = False


def _installed_cjk_fonts() -> list[str]:
    from matplotlib import font_manager

    present = {entry.name for entry in font_manager.fontManager.ttflist}
    if not present.intersection(CJK_FONTS):
        # matplotlib caches the font list on first use; fonts installed after that (a language
        # pack, fonts-noto-cjk) are not in it. Add the system's CJK font files directly.
        for path in font_manager.findSystemFonts():
            name = Path(path).name.lower().replace("-", "").replace("_", "")
            if name.startswith(_CJK_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        present = {entry.name for entry in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in present]


def use_cjk_font() -> None:
    """Put the installed CJK fonts first in matplotlib's sans-serif list (only installed ones, so
    matplotlib does not warn about each missing family) and use an ASCII minus sign. Once per
    application: matplotlib resolves fonts whenever it draws, also on a later resize."""
    global _configured
    if _configured:
        return
    _configured = True
    import matplotlib

    cjk = _installed_cjk_fonts()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = cjk + [
        name for name in matplotlib.rcParams["font.sans-serif"] if name not in cjk]
    matplotlib.rcParams["axes.unicode_minus"] = False
