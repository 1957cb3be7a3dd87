"""A small bounded mapping that forgets the least recently used key: one per service instance (unlike
functools.lru_cache, which is one per function), so it can be cleared when that instance's content changes."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

# Texts longer than this (characters) are not remembered: questions are short, and a cache of long texts
# would hold a lot of memory for little.
TEXT_KEY_MAX = 300

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size  # 0 keeps nothing
        self._data: OrderedDict[K, V] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        if self.size <= 0:
            return
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
