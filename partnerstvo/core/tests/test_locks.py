"""The two hashed locks (requirements/lock.txt with the dev extra, requirements/production.txt
without) are in step with pyproject.toml and with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def lock(name: str) -> dict[str, str]:
    return pins((ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines())


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = pins(PROJECT["dependencies"])
DEV = pins(PROJECT["optional-dependencies"]["dev"])


@pytest.mark.parametrize(
    ("name", "wanted"), [("lock.txt", {**RUNTIME, **DEV}), ("production.txt", RUNTIME)]
)
def test_each_lock_pins_what_pyproject_pins(name, wanted):
    locked = lock(name)
    assert {package: locked.get(package) for package in wanted} == wanted


def test_the_production_lock_has_no_dev_only_package():
    assert set(DEV) & set(lock("production.txt")) == set()


def test_both_locks_agree_on_every_production_package():
    production, dev = lock("production.txt"), lock("lock.txt")
    assert {package: dev.get(package) for package in production} == production


@pytest.mark.parametrize("name", ["lock.txt", "production.txt"])
def test_every_locked_package_has_hashes(name):
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[-1])
    assert [entry.split()[0] for entry in entries if "==" in entry and "--hash" not in entry] == []
