from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.domain.factories import World, build_world


@pytest.fixture
async def world(db: async_sessionmaker[AsyncSession]) -> World:
    return await build_world(db)
