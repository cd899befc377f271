-- The dashboard's role and database, run once as the postgres superuser:
--   sudo -u postgres psql -v password='a long random password' -f deploy/postgres-setup.sql
-- The role owns its database and nothing else; it is no superuser.
CREATE ROLE kpi LOGIN PASSWORD :'password';
-- LC_CTYPE C.UTF-8 (any UTF-8 locale will do, not C): pg_trgm counts Thai letters as word
-- characters only under a UTF-8 character class; under C a Thai text has no trigrams at all and
-- the search index cannot narrow anything (check: SELECT show_trgm('งบประมาณ') is not empty).
CREATE DATABASE kpi OWNER kpi ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
\connect kpi
-- pg_trgm serves the search index. It is a trusted extension (PostgreSQL 13+): the database
-- owner may create it, and the app does so on first start; creating it here makes it certain.
SET ROLE kpi;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
RESET ROLE;
