"""On SQLite the answers table has no rowid.

An ordinary SQLite table numbers its rows in the order they are inserted and
stores them in that order, so the file would tell which answers were sent
together (one survey's answers are inserted one after another). A WITHOUT
ROWID table is kept in the order of its primary key, a random UUID. Django
cannot declare this, so the table is rebuilt here, as the journal's is
(journal migration 0002). A later migration that makes Django rebuild the
table drops WITHOUT ROWID again; tests/surveys/test_unlinkable.py fails then.
"""

from django.db import migrations

TABLE = "surveys_answer"


def without_rowid(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL has no rowid (docs/research.md: its physical order)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL",
            [TABLE],
        )
        rows = cursor.fetchall()
        table_sql = next(sql for kind, sql in rows if kind == "table")
        if "WITHOUT ROWID" in table_sql.upper():
            return
        index_sqls = [sql for kind, sql in rows if kind == "index"]
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{TABLE}__rowid"')
        cursor.execute(table_sql + " WITHOUT ROWID")
        cursor.execute(f'INSERT INTO "{TABLE}" SELECT * FROM "{TABLE}__rowid"')
        cursor.execute(f'DROP TABLE "{TABLE}__rowid"')
        for sql in index_sqls:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_surveys_and_unlinked_answers")]

    operations = [migrations.RunPython(without_rowid, migrations.RunPython.noop)]
