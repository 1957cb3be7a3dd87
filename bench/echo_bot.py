"""The reference for bench/throughput.py: a bare aiogram echo bot, aiogram's defaults throughout.

Usage: python bench/echo_bot.py BOT_API_URL TOKEN
"""

from __future__ import annotations

import asyncio
import sys

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main(url: str, token: str) -> None:
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    dp = Dispatcher()

    @dp.message()
    async def repeat(message: Message) -> None:
        await message.answer(message.text or "")

    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
