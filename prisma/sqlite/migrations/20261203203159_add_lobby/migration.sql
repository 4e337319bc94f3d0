-- AlterTable (ADD COLUMN: a table rebuild would cascade-delete the class's rows)
ALTER TABLE "ClassSession" ADD COLUMN "lobby" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN "admitted" BOOLEAN NOT NULL DEFAULT true;
