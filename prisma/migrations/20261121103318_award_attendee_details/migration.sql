-- AlterTable
ALTER TABLE "Award" ADD COLUMN     "attendeeDetails" JSONB;
