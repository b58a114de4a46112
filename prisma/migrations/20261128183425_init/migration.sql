-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('commander', 'crew', 'viewer');

-- CreateEnum
CREATE TYPE "SiteKind" AS ENUM ('substation', 'compound', 'depot');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('proposed', 'approved', 'superseded');

-- CreateTable
CREATE TABLE "incidents" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "scenario" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sites" (
    "incident_id" TEXT NOT NULL,
    "kind" "SiteKind" NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "sites_pkey" PRIMARY KEY ("incident_id","kind","id")
);

-- CreateTable
CREATE TABLE "trucks" (
    "incident_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "capacity_kw" DOUBLE PRECISION NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "trucks_pkey" PRIMARY KEY ("incident_id","id")
);

-- CreateTable
CREATE TABLE "road_networks" (
    "incident_id" TEXT NOT NULL,
    "roads" JSONB NOT NULL,
    "flood_zones" JSONB,

    CONSTRAINT "road_networks_pkey" PRIMARY KEY ("incident_id")
);

-- CreateTable
CREATE TABLE "events" (
    "incident_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "client_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("incident_id","seq")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" TEXT NOT NULL,
    "serial" BIGSERIAL NOT NULL,
    "incident_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "status" "PlanStatus" NOT NULL,
    "approved_at" TIMESTAMPTZ(3),
    "approved_by" TEXT,
    "based_on_seq" INTEGER NOT NULL,
    "plan" JSONB NOT NULL,
    "customer_outage_hours" DOUBLE PRECISION NOT NULL,
    "baseline_customer_outage_hours" DOUBLE PRECISION NOT NULL,
    "lower_bound" DOUBLE PRECISION,

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "incident_id" TEXT,
    "trucks" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "incident_id" TEXT,
    "detail" JSONB NOT NULL,

    CONSTRAINT "audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "events_incident_id_client_id_key" ON "events"("incident_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "plans_serial_key" ON "plans"("serial");

-- CreateIndex
CREATE INDEX "plans_incident_id_serial_idx" ON "plans"("incident_id", "serial");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_secret_hash_key" ON "api_tokens"("secret_hash");

-- CreateIndex
CREATE INDEX "audit_incident_id_id_idx" ON "audit"("incident_id", "id");

-- AddForeignKey
ALTER TABLE "sites" ADD CONSTRAINT "sites_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trucks" ADD CONSTRAINT "trucks_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "road_networks" ADD CONSTRAINT "road_networks_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plans" ADD CONSTRAINT "plans_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
