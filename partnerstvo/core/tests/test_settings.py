import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
SECRET = "k9$Zr!x2Qp#Lw7@Vn4&Tj8*Hs5^Bd1%Fy6(Gc3)Mu0_Ae-Ro+Ni=Ol~Pe"


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**env, "PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.production",
        "ALLOWED_HOSTS": "partnerstvo.bg",
        "PARTNERSTVO_VAR_DIR": str(tmp_path),
    }
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.production",
        "SECRET_KEY": SECRET,
        "PARTNERSTVO_VAR_DIR": str(tmp_path),
    }
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "partnerstvo.bg,.partnerstvo.bg",
        "PARTNERSTVO_VAR_DIR": str(tmp_path),
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_postgresql(tmp_path):
    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.dev",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        "PARTNERSTVO_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(BASE_DIR),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=True,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
    del env["DATABASE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=True,
    )
    assert result.stdout.strip() == "partnerstvo.core.sqlite"


def test_env_example_lists_every_variable_the_settings_read():
    import re

    read = set()
    for path in (BASE_DIR / "partnerstvo" / "settings").glob("*.py"):
        text = path.read_text()
        read |= set(re.findall(r"os\.environ(?:\.get)?\(\s*\"([A-Z_]+)\"", text))
        read |= set(re.findall(r"env_(?:bool|list)\(\s*\"([A-Z_]+)\"", text))
        read |= set(re.findall(r"os\.environ\[\"([A-Z_]+)\"\]", text))
    listed = set(re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M))
    assert read, "no variables found"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
