"""On SQLite, the conversations, messages and notes tables have no rowid.

An ordinary SQLite table numbers rows in the order they are inserted, so its
file would tell which conversation (or message) came before which, across
visitors. WITHOUT ROWID tables are kept in the order of their random primary
keys. Django cannot declare this, so the tables are rebuilt here (as the
journal's are; see journal/migrations/0002). A later migration that makes
Django rebuild one of these tables drops WITHOUT ROWID again:
tests/messaging/test_storage.py fails if that happens.
"""

from django.db import migrations

TABLES = ("messaging_conversation", "messaging_message", "messaging_note")


def without_rowid(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL tables have no rowid to leak
    with connection.cursor() as cursor:
        # Renaming a table would otherwise rewrite the other tables' foreign
        # keys to point at the temporary name.
        cursor.execute("PRAGMA legacy_alter_table = ON")
        for table in TABLES:
            cursor.execute(
                "SELECT type, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            rows = cursor.fetchall()
            table_sql = next(sql for kind, sql in rows if kind == "table")
            if "WITHOUT ROWID" in table_sql.upper():
                continue
            index_sqls = [sql for kind, sql in rows if kind == "index"]
            cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{table}__rowid"')
            cursor.execute(table_sql + " WITHOUT ROWID")
            cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{table}__rowid"')
            cursor.execute(f'DROP TABLE "{table}__rowid"')
            for sql in index_sqls:
                cursor.execute(sql)
        cursor.execute("PRAGMA legacy_alter_table = OFF")


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_messages_sealed_to_team_and_visitor")]

    operations = [migrations.RunPython(without_rowid, migrations.RunPython.noop)]
