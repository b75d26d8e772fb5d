-- DropIndex
DROP INDEX "UserAttributeValue_name_value_idx";

-- CreateIndex
CREATE INDEX "User_status_idx" ON "User"("status");

-- CreateIndex
CREATE INDEX "UserAttributeValue_name_value_userId_idx" ON "UserAttributeValue"("name", "value", "userId");

-- The Users page's case-insensitive prefix search (lib/users/user-search-keys.ts): one index per searched field, on the
-- lower-cased value then id, so a search and its next pages are index range scans in that order. COLLATE "C" (key and id) orders
-- by code point whatever the database's collation, so a prefix is one contiguous range (as on SQLite). Prisma's
-- schema cannot declare expression indexes; migrate diff does not report them.
CREATE INDEX "User_userName_search_idx" ON "User"((lower("userName") COLLATE "C"), "id" COLLATE "C");
CREATE INDEX "User_email_search_idx" ON "User"((lower("email") COLLATE "C"), "id" COLLATE "C");
CREATE INDEX "User_fullName_search_idx" ON "User"((lower(COALESCE("firstName", '') || ' ' || COALESCE("lastName", '')) COLLATE "C"), "id" COLLATE "C");
CREATE INDEX "User_lastName_search_idx" ON "User"((lower("lastName") COLLATE "C"), "id" COLLATE "C");
