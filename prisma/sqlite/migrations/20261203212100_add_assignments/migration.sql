-- AlterTable (ALTER TABLE, not a table rebuild: a rebuild's DROP TABLE would cascade-delete the
-- session's challenges, participants and runs)
ALTER TABLE "ClassSession" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'live';
ALTER TABLE "ClassSession" ADD COLUMN "opensAt" DATETIME;
ALTER TABLE "ClassSession" ADD COLUMN "dueAt" DATETIME;
ALTER TABLE "ClassSession" ADD COLUMN "latePolicy" TEXT NOT NULL DEFAULT 'mark';
ALTER TABLE "ClassSession" ADD COLUMN "revealPolicy" TEXT NOT NULL DEFAULT 'own-run';
