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


DEMO_PROBE = """
import django, json, os, stat
django.setup()
from django.conf import settings
key_file = settings.VAR_DIR / "secret_key"
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "key_file_mode": stat.S_IMODE(os.stat(key_file).st_mode),
    "hosts": settings.PARTNERSTVO_ALLOWED_HOSTS,
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "static_root": str(settings.STATIC_ROOT),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "email_path": str(getattr(settings, "EMAIL_FILE_PATH", "")),
    "serve_media": settings.PARTNERSTVO_SERVE_PUBLIC_MEDIA,
}))
"""


def _demo_settings(var_dir):
    import json

    env = {
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.demo",
        "PARTNERSTVO_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(BASE_DIR),
        "PATH": os.environ.get("PATH", ""),
    }
    result = subprocess.run(
        [sys.executable, "-c", DEMO_PROBE],
        env=env,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_settings_are_production_like(tmp_path):
    demo = _demo_settings(tmp_path)
    assert demo["DEBUG"] is False
    assert demo["whitenoise"] is True
    assert demo["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert demo["static_root"] == str(tmp_path / "static")
    assert demo["tasks"] == "django_tasks_db.DatabaseBackend"
    assert demo["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert demo["email_path"] == str(tmp_path / "mail")
    assert demo["hosts"] == ["127.0.0.1", "localhost", ".localhost"]
    assert demo["serve_media"] is True


def test_demo_secret_key_is_generated_once_into_var_and_kept(tmp_path):
    first = _demo_settings(tmp_path)
    second = _demo_settings(tmp_path)
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 50
    assert "insecure" not in first["SECRET_KEY"]
    assert first["key_file_mode"] == 0o600
    assert (tmp_path / "secret_key").read_text().strip() == first["SECRET_KEY"]
    assert _demo_settings(tmp_path / "another")["SECRET_KEY"] != first["SECRET_KEY"]
