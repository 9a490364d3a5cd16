# A department's entries of one source, newest first (ADR 0021): the search of someone who
# sees a department's 收文 or 发文 reads that department from this index and stops at the cap,
# instead of joining every record of the department to the matches.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["source", "department_id", "-date", "-id"],
                name="search_entry_department",
            ),
        ),
    ]
