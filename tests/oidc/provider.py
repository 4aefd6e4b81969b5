"""Start the OpenID provider of provider.mjs for a test: installs panva/oidc-provider from the npm registry
into a cache directory the first time (CONTINGENT_TEST_NODE_CACHE, default ~/.cache/contingent-oidc-provider)."""

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
PACKAGE = "oidc-provider@9"


def modules_dir() -> Path:
    cache = Path(os.environ.get("CONTINGENT_TEST_NODE_CACHE", Path.home() / ".cache" / "contingent-oidc-provider"))
    if not (cache / "node_modules" / "oidc-provider" / "package.json").exists():
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "package.json").write_text(json.dumps({"name": "contingent-oidc-test", "private": True}))
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", PACKAGE], cwd=cache, check=True, timeout=300
        )
    return cache


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_provider(client_id: str, secret: str, redirect_uri: str, accounts: dict[str, str]) -> Iterator[str]:
    """Yield the issuer URL of a provider that knows one client and the given login -> email accounts."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed to run the test OpenID provider")
    port = free_port()
    env = os.environ | {"OIDC_TEST_ACCOUNTS": json.dumps(accounts)}
    command = [node, str(HERE / "provider.mjs"), str(port), client_id, secret, redirect_uri, str(modules_dir())]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                raise RuntimeError(f"the test OpenID provider did not start:\n{output}")
            time.sleep(0.2)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
