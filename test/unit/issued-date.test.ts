import { describe, expect, it } from "vitest";
import { readIssuedDate } from "../../worker/deposit/issued-date";

describe("readIssuedDate", () => {
  it("keeps a plain date as it is, without a warning", () => {
    expect(readIssuedDate({ "date-parts": [[2020, 3, 14]] })).toEqual({ issued: "2020-03-14", issuedYear: 2020, csl: { "date-parts": [[2020, 3, 14]] } });
    expect(readIssuedDate({ "date-parts": [[2020]] })).toEqual({ issued: "2020", issuedYear: 2020, csl: { "date-parts": [[2020]] } });
    expect(readIssuedDate(undefined)).toEqual({ issued: null, issuedYear: null, csl: undefined });
  });

  it("closes an open range at its start, since every CSL style throws on [[2015], null]", () => {
    expect(readIssuedDate({ "date-parts": [[2015], null] })).toMatchObject({ issued: "2015", issuedYear: 2015, csl: { "date-parts": [[2015]] } });
  });

  it("stores the first year of a range and cites the range, whether citation-js read it as parts or as text", () => {
    expect(readIssuedDate({ literal: "1982–1983" })).toEqual({
      issued: "1982",
      issuedYear: 1982,
      csl: { "date-parts": [[1982], [1983]] },
      warning: `the date "1982–1983" is a range: stored as 1982, cited as 1982–1983`,
    });
    expect(readIssuedDate({ "date-parts": [[2019, 5], [2020, 2]] })).toMatchObject({ issued: "2019-05", csl: { "date-parts": [[2019, 5], [2020, 2]] } });
  });

  it("reads a year, and a month where it is named, out of text", () => {
    expect(readIssuedDate({ literal: "January 1978" })).toMatchObject({ issued: "1978-01", issuedYear: 1978, csl: { "date-parts": [[1978, 1]] } });
    expect(readIssuedDate({ literal: "Sept. 2001" })).toMatchObject({ issued: "2001-09" });
    expect(readIssuedDate({ literal: "in press, 2024" })).toMatchObject({ issued: "2024", issuedYear: 2024 });
  });

  it("keeps text with no year for the citation, and the record without a year", () => {
    expect(readIssuedDate({ literal: "forthcoming" })).toMatchObject({ issued: null, issuedYear: null, csl: { literal: "forthcoming" } });
  });

  it("drops a month that is no month, and a year that is no year", () => {
    expect(readIssuedDate({ "date-parts": [[2000, 13]] })).toMatchObject({ issued: "2000", csl: { "date-parts": [[2000]] }, warning: "the date 2000-13 is not a valid date: stored as 2000" });
    expect(readIssuedDate({ "date-parts": [[6]] })).toMatchObject({ issued: null, issuedYear: null, csl: undefined });
  });
});
