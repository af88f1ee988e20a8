-- Article hashes of 64 bits instead of 128; the SQLite migration of the same number explains.
UPDATE articles SET text_hash = substr(text_hash, 1, 16), input_hash = substr(input_hash, 1, 16)
WHERE length(text_hash) > 16 OR length(input_hash) > 16;
