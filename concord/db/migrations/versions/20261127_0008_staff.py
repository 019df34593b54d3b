"""staff

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 04:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import concord.db.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('grade', sa.String(length=5), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', concord.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', concord.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['nationality'], ['countries.code'], name=op.f('fk_staff_nationality_countries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_nationality'), ['nationality'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_start_date'), ['start_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_start_date'))
        batch_op.drop_index(batch_op.f('ix_staff_nationality'))

    op.drop_table('staff')
