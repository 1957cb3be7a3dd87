"""Search latency: the shipped knowledge base, then the same plus 10,000 synthetic entries, then after 1,000 edits
made in the bot (answers edited, keywords attached, cards created and retired; issue 12).

Run: ``python bench/search_bench.py [--rounds N] [--synthetic N] [--edits N]``. Loads data/ into a temporary SQLite
file, runs every question of tests/qa/*.toml (and variants: Russian-keyboard folding, Latin script, a typo,
unrelated questions) N times through KnowledgeBase.search, and prints p50/p95/max in milliseconds. The answer
cache is off (every call searches); one line also shows a repeated question answered from the cache.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db.database import Database  # noqa: E402
from bot.services.kb_edit import KbEditor  # noqa: E402
from bot.services.kb_file import RELATIVE_YEAR_RE  # noqa: E402
from bot.services.knowledge import Entry, KnowledgeBase  # noqa: E402
from bot.services.roles import RoleService  # noqa: E402

_KK_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
_LATIN = str.maketrans(
    {
        "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "і": "i", "э": "e", "ю": "iu", "я": "ia",
        "ь": "", "ъ": "",
    }
)  # fmt: skip

_SYLLABLES_KK = "жа қа ба са та ма ла на ра ды лы ны ты ғы ке ге ле не ме ті ші ұл құ тұ үй өз ор ос ан ар".split()
_SUFFIXES_KK = "лар лер дың нің ға ге да де дан нен ды ні мен бен лық лік шы сы ған ген у ып".split()
_SYLLABLES_RU = "ка ко ва ве ли ло ро ра ни но по пе ст пр сл гр до ми ме ту ча".split()
_SUFFIXES_RU = "ый ая ое ие ого ых ам ами ов ение ость ция ировать ский".split()


def questions() -> tuple[list[str], list[str]]:
    """QA questions with variants, and unrelated questions."""
    asked: list[str] = []
    unrelated: list[str] = []
    rng = random.Random(7)
    for path in sorted((ROOT / "tests" / "qa").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for q in data.get("q", []):
            text = str(q["text"])
            asked.append(text)
            asked.append(text.lower().translate(_KK_FOLD))
            asked.append(text.lower().translate(_LATIN))
            if len(text) > 8:
                i = rng.randrange(1, len(text) - 1)
                asked.append(text[:i] + text[i + 1 :])  # one letter dropped
        unrelated.extend(str(u["text"]) for u in data.get("unrelated", []))
    return asked, unrelated


def _word(rng: random.Random, syllables: list[str], suffixes: list[str]) -> str:
    stem = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
    return stem + (rng.choice(suffixes) if rng.random() < 0.6 else "")


def synthetic_knowledge(count: int, shipped: str, seed: int = 1) -> str:
    """TOML for ``count`` entries of realistic-looking Kazakh and Russian words, mixed with real ones."""
    rng = random.Random(seed)
    data = tomllib.loads(shipped)
    real_kk = " ".join(e["answer"]["kk"] for e in data["entry"]).split()
    real_ru = " ".join(e["answer"]["ru"] for e in data["entry"]).split()
    topics = sorted({e["topic"] for e in data["entry"]})
    kk_pool = [_word(rng, _SYLLABLES_KK, _SUFFIXES_KK) for _ in range(6000)]
    ru_pool = [_word(rng, _SYLLABLES_RU, _SUFFIXES_RU) for _ in range(6000)]

    def text(pool: list[str], real: list[str], n: int) -> str:
        words = [rng.choice(real) if rng.random() < 0.3 else rng.choice(pool) for _ in range(n)]
        return " ".join(words).replace('"', "").replace("\\", "")

    parts = [shipped]
    for i in range(count):
        kws_kk = ", ".join(f'"{text(kk_pool, real_kk, 2)}"' for _ in range(5))
        kws_ru = ", ".join(f'"{text(ru_pool, real_ru, 2)}"' for _ in range(5))
        parts.append(
            f"""
[[entry]]
id = "synthetic-{i}"
topic = "{rng.choice(topics)}"
title.kk = "{text(kk_pool, real_kk, 4)}"
title.ru = "{text(ru_pool, real_ru, 4)}"
answer.kk = "{text(kk_pool, real_kk, 40)}"
answer.ru = "{text(ru_pool, real_ru, 40)}"
keywords.kk = [{kws_kk}]
keywords.ru = [{kws_ru}]
"""
        )
    return "".join(parts)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(kb: KnowledgeBase, texts: list[str], rounds: int) -> list[float]:
    for text in texts[:20]:
        await kb.search(text)  # warm up caches
    samples: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            await kb.search(text, fallback_language="kk")
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float]) -> None:
    print(
        f"{label}: n={len(samples)} p50={statistics.median(samples):.2f} ms "
        f"p95={percentile(samples, 0.95):.2f} ms max={max(samples):.2f} ms"
    )


async def edit_many(kb: KnowledgeBase, db: Database, edits: int, seed: int = 3) -> list[float]:
    """``edits`` changes through the staff editor, each live when it returns; returns their durations (ms)."""
    rng = random.Random(seed)
    editor = KbEditor(db, kb, RoleService(db, [1]))
    ids = [e.id for section in ("results", "projects") for t in await kb.topics(section)
           for e in await kb.entries_for_topic(t.id)]
    synthetic = [i for i in ids if i.startswith("synthetic-")]
    words_kk = "мектеп аурухана жол газ су пәтер жұмыс жастар ауыл спорт".split()
    words_ru = "школа больница дорога газ вода квартира работа молодёжь село спорт".split()
    durations: list[float] = []
    for n in range(edits):
        kind = n % 10
        start = time.perf_counter()
        if kind < 6:  # an answer edited
            entry = await kb.entry(rng.choice(synthetic))
            if entry is None:
                continue
            keep = {lang: RELATIVE_YEAR_RE.sub("2025", entry.answer[lang][:200]) for lang in ("kk", "ru")}
            answer = {"kk": f"2024 жылы {rng.randint(1, 999)} {rng.choice(words_kk)}. " + keep["kk"],
                      "ru": f"В 2024 году {rng.randint(1, 999)} {rng.choice(words_ru)}. " + keep["ru"]}
            await editor.edit(1, Entry(entry.id, entry.topic, entry.title, answer, entry.keywords, entry.related))
        elif kind < 8:  # a citizen's wording attached as a keyword
            await editor.add_keyword(1, rng.choice(synthetic), rng.choice(("kk", "ru")),
                                     f"{rng.choice(words_ru)} {rng.choice(words_ru)} {n}")
        elif kind == 8:  # a new card
            topic = rng.choice(list((await kb._ensure_cache()).topics))
            await editor.create(1, Entry(f"bench-{n}", topic, {"kk": f"Жаңа карта {n}", "ru": f"Новая карточка {n}"},
                                         {"kk": f"2024 жылы {n} {rng.choice(words_kk)}.",
                                          "ru": f"В 2024 году {n} {rng.choice(words_ru)}."},
                                         {"kk": [rng.choice(words_kk)], "ru": [rng.choice(words_ru)]}, ()))
        else:  # a card retired
            victim = synthetic.pop(rng.randrange(len(synthetic)))
            await editor.set_retired(1, victim, True)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


async def run(rounds: int, synthetic: int, edits: int = 0) -> None:
    asked, unrelated = questions()
    texts = asked + unrelated
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data_dir)
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        try:
            kb = KnowledgeBase(db, answer_cache_size=0)  # measure the search itself, not the answer cache
            start = time.perf_counter()
            counts = await kb.load(data_dir)
            print(f"shipped knowledge base: {counts} loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
            report(f"shipped ({len(texts)} questions x {rounds})", await measure(kb, texts, rounds))

            shipped = (data_dir / "knowledge.toml").read_text(encoding="utf-8")
            (data_dir / "knowledge.toml").write_text(synthetic_knowledge(synthetic, shipped), encoding="utf-8")
            start = time.perf_counter()
            counts = await kb.load(data_dir)
            print(f"with {synthetic} synthetic entries: {counts} loaded in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            await KnowledgeBase(db).load(data_dir)
            print(f"restart (load again, nothing changed): {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            await kb.search("газ")  # first search after a load builds the typo index
            print(f"first search after load: {(time.perf_counter() - start) * 1000:.0f} ms")
            report(f"shipped+{synthetic} ({len(texts)} questions x {rounds})", await measure(kb, texts, rounds))
            cached = KnowledgeBase(db)
            for text in texts:  # every question asked once before: the timed rounds ask them again
                await cached.search(text, fallback_language="kk")
            report(f"shipped+{synthetic}, asked again: from the answer cache", await measure(cached, texts, rounds))
            if edits:
                durations = await edit_many(kb, db, edits)
                report(f"{edits} edits in the bot (each live for the next question when it returns)", durations)
                report(f"shipped+{synthetic} after {edits} edits ({len(texts)} questions x {rounds})",
                       await measure(kb, texts, rounds))
        finally:
            await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(run(args.rounds, args.synthetic, args.edits))


if __name__ == "__main__":
    main()
