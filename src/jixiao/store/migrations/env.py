"""Alembic environment: the engine is handed over by jixiao.store.migrate."""

from alembic import context

from jixiao.store.models import Base

target_metadata = Base.metadata
engine = context.config.attributes.get("connection_engine")
if engine is None:  # pragma: no cover - only for `alembic revision --autogenerate` by developers
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
