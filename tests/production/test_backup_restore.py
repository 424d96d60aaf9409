"""A backup that restores: the demo city loaded into a database of its own, backed up with ``bin/backup``, the
database dropped and the media folder deleted, both restored with ``bin/restore`` — and every table, every
sequence and every uploaded file is as it was.

The drill runs on a database created for it (and dropped afterwards) on the test server, so it disturbs
neither the test database nor anyone else's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

pytestmark = pytest.mark.drill

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = 5


def server_url(database: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{database}"


def run(command: list[str], env: dict, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode:
        output = f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        pytest.fail(f"{' '.join(command)} exited {result.returncode}:\n{output}")
    return result


def admin(statement: str) -> None:
    connection = psycopg2.connect(server_url("postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def snapshot(url: str) -> dict:
    """Every table's row count and its first and last rows by primary key (as text tuples), every sequence's
    last value."""
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.relname, coalesce(array_agg(a.attname ORDER BY k.ord) FILTER (WHERE a.attname IS NOT NULL),
                                           '{}')
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
                LEFT JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE c.relkind = 'r'
                GROUP BY c.relname ORDER BY c.relname
                """
            )
            tables = cursor.fetchall()
            found = {}
            for table, key in tables:
                name = sql.Identifier(table)
                columns = [sql.Identifier(column) for column in key] or [sql.SQL("t::text")]
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(name))
                (count,) = cursor.fetchone()
                rows = []
                for direction in (sql.SQL("ASC"), sql.SQL("DESC")):
                    ordering = sql.SQL(", ").join(sql.SQL("{} {}").format(column, direction) for column in columns)
                    query = sql.SQL("SELECT t::text FROM {} AS t ORDER BY {} LIMIT {}")
                    cursor.execute(query.format(name, ordering, sql.Literal(SAMPLE)))
                    rows.append(tuple(row[0] for row in cursor.fetchall()))
                found[table] = (count, *rows)
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
            found["sequences"] = dict(cursor.fetchall())
            return found
    finally:
        connection.close()


def files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def drill(tmp_path):
    name = f"drill_backup_{uuid.uuid4().hex[:10]}"
    admin(f'CREATE DATABASE "{name}"')
    yield name, tmp_path
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_of_the_demo_city_restores_every_row_and_file(drill):
    name, folder = drill
    url = server_url(name)
    media, backups = folder / "media", folder / "backups" / "one"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": "",  # background jobs of the demo (if any) run in-process
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(backups),
        "PATH": f"/usr/lib/postgresql/15/bin:{os.environ.get('PATH', '')}",
    }
    env.pop("RESTORE_CONFIRM", None)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([sys.executable, "manage.py", "seed_demo", "-v0"], env)
    before, uploaded = snapshot(url), files(media)
    assert before["cadres_cadre"][0] > 0 and before["pairing_visit"][0] > 0
    assert len(uploaded) > 10, "the demo has uploaded files (visit signatures)"

    written = run([str(ROOT / "bin" / "backup")], env)
    assert "database.dump" in written.stdout and "media.tar.gz" in written.stdout
    assert (backups / "database.dump").stat().st_size > 0

    # The database and the files are lost.
    admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    shutil.rmtree(media)

    restored = run([str(ROOT / "bin" / "restore"), str(backups)], env)
    assert f"Created the database {name}" in restored.stdout
    after = snapshot(url)
    assert after.keys() == before.keys()
    differing = [table for table in before if after[table] != before[table]]
    assert differing == []
    assert files(media) == uploaded

    # A database with tables is replaced only when that is confirmed.
    refused = run([str(ROOT / "bin" / "restore"), str(backups)], env, check=False)
    assert refused.returncode != 0
    assert "Confirm with --yes" in refused.stderr
    run([str(ROOT / "bin" / "restore"), str(backups)], {**env, "RESTORE_CONFIRM": "yes"})
    assert snapshot(url) == before
