"""Remembered passwords in the OS keyring — only when the policy allows it and a backend exists."""

from __future__ import annotations

SERVICE = "crm-desktop"


def available() -> bool:
    try:
        import keyring
        from keyring.backends import fail, null
    except Exception:  # keyring missing or broken: the option is hidden, never an error
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    backends = getattr(backend, "backends", None)
    return backends is None or bool(backends)


def load(key: str) -> str | None:
    if not available():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, key)
    except Exception:
        return None


def save(key: str, password: str) -> None:
    if available():
        import keyring

        try:
            keyring.set_password(SERVICE, key, password)
        except Exception:
            pass


def forget(key: str) -> None:
    if available():
        import keyring

        try:
            keyring.delete_password(SERVICE, key)
        except Exception:
            pass
