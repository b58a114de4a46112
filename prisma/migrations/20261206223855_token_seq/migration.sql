-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "seq" BIGSERIAL NOT NULL;
