"""Loading the interface language.

Source strings in the code are English (Qt's convention, and what pyside6-lupdate
expects); Chinese comes from resources/i18n/hotline_desk_zh_CN.qm and is the default
language of the product. English has its own .qm so that wording can be polished
without touching code. Qt's own strings (dialog buttons) come from Qt's qtbase .qm.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = {"zh": "zh_CN", "en": "en"}
I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"

_installed: list[QTranslator] = []
_current = {"code": ""}  # the language of _installed


def translations_dir() -> Path:
    """The folder of the .qm files, also inside a PyInstaller bundle."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "i18n"
    return I18N_DIR


def install_language(app: QCoreApplication, language: str = "zh") -> str:
    """Replace the installed translators with those of language; returns its code."""
    code = LANGUAGES.get(language, "zh_CN")
    if code == _current["code"]:
        # Already in place (start-up installs it before the main window, which
        # asks again): reloading would post a LanguageChange to every widget.
        return "zh" if code.startswith("zh") else "en"

    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()

    ours = QTranslator(app)
    if ours.load(f"hotline_desk_{code}", str(translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation file for %s in %s", code, translations_dir())

    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)

    QLocale.setDefault(QLocale(code))
    _current["code"] = code
    return "zh" if code.startswith("zh") else "en"
