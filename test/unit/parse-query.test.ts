import { describe, expect, it } from "vitest";
import { MAX_QUERY_TERMS, parseQuery, toFtsExpressions } from "../../worker/search/parse-query";

const fts = (query: string) => toFtsExpressions(parseQuery(query));

describe("parseQuery", () => {
  it("quotes every word, so nothing typed is FTS5 syntax", () => {
    expect(fts("debt anxiety")).toEqual({ match: '"debt" AND "anxiety"', exclude: null });
    expect(fts("NEAR(a b) AND c* ab*")).toEqual({ match: '"NEAR a" AND "b" AND "AND" AND "c" AND "ab"*', exclude: null });
    expect(fts('x" OR "1"="1')).toEqual({ match: '"x" AND "OR" AND "1" AND "1"', exclude: null });
  });

  it("reads phrases, exclusions, OR and field prefixes", () => {
    expect(fts('"social prescribing" -eviction title:housing author:"van der Berg" doi:10.1/ab OR debt')).toEqual({
      match: '"social prescribing" AND title : "housing" AND people : "van der Berg" AND (doi : "10 1 ab" OR "debt")',
      exclude: '"eviction"',
    });
  });

  it("splits words the way the tokenizer does", () => {
    expect(fts("covid-19 children's")).toEqual({ match: '"covid 19" AND "children s"', exclude: null });
  });

  it("reads malformed input as plain words", () => {
    expect(fts('"unclosed phrase')).toEqual({ match: '"unclosed" AND "phrase"', exclude: null });
    expect(fts("- * OR")).toEqual({ match: null, exclude: null });
    expect(fts("OR debt OR")).toEqual({ match: '"debt"', exclude: null });
    expect(fts("colour:red")).toEqual({ match: '"colour red"', exclude: null });
    expect(fts("-housing")).toEqual({ match: null, exclude: '"housing"' });
  });

  it("lists the plain words a spelling suggestion may correct", () => {
    expect(parseQuery('mental helth "exact phrase" title:x pref* -gone').plainWords).toEqual(["mental", "helth"]);
  });

  it(`reads at most ${MAX_QUERY_TERMS} terms`, () => {
    const parsed = parseQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(" "));
    expect(parsed.groups.length).toBe(MAX_QUERY_TERMS);
  });
});
