-- AlterTable
ALTER TABLE "ClassSession" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';

