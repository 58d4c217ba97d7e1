"""The workbench's pages, one router per area of the notice's work."""

from fastapi import APIRouter

from workbench.pages import auth, home

ROUTERS: list[APIRouter] = [auth.router, home.router]
