-- issue 18: the operator console's users (form login), with a bcrypt hash of their password and one role,
-- and what each did in the console (logins, refused logins, actions), append-only. No user exists until
-- `serve --add-user` creates one: the repository holds no default password.
CREATE TABLE dmp.console_user (
    name           text        PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._-]{1,64}$'),
    password_hash  text        NOT NULL CHECK (password_hash LIKE '{bcrypt}%'),
    role           text        NOT NULL CHECK (role IN ('operator', 'auditor')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    enabled        boolean     NOT NULL DEFAULT true
);

CREATE TABLE dmp.console_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_name  text        NOT NULL,
    action     text        NOT NULL,
    target     text        -- a claim token, a feed, a dossier id: never an INS, a name or a content
);

-- the console runs as the job's role (rules.md R10): it checks passwords and records events, never deletes one
GRANT SELECT, INSERT ON dmp.console_user TO dmp_ingest;
GRANT UPDATE (password_hash, role, enabled) ON dmp.console_user TO dmp_ingest;
GRANT SELECT, INSERT ON dmp.console_event TO dmp_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA dmp TO dmp_ingest;
