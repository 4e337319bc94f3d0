-- AlterTable
ALTER TABLE "ClassSession" ADD COLUMN     "dueAt" TIMESTAMP(3),
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'live',
ADD COLUMN     "latePolicy" TEXT NOT NULL DEFAULT 'mark',
ADD COLUMN     "opensAt" TIMESTAMP(3),
ADD COLUMN     "revealPolicy" TEXT NOT NULL DEFAULT 'own-run';

