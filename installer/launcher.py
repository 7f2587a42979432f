"""Entry point of the bundled workstation (the PyInstaller spec starts here).

The self-test and the cache upgrade are answered here, before the normal start-up
path, so that a bundle can always be checked even if the window fails to build.
"""

from __future__ import annotations

import sys


def main() -> int:
    argv = sys.argv[1:]
    if "--self-test" in argv or "--upgrade-only" in argv:
        from app.views import selftest

        if "--self-test" in argv:
            return selftest.run(argv)
        return selftest.upgrade_only(argv)

    from app.views.__main__ import main as desk_main

    result = desk_main()
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
