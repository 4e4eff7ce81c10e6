"""Class sessions: classes, students, answers, reveals.

Revision ID: 0001_classes
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_classes"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("teacher_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("view_page", sa.String(64), nullable=False, server_default=""),
        sa.Column("view_params", sa.Text, nullable=False, server_default="{}"),
    )
    op.create_index("ix_classes_expires_at", "classes", ["expires_at"])
    op.create_table(
        "students",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("code", sa.String(16), sa.ForeignKey("classes.code", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("joined_at", sa.Float, nullable=False),
        sa.Column("seen_at", sa.Float, nullable=False),
        sa.Column("page", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_students_code", "students", ["code"])
    op.create_table(
        "answers",
        sa.Column("student_id", sa.String(40), sa.ForeignKey("students.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("code", sa.String(16), sa.ForeignKey("classes.code", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("choice", sa.String(32), nullable=False),
    )
    op.create_index("ix_answers_code_question", "answers", ["code", "question_id"])
    op.create_table(
        "reveals",
        sa.Column("code", sa.String(16), sa.ForeignKey("classes.code", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("revealed_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reveals")
    op.drop_index("ix_answers_code_question", "answers")
    op.drop_table("answers")
    op.drop_index("ix_students_code", "students")
    op.drop_table("students")
    op.drop_index("ix_classes_expires_at", "classes")
    op.drop_table("classes")
