-- Written by hand from Prisma's output: SQLite can add these columns in place. Prisma's own form
-- rebuilds "ClassSession" with DROP TABLE, which (foreign keys on, inside the migration's
-- transaction) would cascade-delete every challenge, participant and run.

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN "deviceKey" TEXT;

-- AlterTable
ALTER TABLE "ClassSession" ADD COLUMN "joinLocked" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ClassSession" ADD COLUMN "hideNames" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Participant_sessionId_deviceKey_idx" ON "Participant"("sessionId", "deviceKey");
