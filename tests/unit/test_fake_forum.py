"""The fake Bot API's forum supergroups behave as Telegram's: topics are created, renamed and closed by a bot with
the right to manage them; a message goes to a topic through message_thread_id; a closed or unknown topic refuses it."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest

from tests.fakeapi import FakeTelegram

FORUM = -1001234567890
PLAIN = -1009876543210


def _bot(tg: FakeTelegram) -> Bot:
    return Bot(tg.token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))


async def test_topics_are_created_used_renamed_and_closed(tg: FakeTelegram) -> None:
    tg.forums.add(FORUM)
    bot = _bot(tg)
    try:
        topic = await bot.create_forum_topic(FORUM, "Арал ауданы")
        sent = await bot.send_message(FORUM, "card", message_thread_id=topic.message_thread_id)
        assert sent.message_thread_id == topic.message_thread_id and sent.is_topic_message
        assert sent.chat.is_forum
        assert [s.text for s in tg.sent_to_topic(FORUM, topic.message_thread_id)] == ["card"]
        assert tg.sent_to_topic(FORUM, None) == []
        assert await bot.edit_forum_topic(FORUM, topic.message_thread_id, name="Арал")
        assert tg.topic_named(FORUM, "Арал")["name"] == "Арал"
        assert await bot.close_forum_topic(FORUM, topic.message_thread_id)
        assert tg.topics[(FORUM, topic.message_thread_id)]["closed"]
        await bot.send_message(FORUM, "admin", message_thread_id=topic.message_thread_id)  # managing topics: allowed
        tg.no_topic_rights.add(FORUM)
        with pytest.raises(TelegramBadRequest, match="TOPIC_CLOSED"):
            await bot.send_message(FORUM, "late", message_thread_id=topic.message_thread_id)
        tg.no_topic_rights.clear()
        with pytest.raises(TelegramBadRequest, match="thread not found"):
            await bot.send_message(FORUM, "nowhere", message_thread_id=999_999)
        assert await bot.reopen_forum_topic(FORUM, topic.message_thread_id)
        await bot.send_message(FORUM, "again", message_thread_id=topic.message_thread_id)
    finally:
        await bot.session.close()


async def test_topics_need_a_forum_and_the_right_to_manage_them(tg: FakeTelegram) -> None:
    tg.forums.add(FORUM)
    tg.no_topic_rights.add(FORUM)
    bot = _bot(tg)
    try:
        with pytest.raises(TelegramBadRequest, match="not a forum"):
            await bot.create_forum_topic(PLAIN, "x")
        with pytest.raises(TelegramBadRequest, match="rights"):
            await bot.create_forum_topic(FORUM, "x")
        with pytest.raises(TelegramBadRequest, match="TOPIC_TITLE_TOO_LONG"):
            tg.no_topic_rights.clear()
            await bot.create_forum_topic(FORUM, "x" * 129)
        # outside a forum a thread id is ignored, as Telegram does
        sent = await bot.send_message(PLAIN, "plain", message_thread_id=5)
        assert sent.message_thread_id is None and tg.sent_to_topic(PLAIN, None)[0].text == "plain"
        chat = await bot.get_chat(FORUM)
        assert chat.is_forum and (await bot.get_chat(PLAIN)).is_forum is None
    finally:
        await bot.session.close()
