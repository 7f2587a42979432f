"""The PostgreSQL the server tests rely on is real and writable."""

import psycopg


def test_postgres_is_real_and_isolated(postgres_database: str) -> None:
    dsn = postgres_database.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        version = connection.execute("SHOW server_version").fetchone()
        connection.execute("CREATE TABLE probe (id int primary key)")
        connection.execute("INSERT INTO probe VALUES (1)")
        count = connection.execute("SELECT count(*) FROM probe").fetchone()
    assert version is not None and int(version[0].split(".")[0]) >= 13
    assert count == (1,)
