"""Schema migrations (Alembic), run programmatically when a store opens."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine


def config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at jixiao's migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("jixiao.store") / "migrations"))
    if engine is not None:
        cfg.attributes["connection_engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    command.upgrade(config(engine), "head")
