-- AlterTable
ALTER TABLE "Run" ADD COLUMN "profile" JSONB;

