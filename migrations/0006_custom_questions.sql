-- The organisation's own themes and questions, beside the shipped bank.
-- Ids start with "c-" so they never clash with the shipped ones.

CREATE TABLE custom_dimensions (
    id TEXT PRIMARY KEY,
    name_da TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- 1: answers count only above the sensitive threshold (like exposure).
    sensitive BIGINT NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    created_at BIGINT NOT NULL
);

CREATE TABLE custom_items (
    id TEXT PRIMARY KEY,
    -- A shipped dimension's id or a custom dimension's.
    dimension_id TEXT NOT NULL,
    -- One of the shipped scales (agree5, freq5, zero10, exposure5).
    scale TEXT NOT NULL,
    reverse BIGINT NOT NULL DEFAULT 0 CHECK (reverse IN (0, 1)),
    text_da TEXT NOT NULL,
    text_sv TEXT NOT NULL,
    text_en TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
