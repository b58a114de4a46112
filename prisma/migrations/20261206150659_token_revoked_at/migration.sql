-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "revoked_at" TIMESTAMPTZ(3);
