-- Version 9: a job's watermark is stored as JSON text (any JSON value a worker sent). Before, a
-- plain job's watermark was stored as the raw string the worker sent, so that text is quoted here as
-- a JSON string ("offset-100" stays the string "offset-100" and "42" stays a string, not a number).
-- Node runs already stored a JSON array and compactions a position (now a JSON string too, as they
-- were read before). Control characters are left unescaped; the reader takes text that is not JSON
-- as a string. Portable SQL: || and REPLACE exist in SQLite and PostgreSQL, where standard strings
-- make '\' one backslash.
UPDATE jobs SET watermark = '"' || REPLACE(REPLACE(watermark, '\', '\\'), '"', '\"') || '"'
WHERE watermark IS NOT NULL AND job_type NOT IN ('subscription', 'transform', 'publication');
