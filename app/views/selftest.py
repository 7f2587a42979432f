"""``hotline-desk --self-test``: check an installed copy without a display.

IT runs it after installing or upgrading a seat, and CI runs it inside the bundle and
the unpacked ``.deb``. Each check prints one line, ``ok`` or ``FAILED`` with the
reason in Chinese and English; the exit status is 0 only when every check passed.
Nothing here touches the user's real cache, settings or credentials: the database
checks work in a temporary folder and the keyring check removes its own entry.

``--upgrade-only --cache PATH`` shares the machinery: it opens (and so migrates,
after a backup) one cache file and reports its revision and backup; the installer
tests drive the bundle with it.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

logger = logging.getLogger(__name__)

_LANGUAGES = ("zh_CN", "en")
_REFERENCE_FILES = ("categories.csv", "areas.csv", "departments.csv")
_KEYRING_SERVICE = "hotline-desk-selftest"


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


class CheckFailed(Exception):
    """A check found a problem; the message is shown as is (Chinese / English)."""


def _bilingual(message_zh: str, message_en: str) -> CheckFailed:
    return CheckFailed(f"{message_zh} / {message_en}")


# --- the checks ---------------------------------------------------------------------


def check_settings() -> str:
    from app import config

    try:
        settings = config.load_settings()
    except config.SettingsError as error:
        raise CheckFailed(str(error)) from error
    machine = settings.machine_file or f"{config.machine_config_file()} (absent)"
    locked = ",".join(sorted(settings.locked)) or "none"
    return (
        f"server {settings.server_url} from {settings.source_of('server_url')}; "
        f"machine file {machine}; locked {locked}"
    )


def check_database(folder: Path) -> str:
    """Create a cache at the previous revision, upgrade it, then refuse a newer one."""
    from app.models import db, migrate
    from app.models.errors import CacheTooNew

    revisions = migrate.known_revisions()
    head = revisions[-1]
    path = folder / "selftest-cache.sqlite3"
    if len(revisions) > 1:
        create_at_revision(path, revisions[-2])

    cache = db.open_cache(path)
    try:
        current = _revision_of(path)
        if current != head:
            raise _bilingual(
                f"迁移后版本为 {current}，应为 {head}",
                f"after migrating the revision is {current}, expected {head}",
            )
        with cache.write() as session:
            session.connection().exec_driver_sql("CREATE TEMP TABLE probe(x)")
        with cache.read() as session:
            quick = session.connection().exec_driver_sql("PRAGMA quick_check")
            if quick.scalar() != "ok":
                raise _bilingual("数据库完整性检查失败", "database quick_check failed")
        backup = cache.backup_path
    finally:
        cache.close()
    if len(revisions) > 1 and (backup is None or not backup.is_file()):
        raise _bilingual("升级前没有生成备份", "no backup was made before upgrading")

    # A cache written by a newer version must be refused and left byte for byte.
    newer = folder / "newer-cache.sqlite3"
    create_at_revision(newer, head)
    with closing(sqlite3.connect(newer)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    before = newer.read_bytes()
    try:
        db.open_cache(newer).close()
    except CacheTooNew:
        pass
    else:
        raise _bilingual(
            "更新版本的缓存未被拒绝", "a cache from a newer version was not refused"
        )
    if newer.read_bytes() != before:
        raise _bilingual("被拒绝的缓存被改动了", "the refused cache file was changed")

    upgraded = f"upgraded from {revisions[-2]} with backup, " if backup else "created, "
    return f"{upgraded}at {head}; newer schema refused and left untouched"


def create_at_revision(path: Path, revision: str) -> None:
    """A cache file whose schema stops at ``revision`` (as an older version made it)."""
    from app.models import db, migrate

    engine = db.make_engine(path)
    try:
        with engine.connect() as connection:
            migrate.upgrade(connection, revision)
    finally:
        engine.dispose()


def _revision_of(path: Path) -> str | None:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def check_keyring() -> str:
    """The credential store must be a real one, and must round-trip a value."""
    import keyring
    from keyring.backends import chainer, fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    backends = (
        list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else []
    )
    if isinstance(backend, fail.Keyring) or (
        isinstance(backend, chainer.ChainerBackend) and not backends
    ):
        raise _bilingual(
            "没有可用的系统凭据存储（Linux 需要 Secret Service，例如 gnome-keyring）",
            "no operating-system credential store (on Linux a Secret Service such as "
            "gnome-keyring must run in the session)",
        )
    insecure = [
        b for b in [backend, *backends] if "plaintext" in type(b).__name__.lower()
    ]
    if insecure or type(backend).__module__.startswith("keyrings.alt"):
        raise _bilingual(
            f"凭据存储 {name} 以明文保存密码，不允许使用",
            f"the credential store {name} keeps secrets in plain text; refused",
        )

    user = f"check-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    try:
        keyring.set_password(_KEYRING_SERVICE, user, value)
        read_back = keyring.get_password(_KEYRING_SERVICE, user)
        keyring.delete_password(_KEYRING_SERVICE, user)
    except keyring.errors.KeyringError as error:
        raise _bilingual(
            f"凭据存储 {name} 无法使用：{type(error).__name__}",
            f"the credential store {name} does not work: {type(error).__name__}",
        ) from error
    if read_back != value:
        raise _bilingual(
            "凭据存储读回的值不一致", "the credential store returned a different value"
        )
    return name


def check_reference_data() -> str:
    from app.domain.reference import reference_dir

    folder = reference_dir()
    missing = [name for name in _REFERENCE_FILES if not (folder / name).is_file()]
    if missing:
        raise _bilingual(
            f"缺少参考数据：{', '.join(missing)}",
            f"reference data missing: {', '.join(missing)}",
        )
    rows = 0
    for name in _REFERENCE_FILES:
        with (folder / name).open(encoding="utf-8") as stream:
            rows += sum(1 for _ in stream)
    return f"{len(_REFERENCE_FILES)} files, {rows} lines in {folder}"


def check_domain_data() -> str:
    """Libraries that load their data lazily by name, which a bundle can miss."""
    from datetime import date

    from pypinyin import Style, lazy_pinyin

    from app.domain.calendar import default_calendar
    from app.domain.phone import normalize_phone

    mobile = normalize_phone("+86 138-0013-8000")
    landline = normalize_phone("028-87654321")
    if (mobile.number, landline.number) != ("13800138000", "02887654321"):
        raise _bilingual("电话号码规则数据缺失", "phone number metadata is missing")
    calendar = default_calendar()
    # National Day is a holiday in every year's official calendar.
    if calendar.is_workday(date(date.today().year, 10, 1)):
        raise _bilingual("节假日数据缺失", "the official holiday data is missing")
    if lazy_pinyin("公积金", style=Style.FIRST_LETTER) != ["g", "j", "j"]:
        raise _bilingual("拼音数据缺失", "the pinyin data is missing")
    return "phone numbers, official holidays, pinyin initials"


def check_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from app.views.i18n import translations_dir

    folder = translations_dir()
    loaded = []
    for code in _LANGUAGES:
        translator = QTranslator()
        if not translator.load(f"hotline_desk_{code}", str(folder)):
            raise _bilingual(
                f"无法加载界面翻译 hotline_desk_{code}.qm（{folder}）",
                f"cannot load the translation hotline_desk_{code}.qm from {folder}",
            )
        loaded.append(code)
    qt_own = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt_own.load("qtbase_zh_CN", qt_dir):
        raise _bilingual(
            "无法加载 Qt 自带的中文翻译", "cannot load Qt's own Chinese translation"
        )
    return f"{', '.join(loaded)} and qtbase_zh_CN"


def check_chinese_font() -> str:
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        raise _bilingual(
            "没有中文字体，汉字将显示为方框（请安装 fonts-wqy-microhei）",
            "no Chinese font: text would show as boxes (install fonts-wqy-microhei)",
        )
    return f"{len(families)} families, e.g. {families[0]}"


def check_main_window() -> str:
    from PySide6.QtWidgets import QApplication

    window = build_main_window()
    try:
        window.show()
        QApplication.processEvents()
        title = window.windowTitle()
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return f"{type(window).__name__} built and shown ({title!r})"


def build_main_window() -> QWidget:
    """The main window as the program builds it, without opening the user's cache."""
    from app.views.main_window import MainWindow

    # Built with no arguments the window owns its task runner and opens no cache.
    return MainWindow()


# --- running ------------------------------------------------------------------------


def _prepare_environment(folder: Path) -> None:
    """No display needed, and nothing written into the user's real folders."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HOTLINE_DESK_DATA_DIR"] = str(folder / "data")
    if sys.platform.startswith("linux"):
        for variable, name in (
            ("XDG_DATA_HOME", "share"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ):
            os.environ[variable] = str(folder / name)


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication([sys.argv[0]])


def run_checks(folder: Path) -> list[CheckResult]:
    """Every check, in order; a failure in one does not stop the others."""
    # Settings are read before the environment is pointed at the temporary folder, so
    # the check sees what the seat will use.
    results = [_run_one("settings", check_settings)]
    _prepare_environment(folder)
    _application()

    checks: list[tuple[str, Callable[[], str]]] = [
        ("database", lambda: check_database(folder)),
        ("keyring", check_keyring),
        ("reference data", check_reference_data),
        ("domain data", check_domain_data),
        ("translations", check_translations),
        ("chinese font", check_chinese_font),
        ("main window", check_main_window),
    ]
    results += [_run_one(name, check) for name, check in checks]
    return results


def _run_one(name: str, check: Callable[[], str]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail = check()
    except CheckFailed as failure:
        return CheckResult(name, False, str(failure))
    except Exception as error:  # a self-test reports every failure, whatever it is
        logger.debug("self-test check %s raised", name, exc_info=True)
        where = traceback.extract_tb(error.__traceback__)[-1]
        return CheckResult(
            name,
            False,
            f"{type(error).__name__}: {error} "
            f"({Path(where.filename).name}:{where.lineno})",
        )
    elapsed = time.perf_counter() - started
    return CheckResult(name, True, f"{detail} [{elapsed * 1000:.0f} ms]")


def run(argv: Sequence[str] | None = None) -> int:
    """Run every check, print one line each, return the exit status."""
    from app import __version__, config

    started = time.perf_counter()
    lines = [f"Hotline Desk {__version__} self-test ({_where()})"]
    # A windowed Windows build has no console: the report then goes to a file.
    report = None if sys.stdout is not None else config.log_dir() / "selftest.txt"
    with tempfile.TemporaryDirectory(prefix="hotline-desk-selftest-") as tmp:
        results = run_checks(Path(tmp))
    for result in results:
        mark = "ok    " if result.ok else "FAILED"
        lines.append(f"{mark}  {result.name}: {result.detail}")
    failed = [r.name for r in results if not r.ok]
    total = time.perf_counter() - started
    if failed:
        lines.append(f"self-test FAILED: {', '.join(failed)} ({total:.1f} s)")
    else:
        lines.append(f"self-test passed: {len(results)} checks ({total:.1f} s)")

    if report is None:
        print("\n".join(lines), flush=True)
    else:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failed else 0


def upgrade_only(argv: Sequence[str]) -> int:
    """Open one cache file (migrating it after a backup) and report what happened."""
    from app.models import db
    from app.models.errors import CacheError

    args = list(argv)
    if "--cache" not in args or args.index("--cache") + 1 >= len(args):
        print("usage: hotline-desk --upgrade-only --cache PATH", file=sys.stderr)
        return 2
    path = Path(args[args.index("--cache") + 1])
    before = _revision_of(path) if path.is_file() else None
    try:
        cache = db.open_cache(path)
    except CacheError as error:
        print(f"FAILED  upgrade: {error}", flush=True)
        return 1
    cache.close()
    backup = cache.backup_path
    print(
        f"ok      upgrade: {path.name} from {before} to {_revision_of(path)}; "
        f"backup {backup if backup else 'none needed'}",
        flush=True,
    )
    return 0


def _where() -> str:
    if getattr(sys, "frozen", False):
        return f"bundle {Path(sys.executable).parent}"
    return f"source, Python {sys.version.split()[0]}"


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
