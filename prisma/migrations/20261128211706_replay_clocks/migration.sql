-- CreateTable
CREATE TABLE "replay_clocks" (
    "incident_id" TEXT NOT NULL,
    "anchor_scenario_at" TIMESTAMPTZ(3) NOT NULL,
    "anchor_wall_at" TIMESTAMPTZ(3) NOT NULL,
    "speed" DOUBLE PRECISION NOT NULL,
    "paused" BOOLEAN NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "replay_clocks_pkey" PRIMARY KEY ("incident_id")
);

-- CreateTable
CREATE TABLE "counterfactual_reports" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "report" JSONB NOT NULL,

    CONSTRAINT "counterfactual_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "counterfactual_reports_incident_id_id_idx" ON "counterfactual_reports"("incident_id", "id");

-- AddForeignKey
ALTER TABLE "replay_clocks" ADD CONSTRAINT "replay_clocks_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "counterfactual_reports" ADD CONSTRAINT "counterfactual_reports_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
