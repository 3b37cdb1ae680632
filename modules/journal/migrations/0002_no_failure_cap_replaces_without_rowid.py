"""The global cap on failed code checks goes (a row anyone could fill up);
a journal saved under a new code remembers, until confirmed, the record it
replaces; and on SQLite the journal table has no rowid.

An ordinary SQLite table numbers its rows in the order they are inserted,
and stores them in that order, so its file would tell which journal was made
before which. A WITHOUT ROWID table is kept in the order of its primary key,
the random (or code-derived) lookup id. Django cannot declare this, so the
table is rebuilt here. Note: Django rebuilds a SQLite table for some later
schema changes (altering a field, say) and would drop WITHOUT ROWID again;
tests/journal/test_storage.py fails if that happens, and such a migration
then needs this rebuild again.
"""

from django.db import migrations, models


TABLE = "journal_journal"


def without_rowid(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL tables have no rowid to leak
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

    dependencies = [
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(
            name="CodeThrottle",
        ),
        migrations.AddField(
            model_name="journal",
            name="replaces",
            field=models.CharField(
                blank=True,
                default="",
                max_length=64,
                verbose_name="replaces, until confirmed",
            ),
        ),
        migrations.AddIndex(
            model_name="journal",
            index=models.Index(
                condition=models.Q(("replaces", ""), _negated=True),
                fields=["replaces"],
                name="journal_replaces_idx",
            ),
        ),
        migrations.RunPython(without_rowid, migrations.RunPython.noop),
    ]
