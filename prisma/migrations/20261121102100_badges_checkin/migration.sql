-- CreateEnum
CREATE TYPE "BadgeRole" AS ENUM ('ATTENDEE', 'SPEAKER', 'STAFF', 'ORGANIZER');

-- CreateEnum
CREATE TYPE "CheckInListKind" AS ENUM ('EVENT', 'DAY', 'SESSION');

-- CreateEnum
CREATE TYPE "ScanOutcome" AS ENUM ('ADMITTED', 'DUPLICATE', 'UNDONE');

-- CreateEnum
CREATE TYPE "BadgeLayout" AS ENUM ('BADGE_4X3', 'SHEET_LETTER', 'SHEET_A4');

-- CreateEnum
CREATE TYPE "BadgeBatchStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "badgeRole" "BadgeRole" NOT NULL DEFAULT 'ATTENDEE',
ADD COLUMN     "pronouns" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "EventStaff" (
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventStaff_pkey" PRIMARY KEY ("eventId","userId")
);

-- CreateTable
CREATE TABLE "CheckInList" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CheckInListKind" NOT NULL,
    "day" TEXT,
    "sessionId" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckInList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckInListTicketType" (
    "listId" TEXT NOT NULL,
    "ticketTypeId" TEXT NOT NULL,

    CONSTRAINT "CheckInListTicketType_pkey" PRIMARY KEY ("listId","ticketTypeId")
);

-- CreateTable
CREATE TABLE "ScanDevice" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" TEXT,
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScanDevice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "deviceId" TEXT,
    "staffId" TEXT,
    "nonce" TEXT NOT NULL,
    "scannedAt" TIMESTAMP(3) NOT NULL,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanReceipt" (
    "nonce" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "deviceId" TEXT,
    "staffId" TEXT,
    "scannedAt" TIMESTAMP(3) NOT NULL,
    "outcome" "ScanOutcome" NOT NULL,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScanReceipt_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "BadgeBatch" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "requestedById" TEXT,
    "layout" "BadgeLayout" NOT NULL,
    "largePrint" BOOLEAN NOT NULL DEFAULT false,
    "ticketTypeId" TEXT,
    "registrationIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "BadgeBatchStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "pdf" BYTEA,
    "claimedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BadgeBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventStaff_userId_idx" ON "EventStaff"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckInList_eventId_name_key" ON "CheckInList"("eventId", "name");

-- CreateIndex
CREATE INDEX "CheckInListTicketType_ticketTypeId_idx" ON "CheckInListTicketType"("ticketTypeId");

-- CreateIndex
CREATE UNIQUE INDEX "ScanDevice_eventId_name_key" ON "ScanDevice"("eventId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_nonce_key" ON "CheckIn"("nonce");

-- CreateIndex
CREATE INDEX "CheckIn_listId_scannedAt_idx" ON "CheckIn"("listId", "scannedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_registrationId_listId_key" ON "CheckIn"("registrationId", "listId");

-- CreateIndex
CREATE INDEX "ScanReceipt_listId_outcome_idx" ON "ScanReceipt"("listId", "outcome");

-- CreateIndex
CREATE INDEX "ScanReceipt_registrationId_idx" ON "ScanReceipt"("registrationId");

-- CreateIndex
CREATE INDEX "BadgeBatch_status_createdAt_idx" ON "BadgeBatch"("status", "createdAt");

-- CreateIndex
CREATE INDEX "BadgeBatch_eventId_createdAt_idx" ON "BadgeBatch"("eventId", "createdAt");

-- AddForeignKey
ALTER TABLE "EventStaff" ADD CONSTRAINT "EventStaff_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventStaff" ADD CONSTRAINT "EventStaff_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckInList" ADD CONSTRAINT "CheckInList_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckInList" ADD CONSTRAINT "CheckInList_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "AgendaSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckInListTicketType" ADD CONSTRAINT "CheckInListTicketType_listId_fkey" FOREIGN KEY ("listId") REFERENCES "CheckInList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckInListTicketType" ADD CONSTRAINT "CheckInListTicketType_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanDevice" ADD CONSTRAINT "ScanDevice_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanDevice" ADD CONSTRAINT "ScanDevice_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_listId_fkey" FOREIGN KEY ("listId") REFERENCES "CheckInList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "ScanDevice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanReceipt" ADD CONSTRAINT "ScanReceipt_listId_fkey" FOREIGN KEY ("listId") REFERENCES "CheckInList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanReceipt" ADD CONSTRAINT "ScanReceipt_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "ScanDevice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BadgeBatch" ADD CONSTRAINT "BadgeBatch_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BadgeBatch" ADD CONSTRAINT "BadgeBatch_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
