-- AlterTable
ALTER TABLE "ClassSession" ADD COLUMN     "lobby" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "admitted" BOOLEAN NOT NULL DEFAULT true;

