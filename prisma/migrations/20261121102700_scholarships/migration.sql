-- CreateEnum
CREATE TYPE "BookOrderStatus" AS ENUM ('PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "FundEntryKind" AS ENUM ('BOOK_SALE', 'BOOK_REFUND', 'STATEMENT_IMPORT', 'DONATION', 'ADJUSTMENT', 'AWARD_COMMITTED', 'AWARD_RELEASED', 'STIPEND_PAID');

-- CreateEnum
CREATE TYPE "ApplicantRole" AS ENUM ('PATIENT', 'CAREGIVER');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'WITHDRAWN', 'AWARDED', 'WAITLISTED', 'DECLINED');

-- CreateEnum
CREATE TYPE "AwardStatus" AS ENUM ('OFFERED', 'ACCEPTED', 'DECLINED', 'LAPSED');

-- CreateTable
CREATE TABLE "Book" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "subtitle" TEXT NOT NULL DEFAULT '',
    "authors" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "cover" BYTEA,
    "coverType" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "listPriceCents" INTEGER NOT NULL,
    "unitCostCents" INTEGER NOT NULL,
    "shippingBaseCents" INTEGER NOT NULL DEFAULT 0,
    "shippingPerCopyCents" INTEGER NOT NULL DEFAULT 0,
    "maxPerOrder" INTEGER NOT NULL DEFAULT 500,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Book_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookDiscountTier" (
    "id" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "minQuantity" INTEGER NOT NULL,
    "percentOff" INTEGER NOT NULL,

    CONSTRAINT "BookDiscountTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookOrder" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "buyerId" TEXT,
    "buyerName" TEXT NOT NULL,
    "buyerEmail" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "unitPriceCents" INTEGER NOT NULL,
    "discountCents" INTEGER NOT NULL DEFAULT 0,
    "shippingCents" INTEGER NOT NULL DEFAULT 0,
    "totalCents" INTEGER NOT NULL,
    "unitCostCents" INTEGER NOT NULL,
    "shippingCostCents" INTEGER NOT NULL,
    "feeCents" INTEGER,
    "feeEstimated" BOOLEAN NOT NULL DEFAULT false,
    "netProceedsCents" INTEGER,
    "refundedCents" INTEGER NOT NULL DEFAULT 0,
    "status" "BookOrderStatus" NOT NULL DEFAULT 'PENDING',
    "shipName" TEXT NOT NULL,
    "shipLine1" TEXT NOT NULL,
    "shipLine2" TEXT NOT NULL DEFAULT '',
    "shipCity" TEXT NOT NULL,
    "shipRegion" TEXT NOT NULL DEFAULT '',
    "shipPostalCode" TEXT NOT NULL,
    "shipCountry" TEXT NOT NULL,
    "stripeCheckoutSessionId" TEXT,
    "stripePaymentIntentId" TEXT,
    "paidAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BookOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatementColumnMap" (
    "retailer" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatementColumnMap_pkey" PRIMARY KEY ("retailer")
);

-- CreateTable
CREATE TABLE "RoyaltyStatement" (
    "id" TEXT NOT NULL,
    "retailer" TEXT NOT NULL,
    "statementRef" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "copies" INTEGER NOT NULL,
    "netCents" INTEGER NOT NULL,
    "importedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoyaltyStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoyaltyStatementLine" (
    "id" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "soldOn" TIMESTAMP(3),
    "title" TEXT NOT NULL DEFAULT '',
    "isbn" TEXT NOT NULL DEFAULT '',
    "format" TEXT NOT NULL DEFAULT '',
    "copies" INTEGER NOT NULL,
    "netCents" INTEGER NOT NULL,

    CONSTRAINT "RoyaltyStatementLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fund" (
    "id" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Fund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundEntry" (
    "id" TEXT NOT NULL,
    "fundId" TEXT NOT NULL,
    "kind" "FundEntryKind" NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "memo" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "bookOrderId" TEXT,
    "statementId" TEXT,
    "awardId" TEXT,
    "payoutId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FundEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScholarshipCycle" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "decisionAt" TIMESTAMP(3) NOT NULL,
    "replyBy" TIMESTAMP(3) NOT NULL,
    "maxAwardCents" INTEGER NOT NULL,
    "reviewersPerApplication" INTEGER NOT NULL DEFAULT 2,
    "blindReview" BOOLEAN NOT NULL DEFAULT true,
    "retentionMonths" INTEGER NOT NULL DEFAULT 12,
    "ticketTypeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScholarshipCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScholarshipCriterion" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "weight" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ScholarshipCriterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScholarshipApplication" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "role" "ApplicantRole" NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'DRAFT',
    "pairId" TEXT,
    "pairSplit" BOOLEAN NOT NULL DEFAULT false,
    "storyCipher" TEXT,
    "financialNeedCipher" TEXT,
    "storyErasedAt" TIMESTAMP(3),
    "requestWaiver" BOOLEAN NOT NULL DEFAULT true,
    "requestTravelCents" INTEGER NOT NULL DEFAULT 0,
    "requestLodgingCents" INTEGER NOT NULL DEFAULT 0,
    "accessibilityNeeds" "AccessibilityNeed"[] DEFAULT ARRAY[]::"AccessibilityNeed"[],
    "accessibilityNotes" TEXT NOT NULL DEFAULT '',
    "consentReviewersRead" BOOLEAN NOT NULL DEFAULT false,
    "consentPublicQuote" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScholarshipApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaregiverInvitation" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaregiverInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewAssignment" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "conflictDeclaredAt" TIMESTAMP(3),
    "conflictReason" TEXT NOT NULL DEFAULT '',
    "comment" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewScore" (
    "assignmentId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,

    CONSTRAINT "ReviewScore_pkey" PRIMARY KEY ("assignmentId","criterionId")
);

-- CreateTable
CREATE TABLE "Award" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "status" "AwardStatus" NOT NULL DEFAULT 'OFFERED',
    "waiverCents" INTEGER NOT NULL DEFAULT 0,
    "travelCents" INTEGER NOT NULL DEFAULT 0,
    "lodgingCents" INTEGER NOT NULL DEFAULT 0,
    "committedCents" INTEGER NOT NULL,
    "paidCents" INTEGER NOT NULL DEFAULT 0,
    "replyBy" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "respondedAt" TIMESTAMP(3),
    "registrationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StipendPayout" (
    "id" TEXT NOT NULL,
    "awardId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "paidOn" TIMESTAMP(3) NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "recordedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StipendPayout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StipendReceipt" (
    "id" TEXT NOT NULL,
    "payoutId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StipendReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Book_slug_key" ON "Book"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "BookDiscountTier_bookId_minQuantity_key" ON "BookDiscountTier"("bookId", "minQuantity");

-- CreateIndex
CREATE UNIQUE INDEX "BookOrder_reference_key" ON "BookOrder"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "BookOrder_stripeCheckoutSessionId_key" ON "BookOrder"("stripeCheckoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "BookOrder_stripePaymentIntentId_key" ON "BookOrder"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "BookOrder_status_createdAt_idx" ON "BookOrder"("status", "createdAt");

-- CreateIndex
CREATE INDEX "BookOrder_buyerId_idx" ON "BookOrder"("buyerId");

-- CreateIndex
CREATE UNIQUE INDEX "RoyaltyStatement_retailer_statementRef_periodStart_periodEn_key" ON "RoyaltyStatement"("retailer", "statementRef", "periodStart", "periodEnd");

-- CreateIndex
CREATE INDEX "RoyaltyStatementLine_statementId_idx" ON "RoyaltyStatementLine"("statementId");

-- CreateIndex
CREATE INDEX "FundEntry_fundId_createdAt_idx" ON "FundEntry"("fundId", "createdAt");

-- CreateIndex
CREATE INDEX "FundEntry_bookOrderId_idx" ON "FundEntry"("bookOrderId");

-- CreateIndex
CREATE INDEX "FundEntry_awardId_idx" ON "FundEntry"("awardId");

-- CreateIndex
CREATE UNIQUE INDEX "ScholarshipCycle_eventId_name_key" ON "ScholarshipCycle"("eventId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ScholarshipCriterion_cycleId_name_key" ON "ScholarshipCriterion"("cycleId", "name");

-- CreateIndex
CREATE INDEX "ScholarshipApplication_cycleId_status_idx" ON "ScholarshipApplication"("cycleId", "status");

-- CreateIndex
CREATE INDEX "ScholarshipApplication_pairId_idx" ON "ScholarshipApplication"("pairId");

-- CreateIndex
CREATE UNIQUE INDEX "ScholarshipApplication_cycleId_applicantId_key" ON "ScholarshipApplication"("cycleId", "applicantId");

-- CreateIndex
CREATE UNIQUE INDEX "CaregiverInvitation_applicationId_key" ON "CaregiverInvitation"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "CaregiverInvitation_tokenHash_key" ON "CaregiverInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "ReviewAssignment_reviewerId_idx" ON "ReviewAssignment"("reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewAssignment_applicationId_reviewerId_key" ON "ReviewAssignment"("applicationId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "Award_applicationId_key" ON "Award"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Award_registrationId_key" ON "Award"("registrationId");

-- CreateIndex
CREATE INDEX "Award_status_replyBy_idx" ON "Award"("status", "replyBy");

-- AddForeignKey
ALTER TABLE "BookDiscountTier" ADD CONSTRAINT "BookDiscountTier_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "Book"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookOrder" ADD CONSTRAINT "BookOrder_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "Book"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookOrder" ADD CONSTRAINT "BookOrder_buyerId_fkey" FOREIGN KEY ("buyerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoyaltyStatement" ADD CONSTRAINT "RoyaltyStatement_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoyaltyStatementLine" ADD CONSTRAINT "RoyaltyStatementLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "RoyaltyStatement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEntry" ADD CONSTRAINT "FundEntry_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEntry" ADD CONSTRAINT "FundEntry_bookOrderId_fkey" FOREIGN KEY ("bookOrderId") REFERENCES "BookOrder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEntry" ADD CONSTRAINT "FundEntry_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "RoyaltyStatement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEntry" ADD CONSTRAINT "FundEntry_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "Award"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEntry" ADD CONSTRAINT "FundEntry_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "StipendPayout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEntry" ADD CONSTRAINT "FundEntry_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScholarshipCycle" ADD CONSTRAINT "ScholarshipCycle_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScholarshipCycle" ADD CONSTRAINT "ScholarshipCycle_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScholarshipCriterion" ADD CONSTRAINT "ScholarshipCriterion_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "ScholarshipCycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScholarshipApplication" ADD CONSTRAINT "ScholarshipApplication_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "ScholarshipCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScholarshipApplication" ADD CONSTRAINT "ScholarshipApplication_applicantId_fkey" FOREIGN KEY ("applicantId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaregiverInvitation" ADD CONSTRAINT "CaregiverInvitation_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "ScholarshipApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "ScholarshipApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewScore" ADD CONSTRAINT "ReviewScore_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "ReviewAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewScore" ADD CONSTRAINT "ReviewScore_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "ScholarshipCriterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "ScholarshipApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StipendPayout" ADD CONSTRAINT "StipendPayout_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "Award"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StipendPayout" ADD CONSTRAINT "StipendPayout_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StipendReceipt" ADD CONSTRAINT "StipendReceipt_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "StipendPayout"("id") ON DELETE CASCADE ON UPDATE CASCADE;
