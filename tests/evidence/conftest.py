from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path) -> Path:
    """Each test gets its own evidence storage and checkpoint key."""
    root = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "file_permissions_mode": 0o440},
        },
    }
    settings.CHECKPOINT_KEY_FILE = tmp_path / "checkpoint-ed25519.pem"
    return root


def blob_path(root: Path, sha: str) -> Path:
    return root / sha[:2] / sha


def tamper(path: Path, data: bytes) -> None:
    path.chmod(0o640)
    path.write_bytes(data)
