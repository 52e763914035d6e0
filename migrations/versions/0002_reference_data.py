"""reference data: Kosovo, its regions and municipalities, institution types, mechanisms

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from mcm.reference import data

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    meta = sa.MetaData()
    countries = sa.Table("countries", meta, autoload_with=conn)
    regions = sa.Table("regions", meta, autoload_with=conn)
    municipalities = sa.Table("municipalities", meta, autoload_with=conn)
    types = sa.Table("institution_types", meta, autoload_with=conn)
    mechanisms = sa.Table("mechanisms", meta, autoload_with=conn)

    country_id = conn.execute(countries.insert().values(**data.KOSOVO)).inserted_primary_key[0]
    region_ids = {}
    for code, (sq, sr, en) in data.REGIONS.items():
        region_ids[code] = conn.execute(
            regions.insert().values(
                country_id=country_id, code=code, name_sq=sq, name_sr=sr, name_en=en
            )
        ).inserted_primary_key[0]
    now = sa.func.now()
    for row in data.municipalities():
        municipality_id = conn.execute(
            municipalities.insert().values(
                code=row["code"],
                region_id=region_ids[row["region"]],
                name_sq=row["name_sq"],
                name_sr=row["name_sr"],
                name_en=row["name_en"],
            )
        ).inserted_primary_key[0]
        conn.execute(
            mechanisms.insert().values(
                municipality_id=municipality_id, status="not_established", created_at=now
            )
        )
    for position, (code, sq, sr, en) in enumerate(data.INSTITUTION_TYPES):
        conn.execute(
            types.insert().values(code=code, position=position, name_sq=sq, name_sr=sr, name_en=en)
        )


def downgrade():
    for table in ("mechanisms", "municipalities", "regions", "countries", "institution_types"):
        op.execute(sa.text(f"DELETE FROM {table}"))
