-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "revision" INTEGER NOT NULL DEFAULT 0
);

-- The one row the triggers bump (see the model's comment in schema.prisma).
INSERT INTO "ConfigRevision" ("id", "revision") VALUES (1, 0);

-- Every change to sign-in configuration bumps the revision, in the same transaction as the change.
CREATE TRIGGER "IdentityProvider_config_revision_insert" AFTER INSERT ON "IdentityProvider" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "IdentityProvider_config_revision_update" AFTER UPDATE ON "IdentityProvider" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "IdentityProvider_config_revision_delete" AFTER DELETE ON "IdentityProvider" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "IdpCertificate_config_revision_insert" AFTER INSERT ON "IdpCertificate" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "IdpCertificate_config_revision_update" AFTER UPDATE ON "IdpCertificate" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "IdpCertificate_config_revision_delete" AFTER DELETE ON "IdpCertificate" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Directory_config_revision_insert" AFTER INSERT ON "Directory" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Directory_config_revision_update" AFTER UPDATE ON "Directory" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Directory_config_revision_delete" AFTER DELETE ON "Directory" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Domain_config_revision_insert" AFTER INSERT ON "Domain" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Domain_config_revision_update" AFTER UPDATE ON "Domain" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Domain_config_revision_delete" AFTER DELETE ON "Domain" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "UserAttributeDefinition_config_revision_insert" AFTER INSERT ON "UserAttributeDefinition" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "UserAttributeDefinition_config_revision_update" AFTER UPDATE ON "UserAttributeDefinition" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "UserAttributeDefinition_config_revision_delete" AFTER DELETE ON "UserAttributeDefinition" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Group_config_revision_insert" AFTER INSERT ON "Group" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Group_config_revision_update" AFTER UPDATE ON "Group" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Group_config_revision_delete" AFTER DELETE ON "Group" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "GroupRule_config_revision_insert" AFTER INSERT ON "GroupRule" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "GroupRule_config_revision_update" AFTER UPDATE ON "GroupRule" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "GroupRule_config_revision_delete" AFTER DELETE ON "GroupRule" BEGIN UPDATE "ConfigRevision" SET "revision" = "revision" + 1 WHERE "id" = 1; END;
