// The JSON API under /api: every resource's routes, their request rules, and the OpenAPI document built from them.
import { citationsApi } from "./citations/routes";
import { createApiApp } from "./api-app";
import { identifyCaller } from "./auth/middleware";
import { depositsApi } from "./deposit/routes";
import { equityApi } from "./equity/api-routes";
import { equityVocabularyApi } from "./equity/vocabulary-routes";
import { limitDepositBody, limitJsonBody, requireJsonBody } from "./http-middleware";
import { evidenceApi } from "./records/evidence-routes";
import { plainLanguageApi } from "./records/plain-language-routes";
import { recordsApi } from "./records/routes";
import { Problem } from "./records/schemas";
import { searchApi } from "./search/routes";

export const api = createApiApp();

api.use("/api/*", identifyCaller);
api.use("/api/deposits", limitDepositBody);
api.use("/api/*", async (c, next) => (c.req.path === "/api/deposits" ? next() : limitJsonBody(c, next)));
api.use("/api/*", async (c, next) => (c.req.path === "/api/deposits" ? next() : requireJsonBody(c, next)));

api.route("/", recordsApi);
api.route("/", evidenceApi);
api.route("/", depositsApi);
api.route("/", citationsApi);
api.route("/", searchApi);
api.route("/", equityApi);
api.route("/", equityVocabularyApi);
api.route("/", plainLanguageApi);

api.openAPIRegistry.register("Problem", Problem);
api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "An API token made with `npm run token -- --role depositor|editor|admin --name \"Name\"`.",
});

export const OPENAPI_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Mental Health Inequalities Repository API",
    version: "1.0.0",
    description:
      "Publications (deposited as BibTeX), policy briefings and plain-language summaries. Published items are public to read; deposits and changes need a token.",
  },
};

api.doc31("/api/openapi.json", OPENAPI_CONFIG);
