/**
 * Pushes each new resident alert to an SMS gateway (#18 item 3): a POST of JSON (the alert's texts and its CAP
 * document) to LIANXIN_ALERT_WEBHOOK_URL, with an optional secret header. A failed POST (network error, non-2xx) is
 * retried with doubling backoff; nothing waits for it, so a crew's report is never held up by a slow gateway.
 *
 * What is new: the pusher remembers, per incident and per process, the identifiers it has pushed. The first time it
 * meets an incident (a report after a start) it takes the alerts of the log *without* that report as already sent,
 * so a restart does not text every household again about old news; alerts that fall due by time alone (an outage
 * start passing) go out with the next report.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { ResidentAlert } from "../../shared/resident-alerts/resident-alerts.ts";
import type { Logger } from "../ops/logger.ts";
import type { ResidentAlertService } from "./resident-alert-service.ts";

export interface AlertWebhookConfig {
  url: string;
  /** sent with every POST, e.g. { name: "X-Lianxin-Secret", value: "…" } */
  secretHeader?: { name: string; value: string };
  /** attempts in all; default 5 */
  attempts?: number;
  /** first retry delay, doubling after; default 1000 ms */
  backoffMs?: number;
  /** per attempt; default 10000 ms */
  timeoutMs?: number;
}

/** What the gateway receives. */
export interface AlertWebhookBody {
  identifier: string;
  incident: string;
  compound: string;
  kind: ResidentAlert["kind"];
  sent: string;
  status: "Actual" | "Exercise";
  /** the SMS text, each language: headline and description */
  text: { "zh-CN": string; en: string };
  etr?: ResidentAlert["etr"];
  /** the CAP 1.2 document */
  cap: string;
}

export interface AlertPusher {
  /** called after an event is stored; returns at once */
  eventStored(event: StoredEvent): void;
  /** resolves when every push started so far has succeeded or given up (tests, shutdown) */
  idle(): Promise<void>;
}

/**
 * @example
 * const pusher = createAlertPusher(alerts, { url: "http://sms-gw.local/hook" }, logger);
 * pusher.eventStored(event); // returns at once; POSTs new alerts in the background
 */
export function createAlertPusher(service: Pick<ResidentAlertService, "alertsOf" | "capOf">, config: AlertWebhookConfig, logger?: Logger): AlertPusher {
  const attempts = config.attempts ?? 5;
  const backoffMs = config.backoffMs ?? 1000;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const pushed = new Map<string, Set<string>>();
  /** one derivation at a time per incident, so two reports never push the same alert twice */
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  async function post(body: AlertWebhookBody): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(config.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(config.secretHeader ? { [config.secretHeader.name]: config.secretHeader.value } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return;
        throw new Error(`gateway answered ${response.status}`);
      } catch (error) {
        if (attempt >= attempts) {
          logger?.warn({ err: error, alert: body.identifier }, "resident alert webhook gave up");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
  }

  async function check(event: StoredEvent): Promise<void> {
    const all = await service.alertsOf(event.incident);
    let seen = pushed.get(event.incident);
    if (!seen) {
      // first contact: what the log said before this report counts as already sent (see the header)
      const before = await service.alertsOf(event.incident, { withoutSeq: event.seq });
      seen = new Set(before.alerts.map((a) => a.identifier));
      pushed.set(event.incident, seen);
    }
    for (const alert of all.alerts) {
      if (seen.has(alert.identifier)) continue;
      seen.add(alert.identifier);
      const body: AlertWebhookBody = {
        identifier: alert.identifier, incident: alert.incident, compound: alert.compound, kind: alert.kind, sent: alert.sent, status: all.status,
        text: { "zh-CN": `${alert.headline["zh-CN"]}。${alert.description["zh-CN"]}`, en: `${alert.headline.en}. ${alert.description.en}` },
        ...(alert.etr ? { etr: alert.etr } : {}), cap: service.capOf(all, alert),
      };
      track(post(body));
    }
  }

  function track(p: Promise<void>): void {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  return {
    eventStored(event) {
      const next = (chains.get(event.incident) ?? Promise.resolve()).then(() => check(event)).catch((error: unknown) => {
        logger?.warn({ err: error, incident: event.incident }, "resident alerts could not be derived for the webhook");
      });
      chains.set(event.incident, next);
      track(next);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
