-- CreateTable
CREATE TABLE "event_acks" (
    "incident_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "acked_by" TEXT NOT NULL,
    "acked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_acks_pkey" PRIMARY KEY ("incident_id","event_id")
);

-- CreateTable
CREATE TABLE "alert_thresholds" (
    "incident_id" TEXT NOT NULL,
    "priority_site_dark_hours" DOUBLE PRECISION,
    "truck_silent_hours" DOUBLE PRECISION,
    "step_late_minutes" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "alert_thresholds_pkey" PRIMARY KEY ("incident_id")
);

-- AddForeignKey
ALTER TABLE "event_acks" ADD CONSTRAINT "event_acks_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_thresholds" ADD CONSTRAINT "alert_thresholds_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
