#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is first created (docker-compose mounts it into
# /docker-entrypoint-initdb.d). One role per service, each with its own password:
#   incidentdesk_owner  owns the application database; the migrate job runs Prisma as it
#   incidentdesk_app    the app and the worker: reads and writes rows (SELECT, INSERT, UPDATE,
#                       DELETE), no DDL, so a flaw in either cannot drop or alter a table
#   keycloak            owns the keycloak database
#   temporal            creates and owns Temporal's two databases (auto-setup, CREATEDB)
# POSTGRES_USER stays the cluster's superuser, for backups and this script only.
# tests/deploy/databaseRoles.test.ts runs it on the test stack's PostgreSQL, then migrates as the owner.
set -euo pipefail
: "${POSTGRES_DB:?}" "${DB_OWNER_PASSWORD:?}" "${DB_APP_PASSWORD:?}" "${KEYCLOAK_DB_PASSWORD:?}" "${TEMPORAL_DB_PASSWORD:?}"
psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc -q --username "${POSTGRES_USER:-postgres}" --dbname "$POSTGRES_DB")

"${psql[@]}" -v db="$POSTGRES_DB" -v owner_pw="$DB_OWNER_PASSWORD" -v app_pw="$DB_APP_PASSWORD" \
  -v keycloak_pw="$KEYCLOAK_DB_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE incidentdesk_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'incidentdesk_owner') \gexec
SELECT 'CREATE ROLE incidentdesk_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'incidentdesk_app') \gexec
SELECT 'CREATE ROLE keycloak LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keycloak') \gexec
SELECT 'CREATE ROLE temporal LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal') \gexec
ALTER ROLE incidentdesk_owner PASSWORD :'owner_pw';
ALTER ROLE incidentdesk_app PASSWORD :'app_pw';
ALTER ROLE keycloak PASSWORD :'keycloak_pw';
ALTER ROLE temporal PASSWORD :'temporal_pw';

ALTER DATABASE :"db" OWNER TO incidentdesk_owner;
ALTER SCHEMA public OWNER TO incidentdesk_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO incidentdesk_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO incidentdesk_app;
-- Tables and sequences the migrations create later (as the owner) are the app's to use, not to alter.
ALTER DEFAULT PRIVILEGES FOR ROLE incidentdesk_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO incidentdesk_app;
ALTER DEFAULT PRIVILEGES FOR ROLE incidentdesk_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO incidentdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO incidentdesk_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO incidentdesk_app;

SELECT 'CREATE DATABASE keycloak OWNER keycloak' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keycloak') \gexec
SQL
