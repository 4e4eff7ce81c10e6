"""Class tools: the teacher's pacing, each student's own guess (read back by that student only),
failed joins per client address, one-time cookie tickets.

Revision ID: 0002_class_tools
Revises: 0001_classes
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_class_tools"
down_revision = "0001_classes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("classes") as batch:
        batch.add_column(sa.Column("pace", sa.String(8), nullable=False, server_default="lead"))
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("guess", sa.String(64), nullable=False, server_default=""))
    op.create_table(
        "join_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("addr_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_join_failures_addr_at", "join_failures", ["addr_hash", "at"])
    op.create_table(
        "cookie_tickets",
        sa.Column("ticket_hash", sa.String(64), primary_key=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("cookie_tickets")
    op.drop_index("ix_join_failures_addr_at", "join_failures")
    op.drop_table("join_failures")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("guess")
    with op.batch_alter_table("classes") as batch:
        batch.drop_column("pace")
