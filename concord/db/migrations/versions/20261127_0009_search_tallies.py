"""search tallies

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 07:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import concord.db.base


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_tallies',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('month', concord.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('country', sa.String(length=4), nullable=False),
    sa.Column('searches', sa.BigInteger(), nullable=False),
    sa.Column('hits', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('loaded_by', sa.String(length=32), nullable=False),
    sa.Column('loaded_at', concord.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_tallies')),
    sa.UniqueConstraint('month', 'country', 'source', name=op.f('uq_search_tallies_month'))
    )
    with op.batch_alter_table('search_tallies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_tallies_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_tallies_month'), ['month'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('search_tallies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_tallies_month'))
        batch_op.drop_index(batch_op.f('ix_search_tallies_country'))

    op.drop_table('search_tallies')
