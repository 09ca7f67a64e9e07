-- Runs once, when the PostgreSQL volume is first created (docker-compose).
-- The application database is POSTGRES_DB; Keycloak gets its own. Temporal's auto-setup
-- creates its databases itself.
CREATE DATABASE keycloak;
