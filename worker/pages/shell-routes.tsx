// HTTP for the pages about the site itself (/about, /accessibility) and its icon.
import { Hono } from "hono";
import { AboutPage } from "../../web/pages/about";
import { AccessibilityPage } from "../../web/pages/accessibility";
import { FAVICON_SVG } from "../../web/static/favicon";
import type { AppEnv } from "../env";

export const shellPages = new Hono<AppEnv>();

shellPages.get("/about", (c) => c.html(<AboutPage siteName={c.env.SITE_NAME} contactEmail={c.env.ADMIN_EMAIL} />));

shellPages.get("/accessibility", (c) => c.html(<AccessibilityPage siteName={c.env.SITE_NAME} contactEmail={c.env.ADMIN_EMAIL} />));

shellPages.get("/favicon.svg", (c) => c.body(FAVICON_SVG, 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" }));
