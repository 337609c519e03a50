-- Schema 2: phone book searches by short prefixes.
--
-- Totals. A search by a 1- or 2-character prefix of one field
-- matches thousands of entries; counting them for the page's exact total took milliseconds. This
-- table holds, per owner, how many entries have each key prefix of length 1 and 2 (field 'last',
-- 'first', 'number', 'id': the *_key columns; a key shorter than the length has no such prefix) and
-- how many entries the owner has in all (field 'all', prefix ''). JdbcPhoneBook keeps it in the same
-- transaction as every store, replace and delete. Rows whose n fell to 0 are kept (harmless).
-- The prefixes are cut by the database (SUBSTRING, CHAR_LENGTH) like JdbcPhoneBook cuts them, so they
-- are in the same units as LIKE's characters (PostgreSQL: code points; H2: UTF-16 chars).
-- Idempotent (H2 commits each DDL statement by itself): a failed run can simply run again.
CREATE TABLE IF NOT EXISTS phone_book_prefix_count (
    field       VARCHAR(8) NOT NULL,
    owner       VARCHAR(64) ${collate_c} NOT NULL,
    prefix      VARCHAR(8) ${collate_c} NOT NULL,
    n           INTEGER NOT NULL,
    CONSTRAINT phone_book_prefix_count_pk PRIMARY KEY (field, owner, prefix)
);

DELETE FROM phone_book_prefix_count;

-- The counts of the entries already stored.
INSERT INTO phone_book_prefix_count (field, owner, prefix, n)
SELECT field, owner, prefix, count(*) FROM (
    SELECT 'all' AS field, owner, '' AS prefix FROM phone_book
    UNION ALL SELECT 'last', owner, SUBSTRING(last_key FROM 1 FOR 1) FROM phone_book WHERE CHAR_LENGTH(last_key) >= 1
    UNION ALL SELECT 'last', owner, SUBSTRING(last_key FROM 1 FOR 2) FROM phone_book WHERE CHAR_LENGTH(last_key) >= 2
    UNION ALL SELECT 'first', owner, SUBSTRING(first_key FROM 1 FOR 1) FROM phone_book WHERE CHAR_LENGTH(first_key) >= 1
    UNION ALL SELECT 'first', owner, SUBSTRING(first_key FROM 1 FOR 2) FROM phone_book WHERE CHAR_LENGTH(first_key) >= 2
    UNION ALL SELECT 'number', owner, SUBSTRING(number_key FROM 1 FOR 1) FROM phone_book WHERE CHAR_LENGTH(number_key) >= 1
    UNION ALL SELECT 'number', owner, SUBSTRING(number_key FROM 1 FOR 2) FROM phone_book WHERE CHAR_LENGTH(number_key) >= 2
    UNION ALL SELECT 'id', owner, SUBSTRING(id_key FROM 1 FOR 1) FROM phone_book WHERE CHAR_LENGTH(id_key) >= 1
    UNION ALL SELECT 'id', owner, SUBSTRING(id_key FROM 1 FOR 2) FROM phone_book WHERE CHAR_LENGTH(id_key) >= 2
) k GROUP BY field, owner, prefix;

-- Pages of 2-character prefixes of the first name, number and id: a few hundred to a thousand matches,
-- too many to read and sort, too few to find quickly in the search order. The *_head columns are a
-- key's first 2 characters (shorter keys: the whole key); with head = the query, the index below is
-- already in search order and a page reads about its own length. (Last names need none: the search
-- order starts with last_key.) PostgreSQL's generated columns cannot use other generated columns,
-- hence lower(…) again.
ALTER TABLE phone_book ADD COLUMN IF NOT EXISTS first_head VARCHAR(8) ${collate_c}
    GENERATED ALWAYS AS (SUBSTRING(coalesce(lower(first_name), '') FROM 1 FOR 2)) ${stored};
ALTER TABLE phone_book ADD COLUMN IF NOT EXISTS number_head VARCHAR(8) ${collate_c}
    GENERATED ALWAYS AS (SUBSTRING(lower(number) FROM 1 FOR 2)) ${stored};
ALTER TABLE phone_book ADD COLUMN IF NOT EXISTS id_head VARCHAR(8) ${collate_c}
    GENERATED ALWAYS AS (SUBSTRING(lower(id) FROM 1 FOR 2)) ${stored};
CREATE INDEX IF NOT EXISTS phone_book_by_first_head ON phone_book (first_head, last_key, first_key, number_key, id, owner);
CREATE INDEX IF NOT EXISTS phone_book_by_number_head ON phone_book (number_head, last_key, first_key, number_key, id, owner);
CREATE INDEX IF NOT EXISTS phone_book_by_id_head ON phone_book (id_head, last_key, first_key, number_key, id, owner);
