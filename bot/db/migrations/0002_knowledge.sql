-- The knowledge base: topics and question/answer entries in Kazakh and Russian, loaded from data/*.toml by
-- bot.services.knowledge.KnowledgeBase.load() (upsert by stable id), and a full-text index over their
-- normalised text (see bot/text: folded letters, Latin -> Cyrillic, stems, canonical keys).
CREATE TABLE kb_topics (
    id        TEXT    PRIMARY KEY,
    section   TEXT    NOT NULL CHECK (section IN ('results', 'projects')),
    ord       INTEGER NOT NULL DEFAULT 0,
    title_kk  TEXT    NOT NULL,
    title_ru  TEXT    NOT NULL
);

CREATE TABLE kb_entries (
    id            TEXT    PRIMARY KEY,
    doc           INTEGER NOT NULL UNIQUE,      -- rowid of the entry's row in kb_fts (stable across VACUUM)
    topic         TEXT    NOT NULL REFERENCES kb_topics (id),
    ord           INTEGER NOT NULL DEFAULT 0,   -- position in data/knowledge.toml
    title_kk      TEXT    NOT NULL,
    title_ru      TEXT    NOT NULL,
    answer_kk     TEXT    NOT NULL,
    answer_ru     TEXT    NOT NULL,
    keywords_kk   TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    keywords_ru   TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    related       TEXT    NOT NULL DEFAULT '[]', -- JSON array of entry ids
    content_hash  TEXT    NOT NULL,             -- of the entry, its topic's titles and the analyzer version
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX kb_entries_topic ON kb_entries (topic, ord);

-- One row per entry (rowid = kb_entries.doc): each column holds the space-separated index terms of one
-- field in one language. The text is normalised in Python (bot/text: folded letters, Latin -> Cyrillic,
-- stems, canonical keys), so the tokenizer only splits on spaces and must not fold anything again. Queried
-- with bm25(kb_fts, ...) weighting titles and keywords above answers; phrase queries need full detail.
-- Keep the column list in step with FTS_COLUMNS in bot/services/knowledge.py.
CREATE VIRTUAL TABLE kb_fts USING fts5 (
    title_kk, title_ru, keywords_kk, keywords_ru, answer_kk, answer_ru, topic_kk, topic_ru,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Index vocabulary with document frequencies: term weights, typo tolerance, related forms.
CREATE VIRTUAL TABLE kb_fts_vocab USING fts5vocab (kb_fts, 'row');
