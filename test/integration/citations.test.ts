import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
let id: string;

const BIB = `@article{okafor2023,
  author = {Okafor, Example and Ashworth, Demo},
  title = {Housing insecurity and mental health},
  journal = {Journal of Invented Results},
  year = {2023}, volume = {4}, number = {2}, pages = {10--20},
  doi = {10.5555/jir.2023.42}
}`;

async function waitForCitations(publicationId: string, count: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const row = await env.DB.prepare("SELECT count(*) AS n FROM citations WHERE publication_id = ?").bind(publicationId).first<{ n: number }>();
    if (row!.n >= count) return row!.n;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 0;
}

beforeAll(async () => {
  editor = await createToken("editor");
  id = (await deposit(BIB, editor)).report.entries[0].id;
});

describe("citations", () => {
  it("are rendered in the background after a deposit, in every style", async () => {
    expect(await waitForCitations(id, 5)).toBe(5);
    const { results } = await env.DB.prepare("SELECT style FROM citations WHERE publication_id = ? ORDER BY style").bind(id).all<{ style: string }>();
    expect(results.map((r) => r.style)).toEqual(["apa", "bibtex", "harvard", "ris", "vancouver"]);
  });

  it("come back in the style asked for", async () => {
    const apa = await callApi(`/api/publications/${id}/cite?style=apa`);
    expect(apa.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await apa.text()).toBe("Okafor, E., & Ashworth, D. (2023). Housing insecurity and mental health. Journal of Invented Results, 4(2), 10–20. https://doi.org/10.5555/jir.2023.42");
    expect(await (await callApi(`/api/publications/${id}/cite?style=vancouver`)).text()).toBe(
      "Okafor E, Ashworth D. Housing insecurity and mental health. Journal of Invented Results. 2023;4(2):10–20. doi:10.5555/jir.2023.42",
    );
    const bibtex = await (await callApi(`/api/publications/${id}/cite?style=bibtex`)).text();
    expect(bibtex).toMatch(/^@article\{okafor2023,/);
    const ris = await (await callApi(`/api/publications/${id}/cite?style=ris`)).text();
    expect(ris).toContain("TI  - Housing insecurity and mental health");
    const csl = await (await callApi(`/api/publications/${id}/cite?style=csl-json`)).json<any>();
    expect(csl).toMatchObject({ id, type: "article-journal", DOI: "10.5555/jir.2023.42" });
    expect((await callApi(`/api/publications/${id}/cite?style=chicago`)).status).toBe(422);
  });

  it("stand alone: two papers by the same author in the same year get no 2021a and 2021b", async () => {
    const { report } = await deposit(
      `@article{twin1, author = {Ashworth, Demo}, title = {Loneliness in later life}, journal = {Invented Journal}, year = 2021}
@article{twin2, author = {Ashworth, Demo}, title = {Loneliness in early life}, journal = {Invented Journal}, year = 2021}`,
      editor,
    );
    const [first, second] = report.entries.map((e: any) => e.id);
    await waitForCitations(second, 5);
    expect(await (await callApi(`/api/publications/${first}/cite?style=apa`)).text()).toBe("Ashworth, D. (2021). Loneliness in later life. Invented Journal.");
    expect(await (await callApi(`/api/publications/${second}/cite?style=harvard`)).text()).toMatch(/^Ashworth, D\. \(2021\) /);
  });

  it("follow an edit of the title", async () => {
    await waitForCitations(id, 5);
    const patched = await callApi(`/api/publications/${id}`, { method: "PATCH", token: editor, json: { title: "Housing insecurity and anxiety" } });
    expect(patched.status).toBe(200);
    expect(await (await callApi(`/api/publications/${id}/cite?style=apa`)).text()).toContain("Housing insecurity and anxiety.");
  });

  it("are not given for a withdrawn publication", async () => {
    const other = (await deposit("@article{wd1, title = {To be withdrawn}, year = 2019}", editor)).report.entries[0].id;
    await callApi(`/api/publications/${other}/withdraw`, { method: "POST", token: editor, json: { reason: "Duplicate record of another paper." } });
    expect((await callApi(`/api/publications/${other}/cite?style=apa`)).status).toBe(410);
  });
});
