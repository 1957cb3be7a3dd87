"""Small talk: greetings, thanks, goodbyes, "who are you?" and acknowledgements, in Kazakh and Russian.

A message is small talk when every word of it belongs to the small-talk vocabulary below (so "сәлем, газ
қашан келеді?" is a question, not a greeting) and one of them marks a kind. Such a message gets a short,
warm reply instead of a search, and is never counted as an unanswered question (issue 10).
"""

from __future__ import annotations

import re

from bot.text.normalize import fold, normalize, search_key, tokenize

__all__ = ["KINDS", "small_talk"]

KINDS = ("who", "thanks", "bye", "greeting", "ok")


def _keys(block: str) -> frozenset[str]:
    return frozenset(search_key(t) for t in tokenize(normalize(fold(block))))


_MARKERS = {
    "who": _keys(
        """
        кімсің кімсіз кімсіздер аласың аласыз кто ты умеешь можешь бот ботсың робот
        """
    ),
    "thanks": _keys(
        """
        рахмет рақмет рахмат рахметт raqmet rahmet rakhmet спасибо спасибки спс благодарю благодарствую
        """
    ),
    "bye": _keys(
        """
        сау болыңыз болыныз қош көріскенше кездескенше свидания пока прощайте всего хорошего встречи
        """
    ),
    "greeting": _keys(
        """
        сәлем сәлеметсіз сәлеметсіздер салем салам сәлам армысыз армысыздар ассалаумағалейкум
        ассаламуалейкум саламалейкум қайырлы привет приветствую здравствуйте здравствуй здрасте здрасьте
        хай hello hi hey salem salam добрый доброе доброго дела қалайсыз қалайсың калайсын
        """
    ),
    "ok": _keys(
        """
        жақсы түсіндім түсінікті иә жарайды жарайсыз керемет ок ok окей okay понятно понял поняла хорошо
        ясно отлично класс супер ладно
        """
    ),
}
# Words that may come with the markers without making the message a question.
_FILLER = _keys(
    """
    көп үлкен зор сізге саған сіздерге бол болыңыз сау келесі күн таң кеш қалың қалай жағдай бе ба ма ме па пе
    сен сіз бұл не қандай істей істейсің істейсіз бот ал ендеше да де ғой
    большое огромное вам тебе за информацию помощь ответ всего до утро день вечер времени суток как у вас тебя
    дела ты вы кто что такое это и а да ну все всё пока
    """
) | frozenset().union(*_MARKERS.values())
_EMOJI_ONLY = re.compile(r"^[\W_]+$")


def small_talk(text: str) -> str | None:
    """The kind of small talk ("who", "thanks", "bye", "greeting", "ok"), or None for anything else."""
    stripped = text.strip()
    if not stripped or stripped.startswith("/"):
        return None
    if _EMOJI_ONLY.match(stripped):
        return "ok" if any(ord(ch) > 0x2000 for ch in stripped) else None
    keys = [search_key(t) for t in tokenize(normalize(fold(stripped)))]
    if not keys or len(keys) > 8 or any(k not in _FILLER for k in keys):
        return None
    for kind in KINDS:
        if any(k in _MARKERS[kind] for k in keys):
            return kind
    return None
