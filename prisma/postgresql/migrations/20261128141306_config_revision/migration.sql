-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ConfigRevision_pkey" PRIMARY KEY ("id")
);

-- The one row the triggers bump (see the model's comment in schema.prisma).
INSERT INTO "ConfigRevision" ("id", "revision") VALUES (1, 0);

-- Every change to sign-in configuration bumps the revision, in the same transaction as the change
-- (once per statement: a statement that changes many rows bumps it once).
CREATE FUNCTION "bump_config_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "IdentityProvider_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "IdentityProvider" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
CREATE TRIGGER "IdpCertificate_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "IdpCertificate" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
CREATE TRIGGER "Directory_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "Directory" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
CREATE TRIGGER "Domain_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "Domain" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
CREATE TRIGGER "UserAttributeDefinition_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "UserAttributeDefinition" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
CREATE TRIGGER "Group_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "Group" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
CREATE TRIGGER "GroupRule_config_revision" AFTER INSERT OR UPDATE OR DELETE ON "GroupRule" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_revision"();
