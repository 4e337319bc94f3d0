-- CreateTable
CREATE TABLE "PostCheck" (
    "challengeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "score" JSONB NOT NULL,
    "lockedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostCheck_pkey" PRIMARY KEY ("challengeId","participantId")
);

-- CreateIndex
CREATE INDEX "PostCheck_participantId_idx" ON "PostCheck"("participantId");

-- AddForeignKey
ALTER TABLE "PostCheck" ADD CONSTRAINT "PostCheck_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostCheck" ADD CONSTRAINT "PostCheck_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

