import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect } from "chai";
import type { Router } from "express";
import { createApiRouter, planRequest, type ApiDeps } from "../../server/http/api-routes.ts";
import { apiRoutes, createOpenApiDocument, openApiPath } from "../../server/http/openapi.ts";

const doc = createOpenApiDocument(apiRoutes(planRequest)) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));

/** every METHOD /api/path the express router answers (services are never called while routes are registered) */
function routerRoutes(router: Router): string[] {
  const stack = (router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack;
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${openApiPath(`/api${layer.route!.path}`)}`) : [],
  );
}

describe("OpenAPI document (GET /api/openapi.json)", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal("3.1");
  });

  it("lists exactly the routes the API router mounts", () => {
    const stub = {} as never;
    const router = createApiRouter({ incidents: stub, jobs: stub, replays: stub, findToken: stub, tokens: stub, whatIf: stub, residentAlerts: stub, exercises: stub, watch: stub } as ApiDeps);
    const mounted = routerRoutes(router);
    expect(mounted.length).to.be.greaterThan(20);
    // ready and metrics are mounted on the app by ops-routes.ts, not on this router
    const ops = new Set(["GET /api/ready", "GET /metrics"]);
    expect([...documented].filter((r) => !ops.has(r)).sort()).to.deep.equal([...new Set(mounted)].sort());
  });

  it("holds every route of README's HTTP API table", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## HTTP API"), readme.indexOf("## Realtime"));
    const inTable = [...table.matchAll(/`(GET|POST|DELETE) (\/[^`?[]+)/g)].map((m) => `${m[1]} ${openApiPath(m[2].trim())}`);
    expect(inTable.length).to.be.greaterThan(20);
    expect(inTable.filter((r) => !documented.has(r))).to.deep.equal([]);
  });

  it("describes a request body with the route's own zod schema", () => {
    const body = doc.paths["/api/incidents/{id}/replay"].post.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties: boolean } }> };
    const schema = body.content["application/json"].schema;
    // changeRequest is strict with paused, speed, at: the document says the same
    expect(Object.keys(schema.properties).sort()).to.deep.equal(["at", "paused", "speed"]);
    expect(schema.additionalProperties).to.equal(false);
  });
});
