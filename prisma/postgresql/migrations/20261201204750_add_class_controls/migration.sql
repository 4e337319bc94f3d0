-- AlterTable
ALTER TABLE "ClassSession" ADD COLUMN     "hideNames" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "joinLocked" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "deviceKey" TEXT;

-- CreateIndex
CREATE INDEX "Participant_sessionId_deviceKey_idx" ON "Participant"("sessionId", "deviceKey");

