"""`python -m crm_desktop` / `crm-desktop`: the GUI."""

import sys


def main() -> int:
    from crm_desktop.ui.app import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
