// Deposits whose titles and abstracts carry LaTeX markup and macros: what readers get in the API, the page, feeds,
// citations and search.
import { beforeAll, describe, expect, it } from "vitest";
import markupBib from "../fixtures/markup-titles.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

const ids: Record<string, string> = {};
let editor: string;

beforeAll(async () => {
  editor = await createToken("editor");
  const { status, report } = await deposit(markupBib, editor);
  expect(status, JSON.stringify(report)).toBe(201);
  for (const entry of report.entries) ids[entry.key] = entry.id;
});

async function readPublication(key: string): Promise<any> {
  return (await callApi(`/api/publications/${ids[key]}`)).json();
}

describe("a deposit's marked-up title and abstract", () => {
  it("are plain Unicode text in the API, with the markup beside them as sanitised HTML", async () => {
    const publication = await readPublication("nitride2024");
    expect(publication.title).toBe("InₓGa₁₋ₓN lamps, H₂O and Invented light in Nhs wards");
    expect(publication.title_html).toBe(
      'In<sub>x</sub>Ga<sub>1-x</sub>N lamps, H₂O and <i>Invented</i> light in <span class="small-caps">Nhs</span> wards',
    );
    expect(publication.abstract).toBe("Light from InₓGa₁₋ₓN lamps, at 10³ lux, and bold claims about sleep on wards.");
    expect(publication.abstract_html).toBe(
      "Light from In<sub>x</sub>Ga<sub>1-x</sub>N lamps, at 10³ lux, and <b>bold</b> claims about <i>sleep</i> on wards.",
    );
  });

  it("are null as HTML where the title has no markup", async () => {
    const publication = await readPublication("placeholder2023");
    expect(publication.title_html).toBeNull();
    expect(publication.abstract_html).toBeNull();
  });

  it("show as rich HTML in the page's heading and abstract, and as plain text in its <title>", async () => {
    const page = await (await callApi(`/publications/${ids.nitride2024}`)).text();
    expect(page).toContain(
      '<h1>In<sub>x</sub>Ga<sub>1-x</sub>N lamps, H₂O and <i>Invented</i> light in <span class="small-caps">Nhs</span> wards</h1>',
    );
    expect(page).toContain("<p>Light from In<sub>x</sub>Ga<sub>1-x</sub>N lamps, at 10³ lux, and <b>bold</b> claims");
    expect(page).toMatch(/<title>InₓGa₁₋ₓN lamps, H₂O and Invented light in Nhs wards · /);
    const css = await (await callApi("/static/site.css")).text();
    expect(css).toContain(".small-caps { font-variant: small-caps; }");
  });

  it("reach the RSS feed and RIS citations as plain text, without tags", async () => {
    const rss = await (await callApi("/feeds/publications.rss")).text();
    expect(rss).toContain("<title>InₓGa₁₋ₓN lamps, H₂O and Invented light in Nhs wards</title>");
    expect(rss).not.toMatch(/&lt;sub&gt;|<sub>|&amp;lt;sub/);
    const ris = await (await callApi(`/api/publications/${ids.nitride2024}/cite?style=ris`)).text();
    expect(ris).toContain("TI  - InₓGa₁₋ₓN lamps, H₂O and Invented light in Nhs wards");
    expect(ris).not.toContain("<sub>");
    expect(ris).not.toContain("<i>");
  });

  it("lose their markup when an editor replaces them, as an edit is plain text", async () => {
    const id = ids.nitride2024;
    const response = await callApi(`/api/publications/${id}`, { method: "PATCH", token: editor, json: { abstract: "A plain abstract." } });
    expect(response.status).toBe(200);
    const publication = await readPublication("nitride2024");
    expect(publication).toMatchObject({ abstract: "A plain abstract.", abstract_html: null });
    expect(publication.title_html).toContain("<sub>x</sub>");
  });
});

describe("LaTeX in a deposit", () => {
  it("is decoded to the letters a search is typed with", async () => {
    const publication = await readPublication("placeholder2023");
    expect(publication.title).toBe("Naïve estimates from the Håkansson placeholder scale");
    expect(publication.authors.map((a: any) => a.name)).toEqual(["Example Håkansson", "Placeholder Naïve"]);
    for (const q of ["hakansson", "naive", "author:hakansson"]) {
      const results = await (await callApi(`/api/search?q=${q}`)).json<any>();
      expect(
        results.items.map((item: any) => item.id),
        q,
      ).toContain(ids.placeholder2023);
    }
  });

  it("decodes each command of the list as a reader expects it", async () => {
    const publication = await readPublication("macros2022");
    expect(publication.title).toBe(
      "Input/output, 10 000 inpatients… §3, ¶2, †, ≤ 5, ≥ 6, 2 × 2, ± 1, ∘, x̅, ⟨a⟩, NHS, α and LaTeX at http://example.com/~user",
    );
  });
});
