import { describe, expect, it } from "vitest";
import { callApi } from "./helpers";

describe("API description", () => {
  it("serves an OpenAPI 3.1 document built from the validating schemas", async () => {
    const response = await callApi("/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = await response.json<any>();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/api/publications", "/api/briefings/{id}/withdraw", "/api/lay-summaries/{id}/publish", "/api/deposits", "/api/publications/{id}/cite", "/api/equity"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const create = doc.components.schemas.BriefingCreate;
    expect(create.required.sort()).toEqual(["audience", "body", "summary", "title"]);
    expect(create.properties.title).toMatchObject({ type: "string", minLength: 1, maxLength: 300 });
    expect(Object.keys(doc.paths["/api/deposits"].post.requestBody.content)).toEqual(["application/x-bibtex", "text/plain", "multipart/form-data"]);
    expect(doc.paths["/api/deposits"].post.responses["415"].content["application/problem+json"]).toBeDefined();
    expect(doc.paths["/api/equity"].get.parameters.map((p: any) => p.name)).toEqual(["facet"]);
    expect(Object.keys(doc.paths["/api/equity"].get.responses)).toEqual(["200", "304", "422"]);
    expect(doc.components.schemas.EquityVocabulary.properties.facets.items.properties.values.items.required).toContain("items");
    expect(doc.components.schemas.DepositReport.properties.entries.items.properties.equity).toBeDefined();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("renders a readable reference page with every operation and every problem type", async () => {
    const response = await callApi("/api/docs");
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("<h1>API reference</h1>");
    expect(html).toContain("<code>/api/deposits</code>");
    expect(html).toContain("Deposit a BibTeX file");
    expect(html).toContain('id="problem-unsupported_media_type"');
    expect(html).not.toContain("<script");
  });
});
