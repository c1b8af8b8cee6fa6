// HTTP for /review/settings: editors read and change the plain-language target in the browser, as PUT
// /api/settings/plain-language does for programs, through the same rule and the same store.
import { Hono } from "hono";
import { SettingsPage } from "../../web/desk/settings";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { PlainLanguageSettingsBody, readPlainLanguageSettings, setTargetReadingAge } from "../records/plain-language-settings";
import { readDeskForm, requireDeskRole, viewerOf } from "./guard";

export const settingsPages = new Hono<AppEnv>();

settingsPages.get("/review/settings", async (c) => {
  const { caller, session } = requireDeskRole(c, "editor");
  const settings = await readPlainLanguageSettings(openDatabase(c.env.DB));
  return c.html(<SettingsPage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} settings={settings} saved={c.req.query("saved") === "1"} />);
});

settingsPages.post("/review/settings", async (c) => {
  const { caller, session } = requireDeskRole(c, "editor");
  const form = await readDeskForm(c, session);
  const db = openDatabase(c.env.DB);
  const typed = (form.target_reading_age ?? "").trim();
  const parsed = PlainLanguageSettingsBody.safeParse({ target_reading_age: /^\d{1,3}$/u.test(typed) ? Number(typed) : Number.NaN });
  if (!parsed.success) {
    const settings = await readPlainLanguageSettings(db);
    const problem = `Enter a whole number of years from ${settings.min} to ${settings.max}, such as ${settings.default_target_reading_age}.`;
    return c.html(<SettingsPage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} settings={settings} problems={{ target_reading_age: problem }} value={typed} />, 422);
  }
  await setTargetReadingAge(db, parsed.data.target_reading_age, caller);
  return c.redirect("/review/settings?saved=1", 303);
});
