"""jixiao's web workbench (中文界面): `jixiao serve`, or `create_app(store)` for your own server."""

from jixiao.web.app import create_app

__all__ = ["create_app"]
